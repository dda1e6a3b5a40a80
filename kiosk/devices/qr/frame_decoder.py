"""Find and decode the CCCD QR code in a camera frame with zxing-cpp.

A frame first goes through zxing-cpp on the plain grey image (QR only, no rotation or
inversion search: a QR finder is rotation-invariant and the card is dark on light).
If that fails, a short ladder of preprocessing steps follows, each run only when
every earlier one failed. The ladder and its order were chosen by measurement on a
tuning corpus (seed 1, disjoint from the benchmark's) — see ``docs/performance.md``
and ``benchmarks/qr_decode.py --tune``: a greedy pick of the step that reads the most
remaining failures per millisecond, stopping when a step would add fewer than two.

When the whole ladder fails, a deblur attempt (``deblur.py``) runs on the first
failing frame and then on every ``deblur_every``-th one: it finds the code region,
first tries a local mean threshold on it (a code under glare or in low contrast that
zxing-cpp's own binarizer lost; issue 19, chosen on tuning seeds 3-5),
estimates the blur from the code's own gradients (motion direction from the structure
tensor, length from the directional autocorrelation), Wiener-deconvolves the region
with that kernel and a few defocus widths ("rungs", chosen by measurement on the
tuning corpus), and hands each result to the ladder. The consecutive frames of a scene
differ (the blur changes as the hand moves), so each attempt tries only
``deblur_rungs`` rungs and the next attempt continues with the following ones: a
rotating ladder that covers every rung over a few frames at a fraction of the cost.
Since issue 19 the default tries every rung on every miss (``deblur_rungs=0``): on the
tuning seeds 3-5 the one-rung attempt left most readable blurred frames unread, for
about 10 ms more on a frame that reaches the deblur step.

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
def _adaptive(gray: Gray) -> Gray:
    return cv2.adaptiveThreshold(cv2.GaussianBlur(gray, (0, 0), 1.0), 255,
                                 cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 31, 0)


# a mean threshold over 31 px, already black and white: zxing-cpp only casts it
ADAPTIVE = LadderStep("adaptive31", _adaptive, binarizer=zxingcpp.Binarizer.BoolCast)
GLOBAL_HISTOGRAM = LadderStep("global-histogram", lambda g: g,
                              binarizer=zxingcpp.Binarizer.GlobalHistogram)
CLAHE = LadderStep("clahe", lambda g: cv2.createCLAHE(2.0, (8, 8)).apply(g))

# Every step the tuning run (``benchmarks/qr_decode.py --tune``) may pick from.
CANDIDATE_STEPS: tuple[LadderStep, ...] = (MEDIAN3, SHARPEN_UP, GAUSS1, SHARPEN, UP, UP2,
                                           GLOBAL_HISTOGRAM, CLAHE)
# Chosen by measurement (docs/performance.md); PLAIN always comes first.
DEFAULT_LADDER: tuple[LadderStep, ...] = (PLAIN, MEDIAN3, UP)
# Cheap steps on the small region around the last hit.
ROI_LADDER: tuple[LadderStep, ...] = (PLAIN, MEDIAN3, UP2, SHARPEN_UP)


@dataclass(frozen=True)
class DeblurRung:
    """One deconvolution to try: extra defocus ``sigma`` (px) and Wiener noise ratio."""

    sigma: float
    noise_ratio: float


# Rungs in the order they are tried, chosen by measurement on the tuning corpora
# (``benchmarks/qr_decode.py --tune-deblur --tune-seeds 1,2,3,4,5``; docs/performance.md):
# one list for a blur with a clear motion direction, one for a blur without (defocus).
MOTION_RUNGS: tuple[DeblurRung, ...] = (DeblurRung(0.6, 0.02), DeblurRung(1.4, 0.005),
                                        DeblurRung(1.8, 0.01), DeblurRung(0.0, 0.005))
DEFOCUS_RUNGS: tuple[DeblurRung, ...] = (DeblurRung(2.2, 0.02), DeblurRung(1.4, 0.02),
                                         DeblurRung(2.2, 0.05))
# a restored region goes through these steps (the frame ladder's own, then 2x and a
# local threshold for the low contrast a deconvolution leaves; issue 19 follow-up)
DEBLUR_STEPS: tuple[LadderStep, ...] = (PLAIN, MEDIAN3, UP, UP2, ADAPTIVE)
# px kept around the code region for the deconvolution (plus the motion length)
DEBLUR_PAD = 24


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


def rotate(rungs: tuple[DeblurRung, ...], attempt: int, per_attempt: int
           ) -> list[DeblurRung]:
    """The rungs that deblur attempt number ``attempt`` (from 0) tries.

    The next ``per_attempt`` of ``rungs`` after the previous attempt's, wrapping round;
    all of them when ``per_attempt`` is 0 or covers the list.
    """
    if not per_attempt or per_attempt >= len(rungs):
        return list(rungs)
    return [rungs[(attempt * per_attempt + i) % len(rungs)] for i in range(per_attempt)]


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
                 roi_margin: float = 0.4, deblur_every: int = 1, deblur_rungs: int = 0,
                 motion_rungs: tuple[DeblurRung, ...] = MOTION_RUNGS,
                 defocus_rungs: tuple[DeblurRung, ...] = DEFOCUS_RUNGS) -> None:
        self.ladder = ladder
        self.roi_ladder = roi_ladder
        self.roi_margin = roi_margin
        # the deblur attempt runs on the first failing frame and then on every
        # ``deblur_every``-th one (0 turns it off), trying ``deblur_rungs`` rungs (0: all),
        # the next attempt continuing where this one stopped
        self.deblur_every = deblur_every
        self.deblur_rungs = deblur_rungs
        self.motion_rungs = motion_rungs
        self.defocus_rungs = defocus_rungs
        self._roi: tuple[int, int, int, int] | None = None  # x0, y0, x1, y1
        self._misses = 0
        self._attempts = 0  # deblur attempts since the last hit: where the rotation is

    def reset(self) -> None:
        """Forget the last hit (a new visit, or the card left the view)."""
        self._roi = None
        self._misses = 0
        self._attempts = 0

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
        crop, cx, cy = deblur.crop_around(gray, *deblur.locate_code(gray))
        if min(crop.shape) < 21:
            return None
        gx, gy = deblur.gradients(crop)
        mask = deblur.code_mask(gx, gy)
        bx0, by0, bx1, by1 = deblur.mask_box(mask, 0)
        if min(bx1 - bx0, by1 - by0) < deblur.MIN_CODE_SIDE:
            return None  # texture, not a code: an idle camera skips the deconvolution
        hit = _read(crop, ADAPTIVE)  # glare or low contrast, not blur: a local threshold
        if hit is not None:
            return self._hit(hit, ADAPTIVE, f"crop:{ADAPTIVE.name}", cx, cy, gray, start)
        blur = deblur.estimate_blur(gx, gy, mask)
        x0, y0, x1, y1 = deblur.fft_friendly(
            deblur.mask_box(mask, DEBLUR_PAD + int(blur.length)), crop.shape)
        region = np.ascontiguousarray(crop[y0:y1, x0:x1])
        if min(region.shape) < 21:
            return None
        spectrum = np.fft.rfft2(region.astype(np.float32))
        for rung in self._rungs(blur):
            kernel = deblur.blur_kernel(blur.length, blur.angle, rung.sigma)
            restored = deblur.wiener(spectrum, region.shape, kernel, rung.noise_ratio)
            for step in DEBLUR_STEPS:
                hit = _read(restored, step)
                if hit is not None:
                    return self._hit(hit, step, f"deblur:{step.name}", cx + x0, cy + y0,
                                     gray, start)
        return None

    def _rungs(self, blur: deblur.BlurEstimate) -> list[DeblurRung]:
        rungs = self.motion_rungs if blur.length > 0 else self.defocus_rungs
        self._attempts += 1
        return rotate(rungs, self._attempts - 1, self.deblur_rungs)

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
        self._attempts = 0
        raw = bytes(barcode.bytes)
        return Decoded(barcode.text, raw, corners, name,
                       (time.perf_counter() - start) * 1000.0)
