"""Every Vietnamese letter, both cases, all five tones, reaches the paper in every mode.

The oracle is the virtual printer: it decodes the bytes with the printer's own code
page tables (escpos-printer-db) and we compare what a person would read.
"""

from __future__ import annotations

import logging
import unicodedata

import numpy as np
import pytest
from escpos.printer import Dummy

from kiosk.devices.printer import cp1258, raster
from kiosk.devices.printer.document import Align, Document, Text
from kiosk.devices.printer.escpos_interpreter import interpret
from kiosk.devices.printer.escpos_paper import TextLine
from kiosk.devices.printer.profiles import TextMode, load_profile
from kiosk.devices.printer.vietnamese import LETTERS, LOWER_LETTERS, printable_check, sanitize

from .conftest import MODELS, print_on_paper


def _strip_tones(text: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if c not in cp1258.TONE_MARKS)
    )


def test_alphabet_has_146_letters() -> None:
    assert len(LETTERS) == 146 == len(set(LETTERS))
    assert "đ" in LETTERS and "Đ" in LETTERS and "ỹ" in LETTERS and "Ỵ" in LETTERS


@pytest.mark.parametrize("mode", [TextMode.TCVN3, TextMode.CP1258])
def test_every_letter_reads_right_in_text_modes(mode: TextMode) -> None:
    columns = load_profile(MODELS[mode]).columns
    chunk = columns // 2  # "x " per letter
    lines = [" ".join(LETTERS[i : i + chunk]) for i in range(0, len(LETTERS), chunk)]
    document = Document("alphabet", tuple(Text(line) for line in lines))
    job, paper = print_on_paper(document, MODELS[mode], mode)
    assert paper.text_lines() == lines
    assert job.replaced == 0 and paper.faults == []


@pytest.mark.parametrize("model", ["TM-T88V", "TM-T20II", "TM-P80"])
def test_tcvn3_on_other_epson_models(model: str) -> None:
    text = " ".join(LETTERS)
    _job, paper = print_on_paper(Document("a", (Text(text),)), model, TextMode.TCVN3)
    assert " ".join(paper.text_lines()) == text


def test_tcvn3_bytes_match_the_published_table() -> None:
    # TCVN 5712:1993 (VN3), lower-case table: ễ D4, ị DE, ư AD, ờ EA; ESC t 30 = TCVN-3-1
    job, _ = print_on_paper(Document("n", (Text("Nguyễn Thị Hường"),)), "TM-T20II")
    assert job.data == b"\x1b@\x1bt\x1eNguy\xd4n Th\xde H\xad\xeang\n"


def test_upper_case_d_stroke_stays_in_tcvn3() -> None:
    # The profile data writes Đ as U+00D0 in TCVN-3-2; the library alone would switch to
    # CP852 for it and back. With the fix it is byte A7 of TCVN-3-2 (ESC t 31).
    job, paper = print_on_paper(Document("d", (Text("ĐẶNG ĐỨC"),)), "TM-T20II")
    assert job.data == b"\x1b@\x1bt\x1f\xa7\xc6NG \xa7\xf8C\n"
    assert paper.text_lines() == ["ĐẶNG ĐỨC"]
    plain = Dummy(profile="TM-T20II")
    plain.text("ĐẶNG ĐỨC\n")
    assert plain.output.count(b"\x1bt") > job.data.count(b"\x1bt")


def test_one_code_page_switch_per_run_not_per_letter() -> None:
    text = "Nguyễn Thị Hường, phường Phú Hội, thành phố Huế"
    job, paper = print_on_paper(Document("r", (Text(text),)), "TM-T20II")
    assert job.data.count(b"\x1bt") == 1
    assert paper.text_lines() == [text]
    mixed = "NGUYỄN Thị HƯỜNG"  # upper/lower tables: one switch per change of case run
    job, paper = print_on_paper(Document("r", (Text(mixed),)), "TM-T20II")
    assert job.data.count(b"\x1bt") == 4  # the first page, then Ễ, ị, Ư
    assert paper.text_lines() == [mixed]


def test_cp1258_is_base_letter_plus_combining_tone() -> None:
    # Windows-1258: ê EA, combining tilde DE, ơ F5, combining grave CC, ư FD, đ F0
    assert cp1258.encode("Nguyễn") == b"Nguy\xea\xden"
    assert cp1258.encode("Hường") == b"H\xfd\xf5\xccng"
    assert cp1258.encode("đà") == b"\xf0\xe0"  # à exists precomposed: one byte
    assert cp1258.encode("中😀") == b"??"
    job, paper = print_on_paper(Document("c", (Text("Nguyễn Thị Hường"),)), "NT-5890K")
    assert job.data.startswith(b"\x1b@\x1bt\x1b")  # ESC t 27 = CP1258 on the NT-5890K
    assert paper.text_lines() == ["Nguyễn Thị Hường"]


def test_a_model_that_prints_marks_beside_letters_gets_raster_by_default() -> None:
    _forced, paper = print_on_paper(
        Document("c", (Text("Nguyễn Thị"),)), "POS-5890", TextMode.CP1258
    )
    assert paper.text_lines() == ["Nguyê˜n Thi."]  # what that printer really puts on paper
    job, paper = print_on_paper(Document("c", (Text("Nguyễn Thị"),)), "POS-5890")
    assert job.mode is TextMode.RASTER and len(paper.images("raster")) == 1


def test_library_alone_loses_tones_on_cp1258_printers() -> None:
    plain = Dummy(profile="POS-5890")
    plain.text("Nguyễn Thị Hường\n")
    paper = interpret(bytes(plain.output), load_profile("POS-5890"))
    assert paper.text_lines() == ["Nguy?n Th? Hư?ng"]


def test_raster_lines_show_the_tones() -> None:
    profile = load_profile("ZJ-5870")
    text = "Nguyễn Thị Hường"
    job, paper = print_on_paper(Document("r", (Text(text),)), "ZJ-5870", TextMode.RASTER)
    [band] = paper.images("raster")
    expected = raster.draw_line(text, profile.width_px, Align.LEFT)
    ink = np.asarray(expected) < 128
    rows = np.flatnonzero(ink.any(axis=1))
    ink = ink[rows[0] : rows[-1] + 1]
    assert np.array_equal(band.ink[:, : ink.shape[1]], ink[:, : band.ink.shape[1]])
    untoned = np.asarray(raster.draw_line(_strip_tones(text), profile.width_px, Align.LEFT)) < 128
    assert untoned.sum() < ink.sum()  # the marks are really there
    assert b"\x1bt" not in job.data  # no code page on this printer


def test_raster_mode_keeps_plain_ascii_as_printer_text() -> None:
    document = Document("r", (Text("Queue ticket"), Text("Phiếu số thứ tự")))
    _job, paper = print_on_paper(document, "ZJ-5870", TextMode.RASTER)
    assert paper.text_lines() == ["Queue ticket"]
    assert len(paper.images("raster")) == 1


@pytest.mark.parametrize("mode", list(TextMode))
def test_unprintable_characters_are_replaced_visibly_and_logged(
    mode: TextMode, caplog: pytest.LogCaptureFixture
) -> None:
    text = "Tên: Lê 😀 李 \x1b@ end"
    with caplog.at_level(logging.WARNING):
        job, paper = print_on_paper(Document("x", (Text(text),)), MODELS[mode], mode)
    assert job.replaced == 3
    assert "U+1F600" in caplog.text and "U+674E" in caplog.text and "U+001B" in caplog.text
    assert "Lê" not in caplog.text  # the text itself is never logged
    assert paper.initialisations == 1  # the smuggled ESC @ never reaches the printer
    if mode is not TextMode.RASTER:
        assert paper.text_lines() == ["Tên: Lê ? ? ?@ end"]
    assert "李".encode("gb18030") not in job.data


def test_sanitize_keeps_every_letter_in_every_mode() -> None:
    for mode, model in MODELS.items():
        check = printable_check(load_profile(model), mode)
        assert sanitize("".join(LETTERS), check) == "".join(LETTERS)


def test_decomposed_input_is_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Hường")
    _, paper = print_on_paper(Document("n", (Text(decomposed),)), "TM-T20II")
    assert paper.text_lines() == ["Hường"]


def test_long_text_wraps_inside_the_paper() -> None:
    words = " ".join(["Phường"] * 30)
    for mode, model in MODELS.items():
        _, paper = print_on_paper(Document("w", (Text(words),)), model, mode)
        columns = load_profile(model).columns
        lines = [i for i in paper.items if isinstance(i, TextLine)]
        assert all(len(line.cells) <= columns for line in lines)
        if mode is not TextMode.RASTER:
            assert " ".join(paper.text_lines()) == words
        else:
            assert all(b.ink.shape[1] <= load_profile(model).width_px for b in paper.images())
            assert len(paper.images("raster")) >= 4


def test_lower_letters_are_the_twelve_vowels_times_six_tones() -> None:
    assert len(LOWER_LETTERS) == 73
