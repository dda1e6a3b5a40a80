"""Versioned schema migrations of the central database, with yoyo-migrations.

The migrations are the files of ``kiosk/central/migrations/`` (``vNNNN_name.py``, each
naming the one before it in ``__depends__``); yoyo records the applied ones in its
table ``_yoyo_migration`` and applies the rest in order, each in its own transaction.
``v0001_baseline`` is the schema as commit 3993680 created it at every start (``CREATE
… IF NOT EXISTS``), so a database made by that code is upgraded, not recreated.

Why yoyo and not alembic: our SQL is hand-written for both SQLite and PostgreSQL with no
ORM; alembic needs SQLAlchemy (a large dependency we would use for nothing else), yoyo
runs plain SQL and Python steps over the DB-API connections we already have.

Serialised across processes and hosts: on PostgreSQL the session advisory lock 8470
(the lock the schema was created under before), on SQLite an ``flock`` on
``<database>.migrate-lock`` beside the file; both are released by the system if the
process dies. Inside it yoyo's own lock row is cleared then taken (a row left by a
killed process cannot wedge the start). A database already up to date is recognised
with one query, without yoyo.
"""

from __future__ import annotations

import fcntl
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yoyo import read_migrations
from yoyo.backends.core.postgresql import PostgresqlPsycopgBackend
from yoyo.backends.core.sqlite3 import SQLiteBackend
from yoyo.connections import parse_uri

from kiosk.central.storage import Tx

if TYPE_CHECKING:
    from kiosk.central.storage import Database

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
LOG_TABLE = "_yoyo_migration"
LOCK_ID = 8470
LOCK_WAIT_S = 600  # a large upgrade on another worker may take minutes


def tx_of(conn: Any) -> Tx:
    """Our :class:`Tx` over the DB-API connection yoyo hands a Python migration step."""
    return Tx(conn, postgres=not isinstance(conn, sqlite3.Connection))


def migration_ids() -> list[str]:
    """The ids of every migration the code knows, in file order."""
    return sorted(p.stem for p in MIGRATIONS.glob("v*.py"))


def applied_ids(db: Database) -> set[str]:
    """The migrations already applied to ``db`` (empty for a database yoyo never saw)."""
    with db.reader() as tx:
        if tx.postgres:
            found = tx.one("SELECT to_regclass(?)", (LOG_TABLE,))
            exists = found is not None and found[0] is not None
        else:
            exists = tx.one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (LOG_TABLE,)) is not None
        if not exists:
            return set()
        return {str(r[0]) for r in tx.all(f"SELECT migration_id FROM {LOG_TABLE}")}


@contextmanager
def _serialised(db: Database) -> Iterator[None]:
    """Hold the migration lock of ``db`` (see the module docstring)."""
    if db.postgres:
        conn = db.new_connection()
        try:
            conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_ID,))
            yield
        finally:
            conn.close()  # ends the session: the advisory lock goes with it
        return
    path = db.sqlite_file
    if path is None:  # an in-memory database belongs to this process alone
        yield
        return
    with open(f"{path}.migrate-lock", "a+b") as handle:
        Path(handle.name).chmod(0o600)
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _backend(db: Database) -> Any:
    """A yoyo backend whose connections come from ``db`` (its pragmas, its memory DB)."""
    base: Any = PostgresqlPsycopgBackend if db.postgres else SQLiteBackend

    class Backend(base):  # type: ignore[misc]
        def connect(self, dburi: Any) -> Any:
            return db.new_connection()

    scheme = "postgresql+psycopg" if db.postgres else "sqlite"
    backend = Backend(parse_uri(f"{scheme}:///kiosk-central"), LOG_TABLE)
    backend.init_database()
    return backend


def upgrade(db: Database) -> list[str]:
    """Apply every migration ``db`` lacks; return the ids applied now (often none)."""
    if set(migration_ids()) <= applied_ids(db):
        return []
    with _serialised(db):
        backend = _backend(db)
        try:
            backend.break_lock()  # we hold the lock that serialises migrations
            with backend.lock(timeout=LOCK_WAIT_S):
                todo = backend.to_apply(read_migrations(str(MIGRATIONS)))
                backend.apply_migrations(todo)
        finally:
            backend.connection.close()
    done = [m.id for m in todo]
    if done:
        log.info("central database upgraded: %s", ", ".join(done))
    return done


def status(db: Database) -> dict[str, list[str]]:
    """``{"applied": [...], "pending": [...]}``: the migrations ``db`` has and lacks."""
    applied = applied_ids(db)
    known = migration_ids()
    return {"applied": [m for m in known if m in applied],
            "pending": [m for m in known if m not in applied]}
