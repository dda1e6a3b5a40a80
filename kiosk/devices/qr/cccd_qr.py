"""Parse the text of the QR code printed on a CCCD / thẻ căn cước into a ``QrIdentity``.

Layouts accepted (docs/cccd.md, section "The QR code on the card"); the parser names the one it met:

* ``ID12|CMND9|Full name|DOB|Sex|Address|IssueDate`` ("7 fields"),
* the same with an empty CMND field ("7 fields, no old ID"),
* ``ID12|Full name|DOB|Sex|Address|IssueDate`` ("6 fields", documented by one source),
* more than seven fields (newer cards): the extra ones are kept raw ("7 fields + N extra").

Dates are DDMMYYYY; a date of birth may also be MMYYYY or YYYY (only the month / year
known). Error messages never repeat the citizen's data: they name the field instead.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from kiosk.core.errors import ParseError
from kiosk.core.models import QrIdentity
from kiosk.core.vn_time import today_vn
from kiosk.devices.chip.identity import UNKNOWN_PROVINCE, id_structure_problems
from kiosk.devices.qr.text_repair import decode_scanned

MAX_TEXT_CHARS = 3000  # a QR code holds at most 2953 bytes
MAX_NAME_CHARS = 100
MAX_ADDRESS_CHARS = 400
MAX_EXTRA_CHARS = 1000

_DIGITS = re.compile(r"[0-9]+")
_SEX_VALUES = {"nam": "Nam", "nữ": "Nữ", "nu": "Nữ"}
_CCCD_LAW_START = dt.date(2016, 1, 1)  # the 2014 Law on CCCD took effect


class QrFormatError(ParseError):
    """The text is not a CCCD QR payload, or one of its fields is malformed."""


class QrValidationError(ParseError):
    """The payload parses, but its ID number contradicts the rest (or itself).

    ``problems`` lists every contradiction found, in plain sentences.
    """

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


def _is_date_text(value: str, lengths: tuple[int, ...]) -> bool:
    return len(value) in lengths and _DIGITS.fullmatch(value) is not None


def _parse_date(value: str, what: str, allow_partial: bool) -> tuple[dt.date, str]:
    """Parse DDMMYYYY (or MMYYYY / YYYY when ``allow_partial``): (date, precision)."""
    lengths = (8, 6, 4) if allow_partial else (8,)
    if not _is_date_text(value, lengths):
        wanted = "DDMMYYYY, MMYYYY or YYYY" if allow_partial else "DDMMYYYY"
        raise QrFormatError(f"the {what} is not a date written as {wanted}")
    if len(value) == 8:
        day, month, year, precision = int(value[:2]), int(value[2:4]), int(value[4:]), "day"
    elif len(value) == 6:
        day, month, year, precision = 1, int(value[:2]), int(value[2:]), "month"
    else:
        day, month, year, precision = 1, 1, int(value), "year"
    if year < 1900:
        raise QrFormatError(f"the {what} is before 1900, which no living citizen has")
    try:
        return dt.date(year, month, day), precision
    except ValueError:
        raise QrFormatError(f"the {what} is not a real calendar date") from None


def _check_text_field(value: str, what: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise QrFormatError(f"the {what} is empty")
    if len(value) > limit:
        raise QrFormatError(f"the {what} is longer than {limit} characters")
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in value):
        raise QrFormatError(f"the {what} contains control or invalid characters")
    return value


def _check_name(value: str) -> str:
    name = _check_text_field(value, "full name (field 3)", MAX_NAME_CHARS)
    if any(ch.isdigit() for ch in name):
        raise QrFormatError("the full name (field 3) contains digits")
    if not any(ch.isalpha() for ch in name):
        raise QrFormatError("the full name (field 3) contains no letters")
    return " ".join(name.split())


def _not_cccd_reason(text: str, parts: list[str]) -> str | None:
    lowered = text.strip().lower()
    if re.match(r"^[a-z][a-z0-9+.-]*://", lowered) or lowered.startswith("www."):
        return "the QR code holds a web address, not CCCD data"
    if len(parts) < 6:
        return (f"the QR code is not CCCD data: expected 7 fields separated by '|', "
                f"found {len(parts)}")
    if not (_DIGITS.fullmatch(parts[0].strip()) and len(parts[0].strip()) == 12):
        return "the QR code is not CCCD data: the first field is not a 12-digit ID number"
    return None


def _split_layout(parts: list[str]) -> tuple[str, str | None, list[str], str, list[str]]:
    """Locate the fields: (variant, old ID, [name, dob, sex], address, [issue, *extra])."""
    second = parts[1].strip()
    if second == "" or _DIGITS.fullmatch(second):
        variant = "7 fields" if second else "7 fields, no old ID"
        old_id: str | None = second or None
        rest = parts[2:]
    else:
        variant, old_id, rest = "6 fields", None, parts[1:]
    if len(rest) < 5:
        raise QrFormatError(f"the QR code has too few fields for a CCCD ({len(parts)})")
    name, dob, sex = rest[0], rest[1], rest[2]
    # The issue date is the first 8-digit field after the address; an address holding
    # '|' is rejoined (rare, but seen when a scanner's suffix setting is wrong).
    issue_at = next((i for i in range(4, len(rest)) if _is_date_text(rest[i].strip(), (8,))),
                    None)
    if issue_at is None:
        raise QrFormatError("the issue date (last field) is not a date written as DDMMYYYY")
    address = "|".join(rest[3:issue_at])
    return variant, old_id, [name, dob, sex], address, rest[issue_at:]


def parse_cccd_qr(data: str | bytes, *, strict: bool = True,
                  today: dt.date | None = None) -> QrIdentity:
    """Parse a CCCD QR payload (text or the raw bytes a decoder returned).

    Raises ``QrFormatError`` when it is not CCCD data or a field is malformed, and, with
    ``strict``, ``QrValidationError`` when the ID number contradicts the date of birth or
    the sex (``kiosk.devices.chip.identity``), or the dates are impossible; without
    ``strict`` those go into ``warnings``. A prefix outside the old province list is
    never a refusal: the QR is accepted with a note in ``warnings``.
    """
    text, repair = decode_scanned(data)
    if len(text) > MAX_TEXT_CHARS:
        raise QrFormatError(f"the QR text is longer than {MAX_TEXT_CHARS} characters")
    text = text.strip("\r\n\t ")
    parts = text.split("|")
    reason = _not_cccd_reason(text, parts)
    if reason:
        raise QrFormatError(reason)
    id_number = parts[0].strip()
    variant, old_id, (name_f, dob_f, sex_f), address_f, tail = _split_layout(parts)
    if old_id is not None and len(old_id) not in (9, 12):
        raise QrFormatError("the old ID number (field 2) must have 9 or 12 digits")
    name = _check_name(name_f)
    dob, precision = _parse_date(dob_f.strip(), "date of birth (field 4)", allow_partial=True)
    sex = _SEX_VALUES.get(unicodedata.normalize("NFC", sex_f.strip()).lower())
    if sex is None:
        raise QrFormatError("the sex (field 5) is neither 'Nam' nor 'Nữ'")
    address = _check_text_field(address_f, "address (field 6)", MAX_ADDRESS_CHARS)
    issue, _ = _parse_date(tail[0].strip(), "issue date (field 7)", allow_partial=False)
    extra = tuple(tail[1:])
    if sum(len(x) for x in extra) > MAX_EXTRA_CHARS:
        raise QrFormatError(f"the extra fields are longer than {MAX_EXTRA_CHARS} characters")
    if any(unicodedata.category(ch) == "Cc" for x in extra for ch in x):
        raise QrFormatError("an extra field (after field 7) contains control characters")
    if extra:
        variant = f"{variant} + {len(extra)} extra"
    warnings: list[str] = []
    if "|" in address:
        warnings.append("the address contained '|' and was rejoined")
    if sex_f.strip().lower() == "nu":
        warnings.append("the sex was written without diacritics ('Nu')")
    problems = _date_problems(dob, issue, today or today_vn())  # the card's calendar
    problems += id_structure_problems(id_number, dob, sex)
    if UNKNOWN_PROVINCE in problems:  # a note, not a gate (see UNKNOWN_PROVINCE)
        problems.remove(UNKNOWN_PROVINCE)
        warnings.append(UNKNOWN_PROVINCE)
    if problems and strict:
        raise QrValidationError(
            "the QR code's data is inconsistent: " + " ".join(problems), problems)
    return QrIdentity(
        id_number=id_number, full_name=name, date_of_birth=dob, sex=sex, address=address,
        issue_date=issue, old_id_number=old_id, birth_date_precision=precision,
        variant=variant, extra_fields=extra, text_repair=repair,
        warnings=tuple(warnings + problems), raw=text,
    )


def _date_problems(dob: dt.date, issue: dt.date, today: dt.date) -> list[str]:
    problems = []
    if dob > today:
        problems.append("The date of birth is in the future.")
    if issue > today + dt.timedelta(days=1):
        problems.append("The issue date is in the future.")
    if issue < dob:
        problems.append("The issue date is before the date of birth.")
    if issue < _CCCD_LAW_START:
        problems.append("The issue date is before CCCD cards existed (2016).")
    return problems
