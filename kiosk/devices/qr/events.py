"""The one event every QR source delivers (camera, keyboard-wedge or serial scanner).

Callbacks run on the source's worker thread; the app bridges them to Qt.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScanEvent:
    """A QR payload read by some source.

    ``source`` is "camera", "keyboard" or "serial"; ``at`` is ``time.monotonic()``;
    ``detail`` says how it was read (ladder step, timing) and holds no personal data.
    """

    text: str = field(repr=False)
    raw: bytes = field(repr=False)
    source: str
    at: float
    detail: str = ""


ScanCallback = Callable[[ScanEvent], None]


class Deduplicator:
    """Drops a payload seen again within ``window_s`` seconds (a card held in view).

    Thread-safe, so one instance can sit in front of several sources.
    """

    def __init__(self, window_s: float = 3.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window_s = window_s
        self._clock = clock
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def is_new(self, text: str) -> bool:
        """True the first time ``text`` is seen in the window; each sighting extends it."""
        now = self._clock()
        with self._lock:
            self._last = {t: at for t, at in self._last.items() if now - at < self.window_s}
            new = text not in self._last
            self._last[text] = now
            return new

    def clear(self) -> None:
        """Forget everything seen (a new visit starts)."""
        with self._lock:
            self._last.clear()
