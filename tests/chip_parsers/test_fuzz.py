"""Hypothesis fuzzing: random bytes and mutations of valid files; only KioskErrors escape."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk.core.errors import KioskError
from kiosk.devices.chip.dg1 import encode_dg1, parse_dg1
from kiosk.devices.chip.dg2 import encode_dg2, parse_dg2
from kiosk.devices.chip.dg13 import parse_dg13
from kiosk.devices.chip.dg13_encode import encode_dg13
from kiosk.devices.chip.efcom import encode_efcom, parse_efcom
from kiosk.devices.chip.identity import build_identity
from kiosk.devices.chip.mrz import build_td1, parse_td1
from kiosk.devices.chip.tlv import encode_tlv, parse_tlv

from . import outside_layouts as outside
from .samples import VALUES

pytestmark = [pytest.mark.slow]  # property-based fuzzing

MRZ = build_td1("090012345", dt.date(1990, 1, 15), "M", dt.date(2030, 1, 15), "Nguyễn",
                "Văn An", "001090012345")


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 20), (10, 200, 30)).save(out, "JPEG")
    return out.getvalue()


VALID: dict[str, bytes] = {
    "dg1": encode_dg1(MRZ),
    "dg13-separate": encode_dg13(dict(VALUES, spouse_name="Lê Thị Dung"), "separate", "A" * 16),
    "dg13-combined": encode_dg13(VALUES, "combined"),
    "dg13-father-only": outside.father_only(),
    "dg13-after-set": outside.after_set(),
    "dg13-context-tags": outside.context_tags_wrapped(),
    "dg13-entry16": outside.entry16_twelve_digits(),
    "efcom": encode_efcom([1, 2, 3, 13, 14, 15]),
    "dg2": encode_dg2(_jpeg(), 16, 20, "jpeg"),
}


def _edit(draw: st.DrawFn, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "set", "cut", "insert", "delete"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set" and data:
            data[pos] = draw(st.sampled_from([0x00, 0x30, 0x31, 0x80, 0x81, 0x84, 0xFF]))
        elif op == "cut":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=6))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 8))]
    return bytes(data)


def _deep_edit(draw: st.DrawFn, raw: bytes, depth: int) -> bytes:
    """Edit inside a nested object and re-encode the lengths above it, so the damage
    reaches the inner parsers instead of only breaking the outer length."""
    if depth == 0:
        return _edit(draw, raw)
    try:
        objects = parse_tlv(raw)
    except KioskError:
        return _edit(draw, raw)
    if not objects:
        return _edit(draw, raw)
    index = draw(st.integers(0, len(objects) - 1))
    target = objects[index]
    inner = _deep_edit(draw, target.value, depth - 1) if target.constructed else _edit(
        draw, target.value)
    rebuilt = [encode_tlv(o.tag, inner if i == index else o.value)
               for i, o in enumerate(objects)]
    return b"".join(rebuilt)


@st.composite
def mutated(draw: st.DrawFn, names: tuple[str, ...]) -> bytes:
    """A valid file with a few random edits (flips, cuts, insertions, deletions), made
    either on the raw bytes or inside a nested object with the lengths fixed up."""
    raw = VALID[draw(st.sampled_from(names))]
    return _deep_edit(draw, raw, draw(st.integers(0, 5)))


def only_kiosk_errors(parse: Callable[[bytes], object], data: bytes) -> None:
    with contextlib.suppress(KioskError):
        parse(data)


FAST = settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow], deadline=None)


@FAST
@given(st.binary(max_size=300) | mutated(tuple(VALID)))
def test_parse_tlv(data: bytes) -> None:
    only_kiosk_errors(parse_tlv, data)


@FAST
@given(st.binary(max_size=200) | mutated(("dg1",)))
def test_parse_dg1(data: bytes) -> None:
    only_kiosk_errors(parse_dg1, data)


MRZ_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"


@st.composite
def mutated_mrz(draw: st.DrawFn) -> str:
    text = list(MRZ)
    for _ in range(draw(st.integers(1, 3))):
        pos = draw(st.integers(0, len(text) - 1))
        text[pos] = draw(st.sampled_from(MRZ_CHARS + "\n é"))
    return "".join(text)


@FAST
@given(st.text(max_size=120) | st.text(MRZ_CHARS, min_size=90, max_size=90) | mutated_mrz())
def test_parse_td1(text: str) -> None:
    with contextlib.suppress(KioskError):
        parse_td1(text)


@FAST
@given(st.binary(max_size=400) | mutated(("dg13-separate", "dg13-combined", "dg13-father-only",
                                                  "dg13-after-set", "dg13-context-tags",
                                                  "dg13-entry16")))
def test_parse_dg13_and_build_identity(data: bytes) -> None:
    try:
        dg13 = parse_dg13(data)
    except KioskError:
        return
    build_identity(None, dg13)  # never raises on anything parse_dg13 returned
    assert all(u.name.startswith("DG13") for u in dg13.unknown)


@FAST
@given(st.binary(max_size=300) | mutated(("dg2",)))
def test_parse_dg2(data: bytes) -> None:
    only_kiosk_errors(parse_dg2, data)


@FAST
@given(st.binary(max_size=100) | mutated(("efcom",)))
def test_parse_efcom(data: bytes) -> None:
    only_kiosk_errors(parse_efcom, data)
