"""A new ticket's place in its queue, in one request: the kiosk's question as it prints.

``GET /v1/centers/{center}/position?service=HT&number=12`` (``&day=YYYY-MM-DD``, default
today in Vietnam) answers people ahead, the estimated wait in minutes and what it rests
on, and the counters serving the service (``serving_counters``: those of every service,
as on the board); the kiosk used to fetch the whole board and
the statistics for it (two documents, each built from the center's day). The figures
are those of ``kiosk.core.queue_estimate`` over the same ticket lifecycles the board and
the statistics show, so the answer is the one the kiosk would compute from them, except
that a ticket already here is counted at its exact place, not only among the first five.

It is an *interactive* call: deployments serve it, with ticket leases and call-next,
from worker processes of their own (docs/scale.md, "The interactive lane"), and it must
not wait on a busy database. What it needs of a day is summarised once per change of the
center's records and kept while they stay the same (:data:`KEEP_S` at most, a backstop):
unlike the board's, nothing in the answer moves with the clock.

* PostgreSQL: the summary is current while no announcement of its center has reached
  this process (``BoardEvents.heard``: the NOTIFY intake sends at its commit), so a
  position asks the database nothing at all. A record committed a moment ago may be
  missing for as long as its announcement takes to arrive (milliseconds); the kiosk's
  own new ticket reaches the central later still, through its outbox.
* SQLite, or while the announcements are not being heard: ``day_version`` (one small
  query) says whether the records changed, as before.

The counters where a staff member is signed in (not a record) are read apart: shared for
:data:`SHARED_S`, then, up to :data:`STALE_S`, answered from the last reading while a
new one is made in the background (a sign-in shows within about a second of the next
question), so that no position waits for that query either.
"""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kiosk.central.answers import guarded
from kiosk.central.board_events import BoardEvents
from kiosk.central.public_pages import center_and_day
from kiosk.central.queue_board import RECENT_CALLS, lifecycles, serving_counters
from kiosk.central.queue_day import day_version, load_day, ticket_label
from kiosk.central.service import RefusedError
from kiosk.central.staff import signed_in_counters
from kiosk.central.storage import Database
from kiosk.core.queue_estimate import estimate, service_minutes
from kiosk.core.vn_time import service_day

SHARED_S = 1.0  # signed-in counters at most this old are shared between requests
STALE_S = 10.0  # up to this old they are answered while a new reading is made
KEEP_S = 15.0  # a summary is made anew at least this often, changed or not
MAX_SHARED = 2048
_SERVICE = re.compile(r"^[A-Z0-9]{1,8}$")
_NUMBER = re.compile(r"^[0-9]{1,6}$")


@dataclass(frozen=True)
class DaySummary:
    """What a position needs of a center's day, in the shapes the estimate reads."""

    version: str
    board: dict[str, Any]  # services (waiting, every waiting label), recent calls, and
    # the counters that called from each queue (signed-in ones are added per answer)
    stats: dict[str, Any]  # counters: served and mean handling minutes


def summarise(db: Database, center: str, day: str) -> DaySummary:
    """Read ``center``'s day once and keep what a position needs (blocking)."""
    records = load_day(db, center, day)
    tickets = lifecycles(records)
    waiting: dict[str, list[Any]] = {}
    desks: dict[str, tuple[int, list[float]]] = {}
    for ticket in tickets.values():
        for code in (ticket.service, ticket.queue):
            waiting.setdefault(code, [])
        if ticket.state == "waiting" and ticket.issued_at is not None:
            waiting[ticket.queue].append(ticket)
        if ticket.counter:
            served, handling = desks.setdefault(ticket.counter, (0, []))
            done = ticket.state == "served"
            if done and ticket.ended_at and ticket.first_call:
                handling.append((ticket.ended_at - ticket.first_call).total_seconds() / 60)
            desks[ticket.counter] = (served + done, handling)
    calls = [e for e in records.events if e.event in ("called", "recalled")][-RECENT_CALLS:]
    board = {
        "services": [{"service": code, "waiting": len(queue), "next": [
            t.label for t in sorted(queue, key=lambda t: (t.issued_at, t.number))]}
            for code, queue in sorted(waiting.items())],
        "recent_calls": [{"counter": e.counter, "service": e.service} for e in calls],
        "serving_counters": serving_counters(tickets),
    }
    stats = {"counters": [
        {"counter": counter, "served": served,
         "avg_handling_min": round(sum(handling) / len(handling), 1) if handling else None}
        for counter, (served, handling) in desks.items()]}
    return DaySummary(records.version, board, stats)


def position(summary: DaySummary, center: str, day: str, service: str, number: int,
             signed_in: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The answer for ticket ``number`` of ``service`` (pure); ``signed_in``: queue
    service → counters where a staff member handling it is signed in now."""
    found = estimate(summary.board, summary.stats, service, number, service_minutes())
    assert found is not None  # the summary's services are always a list
    queue = next((s for s in summary.board["services"] if s["service"] == service), None)
    called: dict[str, list[str]] = summary.board["serving_counters"]
    serving = {code: sorted({*called.get(code, []), *(signed_in or {}).get(code, [])},
                            key=lambda c: (len(c), c))  # 2 before 10, as the board
               for code in {*called, *(signed_in or {})}}
    return {"center": center, "day": day, "service": service, "number": number,
            "label": ticket_label(service, number), "ahead": found.ahead,
            "wait_minutes": found.wait_minutes, "basis": found.basis,
            "waiting": queue["waiting"] if queue else 0,
            "counters": serving.get(service, []), "serving_counters": serving,
            "version": summary.version}


class PositionDesk:
    """The position route over one database, with the day summaries it shares.

    ``events``: the process's board announcements (PostgreSQL: a summary is kept until
    its center is announced, with no query per request); None: ``day_version`` per
    request.
    """

    def __init__(self, db: Database, events: BoardEvents | None = None) -> None:
        self.db = db
        self.events = events
        # (center, day) → (made at, summary, announcement stamp read before it was made)
        self._shared: dict[tuple[str, str], tuple[float, DaySummary, object]] = {}
        self._signed_in: dict[str, tuple[float, dict[str, list[str]]]] = {}
        self._refreshing: set[str] = set()
        self._background = ThreadPoolExecutor(1, thread_name_prefix="position-refresh")
        self._lock = threading.Lock()

    def _current(self, center: str, day: str, stamp: object) -> DaySummary | None:
        """The kept summary when nothing of ``center`` was announced since it was made
        (``stamp``: the announcements heard now; None: cannot tell), else None."""
        with self._lock:
            shared = self._shared.get((center, day))
        if shared is None or stamp is None or shared[2] != stamp:
            return None
        return shared[1] if time.monotonic() - shared[0] < KEEP_S else None

    def summary(self, center: str, day: str) -> DaySummary:
        """The day's summary now: kept while the center's records are unchanged."""
        stamp = self.events.heard(center) if self.events is not None else None
        current = self._current(center, day, stamp)
        if current is not None:
            return current  # nothing announced since it was made
        with self._lock:
            shared = self._shared.get((center, day))
        fresh = shared is not None and time.monotonic() - shared[0] < KEEP_S
        version = day_version(self.db, center, day)
        if fresh and shared is not None and shared[1].version == version:
            made, kept = shared[1], shared[0]
        else:  # labelled with the version read before it: a record arriving meanwhile
            # makes the next request build it again, never a summary older than its label
            made, kept = replace(summarise(self.db, center, day), version=version), None
        with self._lock:
            if len(self._shared) > MAX_SHARED:
                self._shared.clear()
            self._shared[(center, day)] = (time.monotonic() if kept is None else kept, made,
                                          stamp)
        return made

    def signed_in(self, center: str) -> dict[str, list[str]]:
        """Queue service → counters of ``center`` with a staff member signed in now."""
        kept = self._signed_in_kept(center)
        return kept if kept is not None else self._read_signed_in(center)

    def _signed_in_kept(self, center: str) -> dict[str, list[str]] | None:
        """The last reading while young enough (renewed behind it past ``SHARED_S``), else
        None: the caller reads (never blocks)."""
        with self._lock:
            shared = self._signed_in.get(center)
        age = time.monotonic() - shared[0] if shared is not None else STALE_S
        if shared is None or age >= STALE_S:
            return None
        if age >= SHARED_S:
            with self._lock:
                start = center not in self._refreshing
                self._refreshing.add(center)
            if start:
                self._background.submit(self._read_signed_in, center)
        return shared[1]

    def _read_signed_in(self, center: str) -> dict[str, list[str]]:
        """Read the signed-in counters and share them (blocking)."""
        try:
            found = signed_in_counters(self.db, center)
        finally:
            with self._lock:
                self._refreshing.discard(center)
        with self._lock:
            if len(self._signed_in) > MAX_SHARED:
                self._signed_in.clear()
            self._signed_in[center] = (time.monotonic(), found)
        return found

    def answer(self, center: str, day: str, service: str, number: int) -> dict[str, Any]:
        """Where ticket ``number`` of ``service`` stands at ``center`` (blocking)."""
        summary = self.summary(center, day)
        # today's answer also names the counters open now; another day's, those that called
        signed_in = self.signed_in(center) if day == service_day() else None
        return position(summary, center, day, service, number, signed_in)

    def answer_kept(self, center: str, day: str, service: str, number: int
                    ) -> dict[str, Any] | None:
        """The answer when everything it needs is kept and current, else None; never
        blocks (safe on the event loop: it asks the database nothing)."""
        if self.events is None:
            return None
        summary = self._current(center, day, self.events.heard(center))
        if summary is None:
            return None
        signed_in = None
        if day == service_day():
            signed_in = self._signed_in_kept(center)
            if signed_in is None:
                return None
        return position(summary, center, day, service, number, signed_in)

    async def position_json(self, request: Request) -> Response:
        """``GET /v1/centers/{center}/position``: answered on the event loop when nothing
        needs reading (no hand-over to a thread and back, two wake-ups fewer on a busy
        machine), else in the thread pool."""
        center, day = center_and_day(request)
        service = request.query_params.get("service", "")
        number = request.query_params.get("number", "")
        if not _SERVICE.fullmatch(service) or not _NUMBER.fullmatch(number):
            raise RefusedError(400, "service must be a queue code (A-Z, 0-9) and number a "
                                    "ticket number (up to 6 digits)")
        kept = self.answer_kept(center, day, service, int(number))
        return JSONResponse(kept if kept is not None else await run_in_threadpool(
            self.answer, center, day, service, int(number)))


def position_routes(db: Database, events: BoardEvents | None = None) -> list[Route]:
    """The position route of the central app (``events``: see :class:`PositionDesk`)."""
    desk = PositionDesk(db, events)
    return [Route("/v1/centers/{center}/position", guarded(desk.position_json),
                  methods=["GET"])]
