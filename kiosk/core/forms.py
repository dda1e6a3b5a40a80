"""A procedure's form: autofilled from the card, completed by the citizen, validated.

:func:`build_form` fills every field the catalog maps from the card. A value read from
the chip is marked ``"chip"`` (signed by the issuer, checked by passive
authentication); one from the printed QR code is marked ``"qr"`` (anyone can print a
QR, so it is weaker); what the citizen types is ``"typed"`` — including a card value
the citizen changed. :func:`validate` names every problem with a code (one of
:data:`PROBLEM_CODES`) and its parameters; the form screen turns the code into plain
words through Qt's translation catalogs (ids ``form.problem.<code>``, ``%1`` the
field's label, ``%2`` the limit). A problem never quotes the value (it may be personal).

Dates are shown and typed the Vietnamese way, ``DD/MM/YYYY``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from kiosk.core.errors import KioskError
from kiosk.core.models import Identity, QrIdentity
from kiosk.core.procedures import FieldSpec, Procedure
from kiosk.core.vn_time import today_vn


class Source(StrEnum):
    """Where a form value came from."""

    CHIP = "chip"
    QR = "qr"
    TYPED = "typed"
    DEFAULT = "default"  # the catalog's preset (e.g. the usual certificate type)
    EMPTY = ""


class FormError(KioskError):
    """A form was asked about a field it does not have."""


@dataclass(frozen=True)
class FieldValue:
    """The current value of one field and where it came from."""

    value: str = field(default="", repr=False)
    source: Source = Source.EMPTY


PROBLEM_CODES = ("required", "too_long", "id_number", "phone", "number", "choice",
                 "date_format", "date_future", "date_too_early",
                 "address_pick")  # an address not yet in today's units (kiosk.core.visit.places)


@dataclass(frozen=True)
class FieldProblem:
    """Why one field is not acceptable: a code the screen translates (no value quoted).

    ``limit`` is the maximum length for ``too_long`` (0 otherwise).
    """

    name: str
    code: str
    limit: int = 0


@dataclass(frozen=True)
class Form:
    """A procedure's fields (in catalog order) and their current values."""

    procedure_code: str
    specs: tuple[FieldSpec, ...]
    values: dict[str, FieldValue] = field(repr=False)

    def __repr__(self) -> str:
        filled = sum(1 for v in self.values.values() if v.value)
        return f"Form({self.procedure_code}, {filled}/{len(self.specs)} filled, <masked>)"

    def spec(self, name: str) -> FieldSpec:
        """The spec of field ``name``; FormError when the form has no such field."""
        for spec in self.specs:
            if spec.name == name:
                return spec
        raise FormError(f"The form {self.procedure_code} has no field {name!r}.")

    def get(self, name: str) -> FieldValue:
        """The current value of field ``name``."""
        self.spec(name)
        return self.values.get(name, FieldValue())

    def edited(self, name: str, value: str) -> Form:
        """A copy with ``name`` set to what the citizen typed (marked ``typed``).

        Typing back the card's exact value keeps the card's mark.
        """
        self.spec(name)
        current = self.values.get(name, FieldValue())
        cleaned = " ".join(value.split())
        if cleaned == current.value:
            return self
        source = Source.TYPED if cleaned else Source.EMPTY
        return replace(self, values={**self.values, name: FieldValue(cleaned, source)})

    def settled(self, name: str, value: str, source: Source) -> Form:
        """A copy with ``name`` set to ``value`` from ``source`` (an address the citizen
        confirmed in today's units keeps the card's mark; one picked is ``typed``)."""
        self.spec(name)
        return replace(self, values={**self.values, name: FieldValue(value, source)})

    def sources(self) -> dict[str, str]:
        """Field name → source mark, for the submission record and the screen's badges."""
        return {spec.name: str(self.get(spec.name).source) for spec in self.specs}

    def payload(self) -> dict[str, str]:
        """Field name → value, every field of the procedure (empty text when not given)."""
        return {spec.name: self.get(spec.name).value for spec in self.specs}

    def wiped(self) -> Form:
        """A copy with every value dropped (the specs are not personal)."""
        return replace(self, values={})


def format_date(value: dt.date) -> str:
    """``value`` as the kiosk shows dates: DD/MM/YYYY."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def parse_date(text: str) -> dt.date | None:
    """The date in ``DD/MM/YYYY`` (also ``-`` or ``.`` separators), or None if invalid."""
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text.strip())
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def build_form(
    procedure: Procedure,
    identity: Identity | QrIdentity | None = None,
    *,
    typed_id: str | None = None,
) -> Form:
    """The procedure's form with every field the card can give already filled.

    ``typed_id`` is an ID number the citizen typed (the manual path); it fills
    ``id_number`` marked ``typed`` when there is no card identity.
    """
    values: dict[str, FieldValue] = {}
    for spec in procedure.fields:
        if spec.default is not None:
            values[spec.name] = FieldValue(spec.default, Source.DEFAULT)
        if isinstance(identity, Identity) and spec.from_chip is not None:
            text = _card_text(getattr(identity, spec.from_chip))
            if text:
                values[spec.name] = FieldValue(text, Source.CHIP)
        elif isinstance(identity, QrIdentity) and spec.from_qr is not None:
            text = _qr_text(identity, spec.from_qr)
            if text:
                values[spec.name] = FieldValue(text, Source.QR)
    if identity is None and typed_id:
        for spec in procedure.fields:
            if spec.name == "id_number":
                values[spec.name] = FieldValue(typed_id.strip(), Source.TYPED)
    return Form(procedure.code, procedure.fields, values)


def keep_typed(form: Form, before: Form) -> Form:
    """``form`` (filled afresh from a card) keeping what the citizen typed in ``before``
    wherever the card gives nothing (an empty field or only the catalog's preset)."""
    values = dict(form.values)
    for spec in form.specs:
        old = before.values.get(spec.name)
        new = values.get(spec.name, FieldValue())
        if old is not None and old.source == Source.TYPED and new.source in (
                Source.EMPTY, Source.DEFAULT):
            values[spec.name] = old
    return replace(form, values=values)


def _card_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value)
    return " ".join(str(value).split())


def _qr_text(identity: QrIdentity, name: str) -> str:
    # A QR that gives only the year (or month and year) of birth must not be shown as a
    # full date: the first of January would be a made-up day.
    if name == "date_of_birth" and identity.birth_date_precision != "day":
        return ""
    return _card_text(getattr(identity, name))


_PHONE = re.compile(r"^(0|\+84)(3|5|7|8|9)\d{8}$|^(0|\+84)2\d{9}$")


def validate(form: Form, today: dt.date | None = None) -> list[FieldProblem]:
    """Every problem of ``form``, in field order; an empty list means it can be sent."""
    today = today_vn() if today is None else today  # the citizen's calendar, not the machine's
    problems: list[FieldProblem] = []
    for spec in form.specs:
        code = _check(spec, form.get(spec.name).value, today)
        if code is not None:
            limit = (spec.max_length or 0) if code == "too_long" else 0
            problems.append(FieldProblem(spec.name, code, limit))
    return problems


def _check(spec: FieldSpec, value: str, today: dt.date) -> str | None:
    if not value:
        if not spec.required:
            return None
        return "choice" if spec.kind == "choice" else "required"  # choices are touched
    if spec.max_length is not None and len(value) > spec.max_length:
        return "too_long"
    if spec.kind == "id_number" and not re.fullmatch(r"\d{12}", value):
        return "id_number"
    if spec.kind == "phone" and not _PHONE.match(value.replace(" ", "").replace(".", "")):
        return "phone"
    if spec.kind == "number" and not re.fullmatch(r"[1-9]\d*", value.replace(".", "")):
        return "number"
    if spec.kind == "choice" and value not in spec.choices:
        return "choice"
    if spec.kind == "date":
        parsed = parse_date(value)
        if parsed is None:
            return "date_format"
        if parsed > today:
            return "date_future"
        if parsed.year < 1900:
            return "date_too_early"
    return None
