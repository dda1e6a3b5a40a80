"""The document camera's worker: each frame's page outline for the preview, and a clean
page taken when the sheet lies still and sharp (or when the citizen taps "take now").

Plain blocking Python on its own thread, like the QR camera's
(``kiosk.devices.qr.camera.CameraScanner``): frames come from a ``FrameSource``, the
outline goes to ``on_frame`` (the live preview, at most one frame per
``frame_interval_s``), and a taken page, flattened onto A4 and cleaned
(``enhance.flatten`` + ``enhance.clean``), goes to ``on_page``. The page is personal: it
is handed over and not kept here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import numpy as np

from kiosk.devices.documents.capture import CaptureGate
from kiosk.devices.documents.enhance import clean, flatten, sharpness
from kiosk.devices.documents.page import find_page
from kiosk.devices.qr.camera import CameraError, FrameCallback, FrameSource

log = logging.getLogger(__name__)

PageCallback = Callable[[np.ndarray], None]
MANUAL_WAIT_FRAMES = 8  # "take now" with no sheet found: the whole frame after this many


class DocumentScanner:
    """Find the sheet in each frame; take it when still and sharp, or when asked."""

    def __init__(self, source: FrameSource, on_page: PageCallback,
                 on_frame: FrameCallback | None = None, *, retry_s: float = 2.0,
                 frame_interval_s: float = 0.08) -> None:
        self.source = source
        self.on_page = on_page
        self.on_frame = on_frame
        self.retry_s = retry_s
        self.frame_interval_s = frame_interval_s
        self.frames = 0  # frames analysed since start (diagnostics, tests)
        self._manual = 0  # frames waited since "take now" (0: not asked)
        self._previewed_at = 0.0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the worker (no-op when it runs). Returns at once."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="document-camera",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the worker and release the camera."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
            self._thread = None
        self.source.close()

    def take_now(self) -> None:
        """Take the next frame's sheet whether or not it is still (the "take now" button)."""
        with self._lock:
            self._manual = 1

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.source.open()
            except CameraError as exc:
                log.warning("document camera unavailable", extra={"fields": {
                    "error": type(exc).__name__}})
                self._stop.wait(self.retry_s)
                continue
            self._loop()
            self.source.close()

    def _loop(self) -> None:
        gate: CaptureGate | None = None
        while not self._stop.is_set():
            frame = self.source.read()
            if frame is None or frame.size == 0:
                self._stop.wait(0.01)
                continue
            self.frames += 1
            if gate is None:
                gate = CaptureGate(float(np.hypot(*frame.shape[:2])))
            corners = find_page(frame)
            self._preview(frame, corners)
            take = gate.feed(corners, sharpness(frame) if corners is not None else 0.0)
            with self._lock:
                manual = self._manual
                if manual and (corners is not None or manual >= MANUAL_WAIT_FRAMES):
                    self._manual, take = 0, True
                    gate.taken()
                elif manual:
                    self._manual += 1
            if take:
                self._deliver(frame, corners)

    def _deliver(self, frame: np.ndarray, corners: np.ndarray | None) -> None:
        if corners is None:  # asked, and no sheet found: the frame as it is, cleaned
            height, width = frame.shape[:2]
            corners = np.array([[0, 0], [width, 0], [width, height], [0, height]],
                               np.float32)
        try:
            self.on_page(clean(flatten(frame, corners)))
        except Exception:
            log.exception("document page callback failed")

    def _preview(self, frame: np.ndarray, corners: np.ndarray | None) -> None:
        if self.on_frame is None:
            return
        now = time.monotonic()
        if now - self._previewed_at < self.frame_interval_s:
            return
        self._previewed_at = now
        outline = (None if corners is None
                   else tuple((int(x), int(y)) for x, y in corners.tolist()))
        try:
            self.on_frame(frame, outline)
        except Exception:
            log.exception("document preview callback failed")
