"""Counter-side "call next": which waiting ticket a counter should call now.

A counter asks (a signed request, like every device request) for the next ticket of
the services it handles; the service answers with the longest-waiting ticket and
holds it for that counter for ``CLAIM_S`` seconds, so two counters pressing "next"
together never call the same citizen. The call itself is a ``queue_event`` record
the counter sends through its outbox with its true time: the claim is only a lock,
the records stay the truth (the board and the statistics read only them). A claim
never followed by a call record lapses and the ticket is offered again; a ticket
transferred to another service starts a new round of claims there.

Only a counter device may ask (see ``roles``), and only for the counter its signed-in
staff member opened the session at: the device's open staff session (one per device,
see ``staff``) names the counter, so no session or another counter is refused 403.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from kiosk.central.queue_board import Lifecycle, lifecycles
from kiosk.central.queue_day import MAX_KEPT_DAYS, DayRecords, shared_day, ticket_label
from kiosk.central.service import RefusedError
from kiosk.central.staff import session_counter
from kiosk.central.storage import Database
from kiosk.core.vn_time import service_day

CLAIM_S = 60.0
MAX_SERVICES = 16
_COUNTER = re.compile(r"^[A-Za-z0-9]{1,8}$")
_SERVICE = re.compile(r"^[A-Z0-9]{1,8}$")

def parse_call_request(body: Any) -> tuple[str, list[str]]:
    """Check a call-next body ``{"counter": "3", "services": ["HT", ...]}``."""
    if not isinstance(body, dict) or set(body) != {"counter", "services"}:
        raise RefusedError(400, 'a call needs exactly "counter" and "services"')
    counter, services = body["counter"], body["services"]
    if isinstance(counter, int) and not isinstance(counter, bool):
        counter = str(counter)
    if not isinstance(counter, str) or not _COUNTER.fullmatch(counter):
        raise RefusedError(400, "counter must be 1-8 letters or digits")
    if (not isinstance(services, list) or not 1 <= len(services) <= MAX_SERVICES
            or not all(isinstance(s, str) and _SERVICE.fullmatch(s) for s in services)):
        raise RefusedError(400, f"services must be a list of 1 to {MAX_SERVICES} service codes")
    return counter, list(dict.fromkeys(services))


class CounterDesk:
    """Hands out the next ticket to counters, over the central database."""

    def __init__(self, db: Database) -> None:
        self.db = db  # its table ``counter_claims`` comes with the schema (``migrate``)
        # (center, day) → (the day's records, their waiting tickets in calling order)
        self._queues: dict[tuple[str, str], tuple[DayRecords, list[Lifecycle]]] = {}
        self._lock = threading.Lock()

    def _waiting(self, center: str, day: str) -> list[Lifecycle]:
        """The day's waiting tickets, longest-waiting first; ranked once per change of
        the center's records (read-only: shared by every call until then)."""
        records = shared_day(self.db, center, day)
        with self._lock:
            kept = self._queues.get((center, day))
        if kept is not None and kept[0] is records:
            return kept[1]
        ranked = sorted((t for t in lifecycles(records).values()
                         if t.state == "waiting" and t.issued_at is not None),
                        key=lambda t: (t.issued_at, t.service, t.number))
        with self._lock:
            if len(self._queues) >= MAX_KEPT_DAYS:
                self._queues.clear()
            self._queues[(center, day)] = (records, ranked)
        return ranked

    def call_next(self, device_id: str, body: Any, now: float | None = None) -> dict[str, Any]:
        """Claim the longest-waiting ticket of the asked services for the counter.

        Returns ``{"found": false}`` when nobody waits.
        """
        counter, services = parse_call_request(body)
        moment = time.time() if now is None else now
        if session_counter(self.db, device_id, moment) != counter:
            raise RefusedError(403, "only the staff member signed in at this device may call, "
                               "and only for the counter they signed in at")
        with self.db.reader() as tx:
            device = tx.one("SELECT center FROM devices WHERE device_id = ?", (device_id,))
        if device is None:
            raise RefusedError(401, "the signing device is not enrolled")
        center, day = str(device[0]), service_day()
        queue = self._waiting(center, day)
        with self.db.reader() as tx:  # held by another counter now: not worth a try each
            held = {(str(s), int(n), int(r)) for s, n, r in tx.all(
                "SELECT service, number, claim_round FROM counter_claims WHERE center = ? "
                "AND day = ? AND claimed_at >= ?", (center, day, moment - CLAIM_S))}
        waiting = [t for t in queue if t.queue in services
                   and (t.service, t.number, t.transfers) not in held]
        for ticket in waiting:
            with self.db.transaction() as tx:
                taken = tx.execute(
                    "INSERT INTO counter_claims (center, service, day, number, claim_round, "
                    "counter, device_id, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (center, service, day, number, claim_round) DO UPDATE SET "
                    "counter = excluded.counter, device_id = excluded.device_id, "
                    "claimed_at = excluded.claimed_at WHERE counter_claims.claimed_at < ?",
                    (center, ticket.service, day, ticket.number, ticket.transfers, counter,
                     device_id, moment, moment - CLAIM_S))
            if taken:
                assert ticket.issued_at is not None
                return {"found": True, "center": center, "day": day, "counter": counter,
                        "service": ticket.service, "number": ticket.number,
                        "label": ticket_label(ticket.service, ticket.number),
                        "waited_s": round(moment - ticket.issued_at.timestamp())}
        return {"found": False, "center": center, "day": day, "counter": counter}
