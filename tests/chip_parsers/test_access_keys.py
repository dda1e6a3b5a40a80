"""Access keys from the QR data: the law's expiry rule, BAC candidates, CAN."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.errors import ParseError
from kiosk.devices.chip.access_keys import (
    add_years,
    bac_candidates,
    can_from_id,
    candidates_from_mrz,
    expiry_by_law,
)
from kiosk.devices.chip.mrz import build_td1, parse_td1

D = dt.date


def test_cccd_md_check() -> None:
    assert expiry_by_law(D(1993, 1, 5), D(2021, 7, 24)) == D(2033, 1, 5)


@pytest.mark.parametrize(
    ("birth", "issue", "expiry"),
    [
        # 2014 law: ages 25, 40, 60
        (D(2000, 6, 1), D(2021, 3, 1), D(2025, 6, 1)),      # issued at 20 → 25
        (D(1998, 6, 1), D(2021, 5, 31), D(2023, 6, 1)),     # one day before 23 → 25
        (D(1998, 6, 1), D(2021, 6, 1), D(2038, 6, 1)),      # exactly 23 → 40
        (D(1983, 6, 1), D(2021, 5, 31), D(2023, 6, 1)),     # 37 → 40
        (D(1983, 6, 1), D(2021, 6, 1), D(2043, 6, 1)),      # 38 → 60
        (D(1963, 6, 1), D(2021, 5, 31), D(2023, 6, 1)),     # 57 → 60
        # 2023 law (issued from 1 July 2024): ages 14, 25, 40, 60
        (D(2014, 3, 3), D(2024, 7, 1), D(2028, 3, 3)),      # 10 → 14
        (D(2012, 3, 3), D(2024, 7, 1), D(2037, 3, 3)),      # 12 → 25
        (D(2012, 3, 3), D(2024, 6, 30), D(2037, 3, 3)),     # old law: 25
        (D(1990, 9, 9), D(2025, 1, 2), D(2030, 9, 9)),      # 34 → 40
    ],
)
def test_expiry_rule(birth: dt.date, issue: dt.date, expiry: dt.date) -> None:
    assert expiry_by_law(birth, issue) == expiry


@pytest.mark.parametrize(("birth", "issue"), [(D(1963, 6, 1), D(2021, 6, 1)),
                                              (D(1950, 1, 1), D(2024, 8, 1))])
def test_no_expiry_when_issued_at_58_or_older(birth: dt.date, issue: dt.date) -> None:
    assert expiry_by_law(birth, issue) is None


def test_issue_before_birth_is_rejected() -> None:
    with pytest.raises(ParseError, match="before the date of birth"):
        expiry_by_law(D(2000, 1, 1), D(1999, 1, 1))


def test_feb29_birth() -> None:
    assert add_years(D(2000, 2, 29), 25) == D(2025, 2, 28)
    assert add_years(D(2000, 2, 29), 25, "mar1") == D(2025, 3, 1)
    assert add_years(D(2000, 2, 29), 40) == D(2040, 2, 29)
    cands = bac_candidates("001300012345", D(2000, 2, 29), D(2021, 1, 1))
    assert [(c.label, c.expiry_yymmdd) for c in cands[:2]] == [
        ("law-rule", "250228"), ("law-rule:feb29-mar1", "250301")]


def test_candidates_for_an_expiring_card() -> None:
    cands = bac_candidates("001093012345", D(1993, 1, 5), D(2021, 7, 24))
    assert len(cands) == 1
    (first,) = cands
    assert first.document_number == "093012345"
    assert first.date_of_birth == D(1993, 1, 5)
    assert (first.expiry, first.expiry_yymmdd, first.label) == (D(2033, 1, 5), "330105",
                                                                "law-rule")
    assert "093012345" not in repr(first)


def test_other_law_candidate_for_young_holders() -> None:
    cands = bac_candidates("001214012345", D(2014, 3, 3), D(2024, 5, 1))
    assert [(c.label, c.expiry_yymmdd) for c in cands] == [
        ("law-rule", "390303"), ("other-law-rule", "280303")]


def test_candidates_for_a_card_that_does_not_expire() -> None:
    cands = bac_candidates("079160123456", D(1960, 3, 4), D(2021, 5, 5))
    assert [c.label for c in cands] == [
        "no-expiry:<<<<<<", "no-expiry:991231", "no-expiry:000000", "no-expiry:dob+100y",
        "no-expiry:999999"]
    assert [c.expiry_yymmdd for c in cands] == ["<<<<<<", "991231", "000000", "600304",
                                                "999999"]
    assert all(c.expiry is None and c.document_number == "160123456" for c in cands)


@pytest.mark.parametrize("bad", ["", "12345678901", "1234567890123", "00109001234a"])
def test_bad_id_numbers(bad: str) -> None:
    with pytest.raises(ParseError, match="12 digits"):
        can_from_id(bad)
    with pytest.raises(ParseError, match="12 digits"):
        bac_candidates(bad, D(1990, 1, 1), D(2021, 1, 1))


def test_can() -> None:
    assert can_from_id("001090012345") == "012345"


def test_candidates_from_mrz_keep_the_exact_expiry_field() -> None:
    for expiry, marker, encoded in ((D(2030, 1, 15), "<<<<<<", "300115"),
                                    (None, "<<<<<<", "<<<<<<"),
                                    (None, "991231", "991231"),
                                    (None, "000000", "000000")):
        mrz = parse_td1(build_td1("090012345", D(1990, 1, 15), "M", expiry, "A", "B",
                                  "001090012345", no_expiry_yymmdd=marker))
        (cand,) = candidates_from_mrz(mrz)
        assert (cand.document_number, cand.expiry_yymmdd, cand.label) == (
            "090012345", encoded, "mrz")


@settings(max_examples=200)
@given(st.dates(D(1900, 1, 1), D(2090, 12, 31)), st.integers(0, 120 * 366))
def test_rule_properties(birth: dt.date, days: int) -> None:
    issue = birth + dt.timedelta(days=days)
    expiry = expiry_by_law(birth, issue)
    if expiry is None:
        assert issue >= add_years(birth, 58)
    else:
        assert expiry > issue
        assert (expiry.month, expiry.day) == (birth.month, birth.day) or (
            (birth.month, birth.day) == (2, 29))
        assert expiry.year - birth.year in (14, 25, 40, 60)
    cands = bac_candidates("001" + "0" * 9, birth, issue)
    assert cands and len({c.expiry_yymmdd for c in cands}) == len(cands)


def test_icao_appendix_d_mrz_information() -> None:
    # ICAO Doc 9303 part 11 appendix D.2: MRZ information "L898902C<369080619406236".
    mrz_text = build_td1("L898902C", D(1969, 8, 6), "F", D(1994, 6, 23), "Eriksson",
                         "Anna Maria", "", nationality="UTO", issuing_state="UTO")
    line1, line2 = mrz_text[:30], mrz_text[30:60]
    assert line1[5:15] + line2[0:7] + line2[8:15] == "L898902C<369080619406236"
    (cand,) = candidates_from_mrz(parse_td1(mrz_text, D(2026, 1, 1)))
    assert (cand.document_number, cand.date_of_birth, cand.expiry_yymmdd) == (
        "L898902C", D(1969, 8, 6), "940623")


def test_non_ascii_digits_are_rejected() -> None:
    with pytest.raises(ParseError, match="12 digits"):
        can_from_id("٠٠١٠٩٠٠١٢٣٤٥")  # Arabic-Indic digits are not ID digits
