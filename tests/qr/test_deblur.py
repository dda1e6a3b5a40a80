"""Motion-deblur fallback: kernel, blur estimate and a code only deconvolution can read."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.devices.qr import deblur
from kiosk.devices.qr.frame_decoder import FrameDecoder
from tests.qr.conftest import PAYLOAD, clean_qr_image


def blurred_code(length: int, angle: float) -> np.ndarray:
    gray = cv2.cvtColor(clean_qr_image(PAYLOAD, scale=4, size=(640, 480), offset=(150, 100)),
                        cv2.COLOR_BGR2GRAY).astype(np.float32)
    smeared = cv2.filter2D(gray, -1, deblur.motion_kernel(length, angle))
    noisy = smeared + np.random.default_rng(1).normal(0, 2, smeared.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def test_motion_kernel_is_a_normalised_line() -> None:
    kernel = deblur.motion_kernel(9, 0)
    assert kernel.shape == (9, 9) and kernel.sum() == pytest.approx(1.0)
    assert np.count_nonzero(kernel[4]) == 9 and np.count_nonzero(kernel) == 9


def test_locate_code_finds_the_code() -> None:
    x, y = deblur.locate_code(blurred_code(11, 60))
    assert 150 <= x <= 150 + 57 * 4 and 100 <= y <= 100 + 57 * 4


def test_blur_estimate_contains_the_true_blur() -> None:
    image = blurred_code(11, 60)
    crop, _, _ = deblur.crop_around(image, *deblur.locate_code(image))
    candidates = deblur.blur_candidates(crop)
    assert any(abs(length - 11) <= 1 and abs(angle - 60) <= 5 for length, angle in candidates)


@pytest.mark.parametrize(("length", "angle"), [(11, 60), (11, 120), (9, 60)])
def test_deblur_reads_a_code_the_ladder_cannot(length: int, angle: float) -> None:
    image = blurred_code(length, angle)
    assert FrameDecoder(deblur_every=0).decode(image) is None
    hit = FrameDecoder(deblur_every=1).decode(image)
    assert hit is not None and hit.step == "deblur" and hit.text == PAYLOAD
    assert min(x for x, _ in hit.corners) >= 140  # frame coordinates, not crop


def test_deblur_runs_every_nth_miss_only() -> None:
    image = blurred_code(11, 60)
    decoder = FrameDecoder(deblur_every=2)
    assert decoder.decode(image) is not None  # first miss: deblur runs
    decoder.reset()
    blank = np.full((480, 640), 200, np.uint8)
    assert decoder.decode(blank) is None  # miss 1: deblur tried, nothing there
    assert decoder.decode(image) is None  # miss 2: skipped
    assert decoder.decode(image) is not None  # miss 3: tried again
