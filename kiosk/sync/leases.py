"""Queue numbers while offline: blocks of ticket numbers leased from the central service.

The central service hands each kiosk a block of numbers (per center, service and day)
in advance; a kiosk issues numbers only from its own blocks, so two kiosks in one
center never give out the same number even while both are offline. Issuing a number
and storing its ticket record happen in one transaction.

If the outbox cannot write (disk full, read-only), a ticket can still be shown: the
number comes from the block as last read into memory and the ticket record is kept in
memory until the outbox is writable again, then stored with its true time.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from dataclasses import dataclass

from kiosk.core.vn_time import service_day
from kiosk.sync.errors import NoTicketNumberError, OutboxUnavailableError
from kiosk.sync.outbox import Outbox
from kiosk.wire.protocol import RecordKind

log = logging.getLogger(__name__)

# Vietnam time is defined once, in kiosk.core.vn_time; re-exported for the modules that
# number tickets by the service day.


@dataclass(frozen=True)
class Lease:
    """A block of ticket numbers ``first..last`` this kiosk may issue."""

    block: str
    service: str
    day: str
    first: int
    last: int
    next: int

    @property
    def remaining(self) -> int:
        """Numbers not yet issued from this block."""
        return max(0, self.last - self.next + 1)


@dataclass(frozen=True)
class IssuedTicket:
    """A ticket handed to a citizen; ``record_id`` is None while it waits in memory."""

    number: int
    service: str
    block: str
    day: str
    record_id: str | None


class TicketDesk:
    """Issues ticket numbers from leased blocks and records each ticket in the outbox."""

    def __init__(self, outbox: Outbox, center: str) -> None:
        self.outbox = outbox
        self.center = center
        self._lock = threading.Lock()
        self._cursor: dict[str, int] = {}  # block -> next number, as far as memory knows
        self._unrecorded: list[tuple[dict[str, object], str | None, dt.datetime]] = []

    def add_lease(self, block: str, service: str, day: str, first: int, last: int) -> None:
        """Store a block granted by the central service (a repeated grant is ignored)."""
        with self.outbox.transaction() as conn:
            conn.execute(
                "INSERT INTO leases (block, service, day, first, last, next) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (block) DO NOTHING",
                (block, service, day, first, last, first),
            )

    def leases(self, service: str, day: str) -> list[Lease]:
        """This kiosk's blocks for one service and day, oldest first."""
        rows = self.outbox.connection.execute(
            "SELECT block, service, day, first, last, next FROM leases "
            "WHERE service = ? AND day = ? ORDER BY first",
            (service, day),
        ).fetchall()
        leases = [Lease(*row) for row in rows]
        return [
            Lease(x.block, x.service, x.day, x.first, x.last, max(x.next, self._cursor.get(x.block,
                                                                                         x.next)))
            for x in leases
        ]

    def remaining(self, service: str, day: str | None = None) -> int:
        """Numbers still available to issue for ``service`` on ``day`` (default today)."""
        return sum(x.remaining for x in self.leases(service, day or service_day()))

    def _take(self, conn: sqlite3.Connection, service: str, day: str) -> tuple[int, str]:
        for lease in self.leases(service, day):
            if lease.remaining:
                number = lease.next
                conn.execute("UPDATE leases SET next = ? WHERE block = ?", (number + 1,
                                                                            lease.block))
                return number, lease.block
        raise NoTicketNumberError(
            f"no ticket number is left for service {service}; the central service must lease more"
        )

    def _flush_unrecorded(self, conn: sqlite3.Connection) -> None:
        for payload, visit, moment in self._unrecorded:
            block, number = str(payload["block"]), int(str(payload["number"]))
            conn.execute("UPDATE leases SET next = MAX(next, ?) WHERE block = ?",
                         (number + 1, block))
            self.outbox.append(conn, RecordKind.TICKET, dict(payload), visit, moment)

    def issue(
        self, service: str, visit: str | None = None, now: dt.datetime | None = None
    ) -> IssuedTicket:
        """Issue the next number for ``service`` and record the ticket.

        Raises :class:`NoTicketNumberError` when no leased number is left.
        """
        moment = dt.datetime.now(dt.UTC) if now is None else now
        day = service_day(moment)
        with self._lock:
            try:
                with self.outbox.transaction() as conn:
                    self._flush_unrecorded(conn)
                    number, block = self._take(conn, service, day)
                    payload: dict[str, object] = {
                        "number": number, "service": service, "center": self.center,
                        "block": block,
                    }
                    record_id = self.outbox.append(conn, RecordKind.TICKET, payload, visit, moment)
                self._unrecorded.clear()
                self._cursor[block] = number + 1
                return IssuedTicket(number, service, block, day, record_id)
            except OutboxUnavailableError:
                # Show the ticket anyway from the block held in memory.
                for lease in self.leases(service, day):
                    if lease.remaining:
                        number = lease.next
                        self._cursor[lease.block] = number + 1
                        payload = {"number": number, "service": service, "center": self.center,
                                   "block": lease.block}
                        self._unrecorded.append((payload, visit, moment))
                        log.warning("ticket kept in memory until the outbox is writable")
                        return IssuedTicket(number, service, lease.block, day, None)
                raise

    @property
    def unrecorded(self) -> int:
        """Tickets shown while the outbox could not write, still waiting to be stored."""
        return len(self._unrecorded)
