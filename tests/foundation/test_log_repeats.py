"""Logs fit for the journal: the log-repeat rule and the journald line format.

The rule: a warning repeated while the state does not change is written once; when the
logger says something else, one line sums the repeats up; a warning that lasts is
written again after the period (an hour) with how often it was held back.
The format: when ``$JOURNAL_STREAM`` names the stream (as systemd sets it for a
service whose stderr is the journal), each line starts with its syslog priority and
carries no timestamp; elsewhere lines keep their time and no prefix.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.log_repeats import RepeatFilter
from kiosk.core.logs import fields, setup_logging, syslog_priority


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def restore_root() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def repeat_logger(clock: Clock) -> tuple[logging.Logger, io.StringIO, RepeatFilter]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    repeats = RepeatFilter(handler.handle, period_s=3600, clock=clock)
    handler.addFilter(repeats)
    log = logging.getLogger("kiosk.test.repeats")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.DEBUG)
    return log, stream, repeats


def test_a_warning_repeated_in_one_state_is_written_once_then_summed_up() -> None:
    clock = Clock()
    log, stream, _repeats = repeat_logger(clock)
    for _ in range(500):  # e.g. every 1-2 s for a quarter of an hour
        log.warning("spoken guidance unavailable", extra=fields(state="no_device"))
        clock.now += 1.5
    assert stream.getvalue() == "WARNING spoken guidance unavailable\n"
    log.info("spoken guidance available again")  # the state changed
    assert stream.getvalue().splitlines()[1:] == [
        "WARNING spoken guidance unavailable (repeated 499 more times)",
        "INFO spoken guidance available again"]
    log.warning("spoken guidance unavailable", extra=fields(state="no_device"))
    assert stream.getvalue().splitlines()[-1] == "WARNING spoken guidance unavailable"


def test_different_arguments_or_fields_are_a_different_state() -> None:
    clock = Clock()
    log, stream, _repeats = repeat_logger(clock)
    log.warning("sync round failed: %s", "timeout")
    log.warning("sync round failed: %s", "timeout")
    log.warning("sync round failed: %s", "refused")
    log.warning("printer", extra=fields(state="no_paper"))
    log.warning("printer", extra=fields(state="no_paper"))
    log.warning("printer", extra=fields(state="cover_open"))
    assert stream.getvalue().splitlines() == [
        "WARNING sync round failed: timeout",
        "WARNING sync round failed: timeout (repeated 1 more times)",
        "WARNING sync round failed: refused",
        "WARNING printer",
        "WARNING printer (repeated 1 more times)",
        "WARNING printer",
    ]


def test_a_lasting_warning_is_written_again_hourly_with_its_count() -> None:
    clock = Clock()
    log, stream, repeats = repeat_logger(clock)
    seen: list[dict[str, object]] = []
    log.handlers[0].addFilter(lambda r: seen.append(dict(getattr(r, "fields", {}))) or True)
    for _ in range(3601):
        log.warning("central unreachable", extra=fields(url="x"))
        clock.now += 1
    assert stream.getvalue().splitlines() == ["WARNING central unreachable"] * 2
    assert seen == [{"url": "x"}, {"url": "x", "repeated": 3599}]
    log.warning("central unreachable", extra=fields(url="x"))
    repeats.flush()  # at exit
    assert stream.getvalue().splitlines()[-1] == (
        "WARNING central unreachable (repeated 1 more times)")


def test_info_lines_are_never_held_back() -> None:
    log, stream, _repeats = repeat_logger(Clock())
    for _ in range(3):
        log.info("HTTP Request: POST /v1/records")
    assert len(stream.getvalue().splitlines()) == 3


def test_setup_logging_applies_the_rule(restore_root: None) -> None:
    stream = io.StringIO()
    setup_logging("INFO", "text", stream)
    log = logging.getLogger("kiosk.test.setup")
    for _ in range(20):
        log.warning("camera not found", extra=fields(source="0"))
    log.info("camera found")
    lines = stream.getvalue().splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        "camera not found source=0", "camera not found (repeated 19 more times) source=0",
        "camera found"]


def journal_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> io.TextIOWrapper:
    out = (tmp_path / "journal").open("w+", encoding="utf-8")
    stat = os.fstat(out.fileno())
    monkeypatch.setenv("JOURNAL_STREAM", f"{stat.st_dev}:{stat.st_ino}")
    return out


def test_journal_lines_carry_a_priority_and_no_timestamp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_root: None) -> None:
    out = journal_file(tmp_path, monkeypatch)
    setup_logging("DEBUG", "text", out)
    log = logging.getLogger("kiosk.test.journal")
    log.debug("probe")
    log.info("kiosk ready", extra=fields(device="k-1"))
    log.warning("printer", extra=fields(state="no_paper"))
    log.error("outbox unavailable")
    log.critical("disk gone")
    out.flush()
    lines = (tmp_path / "journal").read_text().splitlines()
    assert lines == [
        "<7>DEBUG   kiosk.test.journal: probe",
        "<6>INFO    kiosk.test.journal: kiosk ready device=k-1",
        "<4>WARNING kiosk.test.journal: printer state=no_paper",
        "<3>ERROR   kiosk.test.journal: outbox unavailable",
        "<2>CRITICAL kiosk.test.journal: disk gone",
    ]
    assert not any(re.search(r"\d\d:\d\d:\d\d", line) for line in lines)


def test_journal_json_lines_have_no_timestamp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_root: None) -> None:
    out = journal_file(tmp_path, monkeypatch)
    setup_logging("INFO", "json", out)
    logging.getLogger("kiosk.test.journal").warning("printer", extra=fields(state="no_paper"))
    out.flush()
    line = (tmp_path / "journal").read_text().strip()
    assert line.startswith("<4>{")
    assert json.loads(line[3:]) == {"level": "WARNING", "logger": "kiosk.test.journal",
                                    "msg": "printer", "state": "no_paper"}


def test_without_the_journal_lines_keep_their_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_root: None) -> None:
    monkeypatch.setenv("JOURNAL_STREAM", "1:2")  # inherited, but stderr is elsewhere
    out = (tmp_path / "plain").open("w+", encoding="utf-8")
    setup_logging("INFO", "text", out)
    logging.getLogger("kiosk.test.plain").warning("printer")
    out.flush()
    line = (tmp_path / "plain").read_text().strip()
    assert re.fullmatch(r"\d\d:\d\d:\d\d WARNING kiosk.test.plain: printer", line)


def test_priorities_follow_sd_daemon() -> None:
    assert [syslog_priority(level) for level in (5, 10, 20, 25, 30, 40, 50)] == [
        7, 7, 6, 6, 4, 3, 2]
