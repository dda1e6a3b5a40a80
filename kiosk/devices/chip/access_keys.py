"""Chip access keys derived from what the card's QR code gives (ID, birth, issue date).

- PACE: CAN = last 6 digits of the 12-digit ID (a convention seen in public code).
- BAC: document number = last 9 digits of the ID, the date of birth, and the expiry
  the law gives (docs/cccd.md): expiry = birth + T years for the smallest age
  threshold T with ``issue_date < birth + (T - 2) years``; thresholds 25/40/60 for
  cards issued before 1 July 2024 (2014 Law on CCCD), 14/25/40/60 from then on (2023
  Law on Identification). No threshold fits → the card does not expire.

Feb 29 births: in a year without Feb 29 the birthday is taken as Feb 28 (same month,
so the MRZ month stays the birth month); Mar 1 is offered as the next candidate.

What the MRZ holds as expiry on a card that does not expire is not documented
anywhere we found, so several encodings are offered, in this order:

1. ``<<<<<<`` — the ICAO filler, what 9303 uses for an absent optional date;
2. ``991231`` — the "far future" date several issuers write for unlimited validity;
3. ``000000`` — a zeroed field, seen in some issuers' data for "not applicable";
4. birth + 100 years — a computed far date that keeps the birthday;
5. ``999999`` — an all-nines marker.

The reader tries them in order and reports the label of the one that worked, so the
order can be tuned from field reports.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kiosk.core.errors import ParseError
from kiosk.core.models import MrzData, QrIdentity
from kiosk.devices.chip.mrz import yymmdd

LAW_2023_START = dt.date(2024, 7, 1)
THRESHOLDS_2014 = (25, 40, 60)
THRESHOLDS_2023 = (14, 25, 40, 60)
GRACE_YEARS = 2
NO_EXPIRY_MARKERS = ("<<<<<<", "991231", "000000")
ALL_NINES = "999999"


@dataclass(frozen=True)
class KeyCandidate:
    """One guess at the BAC key inputs; ``label`` says where it came from."""

    document_number: str
    date_of_birth: dt.date
    expiry: dt.date | None
    expiry_yymmdd: str
    label: str

    def __repr__(self) -> str:
        return f"KeyCandidate(label={self.label!r}, <masked>)"


def add_years(day: dt.date, years: int, feb29: str = "feb28") -> dt.date:
    """``day`` plus ``years``; a Feb 29 falls on Feb 28 (or Mar 1 with ``feb29="mar1"``)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        if feb29 == "mar1":
            return dt.date(day.year + years, 3, 1)
        return dt.date(day.year + years, 2, 28)


def thresholds_for(issue_date: dt.date) -> tuple[int, ...]:
    """The renewal ages of the law the card was issued under."""
    return THRESHOLDS_2023 if issue_date >= LAW_2023_START else THRESHOLDS_2014


def _expiry(date_of_birth: dt.date, issue_date: dt.date, thresholds: tuple[int, ...],
            feb29: str = "feb28") -> dt.date | None:
    for age in thresholds:
        if issue_date < add_years(date_of_birth, age - GRACE_YEARS, feb29):
            return add_years(date_of_birth, age, feb29)
    return None


def expiry_by_law(date_of_birth: dt.date, issue_date: dt.date) -> dt.date | None:
    """The card's expiry by law, or None when it does not expire (issued at 58 or older)."""
    if issue_date < date_of_birth:
        raise ParseError("The issue date is before the date of birth.")
    return _expiry(date_of_birth, issue_date, thresholds_for(issue_date))


def _validate_id(id_number: str) -> None:
    if not re.fullmatch(r"[0-9]{12}", id_number):
        raise ParseError("The ID number must be exactly 12 digits.")


def can_from_id(id_number: str) -> str:
    """The PACE card access number: the last 6 digits of the 12-digit ID."""
    _validate_id(id_number)
    return id_number[-6:]


def bac_candidates(id_number: str, date_of_birth: dt.date,
                   issue_date: dt.date) -> list[KeyCandidate]:
    """BAC key candidates, most likely first (see the module docstring for the order)."""
    _validate_id(id_number)
    number = id_number[-9:]
    law = expiry_by_law(date_of_birth, issue_date)
    out: list[KeyCandidate] = []

    def add(expiry: dt.date | None, encoded: str, label: str) -> None:
        if all(c.expiry_yymmdd != encoded for c in out):
            out.append(KeyCandidate(number, date_of_birth, expiry, encoded, label))

    if law is not None:
        add(law, yymmdd(law), "law-rule")
        mar1 = _expiry(date_of_birth, issue_date, thresholds_for(issue_date), "mar1")
        if mar1 is not None:
            add(mar1, yymmdd(mar1), "law-rule:feb29-mar1")
        other = THRESHOLDS_2014 if issue_date >= LAW_2023_START else THRESHOLDS_2023
        other_expiry = _expiry(date_of_birth, issue_date, other)
        if other_expiry is not None:
            add(other_expiry, yymmdd(other_expiry), "other-law-rule")
        return out
    for marker in NO_EXPIRY_MARKERS:
        add(None, marker, f"no-expiry:{marker}")
    add(None, yymmdd(add_years(date_of_birth, 100)), "no-expiry:dob+100y")
    add(None, ALL_NINES, f"no-expiry:{ALL_NINES}")
    return out


def candidates_from_mrz(mrz: MrzData) -> list[KeyCandidate]:
    """The exact key from a parsed MRZ (one candidate)."""
    if mrz.date_of_birth is None or not mrz.document_number:
        raise ParseError("The MRZ lacks a document number or date of birth.")
    if mrz.raw and len(mrz.raw) == 90:
        encoded = mrz.raw[38:44]
    elif mrz.expiry_date is not None:
        encoded = yymmdd(mrz.expiry_date)
    else:
        encoded = "<<<<<<"
    return [KeyCandidate(mrz.document_number, mrz.date_of_birth, mrz.expiry_date, encoded,
                         "mrz")]


def candidates_from_qr(identity: QrIdentity) -> list[KeyCandidate]:
    """The BAC key candidates the card's QR gives, most likely first.

    Empty when the QR gives no full date of birth (the MRZ needs one).
    """
    if identity.birth_date_precision != "day":
        return []
    return list(bac_candidates(identity.id_number, identity.date_of_birth,
                               identity.issue_date))
