"""What the counter screen asks the app to do (carried out off the UI thread).

The :class:`~kiosk.ui.counter.presenter.CounterPresenter` emits these on its ``requests``
signal; :class:`~kiosk.ui.counter.wiring.CounterEffects` carries them out with the
central service, the outbox, the card reader and the printer, then reports back to the
presenter. Plain values; those holding personal data mask their ``repr``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk.core.desk.actions import QueueAction, TicketAtCounter
from kiosk.core.desk.submissions import Submission


class Request:
    """Base of every counter request."""


@dataclass(frozen=True)
class SignIn(Request):
    """Check the staff member's user name and PIN with the central service."""

    user: str
    pin: str = field(repr=False)
    counter: str


@dataclass(frozen=True)
class SignOut(Request):
    """End the staff session at the central service (the screen has already signed out)."""


@dataclass(frozen=True)
class CallNext(Request):
    """Claim the next waiting ticket of ``services`` for ``counter``, then record the call."""

    counter: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class RecordAction(Request):
    """Put the queue event of ``action`` into the outbox, stamped with ``at``."""

    action: QueueAction
    ticket: TicketAtCounter
    counter: str
    at: dt.datetime
    to_service: str = ""


@dataclass(frozen=True)
class LookUp(Request):
    """Ask the central service what the kiosks collected for ``id_number``."""

    id_number: str = field(repr=False)
    source: str  # typed | qr | chip
    serial: int  # which lookup this is (a late answer to an older one is dropped)


@dataclass(frozen=True)
class ScannedText(Request):
    """A card QR typed into the look-up box by a keyboard-wedge scanner: parse, look up."""

    text: str = field(repr=False)


@dataclass(frozen=True)
class ReadCard(Request):
    """Read the ID card on the counter reader, unlocked with the CAN, then look it up."""

    can: str = field(repr=False)
    serial: int


@dataclass(frozen=True)
class PrintReceipt(Request):
    """Print the receipt and appointment slip of ``submission``."""

    submission: Submission
    staff_name: str = field(repr=False)


@dataclass(frozen=True)
class RecordFileEvent(Request):
    """A step of ``submission``'s file (``kiosk.core.desk.file_steps``): ``returned`` when
    the citizen collects the result (F10), the others from F11, with their reason."""

    submission: Submission
    kind: str
    reason: str | None = field(default=None, repr=False)
    nonce: str = ""  # one press of the key: a retried request records nothing twice


@dataclass(frozen=True)
class RefreshBoard(Request):
    """Fetch the waiting counts per service, and the ticket the board shows at ``counter``."""

    counter: str


@dataclass(frozen=True)
class OpenFile(Request):
    """Open a file the submission's visit attached (the card data sheet, a document)."""

    record_id: str
    file: str
    serial: int  # which citizen look-up it belongs to (dropped when the citizen changed)
