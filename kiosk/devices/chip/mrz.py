"""TD1 machine-readable zone (ID card: three lines of 30 characters), parse and build.

Layout (ICAO 9303 part 5), positions 1-based:

- line 1: document code (1-2), issuing state (3-5), document number (6-14), its check
  digit (15), optional data 1 (16-30);
- line 2: date of birth (1-6) + check (7), sex (8), expiry (9-14) + check (15),
  nationality (16-18), optional data 2 (19-29), composite check digit (30);
- line 3: ``SURNAME<<GIVEN<NAMES``.

Vietnamese CCCDs put the full 12-digit ID at the start of optional data 1, then
``<<`` and a check digit at position 30 of line 1. That check digit is computed over
the 12-digit ID; since the filler ``<`` counts as 0 this equals the check digit over
positions 16-29, which is what is implemented (the cccd.md example verifies under
both readings). It is verified only when optional data 1 has that shape
(12 digits, ``<<``, one digit), so other TD1 documents still parse.

Two-digit years: a date of birth is put in the century that makes it not later than
today; an expiry in the window [today - 20 years, today + 79 years], so that
``991231`` (a possible "no expiry" marker) reads as 2099. The markers that are not
dates (``<<<<<<``, ``000000``, ``999999``) read as "no expiry" (None).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from kiosk.core.errors import ParseError
from kiosk.core.models import MrzData
from kiosk.devices.chip.checkdigit import check_digit

LINE = 30
TD1_LENGTH = 3 * LINE
_MRZ_CHARS = re.compile(r"[A-Z0-9<]*")
_VN_ID_OPTIONAL = re.compile(r"([0-9]{12})<<([0-9])")
EXPIRY_PAST_YEARS = 20
#: Expiry fields that cannot be dates and are read as "does not expire".
NO_EXPIRY_FIELDS = frozenset({"<<<<<<", "000000", "999999"})


def _normalise(text: str) -> str:
    """Accept 90 characters, or three lines of 30 with any line breaks; return 90."""
    stripped = text.strip()
    lines = stripped.splitlines()
    if len(lines) == 3 and all(len(line.strip()) == LINE for line in lines):
        joined = "".join(line.strip() for line in lines)
    elif len(lines) == 1 and len(stripped) == TD1_LENGTH:
        joined = stripped
    else:
        raise ParseError(
            f"MRZ is not a TD1 zone: expected 90 characters or three lines of 30, "
            f"got {len(lines)} line(s) and {len(stripped)} characters."
        )
    if not _MRZ_CHARS.fullmatch(joined):
        raise ParseError("MRZ contains characters other than A-Z, 0-9 and '<'.")
    return joined


def _check(field: str, digit: str, name: str) -> None:
    """Verify one check digit; an all-filler field may carry '<' or '0'."""
    if set(field) == {"<"} and digit in "<0":
        return
    if not digit.isdigit():
        raise ParseError(f"MRZ {name} check digit is not a digit.")
    if check_digit(field) != int(digit):
        raise ParseError(f"MRZ {name} check digit does not match.")


def _yymmdd(field: str, name: str) -> tuple[int, int, int]:
    if not field.isdigit():
        raise ParseError(f"MRZ {name} is not six digits (YYMMDD).")
    return int(field[:2]), int(field[2:4]), int(field[4:6])


def _make_date(year: int, month: int, day: int, name: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(f"MRZ {name} is not a valid calendar date.") from None


def birth_date_from_yymmdd(field: str, today: dt.date | None = None) -> dt.date:
    """A date of birth from YYMMDD, in the century that puts it on or before today."""
    yy, mm, dd = _yymmdd(field, "date of birth")
    today = today or dt.date.today()
    year = today.year - (today.year - yy) % 100
    candidate = _make_date(year, mm, dd, "date of birth")
    if candidate > today:
        candidate = _make_date(year - 100, mm, dd, "date of birth")
    return candidate


def expiry_date_from_yymmdd(field: str, today: dt.date | None = None) -> dt.date | None:
    """An expiry from YYMMDD in [today - 20 y, today + 79 y]; None for a no-expiry marker."""
    if field in NO_EXPIRY_FIELDS:
        return None
    yy, mm, dd = _yymmdd(field, "expiry date")
    today = today or dt.date.today()
    low = today.year - EXPIRY_PAST_YEARS
    year = low + (yy - low) % 100
    return _make_date(year, mm, dd, "expiry date")


def _split_document_number(line1: str) -> tuple[str, str, str]:
    """Return (document number, its check digit, optional data 1) from line 1.

    Handles the ICAO long-document-number rule: a '<' at position 15 means the number
    continues in optional data, whose last character before the first '<' is the
    check digit.
    """
    number, digit, optional = line1[5:14], line1[14], line1[15:30]
    if digit == "<" and optional[:1] not in ("", "<"):
        tail = optional.split("<", 1)[0]
        if len(tail) < 2:
            raise ParseError("MRZ document number overflow is malformed.")
        return number + tail[:-1], tail[-1], optional[len(tail) :]
    return number, digit, optional


def parse_td1(text: str, today: dt.date | None = None) -> MrzData:
    """Parse and verify a TD1 MRZ; ParseError names the failing field."""
    mrz = _normalise(text)
    line1, line2, line3 = mrz[:LINE], mrz[LINE : 2 * LINE], mrz[2 * LINE :]
    number, number_digit, optional1 = _split_document_number(line1)
    _check(number, number_digit, "document number")
    vn = _VN_ID_OPTIONAL.fullmatch(line1[15:30])
    if vn:
        _check(vn.group(1), vn.group(2), "ID number (optional data)")
    birth, expiry = line2[0:6], line2[8:14]
    _check(birth, line2[6], "date of birth")
    _check(expiry, line2[14], "expiry date")
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    _check(composite, line2[29], "composite")
    sex = line2[7]
    if sex not in "MFX<":
        raise ParseError("MRZ sex is not M, F, X or '<'.")
    surname, _, given = line3.partition("<<")
    return MrzData(
        document_code=line1[0:2].rstrip("<"),
        issuing_state=line1[2:5].rstrip("<"),
        document_number=number.rstrip("<"),
        optional_data_1=optional1.rstrip("<"),
        date_of_birth=birth_date_from_yymmdd(birth, today),
        sex=sex,
        expiry_date=expiry_date_from_yymmdd(expiry, today),
        nationality=line2[15:18].rstrip("<"),
        optional_data_2=line2[18:29].rstrip("<"),
        surname=surname.replace("<", " ").strip(),
        given_names=given.replace("<", " ").strip(),
        raw=mrz,
    )


def td1_lines(mrz: str) -> tuple[str, str, str]:
    """The three 30-character lines of a (normalised) TD1 MRZ."""
    text = _normalise(mrz)
    return text[:LINE], text[LINE : 2 * LINE], text[2 * LINE :]


def to_mrz_text(name: str) -> str:
    """Transliterate a name to MRZ characters: no diacritics, Đ→D, upper case, '<' between."""
    plain = name.replace("Đ", "D").replace("đ", "d")
    plain = "".join(
        c for c in unicodedata.normalize("NFD", plain) if not unicodedata.combining(c)
    ).upper()
    words = re.findall(r"[A-Z0-9]+", plain)
    return "<".join(words)


def _pad(text: str, width: int) -> str:
    return (text + "<" * width)[:width]


def yymmdd(value: dt.date) -> str:
    """A date as MRZ YYMMDD."""
    return value.strftime("%y%m%d")


def build_td1(
    document_number: str,
    date_of_birth: dt.date,
    sex: str,
    expiry: dt.date | None,
    surname: str,
    given_names: str,
    id_number: str,
    nationality: str = "VNM",
    no_expiry_yymmdd: str = "<<<<<<",
    issuing_state: str = "VNM",
) -> str:
    """Build a TD1 MRZ (90 characters, no line breaks) with valid check digits.

    ``id_number`` (12 digits, or "" for none) goes into optional data 1 followed by
    ``<<`` and its check digit. ``expiry`` None writes ``no_expiry_yymmdd``. Names are
    transliterated (diacritics removed) and truncated to fit line 3.
    """
    if not re.fullmatch(r"[A-Z0-9<]{1,9}", document_number):
        raise ParseError("MRZ document number must be 1 to 9 characters A-Z, 0-9.")
    if sex not in ("M", "F", "X", "<"):
        raise ParseError("MRZ sex must be M, F, X or '<'.")
    if not re.fullmatch(r"[0-9<]{6}", no_expiry_yymmdd):
        raise ParseError("MRZ no-expiry marker must be six digits or fillers.")
    if not re.fullmatch(r"[A-Z<]{3}", nationality) or not re.fullmatch(r"[A-Z<]{3}", issuing_state):
        raise ParseError("MRZ nationality and issuing state must be three letters.")
    if id_number:
        if not re.fullmatch(r"[0-9]{12}", id_number):
            raise ParseError("ID number must be 12 digits.")
        optional = f"{id_number}<<{check_digit(id_number)}"
    else:
        optional = ""
    number = _pad(document_number, 9)
    line1 = "ID" + issuing_state + number + str(check_digit(number)) + _pad(optional, 15)
    birth = yymmdd(date_of_birth)
    exp = no_expiry_yymmdd if expiry is None else yymmdd(expiry)
    line2_head = birth + str(check_digit(birth)) + sex + exp + str(check_digit(exp))
    line2_body = line2_head + nationality + "<" * 11
    composite = line1[5:30] + line2_body[0:7] + line2_body[8:15] + line2_body[18:29]
    line2 = line2_body + str(check_digit(composite))
    line3 = _pad(to_mrz_text(surname) + "<<" + to_mrz_text(given_names), LINE)
    return line1 + line2 + line3
