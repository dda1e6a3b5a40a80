"""Issue 18: each file's latest state and each center's event chain, kept as events append.

``file_state`` holds one row per file: where its last event left it (step, due date,
pause, decision, whether its clock runs, the day of that event) with what the figures
group by (center, procedure, unit, day received). ``file_counts`` counts the files per
center, procedure, unit, step and standing as far as it does not depend on the day
(decided on time or late, paused, withdrawn, or ``running``: open, clock running).
``file_chain`` gives every event its position in its center's chain and the running
digest up to it (SHA-256 of the previous digest and the event's line,
``kiosk.central.file_state``); ``file_chain_heads`` is each center's last position,
digest, file count, latest event day and recording time. All four are written only by
``FileLedger`` in the transaction that appends the event, so the dashboard reads counts
and the open files instead of folding every event ever kept. ``file_chain`` refuses
UPDATE and DELETE like the events. Databases made before this migration are filled from their
events: each center's chain in recording order (then file, then position in the file).
"""

import sqlite3
from typing import Any

from yoyo import step

from kiosk.central.file_state import backfill
from kiosk.central.migrate import tx_of

__depends__ = {"v0007_onegate_notices"}


def chain_append_only(conn: Any) -> None:
    """Refuse UPDATE and DELETE on ``file_chain`` (v0005's function on PostgreSQL)."""
    cursor = conn.cursor()
    if isinstance(conn, sqlite3.Connection):
        for verb in ("UPDATE", "DELETE"):
            cursor.execute(
                f"CREATE TRIGGER file_chain_no_{verb.lower()} BEFORE {verb} ON file_chain "
                "BEGIN SELECT RAISE(ABORT, 'file_chain is append-only: nothing is edited "
                "or deleted'); END")
        return
    cursor.execute("CREATE TRIGGER file_chain_append_only BEFORE UPDATE OR DELETE ON "
                   "file_chain FOR EACH ROW EXECUTE FUNCTION kiosk_append_only()")


def fill(conn: Any) -> None:
    """State rows, chain and heads of the files already kept."""
    backfill(tx_of(conn))


steps = [
    step("""CREATE TABLE file_state (
        file_id TEXT PRIMARY KEY REFERENCES files (file_id),
        center TEXT NOT NULL,
        procedure_code TEXT NOT NULL,
        unit TEXT NOT NULL,
        received TEXT NOT NULL,
        step TEXT NOT NULL,
        due TEXT NOT NULL,
        paused_on TEXT,
        decided_on TEXT,
        running INTEGER NOT NULL,
        n INTEGER NOT NULL,
        day TEXT NOT NULL
    )"""),
    step("CREATE INDEX file_state_running_due ON file_state (running, due, center)"),
    step("CREATE INDEX file_state_received ON file_state (received, center)"),
    step("CREATE INDEX file_state_decided ON file_state (decided_on, center)"),
    step("""CREATE TABLE file_counts (
        center TEXT NOT NULL,
        procedure_code TEXT NOT NULL,
        unit TEXT NOT NULL,
        step TEXT NOT NULL,
        standing TEXT NOT NULL,
        files INTEGER NOT NULL,
        PRIMARY KEY (center, procedure_code, unit, step, standing)
    )"""),
    step("""CREATE TABLE file_chain (
        center TEXT NOT NULL,
        position INTEGER NOT NULL,
        file_id TEXT NOT NULL,
        n INTEGER NOT NULL,
        digest TEXT NOT NULL,
        PRIMARY KEY (center, position),
        UNIQUE (file_id, n)
    )"""),
    step(chain_append_only),
    step("""CREATE TABLE file_chain_heads (
        center TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        files INTEGER NOT NULL,
        digest TEXT NOT NULL,
        last_day TEXT NOT NULL,
        through DOUBLE PRECISION NOT NULL
    )"""),
    step(fill),
]
