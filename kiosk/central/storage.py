"""One storage layer for the central service: SQLite by default, PostgreSQL by URL.

SQL is written once with ``?`` placeholders and the common subset of both dialects
(``ON CONFLICT``, ``RETURNING``); :class:`Database` translates placeholders for
psycopg. Write transactions serialise per device: SQLite takes its write lock at
``BEGIN IMMEDIATE``; PostgreSQL locks the device row (``SELECT … FOR UPDATE``), so
several uvicorn workers stay correct.

Connections: PostgreSQL through ``psycopg_pool`` — at most ``pool_size`` connections per
process (one more for the board wake-ups, see ``board_events``), opened as needed from
one, checked before use, replaced when broken. Behind pgbouncer in transaction mode,
``direct_url`` names PostgreSQL itself for what needs a session (migrations, LISTEN)
and the pool prepares no statements (docs/deploy.md). A request that finds them all busy waits
``pool_timeout_s`` at most, then fails with :class:`PoolExhaustedError` (a
``psycopg.OperationalError``), which the app answers 503 with ``Retry-After``: never an
endless wait. SQLite keeps a small queue of connections with the same timeout. The
schema is versioned: :meth:`Database.migrate` runs ``kiosk.central.migrate``.

URLs: ``sqlite:///relative/or/~/path.db``, ``sqlite:////abs/path.db``,
``sqlite://:memory:`` (tests), ``postgresql://user:pass@host:port/db``.
"""

from __future__ import annotations

import queue
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from kiosk.core.errors import ConfigError
from kiosk.core.private_files import prepare_sqlite

POOL_SIZE = 4
POOL_TIMEOUT_S = 5.0
CONNECT_TIMEOUT_S = 10
APPLICATION_NAME = "kiosk-central"  # how its connections show in pg_stat_activity


class PoolExhaustedError(psycopg.OperationalError):
    """Every pooled connection stayed busy for the whole pool timeout (answered 503)."""


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

    def dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run a query and return every row as ``{column: value}``."""
        cursor = self._conn.execute(self._sql(sql), tuple(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

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
    """A bounded pool of connections to SQLite or PostgreSQL with write transactions."""

    def __init__(self, url: str, pool_size: int = POOL_SIZE,
                 pool_timeout_s: float = POOL_TIMEOUT_S, direct_url: str = "") -> None:
        self.url = url
        # through pgbouncer (transaction mode) the pool uses ``url``; migrations (a session
        # advisory lock) and LISTEN need a session of their own: ``direct_url``
        self.direct_url = direct_url or url
        self.pool_timeout_s = pool_timeout_s
        self.sqlite_file: str | None = None
        self._pg: ConnectionPool | None = None
        self._queue: queue.LifoQueue[Any] = queue.LifoQueue()
        if url.startswith("sqlite://"):
            self.postgres = False
            path = sqlite_path(url)
            if path == ":memory:":  # one named shared-cache memory DB, for the migrations too
                memory = f"file:kiosk-{uuid.uuid4().hex}?mode=memory&cache=shared"
                self._target, self._uri, pool_size = memory, True, 1
            else:
                prepare_sqlite(Path(path))  # 0600 file, 0700 folder (finding 5)
                self._target, self._uri, self.sqlite_file = path, False, path
            for _ in range(max(1, pool_size)):
                self._queue.put(self.new_connection())
        elif url.startswith(("postgresql://", "postgres://")):
            self.postgres = True
            self._open_pool(max(1, pool_size))
        else:
            raise ConfigError("the database URL must start with sqlite:// or postgresql://")
        self.pool_size = max(1, pool_size)
        self.migrate()

    def _open_pool(self, size: int) -> None:
        self._pg = ConnectionPool(
            self.url, min_size=1, max_size=size, timeout=self.pool_timeout_s, open=False,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S,
                    "application_name": APPLICATION_NAME,
                    # no server-side prepared statements across pgbouncer's transactions
                    "prepare_threshold": None if self.direct_url != self.url else 5},
            check=ConnectionPool.check_connection, name="kiosk-central")
        try:
            self._pg.open(wait=True, timeout=CONNECT_TIMEOUT_S)
        except PoolTimeout:
            self._pg.close()
            raise ConfigError("cannot connect to PostgreSQL (no connection within "
                              f"{CONNECT_TIMEOUT_S} s)") from None

    def new_connection(self) -> Any:
        """A connection of its own, outside the pool (migrations, LISTEN); close it after."""
        if self.postgres:
            try:
                return psycopg.connect(self.direct_url, autocommit=True,
                                       connect_timeout=CONNECT_TIMEOUT_S,
                                       application_name=APPLICATION_NAME)
            except psycopg.Error as exc:
                raise ConfigError(f"cannot connect to PostgreSQL: {type(exc).__name__}") from None
        conn = sqlite3.connect(self._target, timeout=30.0, isolation_level=None,
                               check_same_thread=False, uri=self._uri)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA secure_delete=ON")  # rewritten rows leave no old bytes behind
        return conn

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        """A pooled connection for the block (PoolExhaustedError after the pool timeout)."""
        if self._pg is not None:
            try:
                conn = self._pg.getconn(timeout=self.pool_timeout_s)
            except PoolTimeout:
                raise PoolExhaustedError(
                    f"no database connection free within {self.pool_timeout_s:g} s") from None
            try:
                yield conn
            finally:
                self._pg.putconn(conn)  # a broken one is discarded and replaced
            return
        try:
            conn = self._queue.get(timeout=self.pool_timeout_s)
        except queue.Empty:
            raise sqlite3.OperationalError(
                f"no database connection free within {self.pool_timeout_s:g} s") from None
        try:
            yield conn
        finally:
            self._queue.put(conn)

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """A write transaction on a pooled connection (committed on success)."""
        with self._connection() as conn:
            conn.execute("BEGIN" if self.postgres else "BEGIN IMMEDIATE")
            try:
                yield Tx(conn, self.postgres)
                conn.execute("COMMIT")
            except BaseException:
                if not (self.postgres and (conn.closed or conn.broken)):
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def reader(self) -> Iterator[Tx]:
        """A read-only view (autocommit statements) on a pooled connection."""
        with self._connection() as conn:
            yield Tx(conn, self.postgres)

    def pool_stats(self) -> dict[str, int]:
        """Connections open now and the most this process may open (for benchmarks)."""
        if self._pg is not None:
            stats = self._pg.get_stats()
            return {"open": int(stats.get("pool_size", 0)), "max": self.pool_size}
        return {"open": self.pool_size, "max": self.pool_size}

    def migrate(self) -> list[str]:
        """Bring the schema up to date (``kiosk.central.migrate``); the ids applied now."""
        from kiosk.central.migrate import upgrade

        return upgrade(self)

    def close(self) -> None:
        """Close every pooled connection."""
        if self._pg is not None:
            self._pg.close()
        while not self._queue.empty():
            self._queue.get_nowait().close()

    def reset(self) -> None:
        """Delete every row (tests only)."""
        with self.transaction() as tx:
            for table in ("devices", "enroll_codes", "records", "chain_flags", "nonces",
                          "ticket_counters", "leases", "tickets", "ticket_flags",
                          "submissions", "device_health", "sealed_fields", "citizen_index",
                          "central_meta", "staff", "staff_failures", "pin_attempts",
                          "staff_sessions", "onegate_notices", "onegate_outbox",
                          "connector_state", "file_holders", "file_state",
                          "file_counts", "file_chain_heads"):
                tx.execute(f"DELETE FROM {table}")
            # the files and their events refuse DELETE (append-only); TRUNCATE is the
            # owner's deliberate act, not a row change (PostgreSQL only: tests on SQLite
            # make a new file)
            if tx.postgres:
                tx.execute("TRUNCATE file_chain, file_events, files CASCADE")
