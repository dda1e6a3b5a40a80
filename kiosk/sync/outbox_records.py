"""What the outbox hands out: a stored record (personal fields still encrypted), the
status counts ``kiosk sync status`` shows, and a dead letter with its reason.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from kiosk.sync.errors import OutboxFault
from kiosk.wire.protocol import RecordKind


@dataclass(frozen=True)
class StoredRecord:
    """A record as the outbox holds it (personal fields still encrypted in ``body``)."""

    seq: int
    id: str
    kind: RecordKind
    visit: str | None
    state: str
    attempts: int
    body: dict[str, Any]
    last_error: str | None


@dataclass(frozen=True)
class OutboxStatus:
    """What ``kiosk sync status`` shows."""

    pending: int
    in_flight: int
    delivered: int
    dead: int
    oldest_pending_age_s: float | None
    last_success: str | None
    fault: OutboxFault | None

    @property
    def depth(self) -> int:
        """Records still to deliver (pending + in flight)."""
        return self.pending + self.in_flight


@dataclass(frozen=True)
class DeadLetter:
    """A record the central service refused for good, with its reason."""

    id: str
    seq: int
    kind: str
    attempts: int
    reason: str


def wipe_delivered_parts(conn: sqlite3.Connection, ids: list[str]) -> int:
    """Drop the (encrypted) bytes of the delivered ``attachment`` records among ``ids``.

    The central service holds them now; the kiosk keeps only the record's envelope (its
    chain place), so no captured document or card sheet stays on the kiosk's disk
    (``secure_delete`` zeroes the old row). Returns how many parts were wiped.
    """
    wiped = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = conn.execute(f"SELECT id, body FROM records WHERE kind = 'attachment' "
                            f"AND state = 'delivered' AND id IN ({marks})", chunk).fetchall()
        for record_id, body in rows:
            stored = json.loads(body)
            if "data" in stored.get("payload", {}):
                stored["payload"] = {k: v for k, v in stored["payload"].items() if k != "data"}
                conn.execute("UPDATE records SET body = ? WHERE id = ?", (json.dumps(
                    stored, ensure_ascii=False, separators=(",", ":")), record_id))
                wiped += 1
    return wiped
