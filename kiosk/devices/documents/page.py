"""Find a sheet of paper in a camera frame: its four corners, or None.

Paper is brighter and greyer than what lies around it, whatever the desk. The frame is
shrunk to :data:`WORK_WIDTH` pixels; each pixel gets a "paperness" (brightness minus
colour saturation), smoothed. Candidate quads come from the largest bright region at a
few thresholds (its convex hull reduced to four corners, and the dominant straight sides
of its outline, :mod:`sides`, which a pen or a cup over the border does not bend), from
the closed outlines of the paperness's edges, and from each pair of those joined (a fold
splits a sheet into two regions). The one chosen is the quad whose outline the image
shows as a border all round (:func:`support`: brighter just inside than just outside,
at most points of each side), the larger preferred, that stands out from around it;
its corners are then moved onto the border at full resolution (:func:`sharpen`).
Rotated less than 45° the corners come as top-left, top-right, bottom-right, bottom-left.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.devices.documents.sides import side_quads

WORK_WIDTH = 640  # analysis width: enough for 2 % of the diagonal, fast enough per frame
MIN_AREA = 0.08  # the sheet covers at least this share of the frame
MIN_CONTRAST = 25.0  # paperness inside minus just outside, for a sheet to count
OUTLINES_KEPT = 6  # the largest closed outlines considered
SIDE_SAMPLES = 24  # points per side where the border is looked for at full size
SUPPORT_STEP = 12.0  # paperness step across a side that counts as a border seen there
AREA_BONUS = 0.1  # support added per frame covered: the whole sheet over a part of it
_RING = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
_DOT = np.ones((3, 3), np.uint8)

Frame = np.ndarray
Quad = np.ndarray  # 4 × 2, in the frame's pixels


def find_page(frame: Frame) -> Quad | None:
    """The sheet's corners in ``frame`` (BGR), or None when no sheet is seen."""
    scale = WORK_WIDTH / frame.shape[1]
    small = cv2.resize(frame, (WORK_WIDTH, round(frame.shape[0] * scale)),
                       interpolation=cv2.INTER_AREA)
    paper = paperness(small)
    candidates = [q for q in (*_from_regions(paper), *_from_edges(paper)) if q is not None]
    candidates = _distinct(candidates)
    candidates = _distinct(candidates + _joined(candidates))
    best = _best(paper, [q for q in candidates if _plausible(q, paper.shape)])
    if best is None:
        return None
    return sharpen(frame, (best / scale).astype(np.float32), 2.0 / scale)


def sharpen(frame: Frame, quad: Quad, reach: float) -> Quad:
    """The corners of ``quad`` moved onto the sheet's border in the full frame: along
    each side, the strongest step of paperness within ``reach`` pixels across it, then a
    robust line through those points, intersected with its neighbours'."""
    paper = paperness(frame).astype(np.float32)
    height, width = paper.shape
    lines = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        side = b - a
        length = float(np.hypot(*side))
        normal = np.array([-side[1], side[0]]) / length
        offsets = np.arange(-reach, reach + 1)
        found = []
        for t in np.linspace(0.1, 0.9, SIDE_SAMPLES):
            points = a + side * t + offsets[:, None] * normal
            xs = np.clip(np.round(points[:, 0]).astype(int), 0, width - 1)
            ys = np.clip(np.round(points[:, 1]).astype(int), 0, height - 1)
            step = np.abs(np.diff(paper[ys, xs]))
            k = int(np.argmax(step))
            if step[k] > 8:  # a border there (a thumb or a shadow may hide it)
                found.append((points[k] + points[k + 1]) / 2)
        if len(found) < SIDE_SAMPLES // 3:
            return quad
        vx, vy, x0, y0 = cv2.fitLine(np.array(found, np.float32), cv2.DIST_HUBER, 0, 0.01,
                                     0.01).ravel()
        lines.append((np.array([x0, y0]), np.array([vx, vy])))
    corners = []
    for i in range(4):
        (p1, d1), (p2, d2) = lines[i - 1], lines[i]
        cross = d1[0] * d2[1] - d1[1] * d2[0]
        if abs(cross) < 1e-6:
            return quad
        t = ((p2 - p1)[0] * d2[1] - (p2 - p1)[1] * d2[0]) / cross
        corners.append(p1 + t * d1)
    moved = np.array(corners, np.float32)
    if np.max(np.hypot(*(moved - quad).T)) > 2 * reach:  # not the same border: keep
        return quad
    return moved


def paperness(image: Frame) -> np.ndarray:
    """Per pixel, how much it looks like paper: bright and grey (brightness minus 1.5 ×
    saturation), smoothed."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    paper = cv2.subtract(hsv[..., 2], cv2.multiply(hsv[..., 1], 1.5, dtype=cv2.CV_8U))
    return cv2.GaussianBlur(paper, (0, 0), 1.5)


def _from_regions(paper: np.ndarray) -> list[Quad | None]:
    """The largest bright region at a few thresholds: Otsu's, and two below the
    brightest paper (a light desk passes Otsu's; a shadowed sheet fails the highest)."""
    otsu, _ = cv2.threshold(paper, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    dim = paper[paper <= otsu]
    lower = cv2.threshold(dim, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0] if dim.size \
        else otsu  # splits the dimmer share: a shadowed half of a folded sheet from the desk
    top = float(np.percentile(paper, 97))
    return [quad for level in (otsu, 0.85 * top, 0.7 * top, lower)
            for quad in _from_region(paper, level)]


def _from_region(paper: np.ndarray, level: float) -> list[Quad | None]:
    """The largest region brighter than ``level``: its hull reduced to four corners, and
    the quads of its outline's dominant straight sides."""
    _, mask = cv2.threshold(paper, level, 255, cv2.THRESH_BINARY)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return []
    largest = max(contours, key=cv2.contourArea)
    if cv2.contourArea(largest) < MIN_AREA * mask.size:
        return []
    hull = cv2.convexHull(largest).reshape(-1, 2).astype(np.float32)
    return [_refine(hull, _extremes(hull)), *side_quads(largest)]


def _from_edges(paper: np.ndarray) -> list[Quad | None]:
    """Closed outlines in the paperness's edges (the sheet's border against the desk):
    for the largest, their hull reduced to four corners, and approxPolyDP's quadrangle."""
    edges = cv2.dilate(cv2.Canny(paper, 30, 90), _DOT)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    hulls = [cv2.convexHull(c) for c in contours]
    hulls = [h for h in hulls if cv2.contourArea(h) >= MIN_AREA * paper.size]
    hulls.sort(key=cv2.contourArea, reverse=True)
    quads: list[Quad | None] = []
    for hull in hulls[:OUTLINES_KEPT]:
        points = hull.reshape(-1, 2).astype(np.float32)
        quads.append(_refine(points, _extremes(points)))
        for share in (0.02, 0.05):
            approx = cv2.approxPolyDP(hull, share * cv2.arcLength(hull, True), True)
            if len(approx) == 4:
                quads.append(order_corners(approx.reshape(4, 2)))
    return quads


def support(paper: np.ndarray, quad: Quad) -> float:
    """The share of the quad's outline along which the image shows a border: paperness
    a few pixels inside brighter by :data:`SUPPORT_STEP` than a few pixels outside."""
    height, width = paper.shape
    ring = np.roll(quad, -1, axis=0) - quad
    if np.sum(quad[:, 0] * np.roll(quad[:, 1], -1) - np.roll(quad[:, 0], -1) * quad[:, 1]) < 0:
        ring = -ring  # anticlockwise on screen: the inside lies on the other hand
    ts = np.linspace(0.05, 0.95, 32)[None, :, None]
    points = quad[:, None, :] + ts * np.roll(quad, -1, axis=0)[:, None, :] - ts * quad[:, None, :]
    lengths = np.hypot(ring[:, 0], ring[:, 1])[:, None]
    normals = np.stack([-ring[:, 1], ring[:, 0]], axis=1) / np.maximum(lengths, 1e-6)
    def sample(offset: float) -> np.ndarray:
        at = points + offset * normals[:, None, :]
        xs = np.clip(np.round(at[..., 0]).astype(int), 0, width - 1)
        ys = np.clip(np.round(at[..., 1]).astype(int), 0, height - 1)
        return np.asarray(paper[ys, xs], np.float32)
    inside, outside = sample(3), np.maximum(sample(-3), sample(-7))  # -7: past a ruled line
    beyond = points - 7 * normals[:, None, :]  # outside the frame: no evidence either way
    seen = (beyond[..., 0] >= 0) & (beyond[..., 0] < width) & (beyond[..., 1] >= 0) \
        & (beyond[..., 1] < height)
    return float(np.sum((inside - outside > SUPPORT_STEP) & seen) / max(1, np.sum(seen)))


def _best(paper: np.ndarray, quads: list[Quad]) -> Quad | None:
    """The quad whose outline the image shows most (support), a larger one preferred by
    :data:`AREA_BONUS` (a fold's crease can bound a part of the sheet as well as its
    border does), that stands out from around it (contrast)."""
    rated = [(support(paper, q) + AREA_BONUS * cv2.contourArea(q) / paper.size, i)
             for i, q in enumerate(quads)]
    for _, i in sorted(rated, reverse=True):
        if _contrast(paper, quads[i]) >= MIN_CONTRAST:
            return quads[i]
    return None


def _distinct(quads: list[Quad]) -> list[Quad]:
    """The quads without near-repeats (every corner within 2 pixels of a kept one's)."""
    kept: list[Quad] = []
    for quad in quads:
        ordered = order_corners(quad)
        if all(np.max(np.abs(ordered - other)) > 2 for other in kept):
            kept.append(ordered)
    return kept


def _joined(quads: list[Quad]) -> list[Quad]:
    """Each pair of quads made one (the hull of their corners, reduced to four): a fold
    splits a sheet into two regions that each make a quad of their own."""
    joined = []
    for i, first in enumerate(quads):
        for second in quads[i + 1:]:
            hull = cv2.convexHull(np.concatenate([first, second])).reshape(-1, 2)
            quad = _refine(hull.astype(np.float32), _extremes(hull.astype(np.float32)))
            if quad is not None:
                joined.append(quad)
    return joined


def _contrast(paper: np.ndarray, quad: Quad) -> float:
    """How much brighter and greyer the quad's inside is than a band just outside it."""
    inside = np.zeros(paper.shape, np.uint8)
    cv2.fillPoly(inside, [np.round(quad).astype(np.int32)], 255)
    band = cv2.bitwise_and(cv2.dilate(inside, _RING), cv2.bitwise_not(inside))
    core = cv2.erode(inside, _RING)
    if not band.any() or not core.any():
        return -1.0
    return float(cv2.mean(paper, core)[0] - cv2.mean(paper, band)[0])


def order_corners(points: np.ndarray) -> Quad:
    """Four points as top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(points, np.float32).reshape(4, 2)
    total, diff = pts.sum(axis=1), pts[:, 1] - pts[:, 0]
    return np.array([pts[np.argmin(total)], pts[np.argmin(diff)], pts[np.argmax(total)],
                     pts[np.argmax(diff)]], np.float32)


def _extremes(hull: np.ndarray) -> Quad:
    total, diff = hull.sum(axis=1), hull[:, 1] - hull[:, 0]
    return np.array([hull[np.argmin(total)], hull[np.argmin(diff)], hull[np.argmax(total)],
                     hull[np.argmax(diff)]], np.float32)


def _refine(hull: np.ndarray, corners: Quad) -> Quad | None:
    """Fit a line to the hull points between each pair of corners; intersect the lines."""
    lines = []
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        side = b - a
        length = float(np.hypot(*side))
        if length < 10:
            return None
        normal = np.array([-side[1], side[0]]) / length
        along = (hull - a) @ side / length ** 2
        near = np.abs((hull - a) @ normal) < max(3.0, 0.02 * length)
        chosen = hull[near & (along > 0.1) & (along < 0.9)]
        if len(chosen) < 2:
            chosen = np.array([a, b])
        vx, vy, x0, y0 = cv2.fitLine(chosen, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0]), np.array([vx, vy])))
    refined = []
    for i in range(4):
        (p1, d1), (p2, d2) = lines[i - 1], lines[i]
        cross = d1[0] * d2[1] - d1[1] * d2[0]
        if abs(cross) < 1e-6:
            return None
        t = ((p2 - p1)[0] * d2[1] - (p2 - p1)[1] * d2[0]) / cross
        refined.append(p1 + t * d1)
    return order_corners(np.array(refined))


def _plausible(quad: Quad, shape: tuple[int, ...]) -> bool:
    """Convex, inside the frame (with a margin), big enough, and not a sliver."""
    height, width = shape[:2]
    if not cv2.isContourConvex(quad.reshape(-1, 1, 2)):
        return False
    if cv2.contourArea(quad) < MIN_AREA * width * height:
        return False
    margin = 0.05 * max(width, height)
    if (quad[:, 0] < -margin).any() or (quad[:, 0] > width + margin).any():
        return False
    if (quad[:, 1] < -margin).any() or (quad[:, 1] > height + margin).any():
        return False
    sides = [float(np.hypot(*(quad[(i + 1) % 4] - quad[i]))) for i in range(4)]
    return min(sides) > 0.15 * max(sides)


def largest_quadrilateral(frame: Frame) -> Quad | None:
    """The plain OpenCV way, the benchmark's peer: edges (Canny), contours, and the
    largest one that ``approxPolyDP`` reduces to four points."""
    scale = WORK_WIDTH / frame.shape[1]
    small = cv2.resize(frame, (WORK_WIDTH, round(frame.shape[0] * scale)),
                       interpolation=cv2.INTER_AREA)
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    edges = cv2.dilate(cv2.Canny(gray, 50, 150), _DOT)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    best: np.ndarray | None = None
    best_area = MIN_AREA * gray.size
    for contour in contours:
        approx = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
        area = cv2.contourArea(approx)
        if len(approx) == 4 and area > best_area and cv2.isContourConvex(approx):
            best, best_area = approx.reshape(4, 2).astype(np.float32), area
    return None if best is None else order_corners(best / scale)
