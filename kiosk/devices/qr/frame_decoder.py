"""Find and decode the CCCD QR code in a camera frame with zxing-cpp.

A frame first goes through zxing-cpp on the plain grey image (QR only, no rotation or
inversion search: a QR finder is rotation-invariant and the card is dark on light).
If that fails, a short ladder of preprocessing steps follows, each run only when
every earlier one failed. The ladder and its order were chosen by measurement on a
tuning corpus (seed 1, disjoint from the benchmark's) — see ``docs/performance-qr.md``
and ``benchmarks/qr_decode.py --tune``: a greedy pick of the step that reads the most
remaining failures per millisecond, stopping when a step would add fewer than two.

When the whole ladder fails, a motion-deblur attempt (``deblur.py``: locate the code,
estimate the blur from the cepstrum, Wiener-deconvolve) runs on the first failing
frame and then on every ``deblur_every``-th one: it reads some codes of a moving card
that nothing else reads, at tens of milliseconds, so it is rationed.

After a hit the decoder remembers where the code was and first looks in that region
of the next frame (the citizen holds the card still), which costs a fraction of a
full-frame pass.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from kiosk.devices.qr import deblur

log = logging.getLogger(__name__)

Gray = np.ndarray
_QR = zxingcpp.barcode_formats_from_str("QRCode")


@dataclass(frozen=True)
class LadderStep:
    """One way to prepare a grey frame for zxing-cpp, and the binarizer to use on it.

    ``scale`` is how much ``prepare`` enlarges the image (to map positions back).
    """

    name: str
    prepare: Callable[[Gray], Gray]
    binarizer: zxingcpp.Binarizer = zxingcpp.Binarizer.LocalAverage
    scale: float = 1.0


def _unsharp(gray: Gray) -> Gray:
    return cv2.addWeighted(gray, 2.0, cv2.GaussianBlur(gray, (0, 0), 2.0), -1.0, 0)


def _enlarge(gray: Gray, factor: float) -> Gray:
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_LINEAR)


PLAIN = LadderStep("plain", lambda g: g)
MEDIAN3 = LadderStep("median3", lambda g: cv2.medianBlur(g, 3))
SHARPEN_UP = LadderStep("sharpen+1.5x", lambda g: _enlarge(_unsharp(g), 1.5), scale=1.5)
GAUSS1 = LadderStep("gauss1.0", lambda g: cv2.GaussianBlur(g, (0, 0), 1.0))
SHARPEN = LadderStep("sharpen", _unsharp)
UP = LadderStep("1.5x", lambda g: _enlarge(g, 1.5), scale=1.5)
UP2 = LadderStep("2x", lambda g: _enlarge(g, 2.0), scale=2.0)
GLOBAL_HISTOGRAM = LadderStep("global-histogram", lambda g: g,
                              binarizer=zxingcpp.Binarizer.GlobalHistogram)
CLAHE = LadderStep("clahe", lambda g: cv2.createCLAHE(2.0, (8, 8)).apply(g))

# Every step the tuning run (``benchmarks/qr_decode.py --tune``) may pick from.
CANDIDATE_STEPS: tuple[LadderStep, ...] = (MEDIAN3, SHARPEN_UP, GAUSS1, SHARPEN, UP, UP2,
                                           GLOBAL_HISTOGRAM, CLAHE)
# Chosen by measurement (docs/performance-qr.md); PLAIN always comes first.
DEFAULT_LADDER: tuple[LadderStep, ...] = (PLAIN, MEDIAN3, UP)
# Cheap steps on the small region around the last hit.
ROI_LADDER: tuple[LadderStep, ...] = (PLAIN, MEDIAN3, UP2, SHARPEN_UP)
# Wiener noise-to-signal ratios tried per blur candidate (measured: docs/performance-qr.md)
DEBLUR_NOISE_RATIOS: tuple[float, ...] = (0.02, 0.1)


@dataclass(frozen=True)
class Decoded:
    """One decoded QR code: the text, the raw bytes, where it was and how it was found."""

    text: str
    raw: bytes
    corners: tuple[tuple[int, int], ...]  # four (x, y) points in frame coordinates
    step: str  # the ladder step that found it, "roi:" prefixed for the region pass
    elapsed_ms: float

    def __repr__(self) -> str:  # the text is personal data
        return f"Decoded(step={self.step!r}, {len(self.raw)} bytes)"


def to_gray(frame: np.ndarray) -> Gray:
    """A contiguous 8-bit grey image from a BGR, BGRA, one-channel or grey frame.

    Other element types are clipped to 0-255 first; ``ValueError`` for other shapes.
    """
    if frame.dtype != np.uint8:
        frame = np.clip(np.nan_to_num(frame.astype(np.float32)), 0, 255).astype(np.uint8)
    if frame.ndim == 2:
        gray = frame
    elif frame.ndim == 3 and frame.shape[2] == 1:
        gray = frame[:, :, 0]
    elif frame.ndim == 3 and frame.shape[2] == 3:
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    elif frame.ndim == 3 and frame.shape[2] == 4:
        gray = cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    else:
        raise ValueError(f"a frame must be grey, BGR or BGRA, not shape {frame.shape}")
    return np.ascontiguousarray(gray)


def _read(gray: Gray, step: LadderStep) -> zxingcpp.Barcode | None:
    image = step.prepare(gray)
    found = zxingcpp.read_barcodes(image, formats=_QR, try_rotate=False, try_invert=False,
                                   try_downscale=False, binarizer=step.binarizer)
    return found[0] if found else None


def _corners(barcode: zxingcpp.Barcode, scale: float, dx: int, dy: int
             ) -> tuple[tuple[int, int], ...]:
    p = barcode.position
    pts = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
    return tuple((round(pt.x / scale) + dx, round(pt.y / scale) + dy) for pt in pts)


class FrameDecoder:
    """Decode the QR code in successive frames; remembers the last hit's region.

    Not thread-safe: use one decoder per camera worker.
    """

    def __init__(self, ladder: tuple[LadderStep, ...] = DEFAULT_LADDER,
                 roi_ladder: tuple[LadderStep, ...] = ROI_LADDER,
                 roi_margin: float = 0.4, deblur_every: int = 2) -> None:
        self.ladder = ladder
        self.roi_ladder = roi_ladder
        self.roi_margin = roi_margin
        # the motion-deblur attempt (tens of ms) runs on the first failing frame and
        # then on every ``deblur_every``-th one; 0 turns it off
        self.deblur_every = deblur_every
        self.deblur_noise_ratios: tuple[float, ...] = DEBLUR_NOISE_RATIOS
        self._roi: tuple[int, int, int, int] | None = None  # x0, y0, x1, y1
        self._misses = 0

    def reset(self) -> None:
        """Forget the last hit (a new visit, or the card left the view)."""
        self._roi = None
        self._misses = 0

    def decode(self, frame: np.ndarray) -> Decoded | None:
        """The QR code in ``frame`` (BGR or grey), or None when none could be read."""
        start = time.perf_counter()
        if frame.size == 0 or frame.ndim not in (2, 3) or min(frame.shape[:2]) < 21:
            return None
        try:
            gray = to_gray(frame)
        except ValueError:
            log.warning("frame of unexpected shape %s ignored", frame.shape)
            return None
        if self._roi is not None:
            x0, y0, x1, y1 = self._roi
            crop = np.ascontiguousarray(gray[y0:y1, x0:x1])
            for step in self.roi_ladder:
                hit = _read(crop, step)
                if hit is not None:
                    return self._hit(hit, step, f"roi:{step.name}", x0, y0, gray, start)
            self._roi = None
        for step in self.ladder:
            hit = _read(gray, step)
            if hit is not None:
                return self._hit(hit, step, step.name, 0, 0, gray, start)
        self._misses += 1
        if self.deblur_every and (self._misses - 1) % self.deblur_every == 0:
            return self._deblur(gray, start)
        return None

    def _deblur(self, gray: Gray, start: float) -> Decoded | None:
        crop, x0, y0 = deblur.crop_around(gray, *deblur.locate_code(gray))
        if min(crop.shape) < 21:
            return None
        spectrum = np.fft.rfft2(crop.astype(np.float32))
        for length, angle in deblur.blur_candidates(crop):
            kernel = deblur.motion_kernel(length, angle)
            for noise_ratio in self.deblur_noise_ratios:
                restored = deblur.wiener(spectrum, crop.shape, kernel, noise_ratio)
                hit = _read(restored, PLAIN)
                if hit is not None:
                    return self._hit(hit, PLAIN, "deblur", x0, y0, gray, start)
        return None

    def _hit(self, barcode: zxingcpp.Barcode, step: LadderStep, name: str, dx: int, dy: int,
             gray: Gray, start: float) -> Decoded:
        corners = _corners(barcode, step.scale, dx, dy)
        xs = [x for x, _ in corners]
        ys = [y for _, y in corners]
        pad = int(self.roi_margin * max(max(xs) - min(xs), max(ys) - min(ys), 40))
        h, w = gray.shape
        roi = (max(0, min(xs) - pad), max(0, min(ys) - pad),
               min(w, max(xs) + pad), min(h, max(ys) + pad))
        self._roi = roi if roi[2] - roi[0] >= 21 and roi[3] - roi[1] >= 21 else None
        self._misses = 0
        raw = bytes(barcode.bytes)
        return Decoded(barcode.text, raw, corners, name,
                       (time.perf_counter() - start) * 1000.0)
