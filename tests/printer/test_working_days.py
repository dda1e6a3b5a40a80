"""Working days with Vietnamese public holidays from the ``holidays`` package."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.devices.printer.errors import JobDataError
from kiosk.slips.working_days import (
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)

D = dt.date


def test_lunar_tet_2026_is_skipped() -> None:
    # Tết Bính Ngọ: 16-20 Feb 2026 off. Received Thu 12 Feb, 3 working days.
    assert holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
    assert add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)


def test_hung_kings_day_moves_with_the_lunar_calendar_and_is_observed() -> None:
    assert "Hùng Vương" in (holiday_name(D(2025, 4, 7)) or "")
    assert "Hùng Vương" in (holiday_name(D(2026, 4, 26)) or "")  # a Sunday in 2026
    assert not is_working_day(D(2026, 4, 27))  # observed on Monday
    assert add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)


def test_swapped_saturday_is_worked() -> None:
    # 2 May 2025 (Fri) off, worked on Sat 26 April 2025 instead.
    assert is_working_day(D(2025, 4, 26)) and not is_working_day(D(2025, 5, 2))
    assert add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)


def test_weekends_and_year_end() -> None:
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)  # 1 Jan holiday, weekend
    assert add_working_days(D(2026, 11, 20), 0) == D(2026, 11, 20)
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 27)) == 4  # 24/11 is a holiday


def test_bad_counts_are_typed_errors() -> None:
    with pytest.raises(JobDataError):
        add_working_days(D(2026, 1, 1), -1)
