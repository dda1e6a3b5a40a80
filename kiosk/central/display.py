"""The lobby call display, its live stream, the voice announcements and "call next".

Routes (added to the central app by :func:`display_routes`):

* ``GET /display/{center}`` — the page for the lobby TV (``kiosk/assets/display/display.html``);
* ``GET /v1/centers/{center}/board`` — the board as JSON (``?day=YYYY-MM-DD``, default
  today in Vietnam);
* ``GET /v1/centers/{center}/board/stream`` — the board as server-sent events: one
  ``board`` event at once, then one whenever a record of the center arrives (the
  stream sleeps until ``board_events`` wakes it: no polling per screen) and every
  ``REFRESH_S`` seconds (waiting times move on), with ``retry`` set so browsers come
  back by themselves after a server restart;
* ``GET /v1/voice/{label}/{counter}.wav`` — the spoken call (see ``voice``);
* ``POST /v1/counters/next`` — signed: the next ticket for a counter (see ``counters``).

All of them only read records; none changes one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import threading
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from kiosk.central.answers import guarded
from kiosk.central.counters import CounterDesk
from kiosk.central.public_pages import center_and_day, read_asset
from kiosk.central.queue_board import build_board
from kiosk.central.queue_day import day_version, shared_day
from kiosk.central.service import RefusedError
from kiosk.central.staff import signed_in_counters
from kiosk.central.stats import StatsPages
from kiosk.central.storage import Database
from kiosk.central.voice import VoiceCache
from kiosk.central.voice_errors import VoiceBusyError, VoiceError
from kiosk.core.vn_time import service_day
from kiosk.wire.bounded_json import loads_bounded

if TYPE_CHECKING:
    from kiosk.central.app import CentralApp

log = logging.getLogger(__name__)

POLL_S = 0.5  # only while the database or the board announcements are failing
MIN_FRAME_S = 1.0  # a stream sends at most one board a second, however fast records come
MAX_BOARDS = 2048  # boards kept per worker (one per center and day watched)
REFRESH_S = 15.0
RETRY_MS = 1000


class CallDisplay:
    """Board, stream, voice and call-next handlers over one database."""

    def __init__(self, central: CentralApp, db: Database) -> None:
        self.central = central
        self.db = db
        self.counters = CounterDesk(db)
        self.voices = VoiceCache()
        # one board per center and version, shared by every display watching it
        self._boards: dict[tuple[str, str], tuple[str, float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def board(self, center: str, day: str) -> dict[str, Any]:
        """The board of ``center`` on ``day`` now (blocking; shared while nothing changed)."""
        with self._lock:
            cached = self._boards.get((center, day))
        version = day_version(self.db, center, day)
        if cached is not None and cached[0] == version and time.monotonic() - cached[1] < 1.0:
            return cached[2]
        # today's board also names the counters open now for each service (the kiosk
        # tells the citizen where to go); another day's only those that called
        signed_in = signed_in_counters(self.db, center) if day == service_day() else None
        board = build_board(shared_day(self.db, center, day, version), dt.datetime.now(dt.UTC),
                            signed_in)
        with self._lock:
            if len(self._boards) > MAX_BOARDS:
                self._boards.clear()
            self._boards[(center, day)] = (version, time.monotonic(), board)
        return board

    async def page(self, request: Request) -> Response:
        """The lobby TV page."""
        center_and_day(request)
        return HTMLResponse(read_asset("display.html"), headers={"Cache-Control": "no-cache"})

    async def board_json(self, request: Request) -> Response:
        """The board as one JSON document."""
        center, day = center_and_day(request)
        return JSONResponse(await run_in_threadpool(self.board, center, day))

    async def stream(self, request: Request) -> Response:
        """The board as server-sent events."""
        center, fixed_day = center_and_day(request)
        explicit = "day" in request.query_params

        hub = self.central.service.events

        async def events() -> AsyncIterator[str]:
            yield f"retry: {RETRY_MS}\n\n"
            last_version, last_sent = "", 0.0
            wake = hub.subscribe(center)
            try:
                while not await request.is_disconnected():
                    wake.reset()
                    day = fixed_day if explicit else service_day()
                    sent = await self._changed(center, day, last_version, last_sent)
                    trouble = False
                    if sent is not None:
                        last_version, last_sent, frame = sent
                        trouble = frame.startswith("event: trouble")
                        yield frame
                        if not trouble:  # a burst of records makes one board, not many
                            await asyncio.sleep(MIN_FRAME_S)
                    # asleep until this center's records change (or the waits move on);
                    # a short poll only while the database or its announcements fail
                    await wake.wait(POLL_S if trouble or not hub.healthy else REFRESH_S)
            finally:
                hub.unsubscribe(wake)

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache",
                                          "X-Accel-Buffering": "no"})

    async def _changed(self, center: str, day: str, last_version: str, last_sent: float
                       ) -> tuple[str, float, str] | None:
        """The next frame when the board changed or is due: (version, sent at, frame).

        A database fault sends a ``trouble`` frame; the stream stays open.
        """
        try:
            version = await run_in_threadpool(day_version, self.db, center, day)
            if version == last_version and time.monotonic() - last_sent <= REFRESH_S:
                return None
            board = await run_in_threadpool(self.board, center, day)
        except Exception as exc:  # the database may come and go; the stream stays
            log.warning("board stream: %s", type(exc).__name__)
            return last_version, last_sent, "event: trouble\ndata: {}\n\n"
        data = json.dumps(board, ensure_ascii=False)
        return version, time.monotonic(), f"id: {version}\nevent: board\ndata: {data}\n\n"

    async def voice(self, request: Request) -> Response:
        """The spoken call as a WAV file."""
        label, counter = request.path_params["label"], request.path_params["counter"]
        cached = self.voices.cached(label, counter)
        try:
            audio = cached or await run_in_threadpool(
                self.voices.get, label, counter, request.client.host if request.client else "")
        except VoiceBusyError as exc:
            raise RefusedError(429, str(exc), retry_after=exc.retry_after) from None
        except VoiceError as exc:
            status = 400 if "ticket number" in str(exc) else 503
            raise RefusedError(status, str(exc)) from None
        return Response(audio, media_type="audio/wav",
                        headers={"Cache-Control": "public, max-age=86400",
                                 "X-Voice-Cache": "hit" if cached else "miss"})

    async def call_next(self, request: Request) -> Response:
        """Signed: claim the next waiting ticket for a counter."""
        signer, body = await self.central._signed(request, "call_next")
        data = loads_bounded(body)  # ProtocolError: a 400
        answer = await run_in_threadpool(self.counters.call_next, signer.keyid, data)
        return JSONResponse(answer)


def display_routes(central: CentralApp) -> list[Route]:
    """The display, stream, voice, call-next and statistics routes of the central app."""

    db = central.reports.db
    display = CallDisplay(central, db)
    stats = StatsPages(db)
    return [
        Route("/display/{center}", guarded(display.page), methods=["GET"]),
        Route("/v1/centers/{center}/board", guarded(display.board_json), methods=["GET"]),
        Route("/v1/centers/{center}/board/stream", guarded(display.stream), methods=["GET"]),
        Route("/v1/voice/{label}/{counter}.wav", guarded(display.voice), methods=["GET"]),
        Route("/v1/counters/next", guarded(display.call_next), methods=["POST"]),
        Route("/stats/{center}", guarded(stats.page), methods=["GET"]),
        Route("/v1/centers/{center}/stats", guarded(stats.stats_json), methods=["GET"]),
    ]
