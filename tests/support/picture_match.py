"""Is a screenshot of the real session the same screen as its offscreen render?

The threshold, measured on this machine (cage, OpenGL renderer, against Qt's offscreen
software renderer at the same size):

- a still screen differs by a mean of 0.3-3 (of 255) per channel (the two renderers'
  colours differ by a few levels on some runs) and 0.4 % of pixels by more than 48
  (anti-aliased edges);
- the attract screen, whose pictures move, by 4.5-6.5 and 4-4.3 %;
- a stale frame (the earlier 1080×1920 layout under the new one) by ~86 and ~46 %;
  black holes left by unpainted buffers by ~160 and ~83 %.

So a screenshot *matches* when its mean absolute difference is at most
:data:`MEAN_LIMIT` (12) and at most :data:`OFF_SHARE` (10 %) of its pixels differ by more
than :data:`OFF_LEVEL` (48) in some channel: far from both failures, with room for
animation and anti-aliasing.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

MEAN_LIMIT = 12.0
OFF_LEVEL = 48
OFF_SHARE = 0.10


def difference(shot: Path, reference: Path) -> tuple[float, float]:
    """Mean absolute difference and the share of pixels off by more than OFF_LEVEL."""
    a, b = cv2.imread(str(shot), cv2.IMREAD_COLOR), cv2.imread(str(reference),
                                                               cv2.IMREAD_COLOR)
    assert a is not None and b is not None, f"unreadable picture: {shot} or {reference}"
    assert a.shape == b.shape, f"{shot.name} is {a.shape[1]}x{a.shape[0]}, " \
                               f"{reference.name} is {b.shape[1]}x{b.shape[0]}"
    diff = np.abs(a.astype(np.int16) - b.astype(np.int16))
    return float(diff.mean()), float((diff.max(axis=2) > OFF_LEVEL).mean())


def assert_same_screen(shot: Path, reference: Path) -> tuple[float, float]:
    """AssertionError unless ``shot`` shows the screen ``reference`` shows (see above)."""
    mean, share = difference(shot, reference)
    assert mean <= MEAN_LIMIT and share <= OFF_SHARE, (
        f"{shot} differs from {reference}: mean {mean:.1f} (limit {MEAN_LIMIT}), "
        f"{share:.1%} of pixels off (limit {OFF_SHARE:.0%})")
    return mean, share
