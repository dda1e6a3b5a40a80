"""The four straight sides of a region's outline, however much else the outline holds.

A pen, a thumb or a cup lying across the sheet's border joins the bright region and
bends its outline; a hull or a polygon fit then pulls a corner towards the object. The
sheet's sides are still the longest straight runs of that outline: :func:`side_quads`
finds the dominant lines one after another (RANSAC: a line through two outline points,
kept when most points lie on it; written here, a dozen lines, rather than adding
scikit-image to the kiosk for ``measure.ransac``), and intersects the strongest four,
taken in their order around the region, as corners. A seeded generator keeps it
deterministic: the same frame gives the same corners.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np

LINES_SOUGHT = 5  # dominant lines looked for (four sides and one intruder)
TRIES = 48  # random pairs per line
ON_LINE = 1.5  # pixels: a point this close lies on the line
MIN_RUN = 0.08  # a line needs this share of the outline's points
MOST_POINTS = 480  # the outline is thinned to at most this many points


def side_quads(contour: np.ndarray) -> list[np.ndarray]:
    """Quads (4 × 2, float32) whose sides are dominant straight runs of ``contour``."""
    points = contour.reshape(-1, 2).astype(np.float32)
    if len(points) > MOST_POINTS:
        points = points[:: len(points) // MOST_POINTS + 1]
    rng = np.random.default_rng(0)
    centre = points.mean(axis=0)
    lines, left = [], points
    for _ in range(LINES_SOUGHT):
        if len(left) < MIN_RUN * len(points):
            break
        found = _line(left, rng)
        if found is None or found[2].sum() < MIN_RUN * len(points):
            break
        origin, direction, on = found
        middle = left[on].mean(axis=0) - centre
        lines.append((float(np.arctan2(middle[1], middle[0])), origin, direction))
        left = left[~on]
    quads = []
    for four in itertools.combinations(lines, 4):
        ordered = sorted(four, key=lambda line: line[0])
        corners = [_cross(ordered[i - 1][1:], ordered[i][1:]) for i in range(4)]
        if all(corner is not None for corner in corners):
            quads.append(np.array(corners, np.float32))
    return quads


def _line(points: np.ndarray,
          rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The line through the most points (origin, unit direction, which points lie on it)."""
    best, best_on = None, None
    pairs = rng.integers(0, len(points), (TRIES, 2))
    for i, j in pairs:
        side = points[j] - points[i]
        length = float(np.hypot(*side))
        if length < 10:
            continue
        normal = np.array([-side[1], side[0]]) / length
        on = np.abs((points - points[i]) @ normal) < ON_LINE
        if best_on is None or on.sum() > best_on.sum():
            best, best_on = i, on
    if best is None or best_on is None or best_on.sum() < 2:
        return None
    vx, vy, x0, y0 = cv2.fitLine(points[best_on], cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    direction, origin = np.array([vx, vy]), np.array([x0, y0])
    on = np.abs((points - origin) @ np.array([-vy, vx])) < 2 * ON_LINE
    return origin, direction, on


def _cross(first: tuple[np.ndarray, np.ndarray],
           second: tuple[np.ndarray, np.ndarray]) -> np.ndarray | None:
    """Where two lines (origin, direction) meet; None when they are nearly parallel."""
    (p1, d1), (p2, d2) = first, second
    cross = d1[0] * d2[1] - d1[1] * d2[0]
    if abs(cross) < 0.2:  # under about 12°: no corner there
        return None
    t = ((p2 - p1)[0] * d2[1] - (p2 - p1)[1] * d2[0]) / cross
    return np.asarray(p1 + t * d1, np.float64)
