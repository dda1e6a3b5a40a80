"""The counter screens render offscreen in both languages and both desk sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from kiosk.demo.counter_screenshots import render_counter_screenshots

pytestmark = [pytest.mark.slow]  # renders every counter screen in both languages and desk sizes


def test_counter_screenshots_render(tmp_path: Path, qapp: object) -> None:
    written = render_counter_screenshots(tmp_path)
    assert len(written) == 20
    sizes = {Image.open(p).size for p in written}
    assert sizes == {(1366, 768), (1920, 1080)}
    # a real picture, not a blank window: the desk has many colours
    desk = Image.open(tmp_path / "counter-03-citizen-vi-hd.png").convert("RGB")
    assert len(desk.getcolors(maxcolors=1 << 20) or []) > 200
