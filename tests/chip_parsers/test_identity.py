"""Identity from DG1 + DG13, fallbacks and consistency warnings; ID structure checks."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.core.errors import ParseError
from kiosk.core.models import MrzData
from kiosk.devices.chip.dg13 import parse_dg13
from kiosk.devices.chip.dg13_encode import encode_dg13
from kiosk.devices.chip.identity import (
    UNKNOWN_PROVINCE,
    build_identity,
    id_structure_problems,
    parse_card_date,
    provinces,
)
from kiosk.devices.chip.mrz import build_td1, parse_td1

from .samples import VALUES

D = dt.date
TODAY = D(2026, 11, 23)
BIRTH = D(1990, 1, 15)
EXPIRY = D(2030, 1, 15)


def mrz_for(id_number: str = "001090012345", birth: dt.date = BIRTH,
            sex: str = "M", expiry: dt.date | None = EXPIRY,
            document_number: str | None = None, marker: str = "<<<<<<") -> MrzData:
    return parse_td1(build_td1(document_number or id_number[-9:], birth, sex, expiry,
                               "Nguyễn", "Văn An", id_number, no_expiry_yymmdd=marker), TODAY)


def test_provinces_data() -> None:
    table = provinces()
    assert len(table) == 63
    assert table["001"] == "Hà Nội"
    assert table["079"] == "Hồ Chí Minh"
    assert table["096"] == "Cà Mau"
    assert all(len(code) == 3 and code.isdigit() for code in table)


def test_full_identity_from_dg1_and_dg13() -> None:
    dg13 = parse_dg13(encode_dg13(VALUES, "combined"))
    ident = build_identity(mrz_for(), dg13)
    assert ident.id_number == "001090012345"
    assert ident.full_name == "Nguyễn Văn An"
    assert ident.date_of_birth == D(1990, 1, 15)
    assert ident.sex == "Nam"
    assert ident.nationality == "Việt Nam"
    assert ident.religion == "Không"
    assert ident.place_of_residence == VALUES["place_of_residence"]
    assert ident.identifying_marks == VALUES["identifying_marks"]
    assert ident.issue_date == D(2021, 4, 15)
    assert ident.expiry_date == D(2030, 1, 15)
    assert ident.expiry_text == "15/01/2030"
    assert ident.old_id_number == "012345678"
    assert (ident.father_name, ident.mother_name, ident.spouse_name) == (
        "Nguyễn Văn Bình", "Trần Thị Cúc", None)
    assert ident.dg13_layout == "parents-combined"
    assert ident.warnings == ()
    assert ident.mrz is not None


def test_no_expiry_text() -> None:
    values = dict(VALUES, date_of_birth="04/03/1960", expiry="Không thời hạn",
                  id_number="001060012345")
    ident = build_identity(mrz_for("001060012345", D(1960, 3, 4), expiry=None),
                           parse_dg13(encode_dg13(values)))
    assert ident.expiry_date is None
    assert ident.expiry_text == "Không thời hạn"
    assert ident.warnings == ()
    far = build_identity(mrz_for("001060012345", D(1960, 3, 4), expiry=None, marker="991231"),
                         parse_dg13(encode_dg13(values)))
    assert far.warnings == ()
    dated = build_identity(mrz_for("001060012345", D(1960, 3, 4), expiry=D(2020, 3, 4)),
                           parse_dg13(encode_dg13(values)))
    assert dated.warnings == (
        "DG13 says the card does not expire but the MRZ gives an expiry date.",)


def test_mrz_only() -> None:
    ident = build_identity(mrz_for(sex="M"), None)
    assert ident.id_number == "001090012345"
    assert ident.full_name == "NGUYEN VAN AN"
    assert ident.sex == "Nam"
    assert ident.nationality == "Việt Nam"
    assert ident.expiry_date == D(2030, 1, 15)
    assert ident.warnings == ()
    female = build_identity(mrz_for("001190012345", sex="F"), None)
    assert female.sex == "Nữ" and female.warnings == ()


def test_dg13_only() -> None:
    ident = build_identity(None, parse_dg13(encode_dg13(VALUES)))
    assert ident.mrz is None and ident.full_name == "Nguyễn Văn An"
    assert ident.warnings == ()


def test_nothing_at_all() -> None:
    with pytest.raises(ParseError, match="Neither"):
        build_identity(None, None)


def test_disagreements_are_warned_without_personal_data() -> None:
    values = dict(VALUES, date_of_birth="16/01/1990", sex="Nữ", expiry="16/01/2030")
    mrz = mrz_for("001090099999", document_number="090012345")
    ident = build_identity(mrz, parse_dg13(encode_dg13(values)))
    assert set(ident.warnings) == {
        "The ID number's sex digit does not match the sex.",
        "The ID number in the MRZ differs from the one in DG13.",
        "The date of birth in the MRZ differs from the one in DG13.",
        "The sex in the MRZ differs from the one in DG13.",
        "The expiry date in the MRZ differs from the one in DG13.",
    }
    for text in ident.warnings:
        assert "001090" not in text and "Nguyễn" not in text and "1990" not in text


def test_mrz_document_number_not_matching_id() -> None:
    ident = build_identity(mrz_for(document_number="123456789"), None)
    assert ident.warnings == (
        "The MRZ document number is not the last 9 digits of the ID number.",)


def test_unparseable_dates_warn() -> None:
    values = dict(VALUES, date_of_birth="1990-13-45", issue_date="yesterday", expiry="sớm")
    ident = build_identity(mrz_for(), parse_dg13(encode_dg13(values)))
    assert ident.date_of_birth == D(1990, 1, 15)  # from the MRZ
    assert ident.issue_date is None and ident.expiry_date is None
    assert ident.expiry_text == "sớm"
    assert "DG13 date of birth is not a dd/mm/yyyy date." in ident.warnings
    assert "DG13 issue date is not a dd/mm/yyyy date." in ident.warnings
    assert "DG13 expiry is neither a date nor a known 'no expiry' text." in ident.warnings


def test_missing_entries_and_unknown_items_warn() -> None:
    from kiosk.devices.chip.tlv import encode_tlv
    entry17 = encode_tlv(0x30, bytes.fromhex("020111") + encode_tlv(0x0C, b"x"))
    data = encode_tlv(0x6D, encode_tlv(0x30, bytes.fromhex("020101060628D316010008")
                                       + encode_tlv(0x31, entry17)))
    ident = build_identity(mrz_for(), parse_dg13(data))
    assert ident.id_number == "001090012345"  # from the MRZ
    assert ident.full_name == "NGUYEN VAN AN"
    assert len(ident.unknown_entries) == 1
    assert "DG13 has no full name entry." in ident.warnings
    assert "DG13 holds 1 item(s) the kiosk did not understand; they are kept unread." in (
        ident.warnings)


@pytest.mark.parametrize(
    ("id_number", "birth", "sex", "problems"),
    [
        ("001090012345", D(1990, 1, 15), "Nam", []),
        ("079190012345", D(1990, 1, 15), "Nữ", []),
        ("001205012345", D(2005, 1, 15), "Nam", []),
        ("001305012345", D(2005, 1, 15), "nữ", []),
        ("001090012345", None, None, []),
        ("001090012345", D(1990, 1, 15), "không rõ", []),
        ("003090012345", D(1990, 1, 15), "Nam",
         [UNKNOWN_PROVINCE]),
        ("001290012345", D(1990, 1, 15), "Nam",
         ["The ID number's century digit does not match the date of birth."]),
        ("001091012345", D(1990, 1, 15), "M",
         ["The ID number's birth year does not match the date of birth."]),
        ("001090012345", D(1990, 1, 15), "F",
         ["The ID number's sex digit does not match the sex."]),
        ("00109001234", D(1990, 1, 15), "Nam", ["The ID number is not 12 digits."]),
    ],
)
def test_id_structure(id_number: str, birth: dt.date | None, sex: str | None,
                      problems: list[str]) -> None:
    assert id_structure_problems(id_number, birth, sex) == problems


@pytest.mark.parametrize(
    ("text", "value"),
    [("15/01/1990", D(1990, 1, 15)), ("15-01-1990", D(1990, 1, 15)),
     ("15011990", D(1990, 1, 15)), ("1990-01-15", D(1990, 1, 15)),
     ("31/02/1990", None), ("Không thời hạn", None), ("", None)],
)
def test_parse_card_date(text: str, value: dt.date | None) -> None:
    assert parse_card_date(text) == value
