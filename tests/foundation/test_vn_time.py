"""Vietnam time (kiosk.core.vn_time) and the short file code (kiosk.core.file_code)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.file_code import ALPHABET, file_code
from kiosk.core.vn_time import (
    VIETNAM,
    clock_text,
    date_text,
    service_day,
    short_stamp_text,
    stamp_text,
    to_vn,
    today_vn,
)

LATE_UTC = dt.datetime(2026, 11, 23, 17, 30, tzinfo=dt.UTC)  # 00:30 on the 24th in Hà Nội


def test_a_moment_in_any_zone_reads_as_vietnam_time() -> None:
    new_york = LATE_UTC.astimezone(ZoneInfo("America/New_York"))
    for moment in (LATE_UTC, new_york, LATE_UTC.astimezone(VIETNAM)):
        assert clock_text(moment) == "00:30"
        assert stamp_text(moment) == "00:30 24/11/2026"
        assert short_stamp_text(moment) == "00:30 24/11"
        assert date_text(moment) == "24/11/2026"
        assert today_vn(moment) == dt.date(2026, 11, 24)
        assert service_day(moment) == "2026-11-24"
    assert to_vn(LATE_UTC).utcoffset() == dt.timedelta(hours=7)
    assert date_text(dt.date(2026, 1, 2)) == "02/01/2026"


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="zone"):
        stamp_text(dt.datetime(2026, 11, 23, 11, 57))


def test_the_file_code_is_short_readable_and_stable() -> None:
    codes = {file_code(f"visit-{n:032x}") for n in range(2000)}
    assert len(codes) == 2000  # 40 bits: no clash among a day's visits
    for code in codes:
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
        assert not set(code) & set("01OI") and set(code) - {"-"} <= set(ALPHABET)
    assert file_code("visit-abc") == file_code("visit-abc") != file_code("visit-abd")


def test_a_day_whose_start_falls_outside_the_calendar_is_refused_not_a_crash() -> None:
    from kiosk.central.reports import day_start_utc, next_day

    assert day_start_utc("2026-11-24") == "2026-11-23T17:00:00.000000Z"
    with pytest.raises(ValueError, match="out of range"):
        day_start_utc("0001-01-01")  # began in year 0 in UTC
    with pytest.raises(ValueError, match="out of range"):
        next_day("9999-12-31")


def test_the_diagnostics_report_a_technician_reads_gives_vietnam_time() -> None:
    from kiosk.diagnostics.export import report_text
    from kiosk.diagnostics.result import Report

    text = report_text(Report(checks=(), started_at=LATE_UTC, duration_ms=1.0))
    assert "Thời gian / Time: 00:30 24/11/2026 (giờ Việt Nam / Vietnam time)" in text
