"""The kiosk's scan handler (``KioskRun._qr_scanned``): what the citizen is told.

Real window and real visit machine; the scan events are built here instead of coming
from a camera (the camera path is tested in test_camera_preview.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.config import KioskConfig, SyncConfig
from kiosk.core.visit.machine import Stage
from kiosk.demo.central import demo_central
from kiosk.devices.chip.identity import UNKNOWN_PROVINCE
from kiosk.devices.qr.events import ScanEvent
from kiosk.ui.kiosk.run import KioskRun

# Invented citizen; 999 is no province code of the old list.
UNKNOWN_PREFIX = "999190012687||Lê Thị Hoa|12071990|Nữ|Số 3 Ngõ 4, Hà Nội|15042021"


def scan(text: str) -> ScanEvent:
    return ScanEvent(text=text, raw=text.encode(), source="camera", at=time.monotonic())


@pytest.fixture
def kiosk(tmp_path: Path, qapp: object) -> Iterator[KioskRun]:
    config = replace(KioskConfig(), sync=replace(SyncConfig(), data_dir=str(tmp_path)))
    run = KioskRun(config, central=demo_central(config, role="kiosk"))
    try:
        yield run
    finally:
        run.close()


def _banner_text(run: KioskRun) -> str:
    run.window.settle()
    item = run.window.item("qr_not_cccd")
    if not item.isVisible():
        return ""
    # kiosk.ui.qt.i18n keeps word pairs ("căn cước") together with no-break spaces
    return str(run.window.item("qr_not_cccd_text").property("text")).replace("\u00a0", " ")


@pytest.mark.parametrize("text", ["https://example.vn/khuyen-mai", "hello",
                                  "12345|Tên|01011990|Nam|Hà Nội|01012021"])
def test_a_code_that_is_not_a_cccd_qr_is_told_to_the_citizen(
    kiosk: KioskRun, qtbot: QtBot, text: str
) -> None:
    visit = kiosk.window.visit
    assert _banner_text(kiosk) == ""
    kiosk._qr_scanned(scan(text))
    assert visit.data.notice == "qr_not_cccd"
    assert visit.data.qr_identity is None and visit.stage == Stage.ATTRACT
    assert _banner_text(kiosk) == ("Mã này không phải mã QR của thẻ căn cước. "
                                   "Xin đưa mã QR ở mặt trước thẻ của bạn.")
    kiosk.window.presenter.switch_language("en")
    assert _banner_text(kiosk) == ""  # the next action clears the notice
    kiosk._qr_scanned(scan(text))
    assert _banner_text(kiosk).startswith("This code is not the QR of a citizen ID card.")
    assert kiosk.window.qml_warnings == []


def test_an_unknown_province_prefix_is_accepted_with_a_note(kiosk: KioskRun) -> None:
    visit = kiosk.window.visit
    kiosk._qr_scanned(scan(UNKNOWN_PREFIX))
    assert visit.data.notice == ""
    assert visit.data.qr_identity is not None
    assert visit.data.qr_identity.id_number == "999190012687"
    assert UNKNOWN_PROVINCE in visit.data.qr_identity.warnings
    assert visit.data.identity_source == "qr"
    assert _banner_text(kiosk) == ""
