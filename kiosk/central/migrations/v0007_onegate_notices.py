"""Issue 18: a file withdrawn or refused at the counter is told to the one-gate system.

``onegate_notices`` is the connector's second backlog (``kiosk.central.onegate_notices``):
one row per such event, written in the transaction that appends it, keyed by the event's
id (the idempotency key sent), sent once the file itself was forwarded.
"""

from yoyo import step

__depends__ = {"v0006_file_holders"}

steps = [
    step("""CREATE TABLE onegate_notices (
        event_id TEXT PRIMARY KEY,
        file_id TEXT NOT NULL REFERENCES files (file_id),
        kind TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL,
        queued_at DOUBLE PRECISION NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at DOUBLE PRECISION NOT NULL,
        last_error TEXT,
        acked_at DOUBLE PRECISION
    )"""),
    step("CREATE INDEX onegate_notices_pending ON onegate_notices (acked_at, next_at)"),
]
