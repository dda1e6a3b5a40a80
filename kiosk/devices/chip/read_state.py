"""What a card read is told and keeps: its options, listener, result and running state.

Kept apart from :mod:`kiosk.devices.chip.card_session` (the read's order) and
:mod:`kiosk.devices.chip.face_read` (the face at the end), which both use them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from kiosk.core.models import AccessProtocol, FaceImage, Identity
from kiosk.devices.chip.apdu import TransportStats
from kiosk.devices.chip.authenticity import Authenticity
from kiosk.devices.chip.card_family import CardFamilies
from kiosk.devices.chip.reading import FileReader, ReadStrategy
from kiosk.devices.chip.trust_store import TrustStore

if TYPE_CHECKING:
    from kiosk.devices.chip.chip_first import PendingConfirmation
    from kiosk.devices.chip.sod_splice import Splice


@runtime_checkable
class Reconnectable(Protocol):
    """A transport that can wait for the card to come back (PC/SC, the emulator)."""

    def reconnect(self) -> None:
        """Connect again to a card that returned to the field; raise CardRemovedError if not."""
        ...


@dataclass
class ReadListener:
    """Callbacks for progressive results; each is optional.

    They are called on the reading thread: a UI must hop threads before touching widgets.
    """

    on_step: Callable[[str], None] | None = None
    on_identity: Callable[[Identity, Authenticity], None] | None = None
    on_face: Callable[[FaceImage], None] | None = None
    on_face_unreadable: Callable[[str], None] | None = None  # why (no personal data)
    on_progress: Callable[[str, int, int], None] | None = None


@dataclass
class CardReadResult:
    """What one read produced. ``files`` holds raw EF bytes by name (SOD, DG14, DG15, ...)."""

    identity: Identity
    access: AccessProtocol
    key_label: str
    face: FaceImage | None
    authenticity: Authenticity
    warnings: list[str]
    files: dict[str, bytes] = field(repr=False)
    stats: TransportStats
    identity_stats: tuple[int, int, int] = (0, 0, 0)  # apdus, bytes, ms at identity
    face_stats: tuple[int, int, int] = (0, 0, 0)  # apdus, bytes, ms spent on DG2
    resumed: int = 0  # how many times the read resumed after the card came back
    face_unreadable: bool = False  # DG2 was read but its image could not be decoded


@dataclass
class ReadOptions:
    """How to read: face or not, the strategy, the trust store, resume window."""

    read_face: bool = True
    strategy: ReadStrategy | None = None
    trust: TrustStore | None = None
    resume_s: float = 0.0
    today: dt.date | None = None
    chip_auth: bool = True
    active_auth: bool = True
    # False: DG15 and active authentication only when chip authentication cannot run
    # (chip_first.py); True: both always, as before issue 19
    active_after_chip: bool = False
    extended_auto: bool = False  # probe extended length per card family (card_family.py)
    families: CardFamilies | None = None  # what each reader + card family showed


class ReadState:
    """Everything a read keeps across a card leaving and returning (one read's own)."""

    def __init__(self, listener: ReadListener) -> None:
        self.listener = listener
        self.step = "connecting"
        self.files: FileReader | None = None
        self.identity: Identity | None = None
        self.authenticity: Authenticity | None = None
        self.face: FaceImage | None = None
        self.face_unreadable = ""  # why DG2's image could not be decoded
        self.face_sent = False
        self.identity_stats = (0, 0, 0)
        self.warnings: list[str] = []
        self.unlocks = 0  # successful unlocks: more than one means the read resumed
        self.removed_at = ""  # the step the card left during
        self.family = ""  # the card family's key (card_family.py)
        self.sod_splice: Splice | None = None  # the family's SOD certificate, if known
        self.ca_pending: PendingConfirmation | None = None  # keys the face read confirms

    def enter(self, step: str) -> None:
        """Note the step the read is at and tell the listener."""
        self.step = step
        if self.listener.on_step is not None:
            self.listener.on_step(step)


