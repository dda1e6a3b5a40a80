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

Events and effects are defined in :mod:`kiosk.core.visit.events`; the stages and the visit's
data in :mod:`kiosk.core.visit.state`; what each event does to the data in
:mod:`kiosk.core.visit.apply`.

Idle rule: after :data:`IDLE_S` seconds without a touch, a visible
:data:`COUNTDOWN_S` second countdown starts; when it ends the visit is wiped. Once the
tactile keypad is used (:class:`KeypadUsed`) the visit gets :attr:`Visit.keypad_idle_s`
and :attr:`Visit.keypad_countdown_s` instead (``[keypad]`` in the configuration).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.core.competence import CenterArea
from kiosk.core.forms import build_form
from kiosk.core.procedures import QUEUE_CODE, Catalog
from kiosk.core.visit import documents, places
from kiosk.core.visit.apply import APPLY, keep
from kiosk.core.visit.events import (
    Activity,
    AddressPicked,
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
    FaceUnreadable,
    FieldEdited,
    FormConfirmed,
    IdentityReady,
    KeypadUsed,
    LanguageChosen,
    LanguageSwitched,
    ManualIdEntered,
    PrinterNotReady,
    ProcedureChosen,
    QrDecoded,
    QrRejected,
    RatingGiven,
    RatingSkipped,
    ReadFailed,
    Restart,
    StartCardRead,
    Submit,
    SubmitFailed,
    SubmitPressed,
    Submitted,
    Tick,
    TicketPrinted,
    Touched,
    Wiped,
)
from kiosk.core.visit.state import CAMERA_STAGES, Stage, VisitData, VisitError

log = logging.getLogger(__name__)

__all__ = ["CAMERA_STAGES", "COUNTDOWN_S", "DONE_WIPE_S", "GLOBAL_EVENTS", "IDLE_S",
           "KEYPAD_COUNTDOWN_S", "KEYPAD_IDLE_S", "TRANSITIONS", "Stage", "Visit", "VisitData",
           "VisitError"]

IDLE_S = 45.0
COUNTDOWN_S = 10.0
KEYPAD_IDLE_S = 120.0  # defaults of [keypad] idle_s and countdown_s
KEYPAD_COUNTDOWN_S = 30.0
DONE_WIPE_S = 8.0  # the thank-you screen wipes itself after this long

# --- routing (pure functions of the visit) ------------------------------------------

Route = Stage | Callable[["Visit", Event], Stage]


def _after_identified(visit: Visit, _event: Event) -> Stage:
    data = visit.data
    if data.procedure is None:
        return Stage.CHOOSE_PROCEDURE
    if not data.procedure.needs_identity:
        return Stage.SUBMITTING
    # Before the citizen fills anything: may this center take the file at all?
    _build_form(visit)
    data.verdict = places.verdict(data, visit.area)
    data.checked_on_form = False
    if data.verdict is not None and not data.verdict.accepted:
        return Stage.ELSEWHERE
    return Stage.FORM


def _build_form(visit: Visit) -> None:
    data = visit.data
    if data.form is None and data.procedure is not None:
        data.form = build_form(data.procedure, data.identity or data.qr_identity,
                               typed_id=data.typed_id)
        places.settle(data)


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
    return _after_identified(visit, event) if has_identity else Stage.IDENTIFY


def _on_manual_id(visit: Visit, event: Event) -> Stage:
    if visit.data.typed_id is None or visit.data.notice == "id_invalid":
        return Stage.IDENTIFY
    if visit.data.card_on_reader:
        return Stage.READING_CARD  # the typed ID's CAN opens the chip on the reader
    return _after_identified(visit, event)


def _on_removed(visit: Visit, event: Event) -> Stage:
    return Stage.CARD_PULLED


def _on_confirm(visit: Visit, event: Event) -> Stage:
    if visit.data.problems:
        return Stage.FORM
    verdict = visit.data.verdict
    if verdict is not None and not verdict.accepted:
        return Stage.ELSEWHERE
    procedure = visit.data.procedure
    if visit.capture_documents and procedure is not None and procedure.documents:
        return Stage.DOCUMENTS
    return Stage.REVIEW


def _documents_done(visit: Visit, event: Event) -> Stage:
    if documents.all_done(visit.data.documents):
        return Stage.REVIEW
    visit.data.notice = "documents_missing"
    return Stage.DOCUMENTS


def _back_from_review(visit: Visit, event: Event) -> Stage:
    return Stage.DOCUMENTS if visit.data.documents else Stage.FORM


def _back_from_elsewhere(visit: Visit, event: Event) -> Stage:
    # Sent here by the form's address: back to change it; else to choose another procedure.
    return Stage.FORM if visit.data.checked_on_form else Stage.CHOOSE_PROCEDURE


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
    Stage.ELSEWHERE: {Back: _back_from_elsewhere, Continue: Stage.SUBMITTING},
    Stage.FORM: {FieldEdited: Stage.FORM, AddressPicked: Stage.FORM, FormConfirmed: _on_confirm,
                 Back: Stage.CHOOSE_PROCEDURE, CardTapped: _on_card_late},
    Stage.DOCUMENTS: {documents.PageTaken: Stage.DOCUMENTS, documents.TakePage: Stage.DOCUMENTS,
                      documents.PageDeleted: Stage.DOCUMENTS,
                      documents.DocumentSelected: Stage.DOCUMENTS,
                      documents.OriginalChosen: Stage.DOCUMENTS,
                      documents.BlackWhiteToggled: Stage.DOCUMENTS, Continue: _documents_done,
                      Back: Stage.FORM},
    Stage.REVIEW: {ConsentGiven: Stage.REVIEW, SubmitPressed: _on_submit,
                   Back: _back_from_review, CardTapped: _on_card_late},
    Stage.SUBMITTING: {Submitted: Stage.TICKET, SubmitFailed: Stage.COUNTER},
    Stage.TICKET: {TicketPrinted: Stage.TICKET, PrinterNotReady: Stage.TICKET,
                   Continue: Stage.RATING},
    Stage.RATING: {RatingGiven: Stage.DONE, RatingSkipped: Stage.DONE},
    Stage.DONE: {},
    Stage.COUNTER: {Continue: Stage.SUBMITTING},
}

# A card found to be a copy is routed to a counter from any screen before submitting.
for _stage in (Stage.LANGUAGE, Stage.CHOOSE_PROCEDURE, Stage.IDENTIFY, Stage.READING_CARD,
               Stage.CARD_PULLED, Stage.FORM, Stage.DOCUMENTS, Stage.REVIEW):
    TRANSITIONS[_stage][AuthenticityFailed] = Stage.COUNTER

# Accepted on every screen; they change data (or wipe) but not the stage.
GLOBAL_EVENTS: tuple[type[Event], ...] = (LanguageSwitched, Restart, Tick, FaceReady,
                                          FaceUnreadable, CardRemoved, CardTapped, Activity,
                                          QrRejected, KeypadUsed)


class Visit:
    """One kiosk's current visit: stage, data, language and idle clock."""

    def __init__(self, catalog: Catalog, now: float = 0.0,
                 area: CenterArea | None = None, capture_documents: bool = False) -> None:
        self.catalog = catalog
        self.area = area or CenterArea()  # where this center stands (competence)
        # the kiosk has a document camera: the documents step follows the form
        self.capture_documents = capture_documents
        self.stage = Stage.ATTRACT
        self.data = VisitData()
        self.language = "vi"
        self.touches = 0  # accepted citizen touches since the visit began
        self.last_activity = now
        self._countdown_shown = 0
        self.keypad_idle_s = KEYPAD_IDLE_S
        self.keypad_countdown_s = KEYPAD_COUNTDOWN_S

    def __repr__(self) -> str:
        return f"Visit(stage={self.stage}, language={self.language}, {self.data!r})"

    def countdown(self, now: float) -> int:
        """Seconds left on the idle countdown, or 0 when none is showing."""
        if self.stage == Stage.ATTRACT:
            return 0
        idle, countdown = self.idle_limits()
        limit = DONE_WIPE_S if self.stage == Stage.DONE else idle + countdown
        left = limit - (now - self.last_activity)
        if self.stage == Stage.DONE or left > countdown:
            return 0
        return max(0, int(left + 0.999))

    def idle_limits(self) -> tuple[float, float]:
        """Seconds of quiet before the countdown, and the countdown's length."""
        if self.data.keypad:
            return self.keypad_idle_s, self.keypad_countdown_s
        return IDLE_S, COUNTDOWN_S

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
        if event.touch or not isinstance(event, (CardRemoved, FaceReady, FaceUnreadable)):
            self.last_activity = now
        if event.touch and not isinstance(event, (Activity, KeypadUsed)):
            self.touches += 1
        if isinstance(event, Restart):
            return effects + self.wipe(now)
        if isinstance(event, KeypadUsed):
            self.data.keypad = True
            return effects
        self.data.notice = ""
        handler = APPLY.get(type(event)) or documents.APPLY_DOCUMENTS.get(type(event), keep)
        effects += handler(self, event)
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
        if (before == Stage.DOCUMENTS) != (target == Stage.DOCUMENTS):
            effects.append(documents.DocumentCamera(on=target == Stage.DOCUMENTS))
        if target == before:
            return effects
        log.info("visit stage", extra={"fields": {"from": str(before), "to": str(target)}})
        data = self.data
        if target == Stage.READING_CARD and data.qr_identity is not None:
            effects.append(StartCardRead(qr=data.qr_identity))
        elif target == Stage.READING_CARD and data.typed_id:
            effects.append(StartCardRead(typed_id=data.typed_id))
        elif target == Stage.FORM:
            _build_form(self)
        elif target == Stage.SUBMITTING:
            effects.append(self._submit_effect())
        elif target == Stage.DOCUMENTS and not data.documents and data.procedure is not None:
            data.documents = documents.slots_for(data.procedure, data.identity_source)
            data.document_index = next((i for i, slot in enumerate(data.documents)
                                        if slot.status == "missing"), 0)
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
        addresses = {name: a.as_record() for name, a in data.addresses.items()}
        competent = data.verdict.as_record() if data.verdict is not None else None
        return Submit(procedure.code, procedure.queue_service, citizen, form, sources,
                      self.language, addresses, competent,
                      documents.submitted_documents(data.documents))

    def _tick(self, now: float) -> list[Effect]:
        if self.stage == Stage.ATTRACT:
            return []
        idle = now - self.last_activity
        limit = DONE_WIPE_S if self.stage == Stage.DONE else sum(self.idle_limits())
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
        if self.stage == Stage.DOCUMENTS:
            effects.append(documents.DocumentCamera(on=False))
        self.data = VisitData()
        self.stage = Stage.ATTRACT
        self.language = "vi"
        self.touches = 0
        self.last_activity = now
        self._countdown_shown = 0
        return [*effects, Wiped()]
