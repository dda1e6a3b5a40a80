"""How much espeak-ng work the public voice endpoint may cause: a rate limit, not pre-rendering.

``GET /v1/voice/{label}/{counter}.wav`` needs no signature (lobby displays fetch it), and
each uncached label cost ~0.08 s of CPU and ~836 KB. Pre-rendering was the other
choice, but the labels are open-ended (1-8 letters, up to 6 digits, any counter), so
only a sliding-window limit bounds the work while keeping the URL contract:

* each client address may cause :data:`PER_ADDRESS` syntheses per :data:`WINDOW_S`,
  and all addresses together :data:`OVERALL` (a lobby display needs one per call);
* one synthesis runs at a time per process; a request waits at most :data:`WAIT_S`
  for it, then gets a 429 too.

Cached announcements (a recall, a second display) are served without counting. The
counts live in memory: unlike enrolment codes this guards CPU, not a secret, and each
uvicorn worker has its own CPU budget and its own cache, so a per-process limit is the
right unit (with N workers the central does at most N syntheses at once).
"""

from __future__ import annotations

import threading
import time
from collections import deque

from kiosk.central.voice_errors import VoiceBusyError

WINDOW_S = 60.0
PER_ADDRESS = 20
OVERALL = 120
WAIT_S = 3.0


class SynthGate:
    """Admits a synthesis for a client address, or raises :class:`VoiceBusyError`."""

    def __init__(self, per_address: int = PER_ADDRESS, overall: int = OVERALL) -> None:
        self.per_address = per_address
        self.overall = overall
        self._lock = threading.Lock()
        self._running = threading.Lock()  # one espeak-ng run at a time
        self._times: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    def _retry_after(self, times: deque[float], now: float) -> int:
        return max(1, int(times[0] + WINDOW_S - now) + 1)

    def admit(self, address: str) -> None:
        """Count one synthesis for ``address`` (VoiceBusyError when over a limit)."""
        now = time.monotonic()
        with self._lock:
            for times in (*self._times.values(), self._all):
                while times and times[0] <= now - WINDOW_S:
                    times.popleft()
            self._times = {a: t for a, t in self._times.items() if t}
            mine = self._times.setdefault(address, deque())
            for times, limit in ((mine, self.per_address), (self._all, self.overall)):
                if len(times) >= limit:
                    raise VoiceBusyError("too many new announcements requested; wait a "
                                         "little", self._retry_after(times, now))
            mine.append(now)
            self._all.append(now)

    def running(self) -> threading.Lock:
        """The lock held while espeak-ng runs (acquire with :data:`WAIT_S`)."""
        return self._running
