"""One clock: what a person reads is Vietnam time whatever the machine's time zone.

A kiosk whose system zone was UTC printed "Giờ lấy số 04:57" at 11:57 in Hà Nội and its
counter's header clock said 04:59. ``vn_clock_probe`` shows the ticket screen, prints
the kiosk's slip and the counter's receipt and shows the counter's clocks at one fixed
instant; run under three machine zones it must read the same Vietnam time on each. The
instant, 17:30 UTC, is already the next day in Vietnam: the dates must follow too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow]  # the probe runs as a process in three machine time zones

ROOT = Path(__file__).resolve().parents[2]
INSTANT = "2026-11-23T17:30:00+00:00"  # 00:30 on 24/11/2026 in Vietnam
ZONES = ("UTC", "Asia/Ho_Chi_Minh", "America/New_York")


def _probe(zone: str) -> dict[str, str]:
    environ = {**os.environ, "TZ": zone, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "app" / "vn_clock_probe.py"),
                           INSTANT], cwd=ROOT, env=environ, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_every_clock_a_person_sees_is_vietnam_time_in_any_machine_zone() -> None:
    seen = {zone: _probe(zone) for zone in ZONES}
    offsets = {found.pop("machine_offset") for found in seen.values()}
    assert len(offsets) == len(ZONES)  # the machines really were in different zones
    first = seen[ZONES[0]]
    for zone in ZONES[1:]:
        assert seen[zone] == first, zone
    assert first["screen_issued"] == "Giờ lấy số: 00:30"
    assert first["slip_issued"].endswith("00:30 24/11/2026")
    assert first["counter_clock"] == "00:30"
    assert first["counter_received"] == "Nộp lúc 00:30 24/11/2026"
    assert first["receipt_received"].endswith("00:30 24/11/2026")
    assert first["receipt_ready"] == "27/11/2026"  # 3 working days from Vietnam's 24/11
    assert first["service_day"] == "2026-11-24"  # ticket numbers count Vietnam's day
    # the file code and the counters, the same on the screen and on both slips
    assert first["screen_code"].startswith("Mã hồ sơ: K7QM-3FXA")
    assert first["slip_code"].endswith("K7QM-3FXA") and first["receipt_code"].endswith(
        "K7QM-3FXA")
    assert first["screen_counter"] == "Mời đến quầy số 3, 4"
    assert first["slip_counter"].endswith("3, 4")
