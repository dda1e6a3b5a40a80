"""High-level card reading for the CLI and the app: access inputs in, a result out.

Access inputs come in three shapes, none of which needs typing at a kiosk: the MRZ
(three lines), ID number + date of birth + issue date (read from the card's QR code or
its face), or the QR text itself. :func:`access_plan` turns any of them into BAC key
candidates plus the PACE CAN. A fourth, the ID number alone (typed by the citizen),
gives only the CAN: PACE, and no BAC; :func:`read_from_reader` connects to a PC/SC reader and
reads.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.config import ReaderConfig, extended_length_mode
from kiosk.core.errors import ParseError
from kiosk.devices.card.reader import connect_card
from kiosk.devices.chip.access import AccessPlan
from kiosk.devices.chip.access_keys import (
    KeyCandidate,
    bac_candidates,
    can_from_id,
    candidates_from_mrz,
)
from kiosk.devices.chip.card_family import CardFamilies
from kiosk.devices.chip.card_session import CardReadResult, ReadListener, ReadOptions, read_card
from kiosk.devices.chip.mrz import parse_td1
from kiosk.devices.chip.reading import ReadStrategy
from kiosk.devices.chip.trust_store import DEFAULT_TRUST_DIR, TrustStore

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class AccessInputs:
    """What the kiosk knows before touching the chip (one of the three shapes)."""

    mrz: str | None = None
    id_number: str | None = None
    date_of_birth: dt.date | None = None
    issue_date: dt.date | None = None
    qr_text: str | None = None

    def __repr__(self) -> str:
        return "AccessInputs(<masked>)"


def key_candidates(inputs: AccessInputs) -> list[KeyCandidate]:
    """BAC key candidates from the inputs, most likely first."""
    if inputs.mrz:
        return candidates_from_mrz(parse_td1(inputs.mrz))
    if inputs.qr_text:
        id_number, dob, issued = _qr_inputs(inputs.qr_text)
        return bac_candidates(id_number, dob, issued)
    if inputs.id_number and inputs.date_of_birth and inputs.issue_date:
        return bac_candidates(inputs.id_number, inputs.date_of_birth, inputs.issue_date)
    raise ParseError(
        "Give the MRZ, or the ID number with date of birth and issue date, or the QR text."
    )


def _qr_inputs(text: str) -> tuple[str, dt.date, dt.date]:
    from kiosk.devices.qr import parse_cccd_qr

    qr = parse_cccd_qr(text)
    if qr.birth_date_precision != "day":
        raise ParseError("The QR code gives no full date of birth, which the chip's key needs.")
    return qr.access_inputs()


def card_access_number(inputs: AccessInputs) -> str | None:
    """The PACE CAN (last 6 digits of the ID) when the inputs carry the ID number."""
    id_number: str | None = inputs.id_number
    if inputs.mrz:
        id_number = parse_td1(inputs.mrz).id_number
    elif inputs.qr_text:
        id_number = _qr_inputs(inputs.qr_text)[0]
    return can_from_id(id_number) if id_number else None


def can_only(inputs: AccessInputs) -> bool:
    """True when the inputs are an ID number alone (typed at the kiosk): PACE-CAN only."""
    return bool(inputs.id_number and not inputs.mrz and not inputs.qr_text
                and (inputs.date_of_birth is None or inputs.issue_date is None))


def access_plan(inputs: AccessInputs, order: tuple[str, ...] = ("PACE", "BAC")) -> AccessPlan:
    """Everything the kiosk may try to unlock the chip, in the configured order.

    An ID number alone gives the CAN and no BAC key (BAC needs the dates too); unlocking
    then raises CanRefusedError or CanNotEnoughError when the CAN does not open the chip.
    """
    if can_only(inputs):
        return AccessPlan([], card_access_number(inputs), order)
    return AccessPlan(key_candidates(inputs), card_access_number(inputs), order)


def read_from_reader(
    inputs: AccessInputs,
    reader: str = "",
    *,
    options: ReadOptions | None = None,
    listener: ReadListener | None = None,
    wait_s: float = 0.0,
    order: tuple[str, ...] = ("PACE", "BAC"),
    extended: bool = False,
) -> CardReadResult:
    """Connect to the card on ``reader`` and read it with keys derived from ``inputs``."""
    plan = access_plan(inputs, order)
    with connect_card(reader, timeout=wait_s, extended=extended) as transport:
        return read_card(transport, plan, options, listener)


# Card families met by this process (``kiosk.devices.chip.card_family``).
FAMILIES = CardFamilies()


def reader_allows_extended(reader: ReaderConfig) -> bool:
    """Whether extended-length APDUs may be sent at all (``auto`` probes first)."""
    return extended_length_mode(reader.extended_length) != "off"


def read_options(reader: ReaderConfig, read_face: bool = True,
                 families: CardFamilies | None = None) -> ReadOptions:
    """How a read goes, from the reader settings: trust store, block size, resume window,
    extended length (``auto``: probed once per reader and card family, remembered in
    ``families``, by default this process's).

    Loads the trust store from disk: call it off the UI thread.
    """
    folder = Path(reader.trust_dir).expanduser() if reader.trust_dir else DEFAULT_TRUST_DIR
    mode = extended_length_mode(reader.extended_length)
    strategy = ReadStrategy(first_read=reader.block_size, block=reader.block_size,
                            extended=mode == "on")
    return ReadOptions(read_face=read_face, strategy=strategy,
                       trust=TrustStore.from_folder(folder, strict=False),
                       resume_s=reader.resume_s, extended_auto=mode == "auto",
                       active_after_chip=reader.active_authentication == "always",
                       families=families if families is not None else FAMILIES)
