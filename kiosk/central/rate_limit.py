"""A per-address token bucket for the public pages that look something up by code.

Written here rather than taken from a library: it is twenty lines, in-process, and the
limits libraries bring storage back-ends we do not use. Each uvicorn worker keeps its
own buckets (a client spread over ``w`` workers gets at most ``w`` times the rate:
still far too few guesses for a 128-bit code). Behind a proxy, uvicorn's
``--proxy-headers`` makes the client address the real one (docs/deploy.md).
"""

from __future__ import annotations

import threading
import time

MAX_ADDRESSES = 100_000  # buckets kept; past it the oldest-refilled are forgotten


class RateLimiter:
    """``per_minute`` requests a minute per address, in bursts of at most ``burst``."""

    def __init__(self, per_minute: int, burst: int | None = None) -> None:
        self.rate = max(1, per_minute) / 60.0
        self.burst = float(burst if burst is not None else max(1, per_minute // 3))
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, address: str, now: float | None = None) -> float:
        """0 when ``address`` may go on; else the seconds until it may (nothing taken)."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            tokens, since = self._buckets.get(address, (self.burst, moment))
            tokens = min(self.burst, tokens + (moment - since) * self.rate)
            if tokens < 1.0:
                self._buckets[address] = (tokens, moment)
                return (1.0 - tokens) / self.rate
            if len(self._buckets) >= MAX_ADDRESSES:
                self._buckets.clear()
            self._buckets[address] = (tokens - 1.0, moment)
            return 0.0
