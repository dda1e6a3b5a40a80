"""The camera worker with the simulated camera: scans, de-duplication, unplug and recovery.

No real camera exists here; the "unplugged / busy" real device is an invalid device
path through the real OpenCV capture, and the simulated player models the unplug.
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from kiosk.core.config import CameraConfig
from kiosk.devices.qr.camera import (
    CameraError,
    CameraScanner,
    CameraState,
    OpenCvCamera,
    source_from_config,
)
from kiosk.devices.qr.events import Deduplicator, ScanEvent
from kiosk.simulated.camera_player import CameraPlayer
from tests.qr.conftest import PAYLOAD
from tests.support.waiting import wait_until


def test_player_plays_folder_in_order_and_loops(demo_folder: Path) -> None:
    player = CameraPlayer(str(demo_folder), fps=0, hold_frames=2, width=640, height=360)
    player.open()
    frames = [player.read() for _ in range(5)]
    assert all(f is not None and f.shape == (360, 640, 3) for f in frames)
    assert np.array_equal(frames[0], frames[1]) and not np.array_equal(frames[1], frames[2])
    assert np.array_equal(frames[4], frames[0])  # looped
    player.close()
    assert player.read() is None


def test_player_rejects_missing_path(tmp_path: Path) -> None:
    with pytest.raises(CameraError, match="does not exist"):
        CameraPlayer(str(tmp_path / "nothing.png")).open()
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(CameraError, match="not an image, folder or video"):
        CameraPlayer(str(tmp_path / "notes.txt")).open()
    (tmp_path / "broken.png").write_bytes(b"not a png")
    with pytest.raises(CameraError, match="cannot read image"):
        CameraPlayer(str(tmp_path / "broken.png")).open()
    with pytest.raises(CameraError, match="no images"):
        CameraPlayer(str(tmp_path)).open()


def test_player_plays_a_video(tmp_path: Path, demo_folder: Path) -> None:
    import cv2

    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (640, 360))
    image = cv2.resize(cv2.imread(str(demo_folder / "a.png")), (640, 360))
    for _ in range(3):
        writer.write(image)
    writer.release()
    player = CameraPlayer(str(path), fps=0, width=640, height=360)
    player.open()
    assert sum(player.read() is not None for _ in range(7)) == 7  # loops past the end
    player.close()


def test_scanner_delivers_one_event_per_code(demo_folder: Path) -> None:
    events: queue.Queue[ScanEvent] = queue.Queue()
    states: list[CameraState] = []
    player = CameraPlayer(str(demo_folder / "a.png"), fps=100)
    scanner = CameraScanner(player, events.put, lambda s, r: states.append(s),
                            dedup=Deduplicator(60.0))
    scanner.start()
    try:
        event = events.get(timeout=10)
        assert event.text == PAYLOAD and event.source == "camera"
        wait_until(lambda: scanner.frames >= 10, 5.0, 0.01)
        assert events.empty()  # the same card held in view is reported once
        assert scanner.state is CameraState.RUNNING
    finally:
        scanner.stop()
    assert scanner.state is CameraState.STOPPED
    assert player.read() is None  # camera released
    assert states[:2] == [CameraState.STARTING, CameraState.RUNNING]


def test_start_returns_at_once_and_callback_errors_do_not_kill_worker(demo_folder: Path) -> None:
    calls = threading.Event()

    def boom(event: ScanEvent) -> None:
        calls.set()
        raise RuntimeError("UI bug")

    scanner = CameraScanner(CameraPlayer(str(demo_folder), fps=50, hold_frames=1), boom,
                            dedup=Deduplicator(0.0))
    began = time.monotonic()
    scanner.start()
    assert time.monotonic() - began < 0.5
    try:
        assert calls.wait(10)
        frames = scanner.frames
        wait_until(lambda: scanner.frames > frames + 3, 5.0, 0.01)
    finally:
        scanner.stop()


def test_invalid_device_is_unavailable_with_a_reason() -> None:
    camera = OpenCvCamera("/dev/no-such-video-device")
    with pytest.raises(CameraError, match="cannot be opened"):
        camera.open()
    states: list[tuple[CameraState, str]] = []
    scanner = CameraScanner(camera, lambda e: None, lambda s, r: states.append((s, r)),
                            retry_s=0.05)
    scanner.start()
    try:
        wait_until(lambda: scanner.state is CameraState.UNAVAILABLE, 5.0, 0.01)
        assert "unplugged, or used by another program" in scanner.reason
    finally:
        scanner.stop()


def test_unplug_then_automatic_recovery(demo_folder: Path) -> None:
    events: queue.Queue[ScanEvent] = queue.Queue()
    player = CameraPlayer(str(demo_folder / "a.png"), fps=200, unplug_after=5)
    scanner = CameraScanner(player, events.put, retry_s=0.05, max_empty_frames=3,
                            dedup=Deduplicator(0.0))
    scanner.start()
    try:
        assert events.get(timeout=10).text == PAYLOAD
        wait_until(lambda: scanner.state is CameraState.UNAVAILABLE, 5.0, 0.01)
        player.unplug_after = None  # plugged back in
        wait_until(lambda: scanner.state is CameraState.RUNNING, 5.0, 0.01)
        wait_until(lambda: player.delivered > 10, 5.0, 0.01)
    finally:
        scanner.stop()


class EmptyFrames:
    """A camera that opens but returns empty images (seen with a failing USB hub)."""

    def __init__(self) -> None:
        self.opened = 0

    def open(self) -> None:
        self.opened += 1

    def read(self) -> np.ndarray | None:
        return np.zeros((0, 0, 3), np.uint8)

    def close(self) -> None:
        pass


def test_empty_frames_make_the_camera_unavailable_and_it_retries() -> None:
    source = EmptyFrames()
    scanner = CameraScanner(source, lambda e: None, retry_s=0.01, max_empty_frames=3)
    scanner.start()
    try:
        wait_until(lambda: scanner.state is CameraState.UNAVAILABLE, 5.0, 0.01)
        assert "no image for 3 frames" in scanner.reason
        wait_until(lambda: source.opened >= 2, 5.0, 0.01)
    finally:
        scanner.stop()


def test_source_from_config() -> None:
    sim = source_from_config(CameraConfig(source="sim:qr"))
    assert isinstance(sim, CameraPlayer)
    sim.open()
    assert sim.read() is not None
    sim.close()
    assert isinstance(source_from_config(CameraConfig(source="0")), OpenCvCamera)
    real = source_from_config(CameraConfig(source="/dev/video9", exposure="12"))
    assert isinstance(real, OpenCvCamera) and real.device == "/dev/video9"


def test_deduplicator_window() -> None:
    now = [0.0]
    dedup = Deduplicator(3.0, clock=lambda: now[0])
    assert dedup.is_new("a") and not dedup.is_new("a") and dedup.is_new("b")
    now[0] = 2.5
    assert not dedup.is_new("a")  # still in view: the window extends
    now[0] = 6.0
    assert dedup.is_new("a")
    dedup.clear()
    assert dedup.is_new("b")


def test_stop_from_the_scan_callback(demo_folder: Path) -> None:
    player = CameraPlayer(str(demo_folder / "a.png"), fps=100)
    got = threading.Event()
    scanner: CameraScanner

    def on_scan(event: ScanEvent) -> None:
        scanner.stop()  # the visit has its code: release the camera at once
        got.set()

    scanner = CameraScanner(player, on_scan)
    scanner.start()
    assert got.wait(10)
    wait_until(lambda: scanner.state is CameraState.STOPPED, 5.0, 0.01)
    assert player.read() is None
    scanner.stop()


def test_demo_video_asset_gives_one_scan() -> None:
    events: queue.Queue[ScanEvent] = queue.Queue()
    source = source_from_config(CameraConfig(source="sim:qr/video/card-held-up.avi"))
    assert isinstance(source, CameraPlayer)
    source.fps = 0
    scanner = CameraScanner(source, events.put, dedup=Deduplicator(60.0))
    scanner.start()
    try:
        event = events.get(timeout=10)
        assert event.text.startswith("001190012687|")
        wait_until(lambda: source.delivered > 30, 5.0, 0.01)  # looped several times
        assert events.empty()
    finally:
        scanner.stop()
