"""``kiosk out-of-service``: the page systemd leaves after a crash loop, and its report.

The page is checked in this process (its words, Vietnamese first then English, the
device id, nothing clipped in portrait or landscape, nothing that takes a touch); the
command runs as a real process (offscreen) for a kiosk enrolled with a live central
service, whose statistics then list the kiosk as failing with status out_of_service.
With the central unreachable the report waits in the outbox and a later delivery
brings it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QObject, QRectF
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

from kiosk.core.config import KioskConfig, SyncConfig
from kiosk.diagnostics.out_of_service import report_out_of_service
from kiosk.sync.stack import build_sync
from kiosk.ui.kiosk.out_of_service import OutOfServiceWindow
from kiosk.wire.httpsig import sign_request
from tests.support.central_servers import CentralProcess, enrolled_kiosk

ROOT = Path(__file__).resolve().parents[2]
WORDS = {
    "title_vi": "Tạm ngưng phục vụ",
    "advice_vi": "Máy này đang tạm ngưng. Xin mời ông bà đến quầy tiếp nhận, cán bộ sẽ "
                 "hướng dẫn ông bà làm thủ tục.",
    "title_en": "Out of service",
    "advice_en": "This kiosk is out of service. Please go to a reception counter: the staff "
                 "will help you with your procedure.",
}


def all_items(item: QQuickItem) -> list[QQuickItem]:
    found = [item]
    for child in item.childItems():
        found += all_items(child)
    return found


def test_the_page_says_it_in_vietnamese_then_english_and_takes_no_touch(
        qapp: object, qtbot: QtBot, tmp_path: Path) -> None:
    window = OutOfServiceWindow("k-0123456789abcdef", "Trung tâm Phục vụ hành chính công",
                                "08:15")
    try:
        window.view.show()
        for width, height in ((1080, 1920), (1920, 1080), (1280, 1024)):
            window.view.resize(width, height)
            window.settle(80)
            for name, words in WORDS.items():
                assert window.text(name) == words
            assert window.text("device_line") == (
                "Mã thiết bị / Device: k-0123456789abcdef · Trung tâm Phục vụ hành chính công"
                " · từ / since 08:15")
            order = [window.item(n).mapToScene(window.item(n).position()).y() for n in
                     ("title_vi", "advice_vi", "title_en", "advice_en", "device_line")]
            assert order == sorted(order)  # Vietnamese first
            screen = QRectF(0, 0, width, height)
            for name in (*WORDS, "device_line"):
                item = window.item(name)
                box = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
                assert screen.contains(box), (name, width, height, box)  # nothing clipped
        inputs = ("MouseArea", "Button", "Flickable", "TextInput", "TextEdit", "PinchArea",
                  "Handler", "Keys")
        for item in all_items(window.view.contentItem()):
            kinds = [item.metaObject().className()] + [
                child.metaObject().className() for child in item.findChildren(QObject)]
            assert not [k for k in kinds if any(word in k for word in inputs)], kinds
            if item.metaObject().className().startswith("QQuickText"):
                assert "<a" not in str(item.property("text"))  # no link to follow
            assert not item.hasActiveFocus() or item is window.view.contentItem()
        window.show_report("Đã báo về máy chủ trung tâm / Reported to the central service")
        assert window.text("report_line").startswith("Đã báo")
        window.grab(tmp_path / "out_of_service.png")
    finally:
        window.close()


@pytest.mark.integration  # a central service process, the command as a process
@pytest.mark.slow
def test_the_command_reports_to_a_live_central_where_it_counts_as_failing(
        tmp_path: Path) -> None:
    central = CentralProcess(f"sqlite:///{tmp_path / 'central.db'}", tmp_path)
    try:
        folder = tmp_path / "kiosk"
        identity = enrolled_kiosk(central, folder)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_CONFIG": "",
               "KIOSK_SYNC_DATA_DIR": str(folder)}
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "out-of-service", "--windowed", "--exit-after", "6",
             "--reason", "kiosk-session.service"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=90)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Tạm ngưng phục vụ / Out of service" in done.stdout
        assert "Reported to the central service" in done.stdout, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        stats = httpx.get(f"{central.url}/v1/centers/HCM-01/stats", timeout=10).json()
        assert stats["devices_out_of_service"] == 1  # counted in public, never named
        assert identity.device_id not in json.dumps(stats)
        problems = _center_devices(central, tmp_path)  # named for the center's technician
        mine = [d for d in problems["failing_devices"] if d["device_id"] == identity.device_id]
        assert len(mine) == 1 and mine[0]["status"] == "out_of_service", problems
        assert mine[0]["failed_checks"] == ["session"]
    finally:
        central.stop()


@pytest.mark.integration  # a central service process
def test_with_the_central_away_the_report_waits_in_the_outbox(tmp_path: Path) -> None:
    central = CentralProcess(f"sqlite:///{tmp_path / 'central.db'}", tmp_path)
    try:
        folder = tmp_path / "kiosk"
        identity = enrolled_kiosk(central, folder)
        config = replace(KioskConfig(), sync=replace(SyncConfig(), data_dir=str(folder),
                                                     central_url="http://127.0.0.1:9"))
        away = report_out_of_service(config, timeout_s=2)
        assert away.queued and not away.delivered and away.device_id == identity.device_id
        assert "Queued, not delivered yet (1 waiting)" in away.line
        stack = build_sync(replace(config, sync=replace(config.sync, central_url=central.url)))
        try:
            # the next start delivers it (once its retry time, a few seconds, has come)
            delivered = 0
            deadline = time.monotonic() + 20
            while delivered == 0 and time.monotonic() < deadline:
                delivered = stack.worker.drain().delivered
                time.sleep(0.2)
            assert delivered == 1
        finally:
            stack.close()
        problems = _center_devices(central, tmp_path)
        assert [d["status"] for d in problems["failing_devices"]
                if d["device_id"] == identity.device_id] == ["out_of_service"]
    finally:
        central.stop()


def _center_devices(central: CentralProcess, folder: Path) -> dict[str, Any]:
    """The center's device problems, read as its technician's device (a signed GET)."""
    technician = enrolled_kiosk(central, folder / "technician", role="technician")
    path = "/v1/centers/HCM-01/devices"
    headers = sign_request(technician.signing_key, technician.device_id, method="GET",
                           path=path, query="", body=b"")
    answer = httpx.get(central.url + path, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found
