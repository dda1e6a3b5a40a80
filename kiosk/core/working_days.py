"""Working days in Vietnam: no Saturdays, Sundays or public holidays.

The calendar is the ``holidays`` package's ``Vietnam``: it has the lunar Tết days and
the Hùng Kings' day (both moving with the lunar calendar), the observed days when a
holiday falls on a weekend, and the government's swapped days (a day off bridged to a
holiday and the Saturday worked in exchange, e.g. 2 May 2025 off, 26 April 2025
worked). Processing times of administrative procedures are counted from the first
working day after the file is received. Pure Python: the receipt (``kiosk.slips``) and
the file's due date at the central service (``kiosk.central.file_rules``) both count
with it.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays

MAX_DAYS = 3660


@functools.lru_cache(maxsize=1)
def _calendar() -> holidays.HolidayBase:
    return holidays.country_holidays("VN", language="vi")


@functools.lru_cache(maxsize=8192)
def is_working_day(day: dt.date) -> bool:
    """True when public offices work on ``day`` (a worked Saturday swap counts)."""
    return bool(_calendar().is_working_day(day))


def holiday_name(day: dt.date) -> str | None:
    """The Vietnamese name of the holiday on ``day``, or None."""
    name = _calendar().get(day)
    return None if name is None else str(name)


def add_working_days(received: dt.date, days: int) -> dt.date:
    """The date the result is due: ``days`` working days after the day of receipt.

    The day of receipt itself is not counted; ``days`` = 0 returns that same day.
    ValueError outside 0 to ``MAX_DAYS``.
    """
    if not 0 <= days <= MAX_DAYS:
        raise ValueError(f"processing time must be 0 to {MAX_DAYS} working days, not {days}")
    day = received
    left = days
    while left:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count
