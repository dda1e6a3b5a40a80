"""The simulated document camera: a desk seen from above, with a paper laid on it or not.

A ``FrameSource`` (as ``kiosk.devices.qr.camera.OpenCvCamera``) for the documents step in
the demo and the tests: :meth:`SimulatedDesk.lay` puts one of the synthetic document
photos (``document_photos.scene``: perspective, shadows, a busy desk) under the camera,
:meth:`clear` takes it away. Frames come at ``fps``; a laid paper lies still, so the
capture gate takes it after a few frames, as a real page put down and let go.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from kiosk.simulated.document_photos import PHOTO_H, PHOTO_W, scene


class SimulatedDesk:
    """An empty desk, or a paper photo, as camera frames."""

    def __init__(self, fps: float = 12.0) -> None:
        self.fps = fps
        self._empty = np.full((PHOTO_H, PHOTO_W, 3), (92, 74, 60), np.uint8)  # dark wood
        self._photo: np.ndarray | None = None
        self._lock = threading.Lock()
        self._next_at = 0.0
        self.laid = 0  # papers laid so far (tests)

    def lay(self, seed: int) -> None:
        """Lay the synthetic paper photo of ``seed`` under the camera."""
        photo = scene(seed).photo
        with self._lock:
            self._photo = photo
            self.laid += 1

    def clear(self) -> None:
        """Take the paper away."""
        with self._lock:
            self._photo = None

    def open(self) -> None:
        """Nothing to open: the desk is always there."""
        self._next_at = time.monotonic()

    def read(self) -> np.ndarray | None:
        """The next frame, at the desk's frame rate."""
        wait = self._next_at - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._next_at = max(self._next_at + 1 / self.fps, time.monotonic())
        with self._lock:
            return (self._photo if self._photo is not None else self._empty).copy()

    def close(self) -> None:
        """Nothing to release."""
