"""One read of an ID card: unlock, read the files, check them, build the Identity.

The order puts the citizen's identity first and keeps round trips low:

1. unlock (PACE or BAC, see :mod:`kiosk.devices.chip.access`);
2. EF.SOD — it lists (and hashes) every data group, so EF.COM is read only when the
   SOD is unreadable;
3. DG1 (MRZ) and DG13 (Vietnamese data), checked against the SOD → ``on_identity``;
4. DG14/DG15 → chip authentication (restarts secure messaging) and active
   authentication;
5. DG2 (the face, by far the largest file), checked → ``on_face``.

A card that leaves the field mid-read is normal at a kiosk. When the transport can
reconnect and ``resume_s`` is set, the session waits that long for the card to come
back, unlocks it again, and resumes from the last verified block: whole files are not
read again and a file cut short continues where it stopped.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol, TypeVar, runtime_checkable

from kiosk.core.errors import (
    CardFileError,
    CardRemovedError,
    CardSwappedError,
    ParseError,
    ReaderDisconnectedError,
)
from kiosk.core.models import AccessProtocol, FaceImage, Identity
from kiosk.devices.chip.access import AccessPlan, Unlocked, unlock
from kiosk.devices.chip.apdu import CountingTransport, Transport, TransportStats
from kiosk.devices.chip.authenticity import Authenticity, authenticate_card
from kiosk.devices.chip.card_family import CardFamilies, after_unlock, before_unlock
from kiosk.devices.chip.dg1 import parse_dg1
from kiosk.devices.chip.dg2 import parse_dg2
from kiosk.devices.chip.dg13 import Dg13, parse_dg13
from kiosk.devices.chip.files import (
    DG1,
    DG2,
    DG13,
    DG14,
    DG15,
    EF_COM,
    EF_SOD,
    ElementaryFile,
)
from kiosk.devices.chip.identity import build_identity
from kiosk.devices.chip.passive_auth import verify_passive
from kiosk.devices.chip.reading import FileReader, ReadStrategy
from kiosk.devices.chip.sod_read import family_splice, identity_passive, present_groups
from kiosk.devices.chip.sod_splice import Splice
from kiosk.devices.chip.trust_store import TrustStore

log = logging.getLogger(__name__)
_T = TypeVar("_T")


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
    extended_auto: bool = False  # probe extended length per card family (card_family.py)
    families: CardFamilies | None = None  # what each reader + card family showed


class _State:
    """Everything a read keeps across a card leaving and returning."""

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

    def enter(self, step: str) -> None:
        self.step = step
        if self.listener.on_step is not None:
            self.listener.on_step(step)


def read_card(
    transport: Transport,
    plan: AccessPlan,
    options: ReadOptions | None = None,
    listener: ReadListener | None = None,
) -> CardReadResult:
    """Read the card on ``transport`` and return its identity, face and authenticity."""
    options = options or ReadOptions()
    state = _State(listener or ReadListener())
    counting = CountingTransport(transport)
    deadline: float | None = None  # end of the window for the card to come back
    episode = 0  # unlocks done when the current removal began
    while True:
        try:
            return _read(counting, plan, options, state)
        except CardRemovedError as exc:
            if deadline is not None and state.unlocks > episode:
                deadline = None  # the card came back and left again: a new window
            step = state.step if deadline is None else state.removed_at
            if deadline is None:
                state.removed_at = step
                deadline = time.monotonic() + options.resume_s
                episode = state.unlocks
            if _wait_for_return(transport, deadline, state):
                log.info("card returned; resuming", extra={"fields": {"after": step}})
                continue
            raise CardRemovedError(
                f"The card was removed while {step}; place it on the reader again.", step=step
            ) from exc
        except ReaderDisconnectedError as exc:
            raise ReaderDisconnectedError(
                f"The card reader was disconnected while {state.step}; reconnect it and try "
                "again.", step=state.step,
            ) from exc


def _wait_for_return(transport: Transport, deadline: float, state: _State) -> bool:
    if time.monotonic() >= deadline or not isinstance(transport, Reconnectable):
        return False
    state.enter("waiting for the card to return")
    while time.monotonic() < deadline:
        try:
            transport.reconnect()
            return True
        except CardRemovedError:
            time.sleep(0.1)
    return False


def _read(
    counting: CountingTransport,
    plan: AccessPlan,
    options: ReadOptions,
    state: _State,
) -> CardReadResult:
    unlocked, files = _unlock(counting, plan, options, state)
    state.enter("reading EF.SOD")
    present, sod = present_groups(files, state.warnings, state.sod_splice, state.enter)
    sod = _read_identity(files, present, sod, unlocked, counting, options, state)
    if state.authenticity is None:
        _check_authenticity(files, present, sod, unlocked, counting, plan, options, state)
    face_stats = _read_face(files, present, sod, counting, options, state)
    if options.families is not None and state.family and files.extended_block:
        options.families.remember(state.family, extended_block=files.extended_block)
    assert state.identity is not None and state.authenticity is not None
    raw = {ef.name: data for ef in (EF_SOD, EF_COM, DG1, DG2, DG13, DG14, DG15)
           if (data := files.cached(ef)) is not None}
    return CardReadResult(
        identity=state.identity,
        access=unlocked.protocol,
        key_label=unlocked.key_label,
        face=state.face,
        authenticity=state.authenticity,
        warnings=list(state.identity.warnings) + state.warnings + unlocked.notes,
        files=raw,
        stats=counting.stats,
        identity_stats=state.identity_stats,
        face_stats=face_stats,
        resumed=state.unlocks - 1,
        face_unreadable=bool(state.face_unreadable),
    )


def _unlock(
    counting: CountingTransport, plan: AccessPlan, options: ReadOptions, state: _State
) -> tuple[Unlocked, FileReader]:
    """Unlock the chip and bind the file reader to it (the same card as before, if any)."""
    state.enter("unlocking the chip")
    known, extended, family = (before_unlock(counting, options.families, options.extended_auto)
                               if state.files is None else (None, None, ""))
    unlocked: Unlocked = unlock(counting, plan, known)
    after_unlock(options.families, family, known, unlocked)
    if family:
        state.family, state.sod_splice = family, family_splice(options.families, family)
    state.unlocks += 1
    if state.files is None:
        strategy = options.strategy or ReadStrategy()
        if extended is not None:
            strategy = replace(strategy, extended=extended)
        block = options.families.get(family).extended_block if options.families else None
        if extended and block:
            strategy = replace(strategy, extended_block=block)
        state.files = FileReader(unlocked.transport, strategy, state.listener.on_progress)
    else:
        state.files.rebind(unlocked.transport)
        if not state.files.same_card(EF_SOD):
            raise CardSwappedError(
                "A different card was placed on the reader during the read; "
                "place one card and read it again.")
    return unlocked, state.files


def _read_identity(
    files: FileReader,
    present: set[int],
    sod: bytes | None,
    unlocked: Unlocked,
    counting: CountingTransport,
    options: ReadOptions,
    state: _State,
) -> bytes | None:
    """Read DG1 and DG13; the first time, build the identity and hand it out at once.

    Returns the SOD as checked (read again whole if the family's certificate failed)."""
    state.enter("reading DG1")
    mrz = _parsed(DG1, lambda: parse_dg1(files.read(DG1), today=options.today))
    dg13: Dg13 | None = None
    if 13 in present:
        state.enter("reading DG13")
        dg13 = _parsed(DG13, lambda: parse_dg13(files.read(DG13)))
    elif not any(w.startswith("The card has no DG13") for w in state.warnings):
        state.warnings.append("The card has no DG13; only the MRZ data is available.")
    if state.identity is None:
        identity = replace(build_identity(mrz, dg13), access=unlocked.protocol)
        groups = {1: files.read(DG1)} | ({13: files.read(DG13)} if dg13 else {})
        # No readable SOD is a failed check (never a silent "not run").
        passive, sod = identity_passive(files, sod, groups, options.trust, options.families,
                                        state.family, state.sod_splice is not None)
        state.identity = identity
        stats = counting.stats
        state.identity_stats = (stats.apdus, stats.bytes, stats.ms)
        if state.listener.on_identity is not None:
            state.listener.on_identity(identity, passive)
    return sod


def _check_authenticity(
    files: FileReader,
    present: set[int],
    sod: bytes | None,
    unlocked: Unlocked,
    counting: CountingTransport,
    plan: AccessPlan,
    options: ReadOptions,
    state: _State,
) -> None:
    """Read the key files and run the card's authenticity checks; files read on after."""
    secure = unlocked.transport
    groups = {n: files.read(ef) for n, ef in ((1, DG1), (13, DG13)) if n in present}
    for number, ef in ((14, DG14), (15, DG15)):
        if number in present:
            state.enter(f"reading {ef.name}")
            try:
                groups[number] = files.read(ef)
            except CardFileError as exc:
                # The identity is already out; an unreadable key file is an
                # authenticity finding (its check cannot run), not the end.
                state.warnings.append(f"{exc} Its authenticity check could not run.")
    state.enter("checking that the card is genuine")
    secure, authenticity = authenticate_card(
        secure, sod or b"", groups, options.trust,
        chip=options.chip_auth, active=options.active_auth)
    if authenticity.chip == "failed":
        # A failed chip authentication ends the secure session on the card; the
        # rest (the face, for staff to compare) needs a fresh one.
        state.enter("unlocking the chip again")
        secure = unlock(counting, plan).transport
    files.rebind(secure)
    state.authenticity = authenticity


def _read_face(
    files: FileReader,
    present: set[int],
    sod: bytes | None,
    counting: CountingTransport,
    options: ReadOptions,
    state: _State,
) -> tuple[int, int, int]:
    """Read DG2 when asked (its hash checked against the SOD); what the face cost."""
    before = (counting.stats.apdus, counting.stats.bytes, counting.stats.ms)
    if options.read_face and 2 in present:
        state.enter("reading DG2")
        dg2 = files.read(DG2)
        if state.face is None and not state.face_unreadable:
            _decode_face(dg2, state)
        if sod:
            state.authenticity = _with_face_checked(state, files, sod, present, options)
        if not state.face_sent:
            state.face_sent = True
            if state.face is not None and state.listener.on_face is not None:
                state.listener.on_face(state.face)
            elif state.face_unreadable and state.listener.on_face_unreadable is not None:
                state.listener.on_face_unreadable(state.face_unreadable)
    return (counting.stats.apdus - before[0], counting.stats.bytes - before[1],
            counting.stats.ms - before[2])


def _decode_face(dg2: bytes, state: _State) -> None:
    """Decode the face; a malformed image marks it unreadable (the identity stands).

    The identity was read and checked against the SOD before DG2, so a face that is not
    JPEG / JPEG 2000 (or does not decode) must not take the identity down with it.
    """
    try:
        state.face = parse_dg2(dg2)
    except ParseError as exc:
        state.face_unreadable = str(exc)
        state.warnings.append(f"The face image on the card (DG2) is unreadable: {exc} "
                              "The identity was read without it.")
        log.warning("DG2 face unreadable", extra={"fields": {"reason": str(exc)}})


def _parsed(ef: ElementaryFile, parse: Callable[[], _T]) -> _T:
    """Run a parser; malformed content becomes a CardFileError naming the file."""
    try:
        return parse()
    except ParseError as exc:
        raise CardFileError(f"{ef.name} on the card is malformed: {exc}", file=ef.name) from exc


def _with_face_checked(state: _State, files: FileReader, sod: bytes, present: set[int],
                       options: ReadOptions) -> Authenticity:
    """Redo passive authentication over every file read, DG2 included."""
    assert state.authenticity is not None
    groups = {n: data for n, ef in ((1, DG1), (2, DG2), (13, DG13), (14, DG14), (15, DG15))
              if n in present and (data := files.cached(ef)) is not None}
    passive = verify_passive(sod, groups, options.trust)
    auth = state.authenticity
    details = [d for d in auth.details if not d.startswith("Passive: ")]
    details = [f"Passive: {line}" for line in passive.details] + details
    return Authenticity(passive=str(passive.status), active=auth.active, chip=auth.chip,
                        details=details)


__all__ = ["AccessPlan", "CardReadResult", "ReadListener", "ReadOptions", "read_card"]
