"""Last resort for motion-blurred codes: find the code, estimate the blur, deconvolve.

A hand-held card often moves during the exposure. Linear motion blur of length L at
angle a leaves a negative peak in the image's cepstrum at distance L in direction a;
the strongest such peaks give a few candidate blur kernels, and Wiener deconvolution
with each is handed to zxing-cpp. Everything runs on a crop around the densest edge
region (where a QR code is), so one attempt costs tens of milliseconds, not seconds.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

CROP_HALF = 300  # the crop is at most 600 x 600 px: codes up to ~420 px, rotated
ANGLES = tuple(float(a) for a in range(0, 180, 5))
LENGTHS = range(3, 15)


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


def blur_candidates(crop: np.ndarray, count: int = 3) -> list[tuple[int, float]]:
    """The ``count`` most likely (length, angle) motion blurs, angles 15 deg apart."""
    img = crop.astype(np.float32)
    window = np.outer(np.hanning(img.shape[0]), np.hanning(img.shape[1])).astype(np.float32)
    spectrum = np.abs(np.fft.fft2((img - img.mean()) * window))
    cepstrum = np.real(np.fft.ifft2(np.log(spectrum + 1e-3)))
    h, w = cepstrum.shape
    scored: list[tuple[float, int, float]] = []
    for angle in ANGLES:
        c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        for length in LENGTHS:
            value = cepstrum[round(-length * s) % h, round(length * c) % w]
            scored.append((float(value), length, angle))
    scored.sort()
    picked: list[tuple[int, float]] = []
    for _, best_length, best_angle in scored:
        if all(min(abs(best_angle - a), 180 - abs(best_angle - a)) >= 15 for _, a in picked):
            picked.append((best_length, best_angle))
        if len(picked) == count:
            break
    return picked


def motion_kernel(length: int, angle: float) -> np.ndarray:
    """A normalised line kernel of ``length`` px at ``angle`` degrees."""
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
