"""An address of the visit in today's units: what the card says, and what it is now.

A card issued before 1 July 2025 names its residence and place of origin in the old
three-level units. :func:`from_card` keeps that text as read (``on_card``, "Trên thẻ")
and sets beside it the current units ("Hiện nay"). The citizen then confirms it
(:meth:`CurrentAddress.confirm`) or, when the old ward was split, picks one of the
candidates or any ward through the picker (:meth:`CurrentAddress.pick`). An address
that already names current units is confirmed as it is; nothing is ever guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.core.addresses.convert import (
    AMBIGUOUS,
    UNCHANGED,
    AddressNotFoundError,
    Place,
    convert_address,
)
from kiosk.core.addresses.dataset import AddressDataMissingError

PICKED = "picked"  # the citizen chose the ward (a split one, or any through the picker)
UNKNOWN = "unknown"  # the text names no unit the data knows: the citizen must pick


@dataclass(frozen=True)
class CurrentAddress:
    """One address of the visit. Personal: ``repr`` shows only the status."""

    on_card: str = field(repr=False)
    street: str = field(repr=False)
    place: Place | None = field(repr=False)
    status: str
    candidates: tuple[Place, ...] = field(default=(), repr=False)
    confirmed: bool = False

    def text(self) -> str:
        """The current address on one line: street, ward, province ('' when unknown)."""
        if self.place is None:
            return ""
        return ", ".join(p for p in (self.street, self.place.ward.name,
                                     self.place.province.name) if p)

    def confirm(self) -> CurrentAddress:
        """The citizen says the current address shown is right (needs one unit)."""
        return replace(self, confirmed=True) if self.place is not None else self

    def pick(self, place: Place, street: str) -> CurrentAddress:
        """The citizen chose ``place`` (and typed or kept ``street``)."""
        return replace(self, place=place, street=" ".join(street.split()), status=PICKED,
                       confirmed=True)

    def as_record(self) -> dict[str, Any]:
        """What the submission carries: the card's text, the street and the unit codes."""
        place = self.place
        return {"on_card": self.on_card, "status": self.status, "street": self.street,
                "ward": place.ward.as_json() if place else None,
                "province": place.province.as_json() if place else None,
                "text": self.text()}


def from_card(text: str) -> CurrentAddress:
    """``text`` as printed on the card, with the current units beside it.

    Never raises: an address the data does not know (or no data at all) is ``unknown``
    and the citizen picks; a split ward is ``ambiguous`` with its candidates.
    """
    try:
        found = convert_address(text)
    except (AddressNotFoundError, AddressDataMissingError):
        return CurrentAddress(text, "", None, UNKNOWN)
    if found.status == AMBIGUOUS:
        return CurrentAddress(text, found.street, None, AMBIGUOUS, found.candidates)
    if found.ward is None:  # a province alone (some places of origin): pick the ward
        return CurrentAddress(text, found.street, None, UNKNOWN)
    place = Place(found.ward, found.province)
    return CurrentAddress(text, found.street, place, found.status,
                          confirmed=found.status == UNCHANGED)


def typed(street: str, place: Place) -> CurrentAddress:
    """An address the citizen entered from nothing through the picker."""
    return CurrentAddress("", "", None, UNKNOWN).pick(place, street)
