"""Vietnam time: the one clock every person sees, whatever the machine's time zone.

Stored and sent times stay in UTC (``kiosk.wire.protocol``); what a citizen or a staff
member reads on a screen or holds on paper is Vietnam time (Asia/Ho_Chi_Minh, UTC+7,
no daylight saving since 1975). A kiosk whose system zone is UTC printed "Giờ lấy số
04:57" for 11:57: every moment shown goes through :func:`to_vn` here instead of the
machine's local time (``datetime.now()`` without a zone, QML's ``new Date()``).

The zone comes from the IANA database (the system's, or the ``tzdata`` package); a
machine with neither still gets the fixed UTC+7 offset, which is the same clock.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ZONE_NAME = "Asia/Ho_Chi_Minh"


def _zone() -> dt.tzinfo:
    try:
        return ZoneInfo(ZONE_NAME)
    except ZoneInfoNotFoundError:  # no zone database at all: the same clock, fixed
        return dt.timezone(dt.timedelta(hours=7), "ICT")


VIETNAM: dt.tzinfo = _zone()


def now_vn() -> dt.datetime:
    """The current moment in Vietnam time (aware)."""
    return dt.datetime.now(VIETNAM)


def to_vn(moment: dt.datetime) -> dt.datetime:
    """``moment`` (aware, any zone) as Vietnam time.

    Raises :class:`ValueError` for a naive time: whose clock it shows cannot be known.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a time shown to a person must carry its zone (naive datetime given)")
    return moment.astimezone(VIETNAM)


def today_vn(moment: dt.datetime | None = None) -> dt.date:
    """The calendar day in Vietnam at ``moment`` (default: now)."""
    return (now_vn() if moment is None else to_vn(moment)).date()


def service_day(moment: dt.datetime | None = None) -> str:
    """The center's calendar day (Vietnam time) as ``YYYY-MM-DD``: tickets number per day."""
    return today_vn(moment).isoformat()


def clock_text(moment: dt.datetime) -> str:
    """``HH:MM`` in Vietnam time (a header clock, the time on a ticket screen)."""
    return to_vn(moment).strftime("%H:%M")


def stamp_text(moment: dt.datetime) -> str:
    """``HH:MM dd/mm/YYYY`` in Vietnam time (slips, the counter's "received" line)."""
    return to_vn(moment).strftime("%H:%M %d/%m/%Y")


def short_stamp_text(moment: dt.datetime) -> str:
    """``HH:MM dd/mm`` in Vietnam time (one line of a list)."""
    return to_vn(moment).strftime("%H:%M %d/%m")


def date_text(day: dt.date) -> str:
    """``dd/mm/YYYY``, the Vietnamese way; a moment (datetime) is taken in Vietnam time."""
    if isinstance(day, dt.datetime):
        day = to_vn(day).date()
    return day.strftime("%d/%m/%Y")
