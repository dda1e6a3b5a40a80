"""A simulated camera that plays still images or a video file, for the demo and tests.

``CameraPlayer`` is a ``FrameSource``: the path is a folder of images (played in name
order), one image, or a video file; relative paths are taken from ``root``. Frames are
resized to the configured resolution and paced at ``fps`` (0: as fast as asked).
``unplug_after`` makes the player behave like a camera pulled out after that many
frames (it then returns no frames until reopened), to exercise recovery.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import cv2
import numpy as np

from kiosk.devices.qr.camera import CameraError

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp"}
VIDEO_SUFFIXES = {".avi", ".mp4", ".mkv", ".mov", ".webm"}


class CameraPlayer:
    """Plays images or a video as camera frames, looping."""

    def __init__(self, path: str, *, root: str = ".", width: int = 1280, height: int = 720,
                 fps: float = 15.0, hold_frames: int = 5, loop: bool = True,
                 unplug_after: int | None = None) -> None:
        candidate = Path(path).expanduser()
        self.path = candidate if candidate.is_absolute() else Path(root) / candidate
        self.width = width
        self.height = height
        self.fps = fps
        self.hold_frames = max(1, hold_frames)  # a still image is shown this many frames
        self.loop = loop
        self.unplug_after = unplug_after
        self.delivered = 0
        self._images: list[np.ndarray] = []
        self._video: cv2.VideoCapture | None = None
        self._position = 0
        self._next_at = 0.0
        self._open = False

    def open(self) -> None:
        """Load the images or open the video; ``CameraError`` when there is nothing to play."""
        self.close()
        if self.unplug_after is not None and self.delivered >= self.unplug_after:
            raise CameraError("simulated camera is unplugged")
        if not self.path.exists():
            raise CameraError(f"simulated camera: {self.path} does not exist")
        if self.path.is_dir():
            files = sorted(p for p in self.path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
            self._images = [img for img in (self._load(p) for p in files) if img is not None]
            if not self._images:
                raise CameraError(f"simulated camera: no images in {self.path}")
        elif self.path.suffix.lower() in IMAGE_SUFFIXES:
            image = self._load(self.path)
            if image is None:
                raise CameraError(f"simulated camera: cannot read image {self.path}")
            self._images = [image]
        elif self.path.suffix.lower() in VIDEO_SUFFIXES and self.path.is_file():
            video = cv2.VideoCapture(str(self.path))
            if not video.isOpened():
                raise CameraError(f"simulated camera: cannot open video {self.path}")
            self._video = video
        else:
            raise CameraError(f"simulated camera: {self.path} is not an image, folder or video")
        self._position = 0
        self._next_at = time.monotonic()
        self._open = True

    def _load(self, path: Path) -> np.ndarray | None:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            log.warning("simulated camera skips unreadable image %s", path.name)
            return None
        return self._fit(image)

    def _fit(self, image: np.ndarray) -> np.ndarray:
        if image.shape[1] != self.width or image.shape[0] != self.height:
            image = cv2.resize(image, (self.width, self.height), interpolation=cv2.INTER_AREA)
        return image

    def _pace(self) -> None:
        if self.fps <= 0:
            return
        now = time.monotonic()
        if self._next_at > now:
            time.sleep(self._next_at - now)
        self._next_at = max(now, self._next_at) + 1.0 / self.fps

    def read(self) -> np.ndarray | None:
        """The next frame; None once unplugged, closed or at the end without ``loop``."""
        if not self._open:
            return None
        if self.unplug_after is not None and self.delivered >= self.unplug_after:
            return None
        self._pace()
        frame: np.ndarray | None
        if self._video is not None:
            ok, frame = self._video.read()
            if not ok and self.loop:
                self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ok, frame = self._video.read()
            frame = self._fit(frame) if ok and frame is not None else None
        else:
            index = self._position // self.hold_frames
            if index >= len(self._images):
                if not self.loop:
                    return None
                self._position, index = 0, 0
            frame = self._images[index]
            self._position += 1
        if frame is not None:
            self.delivered += 1
        return frame

    def close(self) -> None:
        """Stop playing and release the video."""
        if self._video is not None:
            self._video.release()
            self._video = None
        self._images = []
        self._open = False
