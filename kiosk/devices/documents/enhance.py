"""A photographed page made flat, A4-shaped and clean enough to read.

:func:`flatten` maps the four corners onto an A4 page at :data:`DPI` dots per inch (150:
a clerk reads 9-point text, and a text page stays well under 200 KB as black and white).
:func:`clean` divides each colour channel by its own background — the paper's
brightness estimated by a grey-level closing (removing the ink) and a wide blur — which
takes away shadows, uneven light and a warm or cold cast at once; :func:`black_and_white`
then thresholds the flattened grey (Otsu's level over an even background).
"""

from __future__ import annotations

import cv2
import numpy as np

DPI = 150
A4_MM = (210.0, 297.0)
PAGE_SIZE = (round(A4_MM[0] / 25.4 * DPI), round(A4_MM[1] / 25.4 * DPI))  # 1240 × 1754

Image8 = np.ndarray


def flatten(frame: Image8, corners: np.ndarray) -> Image8:
    """The page inside ``corners`` (top-left, top-right, bottom-right, bottom-left) as an
    upright A4 image (portrait; a sheet photographed landscape is turned)."""
    top = np.hypot(*(corners[1] - corners[0]))
    left = np.hypot(*(corners[3] - corners[0]))
    if top > left * 1.15:  # the long side lies across the frame: the sheet is turned
        corners = np.roll(corners, -1, axis=0)
    width, height = PAGE_SIZE
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    warp = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    return cv2.warpPerspective(frame, warp, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


def clean(page: Image8) -> Image8:
    """Shadows, uneven light and colour cast taken away: the paper white, the ink kept."""
    small = cv2.resize(page, (page.shape[1] // 4, page.shape[0] // 4),
                       interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)  # ink out: paper only
    background = cv2.GaussianBlur(background, (0, 0), 6)
    background = cv2.resize(background, (page.shape[1], page.shape[0]),
                            interpolation=cv2.INTER_LINEAR)
    flat = page.astype(np.float32) / np.maximum(background.astype(np.float32), 1) * 250
    return np.clip(flat, 0, 255).astype(np.uint8)


def black_and_white(page: Image8) -> Image8:
    """Text pages: black ink on white paper (one bit per pixel, as 0 and 255)."""
    grey = cv2.cvtColor(clean(page), cv2.COLOR_BGR2GRAY)
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return ink


def sharpness(frame: Image8) -> float:
    """The variance of the Laplacian of the grey frame: higher is sharper."""
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())
