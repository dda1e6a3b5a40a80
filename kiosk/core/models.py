"""Plain frozen dataclasses shared across the kiosk: what a card tells us about a person.

These objects hold personal data. Never log them, never put them in an exception
message; ``__repr__`` is masked so an accidental log line leaks nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from enum import StrEnum


class AccessProtocol(StrEnum):
    """How the chip was unlocked."""

    BAC = "BAC"
    PACE = "PACE"


@dataclass(frozen=True)
class MrzData:
    """The fields of a TD1 (ID-card, three lines of 30) machine-readable zone."""

    document_code: str
    issuing_state: str
    document_number: str
    optional_data_1: str
    date_of_birth: dt.date | None
    sex: str  # "M", "F" or "<"
    expiry_date: dt.date | None
    nationality: str
    optional_data_2: str
    surname: str
    given_names: str
    raw: str = field(repr=False, default="")

    @property
    def id_number(self) -> str | None:
        """The full 12-digit ID carried at the start of optional data 1, if present."""
        digits = self.optional_data_1.split("<", 1)[0]
        return digits if len(digits) == 12 and digits.isdigit() else None

    def __repr__(self) -> str:
        return "MrzData(<masked>)"


@dataclass(frozen=True)
class UnknownEntry:
    """A DG13 (or other) entry the parser did not understand, kept and named."""

    name: str  # e.g. "DG13 entry 16" or "DG13 entry 13 (unknown layout)"
    tag: int
    raw: bytes = field(repr=False)
    text: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Identity:
    """Everything the kiosk knows about the card holder after a chip read.

    Text is exactly as the card stores it in DG13 (e.g. sex "Nam" / "Nữ").
    ``expiry_date`` is None when the card does not expire.
    """

    id_number: str
    full_name: str
    date_of_birth: dt.date | None
    sex: str
    nationality: str = ""
    ethnicity: str = ""
    religion: str = ""
    place_of_origin: str = ""
    place_of_residence: str = ""
    identifying_marks: str = ""
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None
    expiry_text: str = ""  # the DG13 expiry text as stored, e.g. "Không thời hạn"
    old_id_number: str | None = None
    father_name: str | None = None
    mother_name: str | None = None
    spouse_name: str | None = None
    mrz: MrzData | None = None
    access: AccessProtocol | None = None
    dg13_layout: str = ""  # which DG13 parent layout / variant the parser met
    unknown_entries: tuple[UnknownEntry, ...] = ()
    warnings: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return "Identity(<masked>)"

    def to_json_dict(self) -> dict[str, object]:
        """The identity as the ``kiosk card read --json`` object (dates as YYYY-MM-DD)."""
        out: dict[str, object] = {}
        for f in fields(self):
            if f.name in {"mrz", "access", "unknown_entries", "warnings", "expiry_text",
                          "dg13_layout"}:
                continue
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, dt.date) else value
        out["mrz"] = None if self.mrz is None else {
            "document_code": self.mrz.document_code,
            "issuing_state": self.mrz.issuing_state,
            "document_number": self.mrz.document_number,
            "optional_data": self.mrz.optional_data_1,
            "date_of_birth": _iso(self.mrz.date_of_birth),
            "sex": self.mrz.sex,
            "expiry_date": _iso(self.mrz.expiry_date),
            "nationality": self.mrz.nationality,
            "surname": self.mrz.surname,
            "given_names": self.mrz.given_names,
        }
        return out


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True)
class FaceImage:
    """The face image from DG2: the encoded bytes and what they decode to."""

    format: str  # "jpeg" or "jp2"
    width: int
    height: int
    data: bytes = field(repr=False)

    def __repr__(self) -> str:
        return f"FaceImage(format={self.format!r}, {self.width}x{self.height})"


@dataclass(frozen=True)
class QrIdentity:
    """What the QR code printed on a CCCD says about its holder.

    When the QR gives only a year (4 characters) or a month and year (6) of birth,
    ``date_of_birth`` is the first day of that period and ``birth_date_precision``
    says so ("year", "month"; "day" for a full date). ``extra_fields`` keeps every
    field after the seventh (newer cards) exactly as read. ``variant`` names the
    layout met, e.g. "7 fields", "7 fields, no old ID", "6 fields", "7 fields + 3 extra".
    ``text_repair`` names the encoding repair applied ("" when the text was clean UTF-8).
    """

    id_number: str
    full_name: str
    date_of_birth: dt.date
    sex: str  # "Nam" or "Nữ", as printed
    address: str
    issue_date: dt.date
    old_id_number: str | None = None
    birth_date_precision: str = "day"
    variant: str = "7 fields"
    extra_fields: tuple[str, ...] = ()
    text_repair: str = ""
    warnings: tuple[str, ...] = ()
    raw: str = field(default="", repr=False)

    def __repr__(self) -> str:
        return "QrIdentity(<masked>)"

    def access_inputs(self) -> tuple[str, dt.date, dt.date]:
        """(ID number, date of birth, issue date): what the chip's access keys derive from."""
        return (self.id_number, self.date_of_birth, self.issue_date)

    def to_json_dict(self) -> dict[str, object]:
        """The identity as the ``kiosk qr decode --json`` object (dates as YYYY-MM-DD)."""
        out: dict[str, object] = {}
        for f in fields(self):
            if f.name == "raw":
                continue
            value = getattr(self, f.name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out
