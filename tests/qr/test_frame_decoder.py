"""Decoding QR codes from frames: plain hits, the ladder, the region follow-up, bad frames."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.qr_corpus import generate, render_photo
from kiosk.devices.qr.frame_decoder import (
    DEFAULT_LADDER,
    PLAIN,
    FrameDecoder,
    to_gray,
)
from tests.qr.conftest import PAYLOAD, clean_qr_image


def test_clean_code_decodes_with_position_and_bytes() -> None:
    hit = FrameDecoder().decode(clean_qr_image(PAYLOAD, offset=(100, 60)))
    assert hit is not None
    assert hit.text == PAYLOAD
    assert hit.raw.decode("utf-8") == PAYLOAD
    assert hit.step == "plain"
    xs = [x for x, _ in hit.corners]
    assert min(xs) >= 100 and PAYLOAD not in repr(hit)


def test_region_of_last_hit_is_tried_first() -> None:
    decoder = FrameDecoder()
    frame = clean_qr_image(PAYLOAD, size=(1280, 720), offset=(700, 300))
    assert decoder.decode(frame).step == "plain"  # type: ignore[union-attr]
    again = decoder.decode(frame)
    assert again is not None and again.step == "roi:plain" and again.text == PAYLOAD
    # corners come back in frame coordinates, not crop coordinates
    assert min(x for x, _ in again.corners) >= 700
    # the code moved away: the region misses, the full frame still finds it
    moved = clean_qr_image(PAYLOAD, size=(1280, 720), offset=(20, 20))
    hit = decoder.decode(moved)
    assert hit is not None and hit.step == "plain"
    decoder.reset()
    assert decoder.decode(frame).step == "plain"  # type: ignore[union-attr]


def test_ladder_rescues_a_frame_plain_misses() -> None:
    """Some corpus frame (tuning seed) must need a ladder step beyond the plain pass."""
    plain_only = FrameDecoder(ladder=(PLAIN,), deblur_every=0)
    for frame in generate(40, 1, seed=1):
        if plain_only.decode(frame.image) is None:
            hit = FrameDecoder(deblur_every=0).decode(frame.image)
            if hit is not None:
                assert hit.step != "plain" and hit.text == frame.expected
                assert hit.step in {s.name for s in DEFAULT_LADDER}
                return
    pytest.fail("no frame in the sample needed the ladder")


def test_photo_from_corpus_decodes() -> None:
    hit = FrameDecoder().decode(render_photo(PAYLOAD, seed=3))
    assert hit is not None and hit.text == PAYLOAD


@pytest.mark.parametrize("frame", [
    np.zeros((0, 0, 3), np.uint8),
    np.zeros((10, 10), np.uint8),
    np.zeros((480, 640, 3), np.uint8),
    np.full((480, 640), 255, np.uint8),
    np.random.default_rng(1).integers(0, 255, (480, 640, 3), dtype=np.uint8),
    np.zeros((4, 4, 4, 4), np.uint8),
    np.zeros((480, 640, 2), np.uint8),
    np.full((480, 640, 3), np.nan, np.float32),
])
def test_empty_and_garbage_frames_give_none(frame: np.ndarray) -> None:
    assert FrameDecoder().decode(frame) is None


def test_gray_bgra_and_float_inputs() -> None:
    bgr = clean_qr_image(PAYLOAD)
    assert to_gray(bgr).shape == bgr.shape[:2]
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    for frame in (gray, gray[:, :, None], cv2.cvtColor(bgr, cv2.COLOR_BGR2BGRA),
                  bgr.astype(np.float32), bgr.astype(np.uint16)):
        hit = FrameDecoder().decode(frame)
        assert hit is not None and hit.text == PAYLOAD


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 64), st.integers(0, 64), st.sampled_from([None, 1, 3, 4]),
       st.sampled_from([np.uint8, np.uint16, np.float32, np.int8]), st.integers(0, 2**32 - 1))
def test_fuzz_frames_of_any_shape_and_type(h: int, w: int, channels: int | None,
                                           dtype: type, seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = (h, w) if channels is None else (h, w, channels)
    frame = (rng.random(shape) * 300).astype(dtype)
    assert FrameDecoder().decode(frame) is None  # noise never decodes, never crashes
