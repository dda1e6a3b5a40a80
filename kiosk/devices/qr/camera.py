"""The QR camera: OpenCV capture on a worker thread, frames decoded, scans as events.

``CameraScanner`` owns one worker thread that opens the frame source, decodes every
frame with a ``FrameDecoder`` (region of interest kept from the last hit), drops
repeats of the same code and calls ``on_scan``. It never blocks the caller: ``start()``
returns at once, ``stop()`` ends the thread and releases the camera (call it when no
visit needs the camera). A camera that cannot be opened (unplugged, used by another
program) or that stops delivering frames puts the scanner in ``CameraState.UNAVAILABLE``
with a reason the diagnostics can show; the worker retries by itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

import cv2
import numpy as np

from kiosk.core.config import CameraConfig
from kiosk.core.errors import KioskError
from kiosk.core.resources import asset
from kiosk.devices.qr.events import Deduplicator, ScanCallback, ScanEvent
from kiosk.devices.qr.frame_decoder import FrameDecoder

log = logging.getLogger(__name__)


class CameraError(KioskError):
    """The camera cannot be opened or stopped delivering frames."""


class CameraState(StrEnum):
    """Where the camera worker is."""

    STOPPED = "stopped"
    STARTING = "starting"
    RUNNING = "running"
    UNAVAILABLE = "unavailable"  # unplugged, busy or silent; retrying


ERROR_STATES = frozenset({CameraState.UNAVAILABLE})


class FrameSource(Protocol):
    """Anything that gives frames: a real camera or the simulated player."""

    def open(self) -> None:
        """Acquire the device; raise ``CameraError`` when it is missing or busy."""

    def read(self) -> np.ndarray | None:
        """The next frame, or None when the device gave none."""

    def close(self) -> None:
        """Release the device (idempotent)."""


class OpenCvCamera:
    """A V4L2 / UVC camera through ``cv2.VideoCapture`` (device index or path).

    ``exposure`` is "auto" or a driver value (V4L2: exposure time in 100 µs units),
    a hint: drivers that ignore it still work.
    """

    def __init__(self, device: int | str, width: int = 1280, height: int = 720,
                 exposure: str = "auto") -> None:
        self.device = device
        self.width = width
        self.height = height
        self.exposure = exposure
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> None:
        """Open the device and ask for the resolution and exposure; ``CameraError`` if not."""
        cap = cv2.VideoCapture(self.device, cv2.CAP_V4L2 if isinstance(self.device, int)
                               else cv2.CAP_ANY)
        if not cap.isOpened():
            cap.release()
            raise CameraError(f"camera {self.device} cannot be opened "
                              "(unplugged, or used by another program)")
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # always decode the newest frame
        if self.exposure != "auto":
            try:
                value = float(self.exposure)
            except ValueError:
                raise CameraError(f"camera exposure must be 'auto' or a number, "
                                  f"not {self.exposure!r}") from None
            cap.set(cv2.CAP_PROP_AUTO_EXPOSURE, 1)  # V4L2 "manual" mode
            cap.set(cv2.CAP_PROP_EXPOSURE, value)
        self._cap = cap

    def read(self) -> np.ndarray | None:
        """The next frame, or None when the driver returned nothing."""
        if self._cap is None:
            return None
        ok, frame = self._cap.read()
        return frame if ok and frame is not None and frame.size else None

    def close(self) -> None:
        """Release the device."""
        if self._cap is not None:
            self._cap.release()
            self._cap = None


def source_from_config(config: CameraConfig, root: str | None = None) -> FrameSource:
    """The frame source ``config.source`` names: ``sim:PATH``, a device index or a path.

    A relative ``sim:`` path is taken from ``root``, by default the kiosk's assets
    folder (``sim:qr`` plays the sample cards' QR pictures).
    """
    source = config.source.strip()
    if source.startswith("sim:"):
        from kiosk.simulated.camera_player import CameraPlayer

        return CameraPlayer(source[4:], root=root or str(asset()), width=config.width,
                            height=config.height)
    device: int | str = int(source) if source.isdigit() else source
    return OpenCvCamera(device, config.width, config.height, config.exposure)


StateCallback = Callable[[CameraState, str], None]
# A preview of what the camera sees: the BGR frame (do not keep or modify it) and, when
# a QR code was decoded in it, its four corners in frame coordinates. Called on the
# camera worker thread, so a preview converts and downsizes it there, not on the UI.
FrameCallback = Callable[[np.ndarray, tuple[tuple[int, int], ...] | None], None]


class CameraScanner:
    """Decode QR codes from a frame source on a worker thread and report them."""

    def __init__(self, source: FrameSource, on_scan: ScanCallback,
                 on_state: StateCallback | None = None, *,
                 decoder: FrameDecoder | None = None,
                 dedup: Deduplicator | None = None,
                 retry_s: float = 2.0, max_empty_frames: int = 30,
                 on_frame: FrameCallback | None = None,
                 frame_interval_s: float = 0.08) -> None:
        self.source = source
        self.on_scan = on_scan
        self.on_state = on_state
        self.decoder = decoder or FrameDecoder()
        self.dedup = dedup or Deduplicator()
        self.retry_s = retry_s
        self.max_empty_frames = max_empty_frames
        self.frames = 0  # frames decoded since start (diagnostics)
        # Optional live preview: at most one frame per ``frame_interval_s`` (and every
        # frame with a decode in it), so a fast camera does not flood the screen.
        self.on_frame = on_frame
        self.frame_interval_s = frame_interval_s
        self._previewed_at = 0.0
        self._state = CameraState.STOPPED
        self._reason = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> CameraState:
        """The worker's current state."""
        return self._state

    @property
    def reason(self) -> str:
        """Why the camera is unavailable ("" otherwise); no personal data."""
        return self._reason

    def start(self) -> None:
        """Start the worker (no-op when it runs). Returns at once."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self.decoder.reset()
        self._thread = threading.Thread(target=self._run, name="qr-camera", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the worker and release the camera.

        Safe to call from the ``on_scan`` callback (the worker then stops by itself
        right after the callback returns).
        """
        self._stop.set()
        if self._thread is threading.current_thread():
            return
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.source.close()
        self._set_state(CameraState.STOPPED, "")

    def _set_state(self, state: CameraState, reason: str) -> None:
        if state == self._state and reason == self._reason:
            return
        self._state, self._reason = state, reason
        log.info("camera state %s%s", state.value, f": {reason}" if reason else "")
        if self.on_state is not None:
            try:
                self.on_state(state, reason)
            except Exception:
                log.exception("camera state callback failed")

    def _run(self) -> None:
        self._set_state(CameraState.STARTING, "")
        while not self._stop.is_set():
            try:
                self.source.open()
            except CameraError as exc:
                self._set_state(CameraState.UNAVAILABLE, str(exc))
                self._stop.wait(self.retry_s)
                continue
            self._set_state(CameraState.RUNNING, "")
            self._capture_loop()
            self.source.close()
            if not self._stop.is_set():
                self._stop.wait(self.retry_s)
        self.source.close()
        self._set_state(CameraState.STOPPED, "")

    def _capture_loop(self) -> None:
        empty = 0
        while not self._stop.is_set():
            frame = self.source.read()
            if frame is None or frame.size == 0:
                empty += 1
                if empty >= self.max_empty_frames:
                    self._set_state(CameraState.UNAVAILABLE,
                                    f"camera gave no image for {empty} frames in a row")
                    return
                self._stop.wait(0.01)
                continue
            empty = 0
            self.frames += 1
            hit = self.decoder.decode(frame)
            if self.on_frame is not None:
                self._preview(frame, hit.corners if hit is not None else None)
            if hit is None or not self.dedup.is_new(hit.text):
                continue
            event = ScanEvent(hit.text, hit.raw, "camera", time.monotonic(),
                              f"{hit.step}, {hit.elapsed_ms:.1f} ms")
            try:
                self.on_scan(event)
            except Exception:
                log.exception("QR scan callback failed")

    def _preview(self, frame: np.ndarray, corners: tuple[tuple[int, int], ...] | None) -> None:
        now = time.monotonic()
        if corners is None and now - self._previewed_at < self.frame_interval_s:
            return
        self._previewed_at = now
        assert self.on_frame is not None
        try:
            self.on_frame(frame, corners)
        except Exception:
            log.exception("camera frame callback failed")
