"""The outbox's SQLite schema and its migrations.

``PRAGMA user_version`` holds the schema version; :func:`migrate` applies every
missing step in order, each in its own transaction, so an interrupted upgrade resumes
where it stopped. A step may also rewrite rows in Python (:data:`ROW_STEPS`), with the
device's data key: step 3 seals the chain values of stored records (``outbox_chain``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from kiosk.sync.crypto import FieldCipher
from kiosk.sync.errors import KeyStoreError, OutboxFormatError
from kiosk.sync.outbox_chain import seal_existing_rows

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: records and metadata
    (
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE records (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            visit TEXT,
            created_at TEXT NOT NULL,
            body TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'in_flight', 'delivered', 'dead')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            last_error TEXT,
            delivered_at REAL
        )""",
        "CREATE INDEX records_due ON records (state, next_attempt_at, seq)",
        "CREATE INDEX records_visit ON records (visit, seq)",
    ),
    # 2: ticket-number blocks leased from the central service
    (
        """CREATE TABLE leases (
            block TEXT PRIMARY KEY,
            service TEXT NOT NULL,
            day TEXT NOT NULL,
            first INTEGER NOT NULL,
            last INTEGER NOT NULL,
            next INTEGER NOT NULL
        )""",
        "CREATE INDEX leases_open ON leases (service, day, first)",
    ),
    # 3: hash, prev and sig sealed (rows rewritten by ROW_STEPS[2])
    (),
)

ROW_STEPS: dict[int, Callable[[sqlite3.Connection, FieldCipher], int]] = {
    2: seal_existing_rows,
}

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, cipher: FieldCipher | None = None) -> int:
    """Bring the database to :data:`SCHEMA_VERSION`; return the version found before.

    ``cipher`` (the device's data key) is needed only when a step rewrites rows.
    """
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found > SCHEMA_VERSION:  # a rollback across a format change: never guess
        raise OutboxFormatError(
            f"the outbox was written by a newer kiosk (format {found}, this one reads up to "
            f"{SCHEMA_VERSION}): reinstall that version, or deliver its records before "
            f"rolling back")
    for version in range(found, SCHEMA_VERSION):
        if version in ROW_STEPS and cipher is None:
            raise KeyStoreError("upgrading the outbox needs the device's data key")
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current == version:  # another process may have migrated meanwhile
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                if version in ROW_STEPS and cipher is not None:
                    ROW_STEPS[version](conn, cipher)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return found
