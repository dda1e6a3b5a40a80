"""One storage layer for the central service: SQLite by default, PostgreSQL by URL.

SQL is written once with ``?`` placeholders and the common subset of both dialects
(``ON CONFLICT``, ``RETURNING``); :class:`Database` translates placeholders for
psycopg. Write transactions serialise per device: SQLite takes its write lock at
``BEGIN IMMEDIATE``; PostgreSQL locks the device row (``SELECT … FOR UPDATE``), so
several uvicorn workers stay correct.

URLs: ``sqlite:///relative/or/~/path.db``, ``sqlite:////abs/path.db``,
``sqlite://:memory:`` (tests), ``postgresql://user:pass@host:port/db``.
"""

from __future__ import annotations

import queue
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from kiosk.central.roles import migrate as migrate_roles
from kiosk.core.errors import ConfigError
from kiosk.core.private_files import prepare_sqlite

SCHEMA: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS devices (
        device_id TEXT PRIMARY KEY,
        center TEXT NOT NULL,
        public_key TEXT NOT NULL,
        enrolled_at DOUBLE PRECISION NOT NULL,
        chain_seq BIGINT NOT NULL DEFAULT 0,
        chain_hash TEXT NOT NULL,
        last_seen DOUBLE PRECISION
    )""",
    """CREATE TABLE IF NOT EXISTS enroll_codes (
        code_hash TEXT PRIMARY KEY,
        center TEXT NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL,
        used_by TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS records (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        kind TEXT NOT NULL,
        visit TEXT,
        created_at TEXT NOT NULL,
        received_at DOUBLE PRECISION NOT NULL,
        hash TEXT NOT NULL,
        prev TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (device_id, seq)
    )""",
    """CREATE TABLE IF NOT EXISTS chain_flags (
        device_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        problem TEXT NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (device_id, seq, problem)
    )""",
    """CREATE TABLE IF NOT EXISTS nonces (
        device_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        seen_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (device_id, nonce)
    )""",
    """CREATE TABLE IF NOT EXISTS ticket_counters (
        center TEXT NOT NULL,
        service TEXT NOT NULL,
        day TEXT NOT NULL,
        next_number BIGINT NOT NULL,
        PRIMARY KEY (center, service, day)
    )""",
    """CREATE TABLE IF NOT EXISTS leases (
        block TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        center TEXT NOT NULL,
        service TEXT NOT NULL,
        day TEXT NOT NULL,
        first_number BIGINT NOT NULL,
        last_number BIGINT NOT NULL,
        granted_at DOUBLE PRECISION NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS tickets (
        center TEXT NOT NULL,
        service TEXT NOT NULL,
        day TEXT NOT NULL,
        number BIGINT NOT NULL,
        record_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        block TEXT NOT NULL,
        PRIMARY KEY (center, service, day, number)
    )""",
    """CREATE TABLE IF NOT EXISTS ticket_flags (
        record_id TEXT PRIMARY KEY,
        center TEXT NOT NULL,
        day TEXT NOT NULL,
        problem TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS submissions (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        procedure_code TEXT NOT NULL,
        status TEXT NOT NULL,
        received_at DOUBLE PRECISION NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS device_health (
        device_id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        checks TEXT NOT NULL,
        reported_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS records_kind ON records (kind, device_id)",
    # personal fields of a record, sealed (see kiosk.central.sealed_records and vault)
    """CREATE TABLE IF NOT EXISTS sealed_fields (
        record_id TEXT PRIMARY KEY,
        key_id TEXT NOT NULL,
        sealed TEXT NOT NULL
    )""",
    # the blind index: HMAC of a submission's ID number, per center
    """CREATE TABLE IF NOT EXISTS citizen_index (
        record_id TEXT PRIMARY KEY,
        center TEXT NOT NULL,
        id_hmac TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS citizen_index_hmac ON citizen_index (id_hmac, center, "
    "created_at)",
    """CREATE TABLE IF NOT EXISTS central_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    # counter staff (see kiosk.central.staff); the name is sealed
    """CREATE TABLE IF NOT EXISTS staff (
        username TEXT PRIMARY KEY,
        name_sealed TEXT NOT NULL,
        services TEXT NOT NULL,
        pin_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at DOUBLE PRECISION NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS staff_failures (
        username TEXT NOT NULL,
        failed_at DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS staff_failures_user ON staff_failures (username, failed_at)",
    # PIN attempts reserved before the PIN is checked (see kiosk.central.pin_lockout)
    """CREATE TABLE IF NOT EXISTS pin_attempts (
        username TEXT NOT NULL,
        device_id TEXT NOT NULL,
        attempted_at DOUBLE PRECISION NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS pin_attempts_user ON pin_attempts (username, attempted_at)",
    # a signed-in staff member at one counter device (the token is kept hashed)
    """CREATE TABLE IF NOT EXISTS staff_sessions (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        device_id TEXT NOT NULL,
        counter TEXT NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL
    )""",
    # who looked whom up, when (the citizen as the blind index, never the number)
    """CREATE TABLE IF NOT EXISTS lookup_audit (
        looked_at DOUBLE PRECISION NOT NULL,
        device_id TEXT NOT NULL,
        username TEXT NOT NULL,
        counter TEXT NOT NULL,
        id_hmac TEXT NOT NULL,
        found INTEGER NOT NULL
    )""",
)


class _Dead:
    """A pool slot whose PostgreSQL connection was lost; reconnected on next use."""

    def close(self) -> None:
        """Nothing to close."""


class Tx:
    """One open transaction; every statement uses ``?`` placeholders."""

    def __init__(self, conn: Any, postgres: bool) -> None:
        self._conn = conn
        self.postgres = postgres

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; return the number of rows it changed."""
        cursor = self._conn.execute(self._sql(sql), tuple(params))
        return int(cursor.rowcount)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for many parameter rows."""
        if rows:
            if self.postgres:
                with self._conn.cursor() as cursor:
                    cursor.executemany(self._sql(sql), [tuple(r) for r in rows])
            else:
                self._conn.executemany(sql, [tuple(r) for r in rows])

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """Run a query and return its first row, if any."""
        row = self._conn.execute(self._sql(sql), tuple(params)).fetchone()
        return None if row is None else tuple(row)

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query and return every row."""
        return [tuple(r) for r in self._conn.execute(self._sql(sql), tuple(params)).fetchall()]

    def lock_device(self, device_id: str) -> tuple[Any, ...] | None:
        """Lock and return the device row (``FOR UPDATE`` on PostgreSQL)."""
        suffix = " FOR UPDATE" if self.postgres else ""
        return self.one(
            "SELECT device_id, center, public_key, chain_seq, chain_hash FROM devices "
            "WHERE device_id = ?" + suffix,
            (device_id,),
        )


def sqlite_path(url: str) -> str:
    """The file (or ``:memory:``) a ``sqlite://`` URL names."""
    rest = url[len("sqlite://"):]
    if rest in {"", ":memory:", "/:memory:"}:
        return ":memory:"
    if rest.startswith("/"):
        rest = rest[1:]
    return str(Path(rest).expanduser())


class Database:
    """A small pool of connections to SQLite or PostgreSQL with write transactions."""

    def __init__(self, url: str, pool_size: int = 8) -> None:
        self.url = url
        if url.startswith("sqlite://"):
            self.postgres = False
            self._path = sqlite_path(url)
            if self._path != ":memory:":
                prepare_sqlite(Path(self._path))  # 0600 file, 0700 folder (finding 5)
            pool_size = 1 if self._path == ":memory:" else pool_size
        elif url.startswith(("postgresql://", "postgres://")):
            self.postgres = True
        else:
            raise ConfigError("the database URL must start with sqlite:// or postgresql://")
        self._pool: queue.LifoQueue[Any] = queue.LifoQueue()
        self._size = pool_size
        self._made = 0
        self._connect_all()
        self.migrate()

    def _new_connection(self) -> Any:
        if self.postgres:
            try:
                return psycopg.connect(self.url, autocommit=True)
            except psycopg.Error as exc:
                raise ConfigError(f"cannot connect to PostgreSQL: {type(exc).__name__}") from None
        conn = sqlite3.connect(
            self._path, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA secure_delete=ON")  # rewritten rows leave no old bytes behind
        return conn

    def _connect_all(self) -> None:
        for _ in range(self._size):
            self._pool.put(self._new_connection())
        self._made = self._size

    def _give_back(self, conn: Any) -> None:
        """Return a connection to the pool, replacing one PostgreSQL has dropped."""
        if self.postgres and (conn.closed or conn.broken):
            try:
                conn = self._new_connection()
            except ConfigError:
                self._pool.put(_Dead())
                return
        self._pool.put(conn)

    def _take(self) -> Any:
        conn = self._pool.get()
        if isinstance(conn, _Dead):
            try:
                return self._new_connection()
            except ConfigError:
                self._pool.put(conn)
                raise psycopg.OperationalError("PostgreSQL is unreachable") from None
        return conn

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """A write transaction on a pooled connection (committed on success)."""
        conn = self._take()
        try:
            conn.execute("BEGIN" if self.postgres else "BEGIN IMMEDIATE")
            try:
                yield Tx(conn, self.postgres)
                conn.execute("COMMIT")
            except BaseException:
                if not (self.postgres and (conn.closed or conn.broken)):
                    conn.execute("ROLLBACK")
                raise
        finally:
            self._give_back(conn)

    @contextmanager
    def reader(self) -> Iterator[Tx]:
        """A read-only view (autocommit statements) on a pooled connection."""
        conn = self._take()
        try:
            yield Tx(conn, self.postgres)
        finally:
            self._give_back(conn)

    def migrate(self) -> None:
        """Create the tables when missing, then add the role columns (see ``roles``).

        Serialised across processes: SQLite's write lock, PostgreSQL's advisory lock.
        """
        with self.transaction() as tx:
            if self.postgres:
                tx.execute("SELECT pg_advisory_xact_lock(8470)")
            for statement in SCHEMA:
                tx.execute(statement)
            migrate_roles(tx)

    def close(self) -> None:
        """Close every pooled connection."""
        while not self._pool.empty():
            self._pool.get_nowait().close()

    def reset(self) -> None:
        """Delete every row (tests only)."""
        with self.transaction() as tx:
            for table in ("devices", "enroll_codes", "records", "chain_flags", "nonces",
                          "ticket_counters", "leases", "tickets", "ticket_flags",
                          "submissions", "device_health", "sealed_fields", "citizen_index",
                          "central_meta", "staff", "staff_failures", "pin_attempts",
                          "staff_sessions"):
                tx.execute(f"DELETE FROM {table}")
