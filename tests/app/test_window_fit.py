"""The demo window fits the screen it opens on, keeps the layout's shape, and is named.

A 1080×1920 kiosk window on a 1920×1080 desktop ran off the screen, and its bare title
"kiosk" was shared with Qt's 3×3 "Qt Selection Owner for kiosk" window, so automation
found the wrong one. The windowed kiosk now scales its designed layout into the
screen's available area (aspect kept, never enlarged) and is titled after the center.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from kiosk.core.config import CenterConfig
from kiosk.core.procedures import load_catalog
from kiosk.core.visit.machine import Stage
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.kiosk.window import ORIENTATIONS, KioskWindow

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Kiosk — Trung tâm Phục vụ hành chính công"


@pytest.mark.parametrize("orientation", sorted(ORIENTATIONS))
def test_the_windowed_kiosk_fits_the_screen_keeps_its_shape_and_still_takes_touches(
        orientation: str, qapp: object, tmp_path: Path) -> None:
    window = KioskWindow(load_catalog(), CenterConfig(), orientation)
    try:
        window.show(fullscreen=False)
        window.settle()
        area = QGuiApplication.primaryScreen().availableGeometry()
        width, height = ORIENTATIONS[orientation]
        view = window.view
        assert view.width() <= area.width() and view.height() <= area.height()
        assert area.contains(view.geometry())
        assert abs(view.width() / view.height() - width / height) < 0.01  # same shape
        # it fills the room it has on one side (scaled down only as far as needed)
        assert max(view.width() / area.width(), view.height() / area.height()) > 0.99 or (
            (view.width(), view.height()) == (width, height))
        root = view.rootObject()
        assert (root.width(), root.height()) == (width, height)  # laid out as designed
        assert view.title() == TITLE
        window.tap("start")  # a touch lands where the scaled button is
        window.tap("choose_vi")
        assert window.visit.stage == Stage.CHOOSE_PROCEDURE
        shot = window.grab(tmp_path / "fit.png")  # what a person sees: the whole screen
        assert shot.stat().st_size > 10_000
        assert window.qml_warnings == []
    finally:
        window.close()


def test_the_counter_window_is_shrunk_to_the_screen(qapp: object) -> None:
    window = CounterWindow(load_catalog(), "fullhd")
    try:
        window.show(fullscreen=False)
        area = QGuiApplication.primaryScreen().availableGeometry()
        view = window.view
        # as small as the screen, but not below the desk's minimum size
        assert view.width() <= max(area.width(), view.minimumWidth()) < 1920
        assert view.height() <= max(area.height(), view.minimumHeight()) < 1080
        assert window.view.contentItem().scale() == 1.0  # the desk reflows, it is not scaled
    finally:
        window.close()


PROBE = """
import json, sys
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.qt.application import qt_application
from kiosk.core.config import CenterConfig
from kiosk.core.procedures import load_catalog
app = qt_application()  # QT_QPA_PLATFORM: offscreen with a 1920x1080 screen
found = {}
for orientation in ("portrait", "landscape"):
    window = KioskWindow(load_catalog(), CenterConfig(), orientation)
    window.show(fullscreen=False)
    window.settle()
    found[orientation] = [window.view.width(), window.view.height(), window.view.x(),
                          window.view.y(), window.view.contentItem().scale(),
                          window.view.title()]
    window.close()
found["screen"] = app.primaryScreen().availableGeometry().getRect()
print(json.dumps(found, ensure_ascii=False))
"""


def test_on_a_1920x1080_screen_portrait_is_scaled_and_centred_landscape_is_whole(
        tmp_path: Path) -> None:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"windowFrameMargins": False, "screens": [
        {"name": "fullhd", "x": 0, "y": 0, "width": 1920, "height": 1080,
         "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}))
    environ = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["screen"] == [0, 0, 1920, 1080]
    width, height, x, y, scale, title = found["portrait"]
    assert (width, height) == (607, 1080) and abs(scale - 0.5625) < 1e-3
    assert (x, y) == ((1920 - 607) // 2, 0) and title == TITLE
    assert found["landscape"][:5] == [1920, 1080, 0, 0, 1.0]
