"""The kiosk's live copy of its center's call board: a ticket's place without a request.

A kiosk used to ask the central where each new ticket stands as it printed it, so the
print waited on a round trip to a central that serves a whole city, and on how busy that
central was. Now the kiosk follows its center's board the way the lobby display does:
one server-sent-events stream (``GET /v1/centers/{center}/board/stream``, parsed by
``httpx-sse``), which the central sends whenever a record of the center arrives and at
least every 15 s, plus the statistics (``GET /v1/centers/{center}/stats``, the counters'
handling times) every :data:`STATS_S`. As a ticket prints, ``QueuePositionLookup``
computes its place from them with the same pure estimate the central uses: no request
on the print path, so its time does not depend on the central's load.

What a position from the board can know: a new ticket has not reached the central yet
(it leaves through the outbox), so every ticket waiting in its service is ahead of it;
the board's ``waiting`` counts all of them. The board is at most one record behind the
central (it is sent within a second of a change); tickets that other kiosks printed in
that second are missing, as they were from the central's own answer, which sees them
only once their outboxes deliver.

A board older than :data:`FRESH_S` (the stream is down, the central is away) is not
used: the lookup asks the central as before, and says nothing when that fails too.
Runs on a daemon thread of its own; nothing personal is in a board.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

import httpx
from httpx_sse import SSEError, connect_sse

from kiosk.core.errors import ConfigError
from kiosk.sync.client import tls_verify

log = logging.getLogger(__name__)

FRESH_S = 20.0  # the stream sends at least every 15 s: older means it is down
STATS_S = 60.0  # handling times move slowly: asked again at most this often
STATS_FRESH_S = 300.0  # figures older than this are not used
RETRY_S = (1.0, 2.0, 5.0, 10.0)  # back-off between reconnections, then every 10 s


class BoardWatch:
    """Follows one center's board stream on a thread of its own (see module docstring)."""

    def __init__(self, base_url: str, center: str, ca_bundle: str = "",
                 transport: httpx.BaseTransport | None = None) -> None:
        self.center = center
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), verify=tls_verify(ca_bundle, ConfigError),
            timeout=httpx.Timeout(5.0, read=FRESH_S + 10.0), transport=transport,
            headers={"User-Agent": "kiosk-board-watch/1"})
        self._lock = threading.Lock()
        self._board: tuple[float, dict[str, Any]] | None = None
        self._stats: tuple[float, dict[str, Any]] | None = None
        self._stats_asked = 0.0
        self._stop = threading.Event()
        self.boards = 0  # boards received (diagnostics, tests)
        self._thread = threading.Thread(target=self._run, name="board-watch", daemon=True)
        self._thread.start()

    def latest(self) -> tuple[dict[str, Any], dict[str, Any] | None, float] | None:
        """(board, statistics or None, the board's age in s) while the board is fresh,
        else None."""
        now = time.monotonic()
        with self._lock:
            board, stats = self._board, self._stats
        if board is None or now - board[0] > FRESH_S:
            return None
        usable = stats[1] if stats is not None and now - stats[0] <= STATS_FRESH_S else None
        return board[1], usable, now - board[0]

    def wait_for_board(self, timeout: float, with_stats: bool = True) -> bool:
        """Wait up to ``timeout`` s for a fresh board (and statistics) (tests, benchmarks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            kept = self.latest()
            if kept is not None and (kept[1] is not None or not with_stats):
                return True
            time.sleep(0.02)
        return False

    def close(self) -> None:
        """Stop following (the thread ends with its stream)."""
        self._stop.set()
        self._http.close()

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                self._follow()
                failures = 0
            except (httpx.HTTPError, SSEError, RuntimeError) as exc:  # RuntimeError: closed
                if self._stop.is_set():
                    return
                log.info("board stream lost", extra={"fields": {
                    "center": self.center, "error": type(exc).__name__}})
            self._stop.wait(RETRY_S[min(failures, len(RETRY_S) - 1)])
            failures += 1

    def _follow(self) -> None:
        """One stream, until it ends or fails."""
        with connect_sse(self._http, "GET", f"/v1/centers/{self.center}/board/stream"
                         ) as source:
            source.response.raise_for_status()
            for event in source.iter_sse():
                if self._stop.is_set():
                    return
                if event.event == "board":
                    self._take_board(event.data)

    def _take_board(self, data: str) -> None:
        try:
            board = json.loads(data)
        except ValueError:
            return  # an odd event: the next one will do
        if not isinstance(board, dict) or not isinstance(board.get("services"), list):
            return
        with self._lock:
            self._board = (time.monotonic(), board)
            self.boards += 1
        if time.monotonic() - self._stats_asked >= STATS_S:
            self._stats_asked = time.monotonic()
            self._ask_stats()

    def _ask_stats(self) -> None:
        try:
            answer = self._http.get(f"/v1/centers/{self.center}/stats")
            stats = answer.json() if answer.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return
        if isinstance(stats, dict):
            with self._lock:
                self._stats = (time.monotonic(), stats)
