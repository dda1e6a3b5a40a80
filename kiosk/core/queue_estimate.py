"""Where a ticket stands in its queue and how long it will wait: pure functions.

Shared by the kiosk (``kiosk.sync.queue_position``, which asks the central service) and
the central service's own ``GET /v1/centers/{center}/position``
(``kiosk.central.ticket_position``), so both give the same answer from the same figures:
people ahead from the call board's waiting tickets, and the wait as people ahead × the
mean service time of the counters that recently called the service (today's records,
once :data:`MIN_SERVED` citizens were served so; before that the minutes per citizen of
``kiosk/assets/procedures/service_minutes.toml``).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kiosk.core.errors import ConfigError
from kiosk.core.resources import asset

SERVICE_MINUTES = asset("procedures", "service_minutes.toml")
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
