"""The body of a ticket-number lease request, checked (see ``CentralService.lease``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kiosk.central.service import MAX_DAYS_AHEAD, MAX_LEASE, RefusedError
from kiosk.core.vn_time import service_day

_SERVICE = re.compile(r"^[A-Z0-9]{1,8}$")


def parse_lease(body: Any) -> tuple[str, int, str]:
    """(service, size, day) of a lease request; RefusedError 400 with the reason otherwise.

    ``day`` defaults to today (Vietnam time) and may be up to ``MAX_DAYS_AHEAD`` days later.
    """
    if not isinstance(body, dict) or not {"service", "size"} <= set(body) <= {
            "service", "size", "day"}:
        raise RefusedError(400, 'a lease request needs "service" and "size" (and "day")')
    service, size = body["service"], body["size"]
    if not isinstance(service, str) or not _SERVICE.match(service):
        raise RefusedError(400, "service must be 1-8 upper-case letters or digits")
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_LEASE:
        raise RefusedError(400, f"size must be an integer from 1 to {MAX_LEASE}")
    today = service_day()
    day = body.get("day", today)
    allowed = {str(dt.date.fromisoformat(today) + dt.timedelta(days=n))
               for n in range(MAX_DAYS_AHEAD + 1)}
    if not isinstance(day, str) or day not in allowed:
        raise RefusedError(400, f"day must be today or up to {MAX_DAYS_AHEAD} days ahead")
    return service, size, day
