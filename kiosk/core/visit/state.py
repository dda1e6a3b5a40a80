"""The screens of a visit and what a visit has gathered (see :mod:`kiosk.core.visit.machine`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.core.addresses.current import CurrentAddress
from kiosk.core.competence import Verdict
from kiosk.core.errors import KioskError
from kiosk.core.forms import Form
from kiosk.core.models import FaceImage, Identity, QrIdentity
from kiosk.core.procedures import Procedure
from kiosk.core.visit.events import TicketInfo


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
    ELSEWHERE = "elsewhere"  # this center cannot accept the procedure for this citizen
    FORM = "form"
    REVIEW = "review"
    SUBMITTING = "submitting"
    TICKET = "ticket"
    RATING = "rating"
    DONE = "done"
    COUNTER = "counter"  # the card failed authenticity (or the outbox failed): see staff
    DOCUMENTS = "documents"  # the papers, captured at the document camera (if the kiosk has one)


CAMERA_STAGES = frozenset({Stage.ATTRACT, Stage.LANGUAGE, Stage.CHOOSE_PROCEDURE,
                           Stage.IDENTIFY, Stage.CARD_PULLED})


# --- the visit's data ---------------------------------------------------------------


@dataclass
class DocumentSlot:
    """One paper the procedure asks for, as the documents step gathers it.

    ``pages`` are page ids: the pictures themselves stay in the app (personal, in memory).
    """

    name_vi: str
    name_en: str
    optional: bool = False  # "(nếu có)": only when the citizen has it
    chip: bool = False  # the ID card itself: the chip's card data sheet stands for it
    original: bool = False  # the citizen brings the original to the counter
    black_white: bool = False  # a text paper: black and white pages (small, crisp)
    pages: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """"attached", "original", "chip", "none" (optional, not given) or "missing"."""
        if self.pages:
            return "attached"
        if self.original:
            return "original"
        if self.chip:
            return "chip"
        return "none" if self.optional else "missing"


@dataclass
class VisitData:
    """What the visit has gathered. Personal: never log it (``repr`` is masked)."""

    procedure: Procedure | None = None
    identity: Identity | None = None
    qr_identity: QrIdentity | None = None
    typed_id: str | None = None
    face: FaceImage | None = None
    face_unreadable: bool = False  # the chip's face image could not be decoded
    card_on_reader: bool = False
    card_removed_after_identity: bool = False
    form: Form | None = None
    addresses: dict[str, CurrentAddress] = field(default_factory=dict)  # by form field
    verdict: Verdict | None = None  # whether this center may accept the file
    checked_on_form: bool = False  # the verdict came from the form's address (back: form)
    problems: tuple[str, ...] = ()  # names of form fields with a problem
    consent: bool = False
    submission_code: str | None = None
    ticket: TicketInfo | None = None
    ticket_printed: bool = False
    print_fallback: bool = False  # the on-screen ticket stands in for the printed one
    too_large: tuple[str, ...] = ()  # files ("doc-1") too large to send: bring originals
    rating: int | None = None
    counter_only: bool = False  # only a queue number for a counter, nothing personal sent
    notice: str = ""  # a code the screen translates, e.g. "consent_needed"
    keypad: bool = False  # the tactile keypad was used: longer idle time (KeypadUsed)
    documents: list[DocumentSlot] = field(default_factory=list)  # the documents step
    document_index: int = 0  # the paper the camera is taking now

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
