"""The call board: who is called to which counter, and the queue per service.

Pure functions over :class:`~kiosk.central.queue_day.DayRecords`; the lobby display,
its voice announcements and the statistics all read the same ticket lifecycles.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.central.queue_day import DayRecords, service_names, ticket_label

_SERVICE = re.compile(r"[A-Z0-9]{1,8}")
RECENT_CALLS = 8
NEXT_SHOWN = 5
DONE_STATES = frozenset({"served", "cancelled"})


@dataclass
class Lifecycle:
    """One ticket's day: issued, called (first and last), and how it ended."""

    service: str
    number: int
    issued_at: dt.datetime | None
    visit: str | None = None
    state: str = "waiting"  # waiting | called | skipped | served | cancelled
    counter: str = ""
    first_call: dt.datetime | None = None
    last_call: dt.datetime | None = None
    last_call_id: str = ""
    ended_at: dt.datetime | None = None
    calls: int = 0
    reason: str = ""
    counters: list[str] = field(default_factory=list)
    queue: str = ""  # the service whose queue it waits in (another after a transfer)
    transfers: int = 0
    called_from: set[tuple[str, str]] = field(default_factory=set)  # (queue, counter)

    def __post_init__(self) -> None:
        self.queue = self.queue or self.service

    @property
    def label(self) -> str:
        """The number as shown (``A012``)."""
        return ticket_label(self.service, self.number)

    def wait_minutes(self, now: dt.datetime) -> float | None:
        """Minutes from issue to first call (or to ``now`` while still waiting)."""
        if self.issued_at is None:
            return None
        until = self.first_call or now
        return max(0.0, (until - self.issued_at).total_seconds() / 60)


def lifecycles(day: DayRecords) -> dict[tuple[str, int], Lifecycle]:
    """Every ticket of the day, with its queue events applied in time order."""
    tickets: dict[tuple[str, int], Lifecycle] = {
        (t.service, t.number): Lifecycle(t.service, t.number, t.created_at, t.visit)
        for t in day.tickets
    }
    for event in day.events:
        key = (event.service, event.number)
        # a call for a ticket whose record has not arrived yet still shows on the board
        ticket = tickets.setdefault(key, Lifecycle(event.service, event.number, None))
        if event.event in ("called", "recalled"):
            ticket.state = "called"
            ticket.counter = event.counter or ticket.counter
            ticket.first_call = ticket.first_call or event.created_at
            ticket.last_call = event.created_at
            ticket.last_call_id = event.id
            ticket.calls += 1
            if ticket.counter and ticket.counter not in ticket.counters:
                ticket.counters.append(ticket.counter)
            if event.counter:
                ticket.called_from.add((ticket.queue, event.counter))
        elif event.event == "served":
            ticket.state, ticket.ended_at = "served", event.created_at
        elif event.event == "skipped":
            ticket.state = "skipped"
        elif event.event == "cancelled" and event.reason == "transfer" and _SERVICE.fullmatch(
                event.to_service):
            ticket.state, ticket.queue, ticket.counter = "waiting", event.to_service, ""
            ticket.transfers += 1
        elif event.event == "cancelled":
            ticket.state, ticket.ended_at = "cancelled", event.created_at
            ticket.reason = event.reason
    return tickets


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _counter_order(counter: str) -> tuple[int, str]:
    return len(counter), counter  # 2 before 10


def serving_counters(tickets: dict[tuple[str, int], Lifecycle],
                     signed_in: Mapping[str, Iterable[str]] | None = None) -> dict[str, list[str]]:
    """Queue service → the counters serving it: those that called from its queue today,
    and those where a staff member handling it is signed in (``signed_in``)."""
    found: dict[str, set[str]] = {}
    for ticket in tickets.values():
        for queue, counter in ticket.called_from:
            found.setdefault(queue, set()).add(counter)
    for service, counters in (signed_in or {}).items():
        found.setdefault(service, set()).update(counters)
    return {s: sorted(c, key=_counter_order) for s, c in found.items()}


def build_board(day: DayRecords, now: dt.datetime,
                signed_in: Mapping[str, Iterable[str]] | None = None) -> dict[str, Any]:
    """The board as JSON: now serving per counter, recent calls, queue per service.

    ``serving_counters`` maps each queue service to the counters serving it (see
    :func:`serving_counters`; ``signed_in``: service → counters where a staff member
    handling it is signed in now), so a kiosk can tell a citizen where to go.
    """
    tickets = lifecycles(day)
    names = service_names()
    serving: dict[str, Lifecycle] = {}
    for ticket in tickets.values():
        if ticket.state == "called" and ticket.counter and ticket.last_call is not None:
            current = serving.get(ticket.counter)
            if current is None or (current.last_call or now) < ticket.last_call:
                serving[ticket.counter] = ticket
    calls = [e for e in day.events if e.event in ("called", "recalled")][-RECENT_CALLS:]
    services: dict[str, dict[str, Any]] = {}
    for ticket in sorted(tickets.values(), key=lambda t: (t.issued_at or now, t.number)):
        for code in (ticket.service, ticket.queue):  # a transfer leaves its queue listed
            services.setdefault(code, {
                "service": code, "name_vi": names.get(code, ("", ""))[0],
                "name_en": names.get(code, ("", ""))[1], "waiting": 0, "next": [],
                "longest_wait_min": 0.0, "served": 0, "_waits": []})
        entry = services[ticket.queue]
        if ticket.state == "waiting" and ticket.issued_at is not None:
            entry["waiting"] += 1
            if len(entry["next"]) < NEXT_SHOWN:
                entry["next"].append(ticket.label)
            entry["longest_wait_min"] = max(entry["longest_wait_min"],
                                            ticket.wait_minutes(now) or 0.0)
        elif ticket.first_call is not None:
            wait = ticket.wait_minutes(now)
            if wait is not None:
                entry["_waits"].append(wait)
        if ticket.state == "served":
            entry["served"] += 1
    for entry in services.values():
        waits = entry.pop("_waits")
        entry["avg_wait_min"] = round(sum(waits) / len(waits), 1) if waits else None
        entry["longest_wait_min"] = round(entry["longest_wait_min"], 1)
    return {
        "center": day.center,
        "day": day.day,
        "version": day.version,
        "generated_at": _iso(now),
        "now_serving": [
            {"counter": counter, "label": t.label, "service": t.service, "number": t.number,
             "called_at": _iso(t.last_call), "call_id": t.last_call_id, "calls": t.calls}
            for counter, t in sorted(serving.items(), key=lambda kv: kv[1].last_call or now,
                                     reverse=True)
        ],
        "recent_calls": [
            {"id": e.id, "label": ticket_label(e.service, e.number), "counter": e.counter,
             "service": e.service, "at": _iso(e.created_at), "recall": e.event == "recalled"}
            for e in reversed(calls)
        ],
        "services": [services[s] for s in sorted(services)],
        "serving_counters": serving_counters(tickets, signed_in),
    }
