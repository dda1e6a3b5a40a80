"""Every built screen renders in both languages and orientations."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.commands import screenshots
from kiosk.core.config import CenterConfig, KioskConfig
from kiosk.demo.kiosk_screenshots import render_screenshots

pytestmark = [pytest.mark.slow]  # renders every screen in both languages and orientations


def test_screenshots(tmp_path: Path, qapp: object) -> None:
    files = render_screenshots(tmp_path)
    assert len(files) == 27 * 2 * 2
    for path in files:
        image = QImage(str(path))
        expected = (1080, 1920) if "portrait" in path.name else (1920, 1080)
        assert (image.width(), image.height()) == expected, path.name
        if "countdown" not in path.name and "contrast" not in path.name:
            assert image.pixelColor(5, 5).name() == "#0a2f6b"  # the header
        sampled = {image.pixelColor(x, y).name()
                   for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(sampled) > 8, path.name  # drawn, not blank


def test_screenshots_command(tmp_path: Path, qapp: object,
                             capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    screenshots.register(parser.add_subparsers())
    args = parser.parse_args(["screenshots", str(tmp_path / "out")])
    center = CenterConfig(name_vi="Trung tâm Phục vụ hành chính công phường Bến Thành",
                          name_en="Ben Thanh Ward Public Administration Service Center")
    assert args.func(args, KioskConfig(center=center)) == 0
    printed = capsys.readouterr().out.split()
    # 108 citizen screens + 16 technician screens (kiosk/demo/technician_screenshots.py)
    assert len(printed) == 108 + 16 and all(Path(p).is_file() for p in printed)
