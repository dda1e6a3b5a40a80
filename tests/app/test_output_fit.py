"""Full screen, the kiosk fills any output: four sizes, both shapes, nothing clipped.

In the cage session the kiosk drew its 1080×1920 (or 1920×1080) layout on a 1280×720
output, cut off at the bottom and right; laid out at the output's own size instead, the
screens overlapped (a 1366×768 landscape has less height than any screen needs). Now
the layout of the output's shape is scaled to fit and stretched along the other side
(:func:`kiosk.ui.qt.window_fit.layout_size`), so every screen gets at least its designed
room. Rendered offscreen on screens of each size (tests.support.offscreen_output).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from kiosk.ui.kiosk.window import ORIENTATIONS
from kiosk.ui.qt.application import on_wayland
from kiosk.ui.qt.window_fit import layout_size

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(1920, 1080), (1080, 1920), (1366, 768), (1280, 1024)]
DESIGNS = [QSize(*size) for size in ORIENTATIONS.values()]


def test_the_layout_size_fills_the_window_and_keeps_the_designed_room() -> None:
    for width, height in [*SIZES, (1280, 720), (720, 1280), (3840, 2160), (1024, 1280)]:
        size, scale = layout_size(QSize(width, height), DESIGNS)
        design = ORIENTATIONS["portrait" if height > width else "landscape"]
        assert size.width() >= design[0] - 1e-6 and size.height() >= design[1] - 1e-6
        assert min(size.width() - design[0], size.height() - design[1]) < 1e-6  # fits one way
        assert abs(size.width() * scale - width) < 1e-6  # fills the window exactly
        assert abs(size.height() * scale - height) < 1e-6


@pytest.mark.slow
def test_four_outputs_show_every_key_item_whole_and_fill_the_picture(tmp_path: Path) -> None:
    environ = {**os.environ, "QT_QUICK_BACKEND": "software",
               "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.offscreen_output", str(tmp_path),
         *(f"{w}x{h}" for w, h in SIZES)],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    for width, height in SIZES:
        found = report[f"{width}x{height}"]
        assert found["window"] == [width, height]
        design = ORIENTATIONS["portrait" if height > width else "landscape"]
        root_w, root_h = found["root"]
        assert root_w >= design[0] - 1 and root_h >= design[1] - 1  # the designed room
        assert abs(root_w / root_h - width / height) < 0.01  # the output's shape
        assert found["qml_warnings"] == []
        assert sorted(found["digit_keys"]) == list("0123456789")
        for screen, shown in found["screens"].items():
            image = QImage(shown["png"])
            assert (image.width(), image.height()) == (width, height), screen
            for name, rect in shown["items"].items():
                assert rect is not None, f"{name} is not shown on {screen} at {width}x{height}"
                x, y, w, h = rect
                assert x >= 0 and y >= 0 and x + w <= width + 1 and y + h <= height + 1, (
                    f"{name} on {screen} at {width}x{height} is clipped: {rect}")


def test_a_wayland_client_keeps_the_opengl_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's Wayland shared-memory buffers and the software renderer's partial frames
    left black holes and older layouts on screen in cage: on Wayland the software
    renderer is not chosen (tests/session checks the pictures in a real cage)."""
    for platform, wayland in (("wayland", True), ("wayland-egl", True), ("offscreen", False),
                              ("xcb", False), ("wayland:some=option", True)):
        monkeypatch.setenv("QT_QPA_PLATFORM", platform)
        assert on_wayland() is wayland, platform
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    monkeypatch.delenv("DISPLAY", raising=False)
    assert on_wayland()
