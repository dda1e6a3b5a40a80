"""The virtual printer reads what python-escpos writes, whichever image command it uses."""

from __future__ import annotations

import numpy as np
import pytest
from escpos.printer import Dummy
from PIL import Image

from kiosk.devices.printer.escpos_interpreter import interpret
from kiosk.devices.printer.escpos_paper import TextLine
from kiosk.devices.printer.profiles import load_profile

PROFILE = load_profile("TM-T20II")


def _picture() -> Image.Image:
    pixels = np.full((48, 64), 255, dtype=np.uint8)
    pixels[8:40, 8:56] = 0
    pixels[16:32, 16:48] = 255
    return Image.fromarray(pixels, "L")


@pytest.mark.parametrize("impl", ["bitImageRaster", "graphics", "bitImageColumn"])
def test_every_image_command_gives_the_same_ink(impl: str) -> None:
    printer = Dummy(profile="TM-T20II")
    printer.image(_picture(), impl=impl)
    paper = interpret(bytes(printer.output), PROFILE)
    ink = np.vstack([band.ink for band in paper.images()])
    expected = np.asarray(_picture()) < 128
    assert ink[:48, :64].sum() == expected.sum()
    assert np.array_equal(ink[:48, :64], expected)


def test_styles_sizes_and_alignment_are_read() -> None:
    printer = Dummy(profile="TM-T20II")
    printer.set(align="center", bold=True, double_height=True, double_width=True)
    printer.textln("TO")
    printer.set(align="right", bold=False, normal_textsize=True)
    printer.textln("nho")
    printer.cut()
    paper = interpret(bytes(printer.output), PROFILE)
    first, second = (i for i in paper.items if isinstance(i, TextLine) and i.text)
    assert (first.text, first.bold, first.scale, first.align.value) == (
        "TO",
        True,
        (2, 2),
        "center",
    )
    assert (second.text, second.bold, second.scale, second.align.value) == (
        "nho",
        False,
        (1, 1),
        "right",
    )
    assert paper.cuts() == 1


def test_unknown_commands_are_noted_not_fatal() -> None:
    paper = interpret(b"\x1b@\x1bZ\x01abc\n\x1d\x99\x00def\n\x1d(k", PROFILE)
    assert "def" in paper.text_lines()[-1]
    assert any("skipped" in fault for fault in paper.faults)
    assert any("cut short" in fault for fault in paper.faults)
