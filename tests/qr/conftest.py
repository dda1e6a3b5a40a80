"""Shared helpers for the QR tests: synthetic payloads and rendered photos."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import segno

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAYLOAD = ("048304001975||Lê Hoàng Bảo Ngân|22062004|Nữ|"
           "Tổ 7, Phường Hòa Cường Bắc, Quận Hải Châu, Đà Nẵng|15082021")


def clean_qr_image(text: str, scale: int = 6, size: tuple[int, int] = (640, 480),
                   offset: tuple[int, int] = (40, 40)) -> np.ndarray:
    """A BGR frame with ``text`` as a crisp QR code on a light background."""
    code = segno.make(text, micro=False)
    modules = np.array(code.matrix, dtype=np.uint8)
    img = np.where(np.kron(modules, np.ones((scale, scale), np.uint8)) == 1, 20, 235)
    frame = np.full((size[1], size[0]), 235, np.uint8)
    x, y = offset
    frame[y:y + img.shape[0], x:x + img.shape[1]] = img
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    """A folder of two photos for the simulated camera."""
    from benchmarks.qr_corpus import render_photo

    folder = tmp_path / "frames"
    folder.mkdir()
    cv2.imwrite(str(folder / "a.png"), render_photo(PAYLOAD, seed=3))
    cv2.imwrite(str(folder / "b.png"), np.full((720, 1280, 3), 128, np.uint8))
    return folder
