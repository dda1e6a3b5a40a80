"""One read of an ID card: select, unlock, read the files, build the Identity.

The order puts the citizen's identity first: EF.COM (which files exist), DG1 (MRZ) and
DG13 (Vietnamese data) are read and delivered through ``on_identity`` before the slow
face image (DG2) is read and delivered through ``on_face``. The SOD, DG14 and DG15 are
read as bytes for authenticity checks.

Access keys are tried in order; the one that worked is reported by its label, so a
card whose MRZ expiry is unknown (cards that do not expire) tells which candidate
matched.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from kiosk.devices.chip.access_keys import KeyCandidate
from kiosk.devices.chip.apdu import CountingTransport, Transport, TransportStats
from kiosk.devices.chip.bac import BacKey, perform_bac
from kiosk.devices.chip.dg1 import parse_dg1
from kiosk.devices.chip.dg2 import parse_dg2
from kiosk.devices.chip.dg13 import Dg13, parse_dg13
from kiosk.devices.chip.efcom import parse_efcom
from kiosk.devices.chip.files import DG1, DG2, DG13, DG14, DG15, EF_COM, EF_SOD
from kiosk.devices.chip.identity import build_identity
from kiosk.devices.chip.mrz import yymmdd
from kiosk.devices.chip.reading import FileReader, ReadStrategy, select_application
from kiosk.errors import (
    AccessDeniedError,
    CardFileError,
    CardRemovedError,
    KioskError,
    ReaderDisconnectedError,
)
from kiosk.models import AccessProtocol, FaceImage, Identity, MrzData

log = logging.getLogger(__name__)


def bac_key(candidate: KeyCandidate) -> BacKey:
    """The BAC key for one access-key candidate."""
    return BacKey(
        candidate.document_number, yymmdd(candidate.date_of_birth), candidate.expiry_yymmdd
    )


@dataclass
class ReadListener:
    """Callbacks for progressive results; each is optional.

    They are called on the reading thread: a UI must hop threads before touching widgets.
    """

    on_step: Callable[[str], None] | None = None
    on_identity: Callable[[Identity], None] | None = None
    on_face: Callable[[FaceImage], None] | None = None
    on_progress: Callable[[str, int, int], None] | None = None


@dataclass
class CardReadResult:
    """What one read produced. ``files`` holds raw EF bytes by name (SOD, DG14, DG15, ...)."""

    identity: Identity
    access: AccessProtocol
    key_label: str
    face: FaceImage | None
    warnings: list[str]
    files: dict[str, bytes] = field(repr=False)
    stats: TransportStats
    identity_stats: tuple[int, int, int] = (0, 0, 0)  # apdus, bytes, ms at identity
    face_stats: tuple[int, int, int] = (0, 0, 0)  # apdus, bytes, ms spent on DG2


class _Steps:
    """Tracks the current step so a card pulled mid-read is reported where it happened."""

    def __init__(self, listener: ReadListener) -> None:
        self.listener = listener
        self.current = "connecting"

    def enter(self, step: str) -> None:
        self.current = step
        if self.listener.on_step is not None:
            self.listener.on_step(step)


def unlock(
    transport: Transport, candidates: Sequence[KeyCandidate]
) -> tuple[Transport, AccessProtocol, str]:
    """Try each access key with BAC; return the secure transport and which key worked."""
    if not candidates:
        raise AccessDeniedError("No access key was given for the card.")
    last: KioskError | None = None
    for index, candidate in enumerate(candidates):
        try:
            secure = perform_bac(transport, bac_key(candidate))
        except AccessDeniedError as exc:
            last = exc
            log.info("access key refused", extra={"fields": {"candidate": index}})
            continue
        return secure, AccessProtocol.BAC, candidate.label
    assert last is not None
    raise AccessDeniedError(
        "The card refused every access key; check the ID number, date of birth and "
        "issue date (or the MRZ)."
    ) from last


def read_card(
    transport: Transport,
    candidates: Sequence[KeyCandidate],
    *,
    read_face: bool = True,
    strategy: ReadStrategy | None = None,
    listener: ReadListener | None = None,
    today: dt.date | None = None,
) -> CardReadResult:
    """Read the card on ``transport`` and return its identity (and face, if asked)."""
    listener = listener or ReadListener()
    steps = _Steps(listener)
    counting = CountingTransport(transport)
    try:
        return _read(counting, candidates, read_face, strategy, listener, steps, today)
    except CardRemovedError as exc:
        step = steps.current
        raise CardRemovedError(
            f"The card was removed while {step}; place it on the reader again.", step=step
        ) from exc
    except ReaderDisconnectedError as exc:
        step = steps.current
        raise ReaderDisconnectedError(
            f"The card reader was disconnected while {step}; reconnect it and try again.",
            step=step,
        ) from exc


def _read(
    counting: CountingTransport,
    candidates: Sequence[KeyCandidate],
    read_face: bool,
    strategy: ReadStrategy | None,
    listener: ReadListener,
    steps: _Steps,
    today: dt.date | None,
) -> CardReadResult:
    steps.enter("selecting the ID application")
    select_application(counting)
    steps.enter("unlocking the chip")
    secure, access, label = unlock(counting, candidates)
    reader = FileReader(secure, strategy, listener.on_progress)

    steps.enter("reading EF.COM")
    present = set(parse_efcom(reader.read(EF_COM)).data_groups)
    if 1 not in present:
        raise CardFileError("The card lists no DG1 (MRZ); it cannot be read.", file="DG1")
    steps.enter("reading DG1")
    mrz: MrzData = parse_dg1(reader.read(DG1), today=today)
    dg13: Dg13 | None = None
    warnings: list[str] = []
    if 13 in present:
        steps.enter("reading DG13")
        dg13 = parse_dg13(reader.read(DG13))
    else:
        warnings.append("The card has no DG13; only the MRZ data is available.")
    identity = build_identity(mrz, dg13)
    identity = replace(identity, access=access)
    identity_stats = (counting.stats.apdus, counting.stats.bytes, counting.stats.ms)
    if listener.on_identity is not None:
        listener.on_identity(identity)

    files: dict[str, bytes] = {}
    for number, ef in ((None, EF_SOD), (14, DG14), (15, DG15)):
        if number is not None and number not in present:
            continue
        steps.enter(f"reading {ef.name}")
        try:
            files[ef.name] = reader.read(ef)
        except CardFileError as exc:
            if ef is EF_SOD:
                warnings.append("The card's security object (SOD) could not be read.")
            log.warning("optional file unreadable", extra={"fields": {"file": exc.file}})
    files["EF.COM"] = reader.read(EF_COM)
    files["DG1"] = reader.read(DG1)
    if dg13 is not None:
        files["DG13"] = reader.read(DG13)

    face: FaceImage | None = None
    before = (counting.stats.apdus, counting.stats.bytes, counting.stats.ms)
    if read_face and 2 in present:
        steps.enter("reading DG2")
        dg2 = reader.read(DG2)
        files["DG2"] = dg2
        face = parse_dg2(dg2)
        if listener.on_face is not None:
            listener.on_face(face)
    face_stats = (
        counting.stats.apdus - before[0],
        counting.stats.bytes - before[1],
        counting.stats.ms - before[2],
    )
    return CardReadResult(
        identity=identity,
        access=access,
        key_label=label,
        face=face,
        warnings=list(identity.warnings) + warnings,
        files=files,
        stats=counting.stats,
        identity_stats=identity_stats,
        face_stats=face_stats,
    )
