"""The face at the end of a read: DG2 read (confirming chip authentication's keys when
they wait for it), checked against the SOD, decoded, and handed to the listener."""

from __future__ import annotations

import logging

from kiosk.core.errors import CardError, CardFileError, ParseError, SecureMessagingError
from kiosk.devices.chip.access import AccessPlan, unlock
from kiosk.devices.chip.apdu import CountingTransport
from kiosk.devices.chip.authenticity import Authenticity, AuthStatus
from kiosk.devices.chip.chip_first import settle_pending
from kiosk.devices.chip.dg2 import parse_dg2
from kiosk.devices.chip.files import DG1, DG2, DG13, DG14, DG15
from kiosk.devices.chip.passive_auth import verify_passive
from kiosk.devices.chip.read_state import ReadOptions, ReadState
from kiosk.devices.chip.reading import FileReader

log = logging.getLogger(__name__)


def read_face(
    files: FileReader,
    present: set[int],
    sod: bytes | None,
    counting: CountingTransport,
    plan: AccessPlan,
    options: ReadOptions,
    state: ReadState,
) -> tuple[int, int, int]:
    """Read DG2 when asked (its hash checked against the SOD); what the face cost."""
    before = (counting.stats.apdus, counting.stats.bytes, counting.stats.ms)
    if options.read_face and 2 in present:
        state.enter("reading DG2")
        dg2 = _read_confirming(files, counting, plan, state)
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


def _read_confirming(files: FileReader, counting: CountingTransport, plan: AccessPlan,
                     state: ReadState) -> bytes:
    """DG2; when chip authentication waits for confirmation, its answer gives it (or
    the confirming read does). A chip that fails it is a clone: the face is read again
    in a fresh session, for staff to compare, and the chip's check says ``failed``."""
    pending = state.ca_pending
    if pending is None:
        return files.read(DG2)
    error: CardError | None = None
    try:
        dg2 = files.read(DG2)
    except (SecureMessagingError, CardFileError) as exc:
        if pending.witness.confirmed:
            raise
        error, dg2 = exc, b""
    assert state.authenticity is not None
    state.ca_pending = None
    _, state.authenticity = settle_pending(pending, state.authenticity)
    if state.authenticity.chip == AuthStatus.FAILED:
        state.enter("unlocking the chip again")
        files.rebind(unlock(counting, plan).transport)
        return files.read(DG2)
    if error is not None:
        raise error
    return dg2


def _decode_face(dg2: bytes, state: ReadState) -> None:
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


def _with_face_checked(state: ReadState, files: FileReader, sod: bytes, present: set[int],
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


