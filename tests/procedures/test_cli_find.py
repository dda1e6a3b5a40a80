"""``kiosk procedures find`` as a person runs it: a real process, its output and exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "procedures", "find", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)


@pytest.mark.slow
def test_json_lists_the_issue_keys_best_first() -> None:
    done = _kiosk("làm lại căn cước bị mất", "--json", "--limit", "3")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert 1 <= len(answer) <= 3
    assert all(set(item) == {"code", "name", "field", "score", "why"} for item in answer)
    assert answer[0]["code"] == "CC-CAPLAI"
    assert answer[0]["name"] == "Cấp lại thẻ căn cước"
    assert "nghĩa là" in answer[0]["why"]
    scores = [item["score"] for item in answer]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.slow
def test_text_output_and_nothing_fits() -> None:
    done = _kiosk("sang ten so do", "--limit", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1. DD-SANGTEN")
    nothing = _kiosk("ly hôn")
    assert nothing.returncode == 1
    assert "hỏi tại quầy" in nothing.stdout and "Tòa án" in nothing.stdout
    empty = _kiosk("ly hôn", "--json")
    assert empty.returncode == 1 and json.loads(empty.stdout) == []


@pytest.mark.slow
def test_a_bad_limit_is_refused_in_one_sentence() -> None:
    done = _kiosk("khai sinh", "--limit", "0")
    assert done.returncode == 2
    assert "the limit must be at least 1" in done.stderr
