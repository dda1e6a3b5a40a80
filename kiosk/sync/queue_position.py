"""Where a new ticket stands in the queue, asked of the central service as it is printed.

Only the central service sees the whole queue (every kiosk's tickets and every counter's
calls), so the kiosk asks it, with signed requests and a short timeout, from the worker
thread that issues the ticket. Offline, or when the answer is late or odd, the answer is
None and the ticket says the position is shown on the hall's display; printing never
waits longer than the timeout.

**People ahead** come from the call board (``GET /v1/centers/{center}/board``): the
tickets of the service still waiting. If the new ticket already reached the central
service and is among the next ones listed, the tickets before it are counted; otherwise
it has not arrived yet and every waiting ticket is ahead of it.

**Counters**: the board also names the counters serving each queue service
(``serving_counters``: those that called from it today, and those where a staff member
handling it is signed in now); :meth:`QueuePositionLookup.counters` reads them from the
board the position was just computed from, as "3, 4" ("" when unknown).

**Estimated wait** = people ahead × the recent mean service time of that service,
rounded up to whole minutes. The mean service time is measured today from the records:
the statistics (``GET /v1/centers/{center}/stats``) give each counter's mean handling
time (first call → served) and served count; the counters that recently called this
service (the board's recent calls) are averaged, weighted by how many citizens each
served. While fewer than :data:`MIN_SERVED` citizens were served that way, the minutes
per citizen come from ``kiosk/assets/procedures/service_minutes.toml`` (data, per service).
"""

from __future__ import annotations

import math
import ssl
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import httpx

from kiosk.core.errors import ConfigError
from kiosk.core.resources import asset
from kiosk.sync.client import DeviceSignatureAuth
from kiosk.sync.keys import DeviceIdentity

SERVICE_MINUTES = asset("procedures", "service_minutes.toml")
TIMEOUT_S = 1.5
MIN_SERVED = 3


@dataclass(frozen=True)
class QueuePosition:
    """People ahead of a ticket, the estimated wait, and what the estimate rests on."""

    ahead: int
    wait_minutes: int
    basis: str  # "history" (measured today) or "default" (minutes per citizen from data)


@lru_cache(maxsize=4)
def service_minutes(path: Path = SERVICE_MINUTES) -> dict[str, float]:
    """Queue service → usual minutes per citizen (key ``""``: any other service)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"the service minutes file {path} cannot be read: {exc}") from None
    minutes = data.get("minutes", {})
    default = data.get("default")
    if (not isinstance(minutes, dict) or not isinstance(default, int | float)
            or not all(isinstance(v, int | float) and v > 0 for v in minutes.values())
            or default <= 0):
        raise ConfigError(f"the service minutes file {path} needs a positive 'default' and "
                          "positive numbers under [minutes]")
    return {"": float(default), **{str(k): float(v) for k, v in minutes.items()}}


def people_ahead(board: dict[str, Any], service: str, number: int) -> int | None:
    """How many tickets of ``service`` wait before ``number``, from a board document."""
    label = f"{service}{number:03d}"
    for entry in board.get("services", []):
        if isinstance(entry, dict) and entry.get("service") == service:
            listed = [str(n) for n in entry.get("next", [])]
            if label in listed:
                return listed.index(label)
            return int(entry.get("waiting", 0))
    return 0 if isinstance(board.get("services"), list) else None


def counters_text(board: dict[str, Any], service: str) -> str:
    """The counters serving ``service`` on a board document, as "3, 4" ("" if none)."""
    serving = board.get("serving_counters")
    listed = serving.get(service) if isinstance(serving, dict) else None
    if not isinstance(listed, list):
        return ""
    return ", ".join(str(c) for c in listed if isinstance(c, str | int) and str(c))


def mean_service_minutes(board: dict[str, Any], stats: dict[str, Any],
                         service: str) -> float | None:
    """Today's mean minutes per citizen at the counters that recently called ``service``."""
    counters = {str(c.get("counter")) for c in board.get("recent_calls", [])
                if isinstance(c, dict) and c.get("service") == service}
    served = 0
    total = 0.0
    for row in stats.get("counters", []):
        if not isinstance(row, dict) or str(row.get("counter")) not in counters:
            continue
        minutes, count = row.get("avg_handling_min"), row.get("served")
        if isinstance(minutes, int | float) and isinstance(count, int) and count > 0:
            served += count
            total += float(minutes) * count
    return total / served if served >= MIN_SERVED else None


def estimate(board: dict[str, Any], stats: dict[str, Any] | None, service: str, number: int,
             defaults: dict[str, float]) -> QueuePosition | None:
    """People ahead and the wait for ticket ``number`` of ``service`` (pure)."""
    ahead = people_ahead(board, service, number)
    if ahead is None:
        return None
    measured = mean_service_minutes(board, stats or {}, service)
    per_citizen = measured if measured is not None else defaults.get(service, defaults[""])
    return QueuePosition(ahead, math.ceil(ahead * per_citizen - 1e-9),
                         "history" if measured is not None else "default")


class QueuePositionLookup:
    """Asks the central service where a new ticket stands (call it off the UI thread)."""

    def __init__(self, base_url: str, identity: DeviceIdentity | None, center: str,
                 ca_bundle: str = "", timeout: float = TIMEOUT_S,
                 transport: httpx.BaseTransport | None = None) -> None:
        verify: ssl.SSLContext | bool = True
        if ca_bundle:
            try:
                verify = ssl.create_default_context(cafile=ca_bundle)
            except (OSError, ssl.SSLError):
                raise ConfigError(f"the CA bundle {ca_bundle} cannot be read") from None
        self.center = center
        self.last: QueuePosition | None = None
        self._last_board: dict[str, Any] = {}
        self._defaults = service_minutes()
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), verify=verify, timeout=timeout,
            auth=DeviceSignatureAuth(identity) if identity is not None else None,
            transport=transport, headers={"User-Agent": "kiosk-queue/1"})

    def _get(self, path: str) -> dict[str, Any] | None:
        try:
            response = self._http.get(path)
        except httpx.HTTPError:
            return None
        if response.status_code != 200:
            return None
        try:
            data = response.json()
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def position(self, service: str, number: int) -> QueuePosition | None:
        """Where ticket ``number`` of ``service`` stands, or None when it cannot be known."""
        board = self._get(f"/v1/centers/{self.center}/board")
        self._last_board = board or {}
        if board is None:
            return None
        stats = self._get(f"/v1/centers/{self.center}/stats")
        try:
            found = estimate(board, stats, service, number, self._defaults)
        except (TypeError, ValueError):
            return None  # an answer of the wrong shape: the position stays unknown
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
        """Close the connection pool."""
        self._http.close()
