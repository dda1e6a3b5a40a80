"""What the public pages (call display, statistics) share: their assets and parameters."""

from __future__ import annotations

import datetime as dt
import re

from starlette.requests import Request

from kiosk.central.service import RefusedError
from kiosk.core.resources import asset
from kiosk.core.vn_time import service_day

ASSETS = asset("display")
_CENTER = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_asset(name: str) -> str:
    """A page or script from ``kiosk/assets/display``."""
    return (ASSETS / name).read_text(encoding="utf-8")


def center_and_day(request: Request) -> tuple[str, str]:
    """The ``center`` path parameter and the ``day`` query (default: today), checked."""
    center = request.path_params["center"]
    day = request.query_params.get("day") or service_day()
    if not _CENTER.fullmatch(center) or not _DAY.fullmatch(day):
        raise RefusedError(400, "center must be a code and day must be YYYY-MM-DD")
    try:
        parsed = dt.date.fromisoformat(day)
    except ValueError:
        raise RefusedError(400, "day is not a real calendar day") from None
    if not dt.date(1, 1, 2) <= parsed <= dt.date(9999, 12, 30):  # its UTC bounds must exist
        raise RefusedError(400, "day is out of range")
    return center, day
