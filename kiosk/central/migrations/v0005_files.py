"""Issue 18: the file's life (hồ sơ) as append-only events, and the one-gate connector.

``files`` holds what a file is when the counter accepts it (its public tracking code,
center, procedure, competent unit, processing time); ``file_events`` its life, one row
per event, numbered per file (``n``), each carrying the step, due date and pause the
file has after it (computed by ``kiosk.central.file_rules`` when it is appended). Both
tables refuse UPDATE and DELETE with a trigger on SQLite and on PostgreSQL, so nothing
is edited or removed, by the code or by hand with SQL. ``onegate_outbox`` is the
connector's backlog (one row per file to forward; its delivery state changes, the
file's events do not); ``connector_state`` keeps its polling cursor.
"""

import sqlite3
from typing import Any

from yoyo import step

__depends__ = {"v0004_retention"}

_TABLES = ("files", "file_events")
_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION kiosk_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "'BEGIN RAISE EXCEPTION ''% is append-only: nothing is edited or deleted'', "
    "TG_TABLE_NAME; END'")


def append_only(conn: Any) -> None:
    """Refuse UPDATE and DELETE on the files and their events."""
    cursor = conn.cursor()
    if isinstance(conn, sqlite3.Connection):
        for table in _TABLES:
            for verb in ("UPDATE", "DELETE"):
                cursor.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: nothing is edited "
                    "or deleted'); END")
        return
    cursor.execute(_PG_FUNCTION)
    for table in _TABLES:
        cursor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION kiosk_append_only()")


steps = [
    step("""CREATE TABLE files (
        file_id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        request_id TEXT NOT NULL UNIQUE,
        center TEXT NOT NULL,
        procedure_code TEXT NOT NULL,
        unit TEXT NOT NULL,
        working_days INTEGER NOT NULL,
        submission_id TEXT,
        device_id TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL
    )"""),
    step("CREATE INDEX files_center ON files (center, created_at)"),
    step("""CREATE TABLE file_events (
        file_id TEXT NOT NULL REFERENCES files (file_id),
        n INTEGER NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        step TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL,
        day TEXT NOT NULL,
        actor TEXT NOT NULL,
        place TEXT NOT NULL,
        source TEXT NOT NULL,
        reason TEXT,
        due TEXT NOT NULL,
        paused_on TEXT,
        decided_on TEXT,
        center TEXT NOT NULL,
        recorded_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (file_id, n)
    )"""),
    step("CREATE INDEX file_events_center_day ON file_events (center, day)"),
    step(append_only),
    step("""CREATE TABLE onegate_outbox (
        file_id TEXT PRIMARY KEY REFERENCES files (file_id),
        center TEXT NOT NULL,
        payload TEXT NOT NULL,
        queued_at DOUBLE PRECISION NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at DOUBLE PRECISION NOT NULL,
        last_error TEXT,
        remote_id TEXT,
        acked_at DOUBLE PRECISION
    )"""),
    step("CREATE INDEX onegate_outbox_pending ON onegate_outbox (acked_at, next_at)"),
    step("""CREATE TABLE connector_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )"""),
]
