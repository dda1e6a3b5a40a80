"""``kiosk address convert`` as a technician runs it: a real process, its output and exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "address", "convert", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_convert_prints_the_current_unit_as_json() -> None:
    done = _kiosk("Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "status": "converted", "input": "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
        "street": "", "ward": {"name": "Phường Sài Gòn", "code": "26740"},
        "province": {"name": "Thành phố Hồ Chí Minh", "code": "79"}, "candidates": []}


@pytest.mark.slow
def test_a_split_ward_lists_its_candidates_and_exits_0() -> None:
    done = _kiosk("Phường Ô Chợ Dừa, Quận Đống Đa, Hà Nội", "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["status"] == "ambiguous"
    assert answer["ward"] is None
    assert [c["ward"] for c in answer["candidates"]] == [
        {"name": "Phường Đống Đa", "code": "00235"}, {"name": "Phường Ô Chợ Dừa", "code": "00190"}]
    assert all(c["province"] == {"name": "Thành phố Hà Nội", "code": "01"}
               for c in answer["candidates"])


@pytest.mark.slow
def test_a_current_address_is_unchanged_in_plain_text() -> None:
    done = _kiosk("Phường Sài Gòn, Thành phố Hồ Chí Minh")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "unchanged: Phường Sài Gòn, Thành phố Hồ Chí Minh\n"


@pytest.mark.slow
def test_no_match_exits_1_with_one_sentence() -> None:
    done = _kiosk("nowhere in particular", "--json")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "kiosk: No province of Vietnam was found in this address.\n"
