#!/bin/sh
# Start the CUPS scheduler for the test suite (and cups:// demos) and print its server.
#
# Idempotent: installs Debian's cups, cups-bsd and libcups2-dev (pycups builds against
# it) when cupsd is missing, starts cupsd when it is not running (cupsd daemonises by
# itself; no systemd needed) and waits, at most 10 s, until it answers.
# With two arguments it also creates or updates a raw queue (no driver: the ESC/POS
# bytes reach the device unchanged) and enables it:
#   packaging/ci/start-cups.sh Quay_3 socket://10.0.0.5:9100
# Needs root (apt-get, cupsd, lpadmin).
# Usage:  export CUPS_SERVER="$(packaging/ci/start-cups.sh)"
set -eu

if ! command -v cupsd >/dev/null 2>&1; then
    echo "installing cups" >&2
    PACKAGES="cups cups-bsd libcups2-dev"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PACKAGES >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PACKAGES >&2; }
fi

running() {
    lpstat -r 2>/dev/null | grep -qx "scheduler is running"
}

if ! running; then
    PATH="$PATH:/usr/sbin:/sbin" cupsd >&2
    tries=0
    until running; do
        tries=$((tries + 1))
        if [ "$tries" -gt 50 ]; then
            echo "cupsd did not start within 10 s (see /var/log/cups/error_log)" >&2
            exit 1
        fi
        sleep 0.2
    done
fi

if [ "$#" -ge 2 ]; then
    lpadmin -p "$1" -E -v "$2" >&2
fi

lpstat -H
