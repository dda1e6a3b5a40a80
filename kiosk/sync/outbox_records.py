"""What the outbox hands out: a stored record (personal fields still encrypted), the
status counts ``kiosk sync status`` shows, and a dead letter with its reason.
"""

from __future__ import annotations

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
