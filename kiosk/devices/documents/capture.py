"""When to take the picture: the page found in the last few frames, still, and sharp.

:class:`CaptureGate` is fed each preview frame's corners (or None) and the frame's
sharpness; it answers ``True`` once the corners have moved less than
:data:`STILL_SHARE` of the frame's diagonal over :data:`STILL_FRAMES` frames in a row and
the frame is sharp enough. After a capture it waits for the page to go (or to move)
before taking another: a page left under the camera is taken once.
"""

from __future__ import annotations

from collections import deque

import numpy as np

STILL_FRAMES = 5  # about half a second of preview at 10 frames a second
STILL_SHARE = 0.006  # corners moved less than 0.6 % of the diagonal between frames
MIN_SHARPNESS = 60.0  # variance of the Laplacian of the analysed frame


class CaptureGate:
    """Decides, frame after frame, when the page is steady and sharp enough to take."""

    def __init__(self, diagonal: float) -> None:
        self._limit = STILL_SHARE * diagonal
        self._recent: deque[np.ndarray] = deque(maxlen=STILL_FRAMES)
        self._taken: np.ndarray | None = None

    def feed(self, corners: np.ndarray | None, sharpness: float) -> bool:
        """Add a frame's corners; True when this frame should be captured."""
        if corners is None:
            self._recent.clear()
            self._taken = None  # the page went: the next one may be taken
            return False
        if self._recent and _moved(self._recent[-1], corners) > self._limit:
            self._recent.clear()
        self._recent.append(corners)
        if self._taken is not None:
            if _moved(self._taken, corners) < 10 * self._limit:
                return False  # still the page already taken
            self._taken = None
        if len(self._recent) < STILL_FRAMES or sharpness < MIN_SHARPNESS:
            return False
        self._taken = corners
        return True

    def taken(self) -> None:
        """A manual capture: the page now under the camera counts as taken."""
        if self._recent:
            self._taken = self._recent[-1]


def _moved(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.hypot(*(a - b).T)))
