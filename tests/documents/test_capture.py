"""Document capture (issue 20, the kiosk's side): the page found in a photo, flattened,
cleaned, taken when steady, and written as an A4 PDF with its name.

The photos are the synthetic corpus of :mod:`kiosk.simulated.document_photos` (the
benchmark's held-out seeds measure the rates; these tests pin cases and properties).
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.documents.capture import STILL_FRAMES, CaptureGate
from kiosk.devices.documents.enhance import PAGE_SIZE, black_and_white, clean, flatten
from kiosk.devices.documents.page import find_page, order_corners
from kiosk.devices.documents.pdf import DocumentError, make_pdf
from kiosk.simulated.document_photos import PHOTO_H, PHOTO_W, scene

DIAGONAL = float(np.hypot(PHOTO_W, PHOTO_H))


def _error(quad: np.ndarray, truth: np.ndarray) -> float:
    return float(np.max(np.hypot(*(order_corners(quad) - order_corners(truth)).T)))


@pytest.mark.parametrize("seed", [1001, 1002, 1003, 1005, 1011, 1022, 1027, 1051])
def test_the_page_is_found_within_two_percent_of_the_diagonal(seed: int) -> None:
    made = scene(seed)  # shadows, light desks, a hand: each seed's kind in its name
    quad = find_page(made.photo)
    assert quad is not None, made.kind
    assert _error(quad, made.corners) <= 0.02 * DIAGONAL, made.kind


def test_a_desk_without_a_page_gives_nothing() -> None:
    desk = scene(1002).photo.copy()
    desk[:] = cv2.GaussianBlur(np.full_like(desk, 90), (0, 0), 1)
    cv2.circle(desk, (400, 300), 120, (30, 160, 40), -1)  # a cup, a green one
    assert find_page(desk) is None


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(60, 400), st.integers(60, 400))
def test_any_frame_gives_corners_or_none_never_an_error(seed: int, w: int, h: int) -> None:
    frame = np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)
    quad = find_page(frame)
    assert quad is None or quad.shape == (4, 2)


def test_the_page_comes_out_a4_flat_and_clean() -> None:
    made = scene(1001)  # a shadow across the page
    quad = find_page(made.photo)
    assert quad is not None
    flat = flatten(made.photo, quad)
    assert flat.shape[:2] == (PAGE_SIZE[1], PAGE_SIZE[0]) == (1754, 1240)
    cleaned = cv2.cvtColor(clean(flat), cv2.COLOR_BGR2GRAY)
    truth = cv2.cvtColor(made.page, cv2.COLOR_BGR2GRAY)
    paper, ink = truth > 200, truth < 80
    # the paper is even and white everywhere, shadow or not; the ink stays dark
    assert np.median(cleaned[paper]) > 235 and np.percentile(cleaned[paper], 5) > 180
    assert np.median(cleaned[ink]) < np.median(cleaned[paper]) - 60
    bw = black_and_white(flat)
    assert set(np.unique(bw).tolist()) == {0, 255}
    blank = cv2.erode(paper.astype(np.uint8), np.ones((15, 15), np.uint8)) > 0  # no ink near
    assert (bw[blank] == 255).mean() > 0.97


def test_the_pdf_is_a4_with_the_document_s_name_and_small() -> None:
    made = scene(1002)
    quad = find_page(made.photo)
    assert quad is not None
    page = black_and_white(flatten(made.photo, quad))
    data = make_pdf([page, page], "Giấy chứng nhận quyền sử dụng đất")
    assert len(data) <= 2 * 200 * 1024  # issue 20: at most 200 KB per text page
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box[2:] == pytest.approx([595.28, 841.89], abs=0.5)  # A4 in points
        assert str(pdf.docinfo["/Title"]) == "Giấy chứng nhận quyền sử dụng đất"
    with pytest.raises(DocumentError):
        make_pdf([], "empty")


def test_a_steady_sharp_page_is_taken_once_and_again_after_it_goes() -> None:
    gate = CaptureGate(DIAGONAL)
    quad = scene(1002).corners
    shaking = [gate.feed(quad + (i % 2) * 30, 200.0) for i in range(10)]
    assert not any(shaking)  # moved 30 px between frames: not steady
    blurred = [gate.feed(quad, 5.0) for _ in range(STILL_FRAMES + 2)]
    assert not any(blurred)  # steady but not sharp
    taken = [gate.feed(quad + 1, 200.0) for _ in range(STILL_FRAMES + 5)]
    assert taken.count(True) == 1  # steady and sharp: taken once, not again and again
    assert not gate.feed(None, 200.0)  # the page is lifted away
    again = [gate.feed(quad, 200.0) for _ in range(STILL_FRAMES)]
    assert again[-1] is True
