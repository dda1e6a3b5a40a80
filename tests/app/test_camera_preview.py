"""The live camera preview: frames from the camera worker thread onto the identify screen.

Real parts: the CameraScanner worker with the simulated camera source
(``source_from_config`` on ``sim:`` pictures of the sample cards' QR codes, decoded by
the real zxing-cpp decoder), the kiosk's SimulatedQrShow, and the real window.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.core.config import CameraConfig, KioskConfig, SyncConfig
from kiosk.core.visit.machine import Stage
from kiosk.demo.central import demo_central
from kiosk.devices.qr.camera import CameraScanner, CameraState, source_from_config
from kiosk.devices.qr.events import ScanEvent
from kiosk.simulated.sample_devices import QR_DIR, SimulatedQrShow
from kiosk.simulated.samples import list_samples
from kiosk.ui.kiosk.run import KioskRun
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.qt.camera_preview import (
    PLACEHOLDER_COLOR,
    CameraPreview,
    placeholder_image,
    preview_image,
)

SAMPLE_QR = sorted(QR_DIR.glob("*.jpg"))[0]


def _to_identify(window: KioskWindow) -> None:
    window.presenter.start()
    window.presenter.choose_language("vi")
    window.presenter.choose_procedure("CU-TAMTRU")
    assert window.visit.stage == Stage.IDENTIFY


def _colours_in(window: KioskWindow, name: str) -> int:
    """How many different colours the window shows inside the item named ``name``."""
    window.settle()
    item = window.item(name)
    rect = item.mapRectToScene(QRectF(QPointF(0, 0), item.boundingRect().size())).toRect()
    image = window.view.grabWindow().copy(rect)
    return len({image.pixel(x, y) for x in range(0, image.width(), 3)
                for y in range(0, image.height(), 3)})


def test_frames_from_the_camera_thread_reach_the_identify_screen(
    window: KioskWindow, qtbot: QtBot
) -> None:
    preview = window.camera_preview
    threads: set[str] = set()
    scans: list[ScanEvent] = []

    def on_frame(frame: np.ndarray, corners: object) -> None:
        threads.add(threading.current_thread().name)
        preview.on_frame(frame, corners)  # type: ignore[arg-type]  # converts right here

    _to_identify(window)
    placeholder_colours = _colours_in(window, "camera_view")
    assert not preview.property("live")
    scanner = CameraScanner(source_from_config(CameraConfig(f"sim:{SAMPLE_QR}")),
                            scans.append, on_frame=on_frame)
    scanner.start()
    try:
        qtbot.waitUntil(lambda: preview.property("live") and preview.property("decoded"),
                        timeout=10000)
    finally:
        scanner.stop()
    assert threads == {"qr-camera"}  # converted and downsized off the UI thread
    assert scans and scans[0].source == "camera"
    corners = preview.property("decode_corners")
    assert len(corners) == 8 and all(0.0 <= v <= 1.0 for v in corners)
    image = window.item("camera_image")
    assert image.isVisible() and image.property("progress") == 1.0  # loaded
    assert image.property("sourceSize").width() == 640  # the small preview, not 1280
    # A real picture of the card: many colours, where the placeholder has a handful.
    assert _colours_in(window, "camera_view") > 4 * placeholder_colours
    assert window.item("decode_outline").isVisible()
    assert window.item("camera_view").property("guideColor").name() == "#22c55e"
    assert window.qml_warnings == []


def test_no_frame_is_taken_unless_the_identify_screen_shows(
    window: KioskWindow, qtbot: QtBot
) -> None:
    preview = window.camera_preview
    frame = np.full((720, 1280, 3), 200, np.uint8)
    preview.on_frame(frame)  # attract screen: nobody wants the preview
    window.settle()
    assert preview.property("frame_number") == 0 and preview.latest() is not None
    assert preview.latest().pixelColor(0, 0).name() == PLACEHOLDER_COLOR

    _to_identify(window)
    worker = threading.Thread(target=preview.on_frame, args=(frame,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: preview.property("live"), timeout=3000)
    assert preview.latest().size().width() == 640
    assert preview.latest().pixelColor(0, 0).name() == "#c8c8c8"

    window.presenter.back()  # the identify screen goes: the card's picture goes with it
    assert window.visit.stage == Stage.CHOOSE_PROCEDURE
    assert not preview.property("live") and not preview.property("active")
    assert preview.latest().pixelColor(0, 0).name() == PLACEHOLDER_COLOR


def test_the_simulated_qr_show_feeds_the_preview_then_it_goes_quiet(
    window: KioskWindow, qtbot: QtBot
) -> None:
    preview = window.camera_preview
    scans: list[ScanEvent] = []
    show = SimulatedQrShow(CameraConfig(f"sim:{QR_DIR}"), scans.append, show_s=30.0,
                           on_frame=preview.on_frame)
    _to_identify(window)
    try:
        show.show(list_samples()[0])
        qtbot.waitUntil(lambda: preview.property("live"), timeout=10000)
        qtbot.waitUntil(lambda: bool(scans), timeout=10000)
    finally:
        show.close()
    # Nothing held in front of the camera: the preview falls back to its placeholder.
    qtbot.waitUntil(lambda: not preview.property("live"), timeout=5000)
    assert preview.latest().pixelColor(0, 0).name() == PLACEHOLDER_COLOR
    assert not window.item("camera_image").isVisible()


def test_frames_are_rate_limited_but_a_decode_always_shows(qapp: object, qtbot: QtBot) -> None:
    now = [0.0]
    preview = CameraPreview(max_fps=10.0, clock=lambda: now[0])
    preview.want("test", True)
    frame = np.zeros((360, 640, 3), np.uint8)
    for step in range(20):  # 20 frames over 0.5 s: 10 fps lets 5 through
        now[0] = step * 0.025
        preview.on_frame(frame)
    preview.on_frame(frame, ((10, 10), (100, 10), (100, 100), (10, 100)))  # a decode
    qtbot.waitUntil(lambda: preview.property("decoded"), timeout=2000)
    assert preview.property("frame_number") == 6
    assert preview.property("decode_corners")[:2] == [10 / 640, 10 / 360]
    preview.want("test", False)
    assert not preview.property("decoded")


def test_preview_image_sizes_and_refuses_what_is_not_a_picture() -> None:
    grey = np.zeros((480, 1280), np.uint8)
    assert (preview_image(grey).width(), preview_image(grey).height()) == (640, 240)
    small = np.zeros((100, 200, 4), np.uint8)
    assert preview_image(small).size().toTuple() == (200, 100)  # never enlarged
    assert preview_image(small).format() == QImage.Format.Format_RGB888
    with pytest.raises(ValueError, match="8-bit"):
        preview_image(np.zeros((10, 10, 3), np.float32))
    with pytest.raises(ValueError, match="grey or BGR"):
        preview_image(np.zeros((10, 10, 2), np.uint8))
    assert placeholder_image().pixelColor(5, 5).name() == PLACEHOLDER_COLOR


def test_the_camera_stops_after_identify_and_starts_again_for_the_next_citizen(
    tmp_path: Path, qapp: object, qtbot: QtBot
) -> None:
    """kiosk run carries out the visit's Camera effects on a real camera worker.

    The camera is the simulated source playing one card picture (so a CameraScanner
    runs, as with a USB camera); only the camera is started, not the central or reader.
    """
    config = replace(KioskConfig(), sync=replace(SyncConfig(), data_dir=str(tmp_path)),
                     camera=replace(CameraConfig(), source=f"sim:{SAMPLE_QR}"))
    kiosk = KioskRun(config, central=demo_central(config, role="kiosk"))
    try:
        kiosk._start_camera()
        camera = kiosk.camera
        assert camera is not None
        visit = kiosk.window.visit
        # The camera reads the card's QR on the attract screen: the visit starts with it.
        qtbot.waitUntil(lambda: visit.data.identity_source == "qr", timeout=10000)
        assert camera.state == CameraState.RUNNING
        kiosk.window.presenter.choose_procedure("CU-TAMTRU")
        assert visit.stage == Stage.FORM  # no camera needed from here on
        qtbot.waitUntil(lambda: camera.state == CameraState.STOPPED, timeout=10000)
        kiosk.window.presenter.restart()
        qtbot.waitUntil(lambda: camera.state == CameraState.RUNNING, timeout=10000)
    finally:
        kiosk.close()
    assert camera.state == CameraState.STOPPED
