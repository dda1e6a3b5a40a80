"""Line breaks between Vietnamese words, never inside one ("căn / cước", "hôn / nhân")."""

from __future__ import annotations

import itertools
import json
import re
import textwrap
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.resources import asset
from kiosk.core.vi_words import COMPOUNDS, NBSP, keep_together, units, wrap
from kiosk.devices.printer.document import Document, Text
from kiosk.devices.printer.escpos_interpreter import interpret
from kiosk.devices.printer.job_builder import build_job
from kiosk.devices.printer.profiles import TextMode, load_profile

ROOT = Path(__file__).resolve().parents[2]
SYLLABLES = ["căn", "cước", "hôn", "nhân", "số", "định", "danh", "Phường", "Hòa", "Cường",
             "Bắc", "tình", "trạng", "xác", "nhận", "a", "Đăng", "ký", "kết", "hôn,", "(hồ", "sơ)",
             "công", "dân", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "đ", "x" * 40]


def _fits(width: int):  # type: ignore[no-untyped-def]
    return lambda text: len(text) <= width


def test_the_issue_examples_stay_whole() -> None:
    text = "Vui lòng đặt thẻ căn cước lên đầu đọc"
    assert textwrap.wrap(text, 20)[0].endswith("căn")  # what a plain breaker does
    assert wrap(text, _fits(20)) == ["Vui lòng đặt thẻ", "căn cước lên đầu đọc"]
    text = "Xác nhận tình trạng hôn nhân cho công dân"
    assert textwrap.wrap(text, 23)[0].endswith("hôn")
    assert wrap(text, _fits(23)) == ["Xác nhận tình trạng", "hôn nhân cho công dân"]


def test_units_respect_punctuation_and_case() -> None:
    assert units("Căn cước, hôn nhân") == [["Căn", "cước,"], ["hôn", "nhân"]]
    assert units("số, định danh") == [["số,"], ["định", "danh"]]
    assert units("(căn cước)") == [["(căn", "cước)"]]
    assert units("miễn lệ phí") == [["miễn", "lệ", "phí"]]  # the longest entry wins


def test_a_compound_longer_than_the_line_still_breaks() -> None:
    assert wrap("căn cước", _fits(5)) == ["căn", "cước"]
    assert wrap("abcdefgh", _fits(3)) == ["abc", "def", "gh"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SYLLABLES), max_size=30), st.integers(1, 60),
       st.lists(st.integers(1, 3), max_size=30))
def test_wrap_never_loses_or_reorders_characters(words: list[str], width: int,
                                                 gaps: list[int]) -> None:
    paragraph = "".join(w + " " * (gaps[i] if i < len(gaps) else 1)
                        for i, w in enumerate(words))
    lines = wrap(paragraph, _fits(width))
    assert "".join(lines).replace(" ", "") == paragraph.replace(" ", "")
    assert " ".join(lines).split() == paragraph.split() or width < max(map(len, words))
    assert all(line and line == line.strip() for line in lines)
    assert all(len(line) <= width or len(line) == 1 for line in lines)
    # a compound that fits a line is never split between two lines, unless one of its
    # words is already held by an overlapping compound ("hôn nhân" / "nhân dân")
    for first, second in itertools.pairwise(lines):
        pair = f"{first.split(' ')[-1]} {second.split(' ')[0]}"
        overlapping = len(units(first)[-1]) > 1 or len(units(second)[0]) > 1
        if len(pair) <= width and not overlapping:
            assert units(pair) != [pair.split(" ")], (first, second)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*SYLLABLES, "\n", "  "]), max_size=30))
def test_keep_together_only_changes_spaces_inside_compounds(words: list[str]) -> None:
    text = " ".join(words)
    kept = keep_together(text)
    assert kept.replace(NBSP, " ") == text
    for joined in re.findall(rf"\S+(?:{NBSP}\S+)+", kept):
        assert " ".join(joined.split(NBSP)).strip("(),").lower() in {c.lower()
                                                                    for c in COMPOUNDS}


def _our_texts() -> str:
    texts: list[str] = []
    for path in asset("i18n").glob("*_vi.ts"):
        texts += [m.findtext("translation") or "" for m in ET.parse(path).getroot().iter("message")]

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in [*asset("procedures").rglob("*.toml"),
                 *asset("templates").glob("*.toml")]:
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    for path in asset("procedures").rglob("*.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return " ".join(" ".join(t.split()) for t in texts).lower()


def test_every_compound_is_a_word_of_our_slips_or_screens() -> None:
    corpus = _our_texts()
    unused = sorted(c for c in COMPOUNDS if c.lower() not in corpus)
    assert unused == []


def test_a_printed_slip_keeps_compounds_whole_in_every_mode() -> None:
    text = "Thủ tục: Xác nhận tình trạng hôn nhân cho công dân có thẻ căn cước gắn chip"
    for model, mode in (("TM-T20II", TextMode.TCVN3), ("NT-5890K", TextMode.CP1258),
                        ("ZJ-5870", TextMode.RASTER)):
        profile = load_profile(model)
        job = build_job(Document("w", (Text(text, scale=2),)), profile, mode)
        paper = interpret(job.data, profile)
        if mode is not TextMode.RASTER:
            lines = paper.text_lines()
            assert " ".join(lines) == text
            for first, second in itertools.pairwise(lines):
                pair = f"{first.split()[-1]} {second.split()[0]}".lower()
                assert pair not in {"hôn nhân", "căn cước", "tình trạng", "công dân"}, lines
        else:
            assert len(paper.images("raster")) >= 2  # wrapped, drawn within the paper
