"""A citizen's visit to the kiosk as a pure state machine (no Qt, no devices, no text).

The app feeds :class:`Visit` events — what the citizen touched, what a device reported,
the time passing — and carries out the effects it returns (start a chip read, submit
to the outbox, print, alert a technician, show the idle countdown). Screens show
``visit.stage`` and ``visit.data``; notices are codes the screens translate.

Navigation is data: :data:`TRANSITIONS` maps each stage to the events it accepts and
where each leads — a stage, or a pure function of the visit choosing one (the style of
Electrum's wizard). Events a stage does not accept are ignored, so a stale or double
tap never breaks a visit. :data:`GLOBAL_EVENTS` are accepted on every screen.

The chip needs an access key, and the key comes from the QR printed on the card or
from the ID number the citizen types (its last six digits are the card access number,
CAN, for PACE): a card tapped before either waits in ``identify`` for the camera to see
the QR (a card laid face up under the camera needs no touch for that) or for the
typed number. A card laid after the number was typed (on the procedure list or the
form) is read with it too; what the citizen already typed in the form stays where the
chip gives nothing. A typed ID gives no BAC key (that needs the date of birth and the
card's dates): a card that only takes BAC, or refuses the CAN, sends the citizen back
to ``identify`` with a notice saying so (``read_failed:needs_qr``,
``read_failed:can_refused``); the typed number is kept for correcting.

Events and effects are defined in :mod:`kiosk.visit_events`.

Idle rule: after :data:`IDLE_S` seconds without a touch, a visible
:data:`COUNTDOWN_S` second countdown starts; when it ends the visit is wiped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.errors import KioskError
from kiosk.forms import Form, build_form, keep_typed, validate
from kiosk.models import FaceImage, Identity, QrIdentity
from kiosk.procedures import QUEUE_CODE, Catalog, Procedure
from kiosk.visit_events import (
    Activity,
    AlertTechnician,
    AuthenticityFailed,
    Back,
    Camera,
    CardRemoved,
    CardTapped,
    ConsentGiven,
    Continue,
    Countdown,
    Effect,
    Event,
    FaceReady,
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
    RatingGiven,
    RatingSkipped,
    ReadFailed,
    Restart,
    StartCardRead,
    StoreRating,
    Submit,
    SubmitFailed,
    SubmitPressed,
    Submitted,
    Tick,
    TicketInfo,
    TicketPrinted,
    Touched,
    Wiped,
)

log = logging.getLogger(__name__)

IDLE_S = 45.0
COUNTDOWN_S = 10.0
DONE_WIPE_S = 8.0  # the thank-you screen wipes itself after this long


class VisitError(KioskError):
    """An event carried a value no screen can produce (e.g. six stars)."""


class Stage(StrEnum):
    """The screens of a visit, in the order a citizen meets them."""

    ATTRACT = "attract"
    LANGUAGE = "language"
    CHOOSE_PROCEDURE = "choose_procedure"
    IDENTIFY = "identify"
    READING_CARD = "reading_card"
    CARD_PULLED = "card_pulled"
    FORM = "form"
    REVIEW = "review"
    SUBMITTING = "submitting"
    TICKET = "ticket"
    RATING = "rating"
    DONE = "done"
    COUNTER = "counter"  # the card failed authenticity (or the outbox failed): see staff


CAMERA_STAGES = frozenset({Stage.ATTRACT, Stage.LANGUAGE, Stage.CHOOSE_PROCEDURE,
                           Stage.IDENTIFY, Stage.CARD_PULLED})


# --- the visit's data ---------------------------------------------------------------


@dataclass
class VisitData:
    """What the visit has gathered. Personal: never log it (``repr`` is masked)."""

    procedure: Procedure | None = None
    identity: Identity | None = None
    qr_identity: QrIdentity | None = None
    typed_id: str | None = None
    face: FaceImage | None = None
    card_on_reader: bool = False
    card_removed_after_identity: bool = False
    form: Form | None = None
    problems: tuple[str, ...] = ()  # names of form fields with a problem
    consent: bool = False
    submission_code: str | None = None
    ticket: TicketInfo | None = None
    ticket_printed: bool = False
    print_fallback: bool = False  # the on-screen ticket stands in for the printed one
    rating: int | None = None
    counter_only: bool = False  # only a queue number for a counter, nothing personal sent
    notice: str = ""  # a code the screen translates, e.g. "consent_needed"

    def __repr__(self) -> str:
        return (f"VisitData(procedure={self.procedure.code if self.procedure else None}, "
                f"source={self.identity_source or None}, <masked>)")

    @property
    def identity_source(self) -> str:
        """"chip", "qr", "typed" or "" — how the citizen was identified."""
        if self.identity is not None:
            return "chip"
        if self.qr_identity is not None:
            return "qr"
        return "typed" if self.typed_id else ""


# --- routing (pure functions of the visit) ------------------------------------------

Route = Stage | Callable[["Visit", Event], Stage]


def _after_identified(visit: Visit, _event: Event) -> Stage:
    if visit.data.procedure is None:
        return Stage.CHOOSE_PROCEDURE
    return Stage.FORM if visit.data.procedure.needs_identity else Stage.SUBMITTING


def _on_card(visit: Visit, event: Event) -> Stage:
    if visit.data.qr_identity is not None or visit.data.typed_id:
        return Stage.READING_CARD
    return Stage.IDENTIFY  # the screen asks for the QR on the card's front (or the ID)


def _on_card_late(visit: Visit, event: Event) -> Stage:
    # On the form (or review) of a typed ID: the card laid now is opened with its CAN.
    data = visit.data
    if data.identity is None and data.qr_identity is None and data.typed_id:
        return Stage.READING_CARD
    return visit.stage


def _on_qr(visit: Visit, event: Event) -> Stage:
    return Stage.READING_CARD if visit.data.card_on_reader else _after_identified(visit, event)


def _on_identity(visit: Visit, event: Event) -> Stage:
    assert isinstance(event, IdentityReady)
    return _after_identified(visit, event) if event.genuine else Stage.COUNTER


def _on_procedure(visit: Visit, event: Event) -> Stage:
    if visit.data.procedure is None:
        return visit.stage
    if not visit.data.procedure.needs_identity:
        return Stage.SUBMITTING
    has_identity = visit.data.identity_source != ""
    return Stage.FORM if has_identity else Stage.IDENTIFY


def _on_manual_id(visit: Visit, event: Event) -> Stage:
    if visit.data.typed_id is None or visit.data.notice == "id_invalid":
        return Stage.IDENTIFY
    if visit.data.card_on_reader:
        return Stage.READING_CARD  # the typed ID's CAN opens the chip on the reader
    return _after_identified(visit, event)


def _on_removed(visit: Visit, event: Event) -> Stage:
    return Stage.CARD_PULLED


def _on_confirm(visit: Visit, event: Event) -> Stage:
    return Stage.FORM if visit.data.problems else Stage.REVIEW


def _on_submit(visit: Visit, event: Event) -> Stage:
    return Stage.SUBMITTING if visit.data.consent else Stage.REVIEW


TRANSITIONS: dict[Stage, dict[type[Event], Route]] = {
    Stage.ATTRACT: {Touched: Stage.LANGUAGE, CardTapped: _on_card, QrDecoded: _on_qr},
    Stage.LANGUAGE: {LanguageChosen: Stage.CHOOSE_PROCEDURE, CardTapped: _on_card,
                     QrDecoded: _on_qr, Back: Stage.ATTRACT},
    Stage.CHOOSE_PROCEDURE: {ProcedureChosen: _on_procedure, CardTapped: _on_card,
                             QrDecoded: _on_qr, Back: Stage.LANGUAGE},
    Stage.IDENTIFY: {CardTapped: _on_card, QrDecoded: _on_qr, ManualIdEntered: _on_manual_id,
                     Back: Stage.CHOOSE_PROCEDURE},
    Stage.READING_CARD: {IdentityReady: _on_identity, CardRemoved: _on_removed,
                         ReadFailed: Stage.IDENTIFY},
    # Continue: with what was already read (the QR's identity), without the chip.
    Stage.CARD_PULLED: {CardTapped: Stage.READING_CARD, Back: Stage.IDENTIFY,
                        Continue: _after_identified},
    Stage.FORM: {FieldEdited: Stage.FORM, FormConfirmed: _on_confirm,
                 Back: Stage.CHOOSE_PROCEDURE, CardTapped: _on_card_late},
    Stage.REVIEW: {ConsentGiven: Stage.REVIEW, SubmitPressed: _on_submit, Back: Stage.FORM,
                   CardTapped: _on_card_late},
    Stage.SUBMITTING: {Submitted: Stage.TICKET, SubmitFailed: Stage.COUNTER},
    Stage.TICKET: {TicketPrinted: Stage.TICKET, PrinterNotReady: Stage.TICKET,
                   Continue: Stage.RATING},
    Stage.RATING: {RatingGiven: Stage.DONE, RatingSkipped: Stage.DONE},
    Stage.DONE: {},
    Stage.COUNTER: {Continue: Stage.SUBMITTING},
}

# A card found to be a copy is routed to a counter from any screen before submitting.
for _stage in (Stage.LANGUAGE, Stage.CHOOSE_PROCEDURE, Stage.IDENTIFY, Stage.READING_CARD,
               Stage.CARD_PULLED, Stage.FORM, Stage.REVIEW):
    TRANSITIONS[_stage][AuthenticityFailed] = Stage.COUNTER

# Accepted on every screen; they change data (or wipe) but not the stage.
GLOBAL_EVENTS: tuple[type[Event], ...] = (LanguageSwitched, Restart, Tick, FaceReady,
                                          CardRemoved, CardTapped, Activity)


class Visit:
    """One kiosk's current visit: stage, data, language and idle clock."""

    def __init__(self, catalog: Catalog, now: float = 0.0) -> None:
        self.catalog = catalog
        self.stage = Stage.ATTRACT
        self.data = VisitData()
        self.language = "vi"
        self.touches = 0  # accepted citizen touches since the visit began
        self.last_activity = now
        self._countdown_shown = 0

    def __repr__(self) -> str:
        return f"Visit(stage={self.stage}, language={self.language}, {self.data!r})"

    def countdown(self, now: float) -> int:
        """Seconds left on the idle countdown, or 0 when none is showing."""
        if self.stage == Stage.ATTRACT:
            return 0
        limit = DONE_WIPE_S if self.stage == Stage.DONE else IDLE_S + COUNTDOWN_S
        left = limit - (now - self.last_activity)
        if self.stage == Stage.DONE or left > COUNTDOWN_S:
            return 0
        return max(0, int(left + 0.999))

    def handle(self, event: Event, now: float) -> list[Effect]:
        """Apply ``event`` at time ``now`` (monotonic seconds); return the effects to run."""
        if isinstance(event, Tick):
            return self._tick(now)
        route = TRANSITIONS[self.stage].get(type(event))
        if route is None and not isinstance(event, GLOBAL_EVENTS):
            log.debug("ignored event", extra={"fields": {"stage": str(self.stage),
                                                         "event": type(event).__name__}})
            return []
        effects: list[Effect] = []
        if self._countdown_shown and (event.touch or isinstance(event, CardTapped)):
            self._countdown_shown = 0
            effects.append(Countdown(0))
        if event.touch or not isinstance(event, (CardRemoved, FaceReady)):
            self.last_activity = now
        if event.touch and not isinstance(event, Activity):
            self.touches += 1
        if isinstance(event, Restart):
            return effects + self.wipe(now)
        self.data.notice = ""
        effects += _APPLY.get(type(event), _keep)(self, event)
        if route is not None:
            target = route if isinstance(route, Stage) else route(self, event)
            effects += self._enter(target)
        return effects

    def _enter(self, target: Stage) -> list[Effect]:
        effects: list[Effect] = []
        before = self.stage
        self.stage = target
        if (before in CAMERA_STAGES) != (target in CAMERA_STAGES):
            effects.append(Camera(on=target in CAMERA_STAGES))
        if target == before:
            return effects
        log.info("visit stage", extra={"fields": {"from": str(before), "to": str(target)}})
        data = self.data
        if target == Stage.READING_CARD and data.qr_identity is not None:
            effects.append(StartCardRead(qr=data.qr_identity))
        elif target == Stage.READING_CARD and data.typed_id:
            effects.append(StartCardRead(typed_id=data.typed_id))
        elif target == Stage.FORM and data.form is None and data.procedure is not None:
            data.form = build_form(data.procedure, data.identity or data.qr_identity,
                                   typed_id=data.typed_id)
        elif target == Stage.SUBMITTING:
            effects.append(self._submit_effect())
        return effects

    def _submit_effect(self) -> Submit:
        data = self.data
        if data.counter_only or data.procedure is None:
            queue = self.catalog.get(QUEUE_CODE)
            return Submit(queue.code, queue.queue_service, {}, {}, {}, self.language)
        procedure = data.procedure
        citizen: dict[str, str] = {}
        form: dict[str, str] = {}
        sources: dict[str, str] = {}
        if procedure.needs_identity and data.form is not None:
            form, sources = data.form.payload(), data.form.sources()
            citizen = {"id_number": form.get("id_number", ""),
                       "full_name": form.get("full_name", ""),
                       "identified_by": data.identity_source}
        return Submit(procedure.code, procedure.queue_service, citizen, form, sources,
                      self.language)

    def _tick(self, now: float) -> list[Effect]:
        if self.stage == Stage.ATTRACT:
            return []
        idle = now - self.last_activity
        limit = DONE_WIPE_S if self.stage == Stage.DONE else IDLE_S + COUNTDOWN_S
        if idle >= limit:
            log.info("visit wiped after idle", extra={"fields": {"stage": str(self.stage)}})
            return self.wipe(now)
        left = self.countdown(now)
        if left and left != self._countdown_shown:
            self._countdown_shown = left
            return [Countdown(left)]
        return []

    def wipe(self, now: float = 0.0) -> list[Effect]:
        """Drop every personal field and return to the attract screen."""
        effects: list[Effect] = []
        if self._countdown_shown:
            effects.append(Countdown(0))
        if self.stage not in CAMERA_STAGES:
            effects.append(Camera(on=True))
        self.data = VisitData()
        self.stage = Stage.ATTRACT
        self.language = "vi"
        self.touches = 0
        self.last_activity = now
        self._countdown_shown = 0
        return [*effects, Wiped()]


# --- what each event does to the data -----------------------------------------------


def _keep(visit: Visit, event: Event) -> list[Effect]:
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
    return []


def _card_tapped(visit: Visit, event: Event) -> list[Effect]:
    # Where the stage does not accept a card (e.g. the form), this is all that changes.
    visit.data.card_on_reader = True
    return []


def _card_removed(visit: Visit, event: Event) -> list[Effect]:
    visit.data.card_on_reader = False
    if visit.data.identity is not None and visit.data.face is None:
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
        visit.data.form = visit.data.form.edited(event.name, event.value)
        visit.data.problems = tuple(p for p in visit.data.problems if p != event.name)
    return []


def _confirm(visit: Visit, event: Event) -> list[Effect]:
    form = visit.data.form
    problems = validate(form) if form is not None else []
    visit.data.problems = tuple(p.name for p in problems)
    if problems:
        visit.data.notice = "form_invalid"
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
    if visit.stage == Stage.COUNTER:
        # A card that failed its checks sends nothing about the citizen: a plain queue
        # number for a counter, where staff look at the card itself.
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
        visit.data.problems = ()
    if visit.stage == Stage.CHOOSE_PROCEDURE:
        visit.data.procedure = None
    return []


_APPLY: dict[type[Event], Callable[[Visit, Event], list[Effect]]] = {
    LanguageChosen: _language, LanguageSwitched: _language, ProcedureChosen: _procedure,
    CardTapped: _card_tapped, CardRemoved: _card_removed, IdentityReady: _identity,
    FaceReady: _face, AuthenticityFailed: _not_genuine, ReadFailed: _read_failed,
    QrDecoded: _qr, ManualIdEntered: _manual_id,
    FieldEdited: _field, FormConfirmed: _confirm, ConsentGiven: _consent,
    SubmitPressed: _submit_pressed, Submitted: _submitted, SubmitFailed: _submit_failed,
    TicketPrinted: _printed, PrinterNotReady: _printer_not_ready, Continue: _continue,
    RatingGiven: _rating, Back: _back,
}
