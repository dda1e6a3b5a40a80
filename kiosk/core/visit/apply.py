"""What each event does to a visit's data (the stage it leads to: :mod:`kiosk.core.visit.machine`).

Each handler takes the visit and the event, changes ``visit.data`` (or the language)
and returns the effects the app must carry out; :data:`APPLY` maps event types to them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.core.forms import build_form, keep_typed, validate
from kiosk.core.visit import places
from kiosk.core.visit.documents import DropPages
from kiosk.core.visit.events import (
    AddressPicked,
    AlertTechnician,
    AuthenticityFailed,
    Back,
    CardRemoved,
    CardTapped,
    ConsentGiven,
    Continue,
    Effect,
    Event,
    FaceReady,
    FaceUnreadable,
    FieldEdited,
    FormConfirmed,
    IdentityReady,
    LanguageChosen,
    LanguageSwitched,
    ManualIdEntered,
    PrinterNotReady,
    PrintTicket,
    ProcedureChosen,
    QrDecoded,
    QrRejected,
    RatingGiven,
    ReadFailed,
    StoreRating,
    SubmitFailed,
    SubmitPressed,
    Submitted,
    TicketPrinted,
)
from kiosk.core.visit.state import Stage, VisitData, VisitError

if TYPE_CHECKING:
    from kiosk.core.visit.machine import Visit


def keep(visit: Visit, event: Event) -> list[Effect]:
    """What an event with nothing to change does: nothing."""
    return []


def _language(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, LanguageChosen | LanguageSwitched)
    if event.language not in ("vi", "en"):
        raise VisitError(f"The kiosk has no language {event.language!r}.")
    visit.language = event.language
    return []


def _procedure(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, ProcedureChosen)
    visit.data.procedure = visit.catalog.get(event.code)
    visit.data.form = None
    # another procedure asks for other papers: the pages taken for this one go
    pages = tuple(p for slot in visit.data.documents for p in slot.pages)
    visit.data.documents, visit.data.document_index = [], 0
    return [DropPages(pages)] if pages else []


def _card_tapped(visit: Visit, event: Event) -> list[Effect]:
    # Where the stage does not accept a card (e.g. the form), this is all that changes.
    visit.data.card_on_reader = True
    return []


def _card_removed(visit: Visit, event: Event) -> list[Effect]:
    visit.data.card_on_reader = False
    if (visit.data.identity is not None and visit.data.face is None
            and not visit.data.face_unreadable):
        # The visit continues with what was already read: no photo.
        visit.data.card_removed_after_identity = True
        visit.data.notice = "card_removed_kept"
    return []


def _refill(visit: Visit) -> None:
    """A new identity arrived: the form (if any) is filled again from it, keeping what
    the citizen typed where the new identity gives nothing; consent is asked again."""
    data = visit.data
    if data.form is None or data.procedure is None:
        data.form = None
        return
    fresh = build_form(data.procedure, data.identity or data.qr_identity,
                       typed_id=data.typed_id)
    data.form = keep_typed(fresh, data.form)
    places.settle(data, data.addresses)
    data.problems = ()
    data.consent = False


def _identity(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, IdentityReady)
    if event.genuine:
        visit.data.identity = event.identity
        _refill(visit)
        return []
    return _not_genuine(visit, event)


def _not_genuine(visit: Visit, event: Event) -> list[Effect]:
    # Shown honestly and routed to a counter; nothing read from this card is kept.
    visit.data = VisitData(procedure=visit.data.procedure, notice="authenticity_failed")
    return []


def _face(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, FaceReady)
    if visit.data.identity is not None:
        visit.data.face = event.face
    return []


def _face_unreadable(visit: Visit, event: Event) -> list[Effect]:
    # The identity stays; the face is marked unreadable (staff compare with the card).
    if visit.data.identity is not None:
        visit.data.face_unreadable = True
    return []


# Read failures the citizen can act on, worded by their own notice (the reason is the
# error's type name): a typed ID that does not open the card, a card that needs its QR.
READ_FAILURE_NOTICES = {"CanRefusedError": "can_refused", "CanNotEnoughError": "needs_qr"}


def _read_failed(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, ReadFailed)
    visit.data.notice = f"read_failed:{READ_FAILURE_NOTICES.get(event.reason, event.reason)}"
    return []


def _qr(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, QrDecoded)
    visit.data.qr_identity = event.identity
    _refill(visit)
    return []


def _qr_rejected(visit: Visit, event: Event) -> list[Effect]:
    # Never ignored silently: the citizen is told the code is not their card's QR.
    visit.data.notice = "qr_not_cccd"
    return []


def _manual_id(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, ManualIdEntered)
    if re.fullmatch(r"\d{12}", event.id_number.strip()):
        visit.data.typed_id = event.id_number.strip()
        _refill(visit)
    else:
        visit.data.notice = "id_invalid"
    return []


def _field(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, FieldEdited)
    if visit.data.form is not None:
        before = visit.data.form
        visit.data.form = before.edited(event.name, event.value)
        if visit.data.form is not before:  # typed over: today's units must be picked again
            visit.data.addresses.pop(event.name, None)
        visit.data.problems = tuple(p for p in visit.data.problems if p != event.name)
    return []


def _address_picked(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, AddressPicked)
    if places.pick(visit.data, event.name, event.ward_code, event.street):
        visit.data.problems = tuple(p for p in visit.data.problems if p != event.name)
    else:
        visit.data.notice = "address_unknown"
    return []


def _confirm(visit: Visit, event: Event) -> list[Effect]:
    form = visit.data.form
    problems = validate(form) if form is not None else []
    if form is not None:
        seen = {p.name for p in problems}
        problems += [p for p in places.problems(form, visit.data) if p.name not in seen]
    visit.data.problems = tuple(p.name for p in problems)
    if problems:
        visit.data.notice = "form_invalid"
    else:
        places.confirm_all(visit.data)
        visit.data.verdict = places.verdict(visit.data, visit.area)
        visit.data.checked_on_form = True
    return []


def _consent(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, ConsentGiven)
    visit.data.consent = event.given
    return []


def _submit_pressed(visit: Visit, event: Event) -> list[Effect]:
    if not visit.data.consent:
        visit.data.notice = "consent_needed"
    return []


def _submitted(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, Submitted)
    visit.data.submission_code = event.submission_code
    visit.data.ticket = event.ticket
    visit.data.too_large = event.too_large
    return [PrintTicket(event.ticket, event.submission_code)]


def _submit_failed(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, SubmitFailed)
    visit.data.notice = "submit_failed"
    return [AlertTechnician(f"outbox:{event.reason}")]


def _printed(visit: Visit, event: Event) -> list[Effect]:
    visit.data.ticket_printed = True
    visit.data.print_fallback = False
    return []


def _printer_not_ready(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, PrinterNotReady)
    visit.data.print_fallback = True
    return [AlertTechnician(f"printer:{event.reason}")]


def _continue(visit: Visit, event: Event) -> list[Effect]:
    if visit.stage in (Stage.COUNTER, Stage.ELSEWHERE):
        # A card that failed its checks (or a file this center cannot take) sends nothing
        # about the citizen: a plain queue number for a counter, where staff can help.
        visit.data = VisitData(counter_only=True)
    return []


def _rating(visit: Visit, event: Event) -> list[Effect]:
    assert isinstance(event, RatingGiven)
    if not 1 <= event.stars <= 5:
        raise VisitError("A rating must be one to five stars.")
    visit.data.rating = event.stars
    number = visit.data.ticket.number if visit.data.ticket else None
    return [StoreRating(event.stars, event.reasons, number)]


def _back(visit: Visit, event: Event) -> list[Effect]:
    if visit.stage == Stage.FORM:
        visit.data.form = None
        visit.data.addresses = {}
        visit.data.problems = ()
    if visit.stage == Stage.CHOOSE_PROCEDURE:
        visit.data.procedure = None
    return []


APPLY: dict[type[Event], Callable[[Visit, Event], list[Effect]]] = {
    LanguageChosen: _language, LanguageSwitched: _language, ProcedureChosen: _procedure,
    CardTapped: _card_tapped, CardRemoved: _card_removed, IdentityReady: _identity,
    FaceReady: _face, FaceUnreadable: _face_unreadable, AuthenticityFailed: _not_genuine,
    ReadFailed: _read_failed,
    QrDecoded: _qr, QrRejected: _qr_rejected, ManualIdEntered: _manual_id,
    FieldEdited: _field, FormConfirmed: _confirm, AddressPicked: _address_picked,
    ConsentGiven: _consent,
    SubmitPressed: _submit_pressed, Submitted: _submitted, SubmitFailed: _submit_failed,
    TicketPrinted: _printed, PrinterNotReady: _printer_not_ready, Continue: _continue,
    RatingGiven: _rating, Back: _back,
}
