"""What can happen during a visit (events) and what the app must do about it (effects).

Events are plain frozen dataclasses fed to :meth:`kiosk.core.visit.machine.Visit.handle`; ``touch``
marks the citizen's own touches (they reset the idle clock and are counted). Effects are
returned by it for the app to carry out off the UI thread. Fields holding personal data
are left out of ``repr``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from kiosk.core.models import FaceImage, Identity, QrIdentity

# --- events -------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """Something that happened. ``touch`` events are the citizen's own touches."""

    touch: ClassVar[bool] = False


@dataclass(frozen=True)
class Touched(Event):
    """The citizen touched the attract screen to start."""

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class LanguageChosen(Event):
    """The citizen picked a language on the language screen."""

    language: str
    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class LanguageSwitched(Event):
    """The citizen used the language switch present on every screen."""

    language: str
    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class ProcedureChosen(Event):
    """The citizen chose a procedure from the catalog."""

    code: str
    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class CardTapped(Event):
    """The reader sensed an ID card."""


@dataclass(frozen=True)
class CardRemoved(Event):
    """The card left the reader."""


@dataclass(frozen=True)
class IdentityReady(Event):
    """The chip's identity was read and checked; ``genuine`` is False if any check failed."""

    identity: Identity = field(repr=False)
    genuine: bool


@dataclass(frozen=True)
class AuthenticityFailed(Event):
    """Chip or active authentication failed after the identity was already shown.

    The identity arrives once passive authentication has checked it; the checks that
    prove the chip is not a copy finish later in the same read.
    """


@dataclass(frozen=True)
class FaceReady(Event):
    """The chip's face image arrived (after the identity)."""

    face: FaceImage = field(repr=False)


@dataclass(frozen=True)
class FaceUnreadable(Event):
    """DG2 was read but its image could not be decoded: the identity stands without it."""

    reason: str = ""


@dataclass(frozen=True)
class ReadFailed(Event):
    """The chip read failed for a reason other than the card leaving (``reason`` a code)."""

    reason: str


@dataclass(frozen=True)
class QrDecoded(Event):
    """The camera read a CCCD QR code."""

    identity: QrIdentity = field(repr=False)


@dataclass(frozen=True)
class QrRejected(Event):
    """A scan that is not the QR of a citizen ID card (``reason`` names why, no data)."""

    reason: str


@dataclass(frozen=True)
class ManualIdEntered(Event):
    """The citizen typed their 12-digit ID on the on-screen keyboard."""

    id_number: str = field(repr=False)
    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class FieldEdited(Event):
    """The citizen changed one form field."""

    name: str
    value: str = field(repr=False)
    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class AddressPicked(Event):
    """The citizen chose a current ward (official code) and typed the street part."""

    name: str
    ward_code: str
    street: str = field(repr=False)
    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class FormConfirmed(Event):
    """The citizen pressed "Tiếp tục / Continue" under the form."""

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class ConsentGiven(Event):
    """The citizen ticked (or unticked) the personal-data consent."""

    given: bool = True
    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class SubmitPressed(Event):
    """The citizen pressed "Gửi hồ sơ / Submit"."""

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class TicketInfo:
    """The queue ticket as the screen and the printer show it (no personal data).

    ``people_ahead`` and ``wait_minutes`` are None when the kiosk cannot know them
    (offline: only the central service sees the whole queue). ``counter_group`` names
    the counters serving the ticket's queue ("3, 4"), "" when the kiosk cannot know them
    (the hall's display then shows the counter). ``issued_at`` is when the number was
    taken (aware; shown in Vietnam time).
    """

    number: int
    service: str
    counter_group: str
    people_ahead: int | None
    wait_minutes: int | None
    status_url: str
    issued_at: dt.datetime | None = None


@dataclass(frozen=True)
class Submitted(Event):
    """The outbox took the visit's records; here are the submission code and ticket."""

    submission_code: str
    ticket: TicketInfo
    # the files ("doc-1"…) of papers whose photos were over the size caps
    # (docs/attachments.md): not sent; the citizen brings the originals to the counter
    too_large: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubmitFailed(Event):
    """The outbox could not store the records (``reason`` a code)."""

    reason: str


@dataclass(frozen=True)
class TicketPrinted(Event):
    """The printer printed the ticket."""


@dataclass(frozen=True)
class PrinterNotReady(Event):
    """The printer could not print (``reason`` a non-personal code, e.g. "paper_out")."""

    reason: str


@dataclass(frozen=True)
class Continue(Event):
    """The citizen pressed "Tiếp tục / Next" on the ticket or counter screen."""

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class RatingGiven(Event):
    """One to five stars, with optional reason codes."""

    stars: int
    reasons: tuple[str, ...] = ()
    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class RatingSkipped(Event):
    """The citizen chose not to rate."""

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class Back(Event):
    """The citizen pressed "Quay lại / Back"."""

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class Restart(Event):
    """The citizen chose to start over (or finished): wipe and go back to attract."""

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class Activity(Event):
    """Any other touch (scrolling, typing): resets the idle clock, is not counted."""

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class KeypadUsed(Event):
    """A key of the tactile keypad was pressed: the citizen is there and needs longer.

    Resets the idle clock like :class:`Activity`, is not counted, and (unlike a touch)
    keeps the screen's notice: moving the focus must not hide "consent needed".
    """

    touch: ClassVar[bool] = True


@dataclass(frozen=True)
class Tick(Event):
    """Time passed; the app sends one about every second."""


# --- effects ------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """Work the app must do for the visit."""


@dataclass(frozen=True)
class StartCardRead(Effect):
    """Read the chip on the reader with the access key from a QR identity or a typed ID.

    The QR gives the ID number, birth and issue dates (PACE with the CAN, else BAC);
    a typed ID number gives only the CAN, its last six digits (PACE alone).
    """

    qr: QrIdentity | None = field(default=None, repr=False)
    typed_id: str | None = field(default=None, repr=False)

    def access_fields(self) -> tuple[str, dt.date | None, dt.date | None]:
        """ID number, date of birth and issue date (no dates for a typed ID)."""
        if self.qr is not None:
            return self.qr.id_number, self.qr.date_of_birth, self.qr.issue_date
        return self.typed_id or "", None, None


@dataclass(frozen=True)
class Camera(Effect):
    """Switch the QR camera on or off."""

    on: bool


@dataclass(frozen=True)
class SubmittedPaper:
    """One paper of the documents step as the submission takes it."""

    file: str  # "doc-1"
    name: str  # "Giấy khai sinh / Birth certificate"
    status: str  # attached, original, chip, none, missing
    pages: tuple[str, ...] = ()  # page ids (the pictures stay in the app)
    black_white: bool = False


@dataclass(frozen=True)
class Submit(Effect):
    """Put the visit's records into the outbox and get a ticket (runs off the UI thread)."""

    procedure_code: str
    queue_service: str
    citizen: dict[str, str] = field(repr=False)
    form: dict[str, str] = field(repr=False)
    sources: dict[str, str]
    language: str
    # today's units of each address field, and the unit competent for the file
    addresses: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    competent: dict[str, Any] | None = None
    # each paper of the documents step
    documents: tuple[SubmittedPaper, ...] = ()


@dataclass(frozen=True)
class PrintTicket(Effect):
    """Print the queue ticket."""

    ticket: TicketInfo
    submission_code: str


@dataclass(frozen=True)
class AlertTechnician(Effect):
    """Tell the technicians something needs them (non-personal ``reason``)."""

    reason: str


@dataclass(frozen=True)
class StoreRating(Effect):
    """Store the rating as a record (never editable afterwards)."""

    stars: int
    reasons: tuple[str, ...]
    ticket_number: int | None


@dataclass(frozen=True)
class Countdown(Effect):
    """Show (``seconds`` > 0) or hide (0) the idle countdown."""

    seconds: int


@dataclass(frozen=True)
class Wiped(Effect):
    """Everything about the citizen was dropped: clear every screen."""
