"""Codes made for the QR tests: blurred camera frames and what a CP1252 scanner types.

The blurred codes are synthesized here: a crisp code, rotated as a card is, smeared by a
line kernel drawn the way the benchmark corpus draws its moving cards
(``deblur.motion_kernel``, not the decoder's own ``blur_kernel``), optionally defocused,
with sensor noise and JPEG compression.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.devices.qr import deblur
from tests.qr.conftest import PAYLOAD, clean_qr_image


def blurred_code(length: int, angle: float, *, rotation: float = 0.0, sigma: float = 0.0,
                 scale: int = 4, contrast: tuple[int, int] = (20, 235), noise: float = 4.0,
                 seed: int = 1) -> np.ndarray:
    """A 640x480 grey frame: the payload's code, rotated, smeared, noisy, JPEG-compressed."""
    gray: np.ndarray = cv2.cvtColor(
        clean_qr_image(PAYLOAD, scale=scale, size=(640, 480), offset=(200, 120)),
        cv2.COLOR_BGR2GRAY).astype(np.float32)
    turn = cv2.getRotationMatrix2D((320, 240), rotation, 1.0)
    gray = cv2.warpAffine(gray, turn, (640, 480), flags=cv2.INTER_LINEAR, borderValue=235)
    if sigma:
        gray = cv2.GaussianBlur(gray, (0, 0), sigma)
    if length:
        gray = cv2.filter2D(gray, -1, deblur.motion_kernel(length, angle))
    lo, hi = contrast
    gray = lo + (gray - 20) * (hi - lo) / 215
    gray += np.random.default_rng(seed).normal(0, noise, gray.shape)
    ok, jpeg = cv2.imencode(".jpg", np.clip(gray, 0, 255).astype(np.uint8),
                            [cv2.IMWRITE_JPEG_QUALITY, 80])
    assert ok
    frame = cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)
    assert frame is not None
    return np.asarray(frame)


def as_cp1252_mojibake(text: str) -> str:
    """What a keyboard-wedge scanner on a CP1252 host types for UTF-8 ``text``."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))  # undefined in CP1252: passed through as Latin-1
    return "".join(out)
