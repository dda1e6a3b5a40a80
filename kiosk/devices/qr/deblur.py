"""Last resort for blurred codes: find the code, estimate the blur, deconvolve.

A hand-held card often moves during the exposure, and a card held too close is out of
focus. The blur is modelled as a line of ``length`` px at ``angle`` (linear motion)
convolved with a Gaussian of ``sigma`` (defocus), and estimated from the code itself
before one Wiener deconvolution per tried ``sigma`` — no search over directions:

* **Direction** — the gradient structure tensor of the code region. A QR code is made
  of square modules, so its own gradients have no preferred orientation (the tensor of
  a four-fold symmetric pattern is isotropic); linear motion wipes out gradient energy
  along the motion, so the eigenvector of the smaller eigenvalue is the motion
  direction and the coherence ``(l1 - l2) / (l1 + l2)`` says how directional the blur
  is (near 0 for a sharp or only defocused code).
* **Length** — along the motion, the derivative of an image smeared by a box of length
  L is the difference of two copies of the sharp image L px apart, so its
  autocorrelation has its deepest minimum at lag L (Yitzhaky and Kopeika's method).
* **Defocus** is not estimated: the frame decoder tries a short list of ``sigma``
  values chosen by measurement (``benchmarks/qr_decode.py --tune-deblur``).

Everything runs on a crop around the code region (the densest edges), so an attempt
costs a few milliseconds per deconvolution, not a search over many kernels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

CROP_HALF = 300  # the search crop is at most 600 x 600 px: codes up to ~420 px, rotated
MIN_LAG, MAX_LAG = 2.0, 24.0  # motion lengths (px) the estimate can report
LAG_STEP = 0.5
# below this coherence the blur has no clear direction: no motion part in the kernel
# (on the tuning corpora's ladder misses: codes smeared 5 px or more 0.15-0.62, the
# others 0.01-0.16, all but two of them at most 0.11)
MIN_COHERENCE = 0.15
# a dense-edge region narrower than this (px) is no code worth deconvolving: the kiosk's
# codes are 170-420 px and blurred ones measured at least 150 px across, while frames
# without a code gave regions of at most 95 px (docs/performance.md)
MIN_CODE_SIDE = 110
_SMOOTH = 1.0  # pre-smoothing (px) that keeps sensor noise out of the gradients


@dataclass(frozen=True)
class BlurEstimate:
    """A motion-blur estimate: ``length`` px at ``angle`` degrees, and how sure it is.

    ``angle`` is counter-clockwise from the +x axis as the image is seen (y down), in
    [0, 180); ``coherence`` in [0, 1] is how directional the code's gradients are.
    ``length`` is 0 when the coherence is below ``MIN_COHERENCE`` (no motion part).
    """

    length: float
    angle: float
    coherence: float


def locate_code(gray: np.ndarray) -> tuple[int, int]:
    """Centre (x, y) of the region with the densest edges (a QR code's modules)."""
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1)
    energy = cv2.boxFilter(np.abs(gx) + np.abs(gy), -1, (40, 40))
    y, x = np.unravel_index(int(np.argmax(energy)), energy.shape)
    return int(x) * 4, int(y) * 4


def crop_around(gray: np.ndarray, x: int, y: int) -> tuple[np.ndarray, int, int]:
    """The crop of ``gray`` centred on (x, y) and its top-left corner."""
    x0, y0 = max(0, x - CROP_HALF), max(0, y - CROP_HALF)
    return np.ascontiguousarray(gray[y0:y + CROP_HALF, x0:x + CROP_HALF]), x0, y0


def gradients(crop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The x and y derivatives of ``crop`` after a light smoothing against sensor noise."""
    smooth = cv2.GaussianBlur(crop.astype(np.float32), (0, 0), _SMOOTH)
    return (cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=1),
            cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=1))


def code_mask(gx: np.ndarray, gy: np.ndarray) -> np.ndarray:
    """Where the code is, given a crop's ``gradients``: the connected dense-edge region.

    The edge density (gradient magnitude averaged over 31 px) is thresholded halfway
    between its median (background, noise) and its maximum, and only the connected part
    holding the maximum is kept (not the card's printed text lines). Empty when nothing
    stands out (a flat image).
    """
    density = cv2.boxFilter(np.abs(gx) + np.abs(gy), -1, (31, 31))
    floor, top = float(np.median(density[::4, ::4])), float(density.max())
    if top - floor < 1e-3:  # a flat image: nothing stands out, no code
        return np.zeros(density.shape, bool)
    above = (density >= floor + 0.5 * (top - floor)).astype(np.uint8)
    _count, labels = cv2.connectedComponents(above, connectivity=8)
    y, x = np.unravel_index(int(np.argmax(density)), density.shape)
    mask: np.ndarray = labels == labels[y, x]
    return mask


def estimate_blur(gx: np.ndarray, gy: np.ndarray, mask: np.ndarray) -> BlurEstimate:
    """The motion blur of the code, from a crop's ``gradients`` on its ``code_mask``.

    A region without any structure gives ``BlurEstimate(0, 0, 0)``.
    """
    sx, sy = gx[mask], gy[mask]
    jxx, jyy, jxy = float(sx @ sx), float(sy @ sy), float(sx @ sy)
    total = jxx + jyy
    if total <= 1e-6:
        return BlurEstimate(0.0, 0.0, 0.0)
    coherence = math.hypot(jxx - jyy, 2 * jxy) / total
    # dominant gradient orientation (x right, y down); the motion is perpendicular to it
    gradient = 0.5 * math.atan2(2 * jxy, jxx - jyy)
    angle = math.degrees(-(gradient + math.pi / 2)) % 180.0
    if coherence < MIN_COHERENCE:
        return BlurEstimate(0.0, angle, coherence)
    x0, y0, x1, y1 = mask_box(mask, int(MAX_LAG) + 2)  # zeros around: no wrap-around
    box = np.s_[y0:y1, x0:x1]
    return BlurEstimate(motion_length(gx[box], gy[box], mask[box], angle), angle, coherence)


def motion_length(gx: np.ndarray, gy: np.ndarray, mask: np.ndarray, angle: float) -> float:
    """The lag of the deepest minimum of the directional derivative's autocorrelation."""
    c, s = math.cos(math.radians(angle)), -math.sin(math.radians(angle))
    derivative = (c * gx + s * gy) * mask
    size = cv2.getOptimalDFTSize(derivative.shape[0]), cv2.getOptimalDFTSize(derivative.shape[1])
    power = np.abs(np.fft.rfft2(derivative, s=size)) ** 2
    auto = np.fft.irfft2(power, s=size)
    h, w = auto.shape
    lags = np.arange(MIN_LAG, MAX_LAG + LAG_STEP / 2, LAG_STEP)
    xs, ys = lags * c, lags * s
    x0, y0 = np.floor(xs).astype(int), np.floor(ys).astype(int)
    fx, fy = xs - x0, ys - y0
    y1, x1 = (y0 + 1) % h, (x0 + 1) % w
    y0, x0 = y0 % h, x0 % w
    values = ((1 - fx) * (1 - fy) * auto[y0, x0] + fx * (1 - fy) * auto[y0, x1]
              + (1 - fx) * fy * auto[y1, x0] + fx * fy * auto[y1, x1])
    return float(lags[int(np.argmin(values))])


def mask_box(mask: np.ndarray, pad: int) -> tuple[int, int, int, int]:
    """The bounding box (x0, y0, x1, y1) of ``mask`` grown by ``pad`` px, inside it.

    An empty mask gives the empty box (0, 0, 0, 0).
    """
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    h, w = mask.shape
    if cols.size == 0:
        return 0, 0, 0, 0
    return (max(0, int(cols[0]) - pad), max(0, int(rows[0]) - pad),
            min(w, int(cols[-1]) + 1 + pad), min(h, int(rows[-1]) + 1 + pad))


def fft_friendly(box: tuple[int, int, int, int], shape: tuple[int, ...]
                 ) -> tuple[int, int, int, int]:
    """``box`` grown (inside an image of ``shape``) to sides the FFT handles fast.

    Sides with only small prime factors (``cv2.getOptimalDFTSize``) transform several
    times faster than, say, a prime side; the box grows to the right and down, or to
    the left and up where the image ends.
    """
    x0, y0, x1, y1 = box
    h, w = shape[:2]
    width, height = min(w, cv2.getOptimalDFTSize(x1 - x0)), min(h, cv2.getOptimalDFTSize(y1 - y0))
    x0, y0 = min(x0, w - width), min(y0, h - height)
    return x0, y0, x0 + width, y0 + height


def blur_kernel(length: float, angle: float, sigma: float = 0.0) -> np.ndarray:
    """A normalised point-spread function: a line blurred by a Gaussian.

    The line is ``length`` px long (any real length, ends anti-aliased) at ``angle``
    degrees (counter-clockwise, y down); the Gaussian has ``sigma`` px. ``length`` 0
    gives a pure Gaussian, both 0 a single point.
    """
    size = math.ceil(length + 6 * sigma) + 3
    size |= 1
    kernel = np.zeros((size, size), np.float32)
    centre = size // 2
    c, s = math.cos(math.radians(angle)), -math.sin(math.radians(angle))
    steps = max(1, int(length * 8))
    for t in np.linspace(-length / 2, length / 2, steps + 1):
        x, y = centre + t * c, centre + t * s
        x0, y0 = math.floor(x), math.floor(y)
        fx, fy = x - x0, y - y0
        kernel[y0, x0] += (1 - fx) * (1 - fy)
        kernel[y0, x0 + 1] += fx * (1 - fy)
        kernel[y0 + 1, x0] += (1 - fx) * fy
        kernel[y0 + 1, x0 + 1] += fx * fy
    if sigma > 0:
        spread: np.ndarray = cv2.GaussianBlur(kernel, (size, size), sigma,
                                              borderType=cv2.BORDER_CONSTANT)
        kernel = spread.astype(np.float32)
    result: np.ndarray = kernel / float(kernel.sum())
    return result


def motion_kernel(length: int, angle: float) -> np.ndarray:
    """A normalised ``length`` x ``length`` line kernel at ``angle`` degrees.

    Drawn as a rotated row, the way the benchmark corpus smears its moving cards; the
    tests use it to blur synthetic codes independently of ``blur_kernel``.
    """
    length = max(2, length)
    line = np.zeros((length, length), np.float32)
    line[length // 2, :] = 1.0
    rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), angle, 1.0)
    kernel: np.ndarray = cv2.warpAffine(line, rot, (length, length))
    return kernel / max(float(kernel.sum()), 1e-6)


def wiener(spectrum: np.ndarray, shape: tuple[int, int], kernel: np.ndarray,
           noise_ratio: float) -> np.ndarray:
    """Wiener deconvolution given the crop's ``np.fft.rfft2`` (8-bit image out)."""
    transfer = np.fft.rfft2(kernel, s=shape)
    restored = np.fft.irfft2(spectrum * np.conj(transfer) / (np.abs(transfer) ** 2 + noise_ratio),
                             s=shape)
    restored = np.roll(restored, (kernel.shape[0] // 2, kernel.shape[1] // 2), axis=(0, 1))
    return np.clip(restored, 0, 255).astype(np.uint8)
