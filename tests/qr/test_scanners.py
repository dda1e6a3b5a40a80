"""USB scanners: keyboard-wedge timing with synthetic key events, serial over a real pty."""

from __future__ import annotations

import os
import queue
import time
import tty

import pytest

from kiosk.core.config import ScannerConfig
from kiosk.devices.qr.events import Deduplicator, ScanEvent
from kiosk.devices.qr.scanners import (
    KeyboardWedgeDetector,
    ScannerError,
    ScannerState,
    SerialScanner,
    serial_port_from_url,
    serial_scanner_from_config,
)
from tests.qr.codes import as_cp1252_mojibake
from tests.qr.conftest import PAYLOAD
from tests.support.waiting import wait_until


class Recorder:
    def __init__(self) -> None:
        self.scans: list[ScanEvent] = []
        self.typed: list[str] = []
        self.errors: list[str] = []

    def detector(self, **kw: object) -> KeyboardWedgeDetector:
        return KeyboardWedgeDetector(self.scans.append, on_typing=self.typed.append,
                                     on_error=self.errors.append, **kw)  # type: ignore[arg-type]


def type_keys(detector: KeyboardWedgeDetector, text: str, start: float, gap: float) -> float:
    at = start
    for key in text:
        detector.feed(key, at)
        at += gap
    return at


def test_scanner_burst_becomes_a_scan() -> None:
    rec = Recorder()
    det = rec.detector()
    type_keys(det, PAYLOAD + "\r", 100.0, 0.004)
    assert [e.text for e in rec.scans] == [PAYLOAD]
    assert rec.scans[0].source == "keyboard" and "keys in" in rec.scans[0].detail
    assert rec.typed == [] and rec.errors == []


def test_person_typing_is_given_back() -> None:
    rec = Recorder()
    det = rec.detector()
    end = type_keys(det, "Nguyen Van A\n", 10.0, 0.18)
    det.flush(end + 1)
    assert rec.scans == []
    assert "".join(rec.typed) == "Nguyen Van A\n"


def test_fast_typist_on_short_text_is_not_a_scan() -> None:
    rec = Recorder()
    det = rec.detector()
    type_keys(det, "0123456789\n", 10.0, 0.004)  # too short for a CCCD code
    assert rec.scans == [] and "".join(rec.typed) == "0123456789\n"


def test_half_a_code_without_enter_is_dropped_and_reported() -> None:
    rec = Recorder()
    det = rec.detector()
    end = type_keys(det, PAYLOAD[:40], 5.0, 0.004)
    det.flush(end + 0.01)
    assert rec.errors == [] and rec.scans == []  # still inside the burst window
    det.flush(end + 0.5)
    assert rec.errors == ["the scanner sent an incomplete code (no Enter at the end)"]
    assert rec.typed == [] and rec.scans == []
    # the next full scan still works
    type_keys(det, PAYLOAD + "\n", end + 1, 0.004)
    assert [e.text for e in rec.scans] == [PAYLOAD]


def test_burst_interrupted_by_a_pause_becomes_typing_then_new_burst() -> None:
    rec = Recorder()
    det = rec.detector()
    at = type_keys(det, "abc", 1.0, 0.2)
    type_keys(det, PAYLOAD + "\n", at + 0.2, 0.003)
    assert "".join(rec.typed) == "abc"
    assert [e.text for e in rec.scans] == [PAYLOAD]


def test_wedge_mojibake_is_repaired_and_duplicates_dropped() -> None:
    rec = Recorder()
    det = rec.detector(dedup=Deduplicator(10.0))
    at = type_keys(det, as_cp1252_mojibake(PAYLOAD) + "\n", 0.0, 0.002)
    type_keys(det, as_cp1252_mojibake(PAYLOAD) + "\n", at + 0.5, 0.002)
    assert [e.text for e in rec.scans] == [PAYLOAD]
    assert "repaired" in rec.scans[0].detail


def test_wedge_overlong_burst_is_reported() -> None:
    rec = Recorder()
    det = rec.detector(max_length=100)
    type_keys(det, "x" * 150, 0.0, 0.001)
    assert rec.errors == ["the scanner sent more than the longest possible QR code"]


@pytest.fixture
def pty_pair() -> tuple[int, str]:
    master, slave = os.openpty()
    tty.setraw(slave)
    name = os.ttyname(slave)
    yield master, name
    os.close(master)
    os.close(slave)


def test_serial_scanner_over_a_pty(pty_pair: tuple[int, str]) -> None:
    master, port = pty_pair
    events: queue.Queue[ScanEvent] = queue.Queue()
    errors: queue.Queue[str] = queue.Queue()
    states: list[ScannerState] = []
    scanner = SerialScanner(port, events.put, baudrate=115200, on_error=errors.put,
                            on_state=lambda s, r: states.append(s), idle_timeout_s=0.2)
    scanner.start()
    try:
        wait_until(lambda: scanner.state is ScannerState.RUNNING, 5, 0.01, "the scanner to run")
        data = PAYLOAD.encode("utf-8")
        os.write(master, data[:30])  # a code may arrive in pieces
        time.sleep(0.05)
        os.write(master, data[30:] + b"\r\n")
        event = events.get(timeout=5)
        assert event.text == PAYLOAD and event.source == "serial" and event.raw == data
        os.write(master, data[:25])  # half a code, then silence
        assert errors.get(timeout=5) == "the scanner sent an incomplete code (no end of line)"
        os.write(master, b"\xff\xfe\x81\n")  # neither UTF-8 nor CP1258
        assert "neither UTF-8" in errors.get(timeout=5)
        os.write(master, data + b"\n")
        assert events.get(timeout=5).text == PAYLOAD
    finally:
        scanner.stop()
    assert states[0] is ScannerState.RUNNING and scanner.state is ScannerState.STOPPED


def test_serial_missing_port_is_unavailable() -> None:
    scanner = SerialScanner("/dev/no-such-tty", lambda e: None, retry_s=0.05)
    scanner.start()
    try:
        wait_until(lambda: scanner.state is ScannerState.UNAVAILABLE, 5, 0.01,
                   "the scanner to give up")
        assert scanner.state is ScannerState.UNAVAILABLE
        assert "cannot be opened" in scanner.reason
    finally:
        scanner.stop()


def test_scanner_urls() -> None:
    assert serial_port_from_url("serial:///dev/ttyACM0") == "/dev/ttyACM0"
    with pytest.raises(ScannerError):
        serial_port_from_url("usb://1234")
    assert serial_scanner_from_config(ScannerConfig(url=""), lambda e: None) is None
    assert serial_scanner_from_config(ScannerConfig(url="keyboard:"), lambda e: None) is None
    made = serial_scanner_from_config(ScannerConfig(url="serial:///dev/ttyUSB0", baudrate=115200),
                                      lambda e: None)
    assert made is not None and made.port == "/dev/ttyUSB0" and made.baudrate == 115200
