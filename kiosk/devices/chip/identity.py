"""Build the card holder's :class:`~kiosk.core.models.Identity` from DG1 (MRZ) and DG13.

DG13 text is kept exactly as the card stores it; dates are parsed from dd/mm/yyyy
(other common separators and ``ddmmyyyy`` are accepted too, since the DG13 date format
is not documented). Without DG13 the MRZ fills what it can (name without diacritics,
sex as "Nam"/"Nữ").

Consistency checks become ``warnings``: plain English sentences that never contain
personal data, so they can be logged and shown to staff.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import replace
from functools import cache

from kiosk.core.errors import ParseError
from kiosk.core.models import Identity, MrzData
from kiosk.core.resources import asset
from kiosk.devices.chip.dg13 import Dg13

PROVINCES_PATH = asset("provinces.json")
NO_EXPIRY_TEXTS = frozenset({"không thời hạn", "khong thoi han", "vô thời hạn"})
_DMY = re.compile(r"([0-9]{2})[/.\- ]?([0-9]{2})[/.\- ]?([0-9]{4})")
_YMD = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
MALE, FEMALE = "male", "female"
FAR_EXPIRY_YEARS = 90  # an MRZ expiry this far after birth is a "no expiry" marker
_SEX_WORDS = {"nam": MALE, "m": MALE, "male": MALE,
              "nữ": FEMALE, "nu": FEMALE, "f": FEMALE, "female": FEMALE}
_MRZ_SEX_TEXT = {"M": "Nam", "F": "Nữ"}


@cache
def provinces() -> dict[str, str]:
    """Province code (3 digits) → Vietnamese name, from ``kiosk/assets/provinces.json``."""
    with PROVINCES_PATH.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {row["code"]: row["name"] for row in data["provinces"]}


def sex_of(text: str | None) -> str | None:
    """ "male" / "female" from "Nam"/"Nữ"/"M"/"F"/English words; None when unknown."""
    if not text:
        return None
    return _SEX_WORDS.get(unicodedata.normalize("NFC", text).strip().casefold())


def parse_card_date(text: str) -> dt.date | None:
    """A date written dd/mm/yyyy (or dd-mm-yyyy, dd.mm.yyyy, ddmmyyyy, yyyy-mm-dd); else None."""
    text = text.strip()
    match = _DMY.fullmatch(text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        match = _YMD.fullmatch(text)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None


def is_no_expiry_text(text: str) -> bool:
    """True for texts such as "Không thời hạn" (the card does not expire)."""
    return unicodedata.normalize("NFC", text).strip().casefold() in NO_EXPIRY_TEXTS


# A note, never a reason to refuse: the law (26/2023/QH15, art. 12) guarantees 12 digits,
# not the prefix table (Circular 59/2021/TT-BCA, which listed it, expired in July 2024).
UNKNOWN_PROVINCE = ("The ID number does not start with a province code of the pre-2024 "
                    "list; it is accepted, as the law guarantees only 12 digits.")


def id_structure_problems(id_number: str, date_of_birth: dt.date | None,
                          sex: str | None) -> list[str]:
    """What in the 12-digit ID contradicts its own structure, the birth date or the sex.

    ``PPP G YY NNNNNN``: province code, century-and-sex digit (0/1 for 1900s male/female,
    2/3 for 2000s, ...), last two digits of the birth year. Checks that need a missing
    input are skipped.
    """
    if not re.fullmatch(r"[0-9]{12}", id_number):
        return ["The ID number is not 12 digits."]
    problems = []
    if id_number[:3] not in provinces():
        problems.append(UNKNOWN_PROVINCE)
    digit = int(id_number[3])
    if date_of_birth is not None:
        if 1900 + (digit // 2) * 100 != date_of_birth.year // 100 * 100:
            problems.append("The ID number's century digit does not match the date of birth.")
        if id_number[4:6] != f"{date_of_birth.year % 100:02d}":
            problems.append("The ID number's birth year does not match the date of birth.")
    holder = sex_of(sex)
    if holder is not None and (digit % 2 == 1) != (holder == FEMALE):
        problems.append("The ID number's sex digit does not match the sex.")
    return problems


def _dg13_date(dg13: Dg13, number: int, what: str, warnings: list[str]) -> dt.date | None:
    text = dg13.fields.get(number)
    if not text:
        return None
    value = parse_card_date(text)
    if value is None:
        warnings.append(f"DG13 {what} is not a dd/mm/yyyy date.")
    return value


def _expiry(dg13: Dg13, warnings: list[str]) -> tuple[dt.date | None, str, bool]:
    """(expiry date, expiry text, card says it does not expire)."""
    text = dg13.fields.get(12) or ""
    if not text:
        return None, "", False
    if is_no_expiry_text(text):
        return None, text, True
    value = parse_card_date(text)
    if value is None:
        warnings.append("DG13 expiry is neither a date nor a known 'no expiry' text.")
    return value, text, False


def _mrz_checks(mrz: MrzData, identity: Identity, no_expiry: bool, has_dg13: bool,
                warnings: list[str]) -> None:
    if identity.id_number and mrz.document_number != identity.id_number[-9:]:
        warnings.append("The MRZ document number is not the last 9 digits of the ID number.")
    if not has_dg13:
        return
    if mrz.id_number is not None and mrz.id_number != identity.id_number:
        warnings.append("The ID number in the MRZ differs from the one in DG13.")
    if identity.date_of_birth and mrz.date_of_birth != identity.date_of_birth:
        warnings.append("The date of birth in the MRZ differs from the one in DG13.")
    dg13_sex = sex_of(identity.sex)
    if dg13_sex and sex_of(mrz.sex) != dg13_sex:
        warnings.append("The sex in the MRZ differs from the one in DG13.")
    if identity.expiry_date and mrz.expiry_date != identity.expiry_date:
        warnings.append("The expiry date in the MRZ differs from the one in DG13.")
    if no_expiry and mrz.expiry_date is not None and mrz.date_of_birth is not None and (
            mrz.expiry_date.year - mrz.date_of_birth.year < FAR_EXPIRY_YEARS):
        warnings.append("DG13 says the card does not expire but the MRZ gives an expiry date.")


def _mrz_name(mrz: MrzData) -> str:
    return " ".join(part for part in (mrz.surname, mrz.given_names) if part)


def build_identity(mrz: MrzData | None, dg13: Dg13 | None) -> Identity:
    """The Identity from DG13 (text as stored), falling back to the MRZ, with warnings."""
    if mrz is None and dg13 is None:
        raise ParseError("Neither the MRZ nor DG13 was read, so there is no identity.")
    warnings: list[str] = []
    no_expiry = False
    if dg13 is not None:
        f = dg13.fields
        dob = _dg13_date(dg13, 3, "date of birth", warnings)
        expiry_date, expiry_text, no_expiry = _expiry(dg13, warnings)
        identity = Identity(
            id_number=f.get(1) or (mrz.id_number if mrz else None) or "",
            full_name=f.get(2) or (_mrz_name(mrz) if mrz else ""),
            date_of_birth=dob if dob or mrz is None else mrz.date_of_birth,
            sex=f.get(4) or (_MRZ_SEX_TEXT.get(mrz.sex, "") if mrz else ""),
            nationality=f.get(5) or "",
            ethnicity=f.get(6) or "",
            religion=f.get(7) or "",
            place_of_origin=f.get(8) or "",
            place_of_residence=f.get(9) or "",
            identifying_marks=f.get(10) or "",
            issue_date=_dg13_date(dg13, 11, "issue date", warnings),
            expiry_date=expiry_date if expiry_text or mrz is None else mrz.expiry_date,
            expiry_text=expiry_text,
            old_id_number=dg13.old_id_number,
            father_name=dg13.father_name,
            mother_name=dg13.mother_name,
            spouse_name=dg13.spouse_name,
            mrz=mrz,
            dg13_layout=dg13.layout,
            unknown_entries=dg13.unknown,
        )
        for number, what in ((1, "ID number"), (2, "full name"), (3, "date of birth")):
            if number not in f:
                warnings.append(f"DG13 has no {what} entry.")
        if 15 not in f and len(dg13.entry16_number or "") == 12:
            warnings.append("DG13 entry 16 holds a 12-digit number; it is reported as the "
                            "old ID number, which one source says it is (not certain).")
        if dg13.unknown:
            warnings.append(f"DG13 holds {len(dg13.unknown)} item(s) the kiosk did not "
                            "understand; they are kept unread.")
    else:
        assert mrz is not None
        identity = Identity(
            id_number=mrz.id_number or "",
            full_name=_mrz_name(mrz),
            date_of_birth=mrz.date_of_birth,
            sex=_MRZ_SEX_TEXT.get(mrz.sex, ""),
            nationality="Việt Nam" if mrz.nationality == "VNM" else mrz.nationality,
            expiry_date=mrz.expiry_date,
            mrz=mrz,
        )
    if identity.id_number:
        warnings.extend(id_structure_problems(identity.id_number, identity.date_of_birth,
                                              identity.sex))
    if mrz is not None:
        _mrz_checks(mrz, identity, no_expiry, dg13 is not None, warnings)
    return _with_warnings(identity, warnings)


def _with_warnings(identity: Identity, warnings: list[str]) -> Identity:
    return replace(identity, warnings=tuple(dict.fromkeys(warnings)))
