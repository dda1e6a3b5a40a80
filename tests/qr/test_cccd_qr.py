"""The CCCD QR parser: layouts, dates, encoding repair, validation and bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.errors import ParseError
from kiosk.devices.chip.access_keys import can_from_id, candidates_from_qr
from kiosk.devices.chip.identity import UNKNOWN_PROVINCE
from kiosk.devices.qr import QrFormatError, QrValidationError, parse_cccd_qr
from kiosk.devices.qr.text_repair import decode_scanned, repair_mojibake
from tests.qr.codes import as_cp1252_mojibake

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 23)
NAME = "Đặng Thị Ngọc Hường"
ADDRESS = "Số 18 Ngõ 42 Trần Quang Diệu, Phường Ô Chợ Dừa, Quận Đống Đa, Hà Nội"
SEVEN = f"001190012687|013456789|{NAME}|12071990|Nữ|{ADDRESS}|15042021"


def parse(text: str | bytes, **kw: object) -> object:
    return parse_cccd_qr(text, today=TODAY, **kw)  # type: ignore[arg-type]


def test_seven_fields() -> None:
    q = parse_cccd_qr(SEVEN, today=TODAY)
    assert q.id_number == "001190012687"
    assert q.old_id_number == "013456789"
    assert q.full_name == NAME
    assert q.date_of_birth == dt.date(1990, 7, 12)
    assert q.birth_date_precision == "day"
    assert q.sex == "Nữ"
    assert q.address == ADDRESS
    assert q.issue_date == dt.date(2021, 4, 15)
    assert q.variant == "7 fields"
    assert q.extra_fields == ()
    assert q.text_repair == ""
    assert q.access_inputs() == ("001190012687", dt.date(1990, 7, 12), dt.date(2021, 4, 15))
    assert NAME not in repr(q) and "001190012687" not in repr(q)
    data = q.to_json_dict()
    assert data["date_of_birth"] == "1990-07-12" and "raw" not in data
    json.dumps(data, ensure_ascii=False)


def test_samples_from_assets_parse() -> None:
    samples = sorted((ROOT / "kiosk/assets/samples").glob("*.json"))
    texts = [json.loads(p.read_text(encoding="utf-8")).get("qr_text") for p in samples]
    texts = [t for t in texts if t]
    if not texts:
        pytest.skip("no sample citizens with qr_text in kiosk/assets/samples yet")
    for text in texts:
        q = parse_cccd_qr(text, today=TODAY)
        assert q.id_number == text.split("|")[0]


def test_empty_old_id_and_six_field_variants() -> None:
    q = parse(SEVEN.replace("|013456789|", "||"))
    assert q.old_id_number is None and q.variant == "7 fields, no old ID"  # type: ignore[attr-defined]
    six = SEVEN.replace("|013456789|", "|")
    q6 = parse(six)
    assert q6.variant == "6 fields" and q6.full_name == NAME  # type: ignore[attr-defined]


def test_extra_fields_of_newer_cards_kept_raw() -> None:
    q = parse(SEVEN + "|Đặng Văn Hùng|Nguyễn Thị Mai|")
    assert q.extra_fields == ("Đặng Văn Hùng", "Nguyễn Thị Mai", "")  # type: ignore[attr-defined]
    assert q.variant == "7 fields + 3 extra"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("dob", "date", "precision"), [
    ("12071990", dt.date(1990, 7, 12), "day"),
    ("071990", dt.date(1990, 7, 1), "month"),
    ("1990", dt.date(1990, 1, 1), "year"),
])
def test_date_of_birth_lengths(dob: str, date: dt.date, precision: str) -> None:
    q = parse(SEVEN.replace("12071990", dob))
    assert q.date_of_birth == date  # type: ignore[attr-defined]
    assert q.birth_date_precision == precision  # type: ignore[attr-defined]
    if precision != "day":
        assert candidates_from_qr(q) == []  # type: ignore[arg-type]


def test_cp1252_and_latin1_mojibake_repaired() -> None:
    mangled = as_cp1252_mojibake(SEVEN)
    assert mangled != SEVEN and "Ä" in mangled
    q = parse(mangled)
    assert q.full_name == NAME and q.address == ADDRESS  # type: ignore[attr-defined]
    assert q.text_repair == "UTF-8 read as CP1252 repaired"  # type: ignore[attr-defined]
    latin = SEVEN.encode("utf-8").decode("latin-1")
    q2 = parse(latin)
    assert q2.full_name == NAME  # type: ignore[attr-defined]
    assert q2.text_repair == "UTF-8 read as Latin-1 repaired"  # type: ignore[attr-defined]


def test_genuine_text_is_never_repaired() -> None:
    assert repair_mojibake("Café Nguyễn") == ("Café Nguyễn", "")
    assert repair_mojibake("Café") == ("Café", "")  # Latin-1 "é" alone is not UTF-8
    assert repair_mojibake("plain ascii") == ("plain ascii", "")


def test_bytes_input_utf8_and_cp1258() -> None:
    assert parse(SEVEN.encode("utf-8")).full_name == NAME  # type: ignore[attr-defined]
    # CP1258 writes "ộ" as "ô" + a combining dot below; the parser recomposes it
    legacy = "001090012687||Lê Văn Tám|12071990|Nam|Hà Nô\u0323i|15042021"
    q = parse(legacy.encode("cp1258"))
    assert q.full_name == "Lê Văn Tám"  # type: ignore[attr-defined]
    assert q.address == "Hà Nội"  # type: ignore[attr-defined]
    assert q.text_repair == "not UTF-8; read as CP1258"  # type: ignore[attr-defined]


def test_scanner_prefix_bom_and_line_end_are_stripped() -> None:
    assert decode_scanned("]Q1abc")[0] == "abc"
    q = parse("\ufeff]Q1" + SEVEN + "\r\n")
    assert q.full_name == NAME  # type: ignore[attr-defined]


def test_nfd_input_is_normalised() -> None:
    import unicodedata

    q = parse(unicodedata.normalize("NFD", SEVEN))
    assert q.full_name == NAME and q.sex == "Nữ"  # type: ignore[attr-defined]


def test_pipe_inside_address_is_rejoined_with_a_warning() -> None:
    text = SEVEN.replace("Quận Đống Đa", "Quận Đống|Đa")
    q = parse(text)
    assert q.address == ADDRESS.replace("Quận Đống Đa", "Quận Đống|Đa")  # type: ignore[attr-defined]
    assert "the address contained '|' and was rejoined" in q.warnings  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "message"), [
    ("https://dichvucong.gov.vn/p/home", "web address"),
    ("www.example.vn", "web address"),
    ("001190012687|013456789|Đặng Thị", "found 3"),
    ("", "found 1"),
    ("ABC190012687|013456789|A|12071990|Nữ|Hà Nội|15042021", "12-digit ID"),
    (SEVEN.replace("|Nữ|", "|X|"), "sex (field 5)"),
    (SEVEN.replace("12071990", "31021990"), "not a real calendar date"),
    (SEVEN.replace("12071990", "1207199"), "date of birth (field 4)"),
    (SEVEN.replace("15042021", "15132021"), "issue date (field 7) is not a real calendar"),
    (SEVEN.replace("15042021", "1504202"), "not a date written as DDMMYYYY"),
    (SEVEN.replace("12071990", "12071850"), "before 1900"),
    (SEVEN.replace("013456789", "0134"), "9 or 12 digits"),
    (SEVEN.replace(NAME, "Đặng Thị 2"), "contains digits"),
    (SEVEN.replace(NAME, "Đặng\x07Thị"), "control"),
    (SEVEN.replace(NAME, "   "), "is empty"),
    (SEVEN.replace(NAME, "A" * 101), "longer than 100"),
    (SEVEN.replace(ADDRESS, "x" * 401), "longer than 400"),
    (SEVEN + "|" + "x" * 1001, "extra fields are longer"),
    (SEVEN + "|ab\x00c", "control characters"),
    ("0" * 3001, "longer than 3000"),
])
def test_bad_input_gives_typed_error(text: str, message: str) -> None:
    with pytest.raises(QrFormatError) as caught:
        parse(text)
    assert message in str(caught.value)
    assert NAME not in str(caught.value) and "001190012687" not in str(caught.value)


def test_id_contradicting_sex_and_birth_year() -> None:
    wrong_sex = SEVEN.replace("|Nữ|", "|Nam|")
    with pytest.raises(QrValidationError) as caught:
        parse(wrong_sex)
    assert "The ID number's sex digit does not match the sex." in caught.value.problems
    wrong_year = SEVEN.replace("12071990", "12071991")
    with pytest.raises(QrValidationError):
        parse(wrong_year)
    lenient = parse(wrong_sex, strict=False)
    assert "The ID number's sex digit does not match the sex." in lenient.warnings  # type: ignore[attr-defined]
    unknown_prefix = parse(SEVEN.replace("001190012687", "999190012687"))
    assert unknown_prefix.id_number == "999190012687"  # type: ignore[attr-defined]
    assert unknown_prefix.warnings == (UNKNOWN_PROVINCE,)  # type: ignore[attr-defined]


def test_impossible_date_order() -> None:
    with pytest.raises(QrValidationError) as caught:
        parse(SEVEN.replace("15042021", "15042015"))
    assert "before CCCD cards existed" in str(caught.value)
    with pytest.raises(QrValidationError) as caught:
        parse(SEVEN.replace("15042021", "15042027"))
    assert "in the future" in str(caught.value)


FIELD_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
DIGITS = st.text("0123456789", min_size=0, max_size=14)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_fuzz_any_input_only_typed_errors(data: str | bytes) -> None:
    try:
        q = parse_cccd_qr(data, today=TODAY)
    except ParseError as exc:
        assert str(exc)  # every refusal says why
        return
    assert len(q.id_number) == 12 and q.id_number.isdigit()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(FIELD_TEXT, DIGITS, st.sampled_from(["Nam", "Nữ", "nu", ""])),
                min_size=5, max_size=10),
       st.sampled_from(["001190012687", "079058004321", "000000000000"]))
def test_fuzz_field_shaped_input_only_typed_errors(fields: list[str], id_number: str) -> None:
    try:
        q = parse_cccd_qr("|".join([id_number, *fields]), today=TODAY, strict=False)
    except ParseError:
        return
    assert q.id_number == id_number
    assert len(q.full_name) <= 100


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_fuzz_mojibake_round_trip(text: str) -> None:
    repaired, _ = repair_mojibake(as_cp1252_mojibake(text))
    if not text.isascii() and any(ord(c) > 0xFF for c in text):
        assert repaired == text


def test_access_inputs_lead_to_chip_key_candidates() -> None:
    q = parse_cccd_qr("079093001234||Trần Văn Bình|05011993|Nam|Quận 1, TP. Hồ Chí Minh|24072021",
                      today=TODAY)
    assert can_from_id(q.id_number) == "001234"  # type: ignore[attr-defined]
    first = candidates_from_qr(q)[0]  # type: ignore[arg-type]
    # docs/cccd.md check: born 05/01/1993, issued 24/07/2021 → expires 05/01/2033
    assert first.document_number == "093001234"  # type: ignore[attr-defined]
    assert first.expiry == dt.date(2033, 1, 5)  # type: ignore[attr-defined]
