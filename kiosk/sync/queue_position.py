"""Where a new ticket stands in the queue, as it is printed.

**From the board the kiosk follows** (``kiosk.sync.board_watch``): while the kiosk's
copy of its center's board is fresh, the position is computed from it with no request
at all, so printing does not wait on the central. Otherwise the central is asked:

Only the central service sees the whole queue (every kiosk's tickets and every counter's
calls), so the kiosk asks it, with signed requests and a short timeout, from the worker
thread that issues the ticket. Offline, or when the answer is late or odd, the answer is
None and the ticket says the position is shown on the hall's display; printing never
waits longer than the timeout.

**One question** (``GET /v1/centers/{center}/position?service=&number=``): the central
service answers people ahead, the estimated wait, its basis and the counters serving the
service, computed as below from its own copy of the day. A kiosk may ask it of the
central's *interactive lane* (``[sync] interactive_url``: worker processes that serve
only kiosks' and counters' short calls, apart from bulk intake and the lobby displays,
see ``docs/scale.md``); the default is the central's one URL. A central older than this
answers 404: the kiosk then asks the two documents below instead, from then on.

**People ahead** come from the call board (``GET /v1/centers/{center}/board``): the
tickets of the service still waiting. If the new ticket already reached the central
service and is among the next ones listed, the tickets before it are counted; otherwise
it has not arrived yet and every waiting ticket is ahead of it.

**Counters**: the board also names the counters serving each queue service
(``serving_counters``: those that called from it today, and those where a staff member
handling it is signed in now); :meth:`QueuePositionLookup.counters` reads them from the
answer the position was just computed from, as "3, 4" ("" when unknown).

**Estimated wait** = people ahead × the recent mean service time of that service,
rounded up to whole minutes. The mean service time is measured today from the records:
the statistics (``GET /v1/centers/{center}/stats``) give each counter's mean handling
time (first call → served) and served count; the counters that recently called this
service (the board's recent calls) are averaged, weighted by how many citizens each
served. While fewer than :data:`MIN_SERVED` citizens were served that way, the minutes
per citizen come from ``kiosk/assets/procedures/service_minutes.toml`` (data, per service).
The pure functions are in ``kiosk.core.queue_estimate``, shared with the central service.
"""

from __future__ import annotations

from typing import Any

import httpx

from kiosk.core.errors import ConfigError
from kiosk.core.queue_estimate import (  # noqa: F401  (re-exported: the kiosk's names)
    MIN_SERVED,
    SERVICE_MINUTES,
    QueuePosition,
    counters_text,
    estimate,
    mean_service_minutes,
    people_ahead,
    service_minutes,
)
from kiosk.sync.board_watch import BoardWatch
from kiosk.sync.client import DeviceSignatureAuth, tls_verify
from kiosk.sync.keys import DeviceIdentity

TIMEOUT_S = 1.5


class QueuePositionLookup:
    """Asks the central service where a new ticket stands (call it off the UI thread)."""

    def __init__(self, base_url: str, identity: DeviceIdentity | None, center: str,
                 ca_bundle: str = "", timeout: float = TIMEOUT_S,
                 transport: httpx.BaseTransport | None = None,
                 watch: BoardWatch | None = None) -> None:
        verify = tls_verify(ca_bundle, ConfigError)
        self.center = center
        self.watch = watch  # the center's live board: a position with no request
        self.last: QueuePosition | None = None
        self._last_board: dict[str, Any] = {}
        self._asks_position = True  # until a central answers 404 (before the question)
        self._defaults = service_minutes()
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), verify=verify, timeout=timeout,
            auth=DeviceSignatureAuth(identity) if identity is not None else None,
            transport=transport, headers={"User-Agent": "kiosk-queue/1"})

    def _get(self, path: str, params: dict[str, Any] | None = None
             ) -> tuple[int, dict[str, Any] | None]:
        """(status, JSON object) of a GET; status 0 when nothing (usable) came back."""
        try:
            response = self._http.get(path, params=params)
        except httpx.HTTPError:
            return 0, None
        if response.status_code != 200:
            return response.status_code, None
        try:
            data = response.json()
        except ValueError:
            return 0, None
        return 200, data if isinstance(data, dict) else None

    def position(self, service: str, number: int) -> QueuePosition | None:
        """Where ticket ``number`` of ``service`` stands, or None when it cannot be known."""
        kept = self.watch.latest() if self.watch is not None else None
        if kept is not None:
            found = self._estimated(kept[0], kept[1], service, number)
            if found is not None:
                return found
        if self._asks_position:
            status, answer = self._get(f"/v1/centers/{self.center}/position",
                                       {"service": service, "number": str(number)})
            if status != 404:  # 404: a central from before the question: ask as it was
                return self._answered(answer)
            self._asks_position = False
        return self._from_board(service, number)

    def _answered(self, answer: dict[str, Any] | None) -> QueuePosition | None:
        """The position from the central's own answer (None if absent or odd)."""
        self._last_board = {}
        if answer is None:
            return None
        ahead, wait, basis = answer.get("ahead"), answer.get("wait_minutes"), answer.get("basis")
        counters = answer.get("counters")
        if (not isinstance(ahead, int) or not isinstance(wait, int) or ahead < 0 or wait < 0
                or basis not in ("history", "default") or not isinstance(counters, list)):
            return None
        serving = answer.get("serving_counters")
        self._last_board = {"serving_counters": serving if isinstance(serving, dict)
                            else {str(answer.get("service")): counters}}
        self.last = QueuePosition(ahead, wait, str(basis))
        return self.last

    def _from_board(self, service: str, number: int) -> QueuePosition | None:
        """The position from the board and the statistics (a central before /position)."""
        board = self._get(f"/v1/centers/{self.center}/board")[1]
        self._last_board = board or {}
        if board is None:
            return None
        stats = self._get(f"/v1/centers/{self.center}/stats")[1]
        return self._estimated(board, stats, service, number)

    def _estimated(self, board: dict[str, Any], stats: dict[str, Any] | None, service: str,
                   number: int) -> QueuePosition | None:
        """The position estimated from a board and the statistics (None if odd)."""
        try:
            found = estimate(board, stats, service, number, self._defaults)
        except (TypeError, ValueError, AttributeError):
            return None  # an answer of the wrong shape: the position stays unknown
        self._last_board = board
        self.last = found
        return found

    def __call__(self, service: str, number: int) -> tuple[int, int] | None:
        """(people ahead, minutes) for the ticket runner, or None when unknown."""
        found = self.position(service, number)
        return None if found is None else (found.ahead, found.wait_minutes)

    def counters(self, service: str) -> str:
        """The counters serving ``service`` ("3, 4"), from the board the last
        :meth:`position` read ("" when it had none: offline, or nobody serves it yet)."""
        return counters_text(self._last_board, service)

    def close(self) -> None:
        """Close the connection pool (and stop following the board)."""
        if self.watch is not None:
            self.watch.close()
        self._http.close()
