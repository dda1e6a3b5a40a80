#!/bin/sh
# Start a PostgreSQL cluster on 127.0.0.1 for the test suite and print its URL.
#
# Idempotent: installs Debian's postgresql when missing, starts the cluster when it is
# down, creates the role and database when absent. Needs root (apt-get, pg_ctlcluster).
# Usage:  export KIOSK_TEST_POSTGRES_URL="$(packaging/ci/start-postgres.sh)"
set -eu

DB_USER="${KIOSK_PG_USER:-kiosk}"
DB_PASS="${KIOSK_PG_PASSWORD:-kiosk}"
DB_NAME="${KIOSK_PG_DB:-kiosk_test}"
PORT="${KIOSK_PG_PORT:-5432}"

if ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "installing postgresql" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
fi

VERSION="$(pg_lsclusters -h | awk 'NR==1 {print $1}')"
CLUSTER="$(pg_lsclusters -h | awk 'NR==1 {print $2}')"
if [ -z "$VERSION" ]; then
    VERSION="$(ls /usr/lib/postgresql | sort -n | tail -1)"
    CLUSTER=main
    pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" >&2
fi

STATUS="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')"
if [ "$STATUS" != "online" ]; then
    pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')"

psql_admin() {
    su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -tAq $*"
}

if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'\"")" != "1" ]; then
    psql_admin "-c \"CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASS'\"" >&2
fi
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname='$DB_NAME'\"")" != "1" ]; then
    psql_admin "-c \"CREATE DATABASE $DB_NAME OWNER $DB_USER\"" >&2
fi

echo "postgresql://$DB_USER:$DB_PASS@127.0.0.1:$PORT/$DB_NAME"
