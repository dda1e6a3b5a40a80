"""One read of an ID card: unlock, read the files, check them, build the Identity.

The order puts the citizen's identity first and keeps round trips low:

1. unlock (PACE or BAC, see :mod:`kiosk.devices.chip.access`);
2. EF.SOD — it lists (and hashes) every data group, so EF.COM is read only when the
   SOD is unreadable;
3. DG1 (MRZ) and DG13 (Vietnamese data), checked against the SOD → ``on_identity``;
4. DG14 → chip authentication (restarts secure messaging); DG15 and active
   authentication only when chip authentication cannot run, unless
   ``active_after_chip`` (:mod:`kiosk.devices.chip.chip_first`);
5. DG2 (the face, by far the largest file), checked → ``on_face``.

A card that leaves the field mid-read is normal at a kiosk. When the transport can
reconnect and ``resume_s`` is set, the session waits that long for the card to come
back, unlocks it again, and resumes from the last verified block: whole files are not
read again and a file cut short continues where it stopped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from kiosk.core.errors import (
    CardFileError,
    CardRemovedError,
    CardSwappedError,
    ParseError,
    ReaderDisconnectedError,
)
from kiosk.devices.chip.access import AccessPlan, Unlocked, unlock
from kiosk.devices.chip.apdu import CountingTransport, Transport
from kiosk.devices.chip.authenticity import authenticate_card
from kiosk.devices.chip.card_family import after_unlock, before_unlock
from kiosk.devices.chip.chip_first import authenticate_chip_first
from kiosk.devices.chip.dg1 import parse_dg1
from kiosk.devices.chip.dg13 import Dg13, parse_dg13
from kiosk.devices.chip.face_read import read_face
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
from kiosk.devices.chip.read_state import (
    CardReadResult,
    ReadListener,
    ReadOptions,
    ReadState,
    Reconnectable,
)
from kiosk.devices.chip.reading import FileReader, ReadStrategy
from kiosk.devices.chip.sod_read import family_splice, identity_passive, present_groups

log = logging.getLogger(__name__)
_T = TypeVar("_T")


def read_card(
    transport: Transport,
    plan: AccessPlan,
    options: ReadOptions | None = None,
    listener: ReadListener | None = None,
) -> CardReadResult:
    """Read the card on ``transport`` and return its identity, face and authenticity."""
    options = options or ReadOptions()
    state = ReadState(listener or ReadListener())
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


def _wait_for_return(transport: Transport, deadline: float, state: ReadState) -> bool:
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
    state: ReadState,
) -> CardReadResult:
    if state.ca_pending is not None:
        # the card left before the new keys were confirmed: run chip authentication again
        state.ca_pending, state.authenticity = None, None
    unlocked, files = _unlock(counting, plan, options, state)
    state.enter("reading EF.SOD")
    present, sod = present_groups(files, state.warnings, state.sod_splice, state.enter)
    sod = _read_identity(files, present, sod, unlocked, counting, options, state)
    if state.authenticity is None:
        _check_authenticity(files, present, sod, unlocked, counting, plan, options, state)
    face_stats = read_face(files, present, sod, counting, plan, options, state)
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
    counting: CountingTransport, plan: AccessPlan, options: ReadOptions, state: ReadState
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
    state: ReadState,
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
    state: ReadState,
) -> None:
    """Read the key files and run the card's authenticity checks; files read on after."""
    secure = unlocked.transport
    groups = {n: files.read(ef) for n, ef in ((1, DG1), (13, DG13)) if n in present}
    chip_first = options.chip_auth and options.active_auth and not options.active_after_chip
    for number, ef in ((14, DG14),) if chip_first else ((14, DG14), (15, DG15)):
        if (data := _key_file(files, present, number, ef, state)) is not None:
            groups[number] = data
    state.enter("checking that the card is genuine")
    if chip_first:
        face_next = options.read_face and 2 in present
        secure, authenticity, state.ca_pending = authenticate_chip_first(
            secure, sod or b"", groups, options.trust,
            lambda: _key_file(files, present, 15, DG15, state), confirm_later=face_next)
    else:
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


def _key_file(files: FileReader, present: set[int], number: int, ef: ElementaryFile,
              state: ReadState) -> bytes | None:
    """DG14 or DG15 when the card has it; unreadable is a finding (the identity is out)."""
    if number not in present:
        return None
    state.enter(f"reading {ef.name}")
    try:
        return files.read(ef)
    except CardFileError as exc:
        state.warnings.append(f"{exc} Its authenticity check could not run.")
        return None


def _parsed(ef: ElementaryFile, parse: Callable[[], _T]) -> _T:
    """Run a parser; malformed content becomes a CardFileError naming the file."""
    try:
        return parse()
    except ParseError as exc:
        raise CardFileError(f"{ef.name} on the card is malformed: {exc}", file=ef.name) from exc


__all__ = ["AccessPlan", "CardReadResult", "ReadListener", "ReadOptions", "Reconnectable",
           "read_card"]
