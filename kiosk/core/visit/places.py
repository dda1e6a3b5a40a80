"""The visit's addresses in today's units, and whether this center may take the file.

When the form is built (or filled again from a new card), every address field the card
filled gets a :class:`~kiosk.core.addresses.current.CurrentAddress`: the card's text and
today's units beside it. The citizen goes on with them (the form's Continue) or picks
another ward (``AddressPicked``); the form then carries today's address, the submission
its unit codes. :func:`verdict` asks :mod:`kiosk.core.competence` whether this center may accept
the procedure for the competent address.
"""

from __future__ import annotations

from kiosk.core.addresses.current import UNKNOWN, CurrentAddress, from_card, typed
from kiosk.core.addresses.places import place_of
from kiosk.core.competence import CenterArea, Verdict, decide
from kiosk.core.forms import FieldProblem, Form, Source
from kiosk.core.visit.state import VisitData

CARD_SOURCES = (Source.CHIP, Source.QR)


def card_residence(data: VisitData) -> str:
    """The residence printed on (or read from) the card, '' when none is known."""
    if data.identity is not None:
        return data.identity.place_of_residence
    if data.qr_identity is not None:
        return data.qr_identity.address
    return ""


def settle(data: VisitData, before: dict[str, CurrentAddress] | None = None) -> None:
    """Give each address field the card filled its current units; keep the citizen's
    own choices (``before``) for fields they entered themselves."""
    form = data.form
    before = before or {}
    found: dict[str, CurrentAddress] = {}
    if form is None:
        data.addresses = found
        return
    for spec in form.specs:
        if spec.kind != "address":
            continue
        value = form.get(spec.name)
        if value.source in CARD_SOURCES and value.value:
            found[spec.name] = from_card(value.value)
        elif spec.name in before and value.source == Source.TYPED:
            found[spec.name] = before[spec.name]
    data.addresses = found


def confirm_all(data: VisitData) -> None:
    """The citizen went on from the form, where each converted address was shown beside
    the card's ("Trên thẻ" / "Hiện nay") with "Chọn lại" to change it: the form now
    carries today's address (a card already in today's units stays as read)."""
    for name, address in list(data.addresses.items()):
        if data.form is None or address.place is None or address.confirmed:
            continue
        data.addresses[name] = address.confirm()
        data.form = data.form.settled(name, address.text(), data.form.get(name).source)


def pick(data: VisitData, name: str, ward_code: str, street: str) -> bool:
    """The citizen picked a ward (and street) for ``name``; False for an unknown ward."""
    place = place_of(ward_code)
    if data.form is None or place is None:
        return False
    data.form.spec(name)
    address = data.addresses.get(name)
    chosen = address.pick(place, street) if address is not None else typed(street, place)
    data.addresses[name] = chosen
    data.form = data.form.settled(name, chosen.text(), Source.TYPED)
    return True


def problems(form: Form, data: VisitData) -> list[FieldProblem]:
    """Address fields not yet in today's units (a split ward, an unknown place): to pick."""
    found = []
    for spec in form.specs:
        if spec.kind != "address" or not form.get(spec.name).value:
            continue
        address = data.addresses.get(spec.name)
        if address is None or address.place is None or address.status == UNKNOWN:
            found.append(FieldProblem(spec.name, "address_pick"))
    return found


def competent_address(data: VisitData) -> CurrentAddress | None:
    """The address that locates the competent unit for the visit's procedure."""
    procedure = data.procedure
    if procedure is None:
        return None
    if procedure.competent_field is not None:
        return data.addresses.get(procedure.competent_field)
    for spec in procedure.fields:
        if spec.from_chip == "place_of_residence" and spec.name in data.addresses:
            return data.addresses[spec.name]
    text = card_residence(data)
    return from_card(text) if text else None


def verdict(data: VisitData, area: CenterArea) -> Verdict | None:
    """Whether this center may accept the visit's procedure (None without a procedure)."""
    if data.procedure is None:
        return None
    return decide(data.procedure, area, competent_address(data))
