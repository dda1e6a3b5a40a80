"""Working days in Vietnam for the printed slips (the calendar is ``kiosk.core.working_days``).

Processing times of administrative procedures are counted from the first working day
after the file is received; a processing time out of range is a :class:`JobDataError`
here, as every bad slip field is.
"""

from __future__ import annotations

import datetime as dt

from kiosk.core import working_days as calendar
from kiosk.core.working_days import MAX_DAYS, holiday_name, is_working_day, working_days_between
from kiosk.devices.printer.errors import JobDataError

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
__all__ = ["MAX_DAYS", "WEEKDAYS_EN", "WEEKDAYS_VI", "add_working_days", "holiday_name",
           "is_working_day", "working_days_between"]


def add_working_days(received: dt.date, days: int) -> dt.date:
    """The date the result is due: ``days`` working days after the day of receipt.

    The day of receipt itself is not counted; ``days`` = 0 returns that same day.
    """
    try:
        return calendar.add_working_days(received, days)
    except ValueError as exc:
        raise JobDataError(str(exc)) from None
