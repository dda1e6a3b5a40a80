"""Test helpers: enrolled kiosks and counters that talk to a real central service.

Every record goes the production way: signed into the device's outbox, then pushed
with the signed HTTP client; a counter asks "call next" with a signed request.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx

from kiosk.core.vn_time import VIETNAM
from kiosk.sync.client import CentralClient
from kiosk.sync.leases import IssuedTicket, TicketDesk
from kiosk.sync.outbox import Outbox
from kiosk.wire.protocol import RecordKind
from tests.support.central_servers import CentralProcess, add_staff, enrolled_kiosk


def scenario_start(minutes_back: float) -> dt.datetime:
    """When a scripted day-in-the-life starts: ``minutes_back`` ago, but never yesterday.

    Tickets belong to the service day (Vietnam time) they are issued in, and the stats
    and the board show today's; a scenario begun before Vietnam's midnight would lease
    today's numbers for yesterday's tickets. Just after midnight the scenario starts at
    midnight and its later steps lie a little in the future, which the service accepts.
    """
    now = dt.datetime.now(dt.UTC)
    midnight = now.astimezone(VIETNAM).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(now - dt.timedelta(minutes=minutes_back), midnight + dt.timedelta(seconds=1))


class Device:
    """One enrolled device (a lobby kiosk or a counter) with its outbox and client."""

    def __init__(self, central: CentralProcess, folder: Path, center: str = "HCM-01",
                 role: str = "kiosk") -> None:
        self.central = central
        self.identity = enrolled_kiosk(central, folder, center, role)
        self.staff_counter = ""  # the counter a staff member is signed in at (counters)
        self.center = center
        self.outbox = Outbox(folder / "outbox.db", self.identity)
        self.desk = TicketDesk(self.outbox, center)
        ca = str(central.tls.ca) if central.tls else ""
        self.client = CentralClient(central.url, self.identity, ca)

    def close(self) -> None:
        self.client.close()
        self.outbox.close()

    def retarget(self, central: CentralProcess) -> None:
        """Talk to a restarted central service (same database, new port)."""
        self.client.close()
        self.central = central
        self.client = CentralClient(central.url, self.identity)

    def issue(self, service: str, visit: str | None = None,
              now: dt.datetime | None = None) -> IssuedTicket:
        if self.desk.remaining(service) == 0:
            grant = self.client.lease(service, 50)
            self.desk.add_lease(grant.block, grant.service, grant.day, grant.first, grant.last)
        return self.desk.issue(service, visit, now)

    def record(self, kind: RecordKind, payload: dict[str, Any], visit: str | None = None,
               now: dt.datetime | None = None) -> str:
        return self.outbox.enqueue(kind, payload, visit, now)

    def event(self, event: str, service: str, number: int, counter: str = "",
              now: dt.datetime | None = None, **extra: Any) -> str:
        payload = {"event": event, "service": service, "number": number,
                   "center": self.center, **extra}
        if counter:
            payload["counter"] = counter
        return self.record(RecordKind.QUEUE_EVENT, payload, now=now)

    def push(self) -> int:
        """Deliver everything waiting; return how many records went."""
        batch = self.outbox.claim_batch(500)
        if not batch:
            return 0
        results = self.client.push([self.outbox.wire(r) for r in batch])
        assert all(r.status in ("stored", "duplicate") for r in results), results
        self.outbox.mark_delivered([r.id for r in results])
        return len(results)

    def sign_in_staff(self, counter: str, services: tuple[str, ...] = ("A", "B", "HT")
                      ) -> str:
        """A test staff member of this device's center signs in at ``counter``: the session."""
        user = f"quay{self.center.lower().replace('-', '')}"[:32]
        add_staff(self.central, user, self.center, services=services)
        answer = self.client._call("POST", "/v1/staff/sign-in",
                                   {"user": user, "pin": "482913", "counter": counter})
        self.staff_counter = counter
        return str(answer["session"])

    def call_next(self, counter: str, services: list[str]) -> dict[str, Any]:
        """The signed counter request, then the call record, as the counter app does (a
        staff member signs in at ``counter`` first when none is)."""
        if self.staff_counter != counter:
            self.sign_in_staff(counter)
        answer = self.client._call("POST", "/v1/counters/next",
                                   {"counter": counter, "services": services})
        if answer["found"]:
            self.event("called", answer["service"], answer["number"], counter)
            self.push()
        return dict(answer)


def get_json(central: CentralProcess, path: str) -> Any:
    response = httpx.get(central.url + path, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def sse_events(central: CentralProcess, path: str, count: int, timeout: float = 20.0,
               events: list[tuple[str, Any]] | None = None) -> list[tuple[str, Any]]:
    """Read ``count`` events from a server-sent event stream (appended to ``events``)."""
    events = [] if events is None else events
    with httpx.stream("GET", central.url + path, timeout=timeout) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        name, data = "", ""
        for line in response.iter_lines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data = line[5:].strip()
            elif line == "" and name:
                events.append((name, json.loads(data)))
                name, data = "", ""
                if len(events) >= count:
                    break
    return events


def listen_board(central: CentralProcess, center: str, events: list[tuple[str, Any]],
                 timeout: float = 12.0) -> None:
    """Collect up to two events of ``center``'s board stream into ``events``; a stream
    that stays quiet for ``timeout`` seconds ends the wait (no error)."""
    import contextlib

    with contextlib.suppress(httpx.ReadTimeout):
        sse_events(central, f"/v1/centers/{center}/board/stream", 2, timeout=timeout,
                   events=events)
