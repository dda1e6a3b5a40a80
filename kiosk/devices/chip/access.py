"""Unlocking the chip: PACE first when the card offers it, BAC as the fallback.

The policy (order configurable, default PACE then BAC):

1. Read EF.CardAccess by short file identifier *before* selecting anything (never the
   MF). If it lists a PACE protocol the kiosk supports, run PACE with the CAN (last 6
   digits of the ID number, when the ID is known) or else the MRZ password.
2. If PACE is not offered or fails (some cards answer 6982 to MSE:Set AT), select the
   application and run BAC with each key candidate in turn. With the CAN alone (a
   typed ID number) there is no BAC key: the error says whether the card refused the
   CAN or cannot take one.
3. After PACE the application is selected under secure messaging.

The result says which protocol and which key worked, and why PACE was not used.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from kiosk.core.errors import (
    AccessDeniedError,
    CanNotEnoughError,
    CanRefusedError,
    CardRemovedError,
    KioskError,
    ParseError,
    ReaderError,
)
from kiosk.core.models import AccessProtocol
from kiosk.devices.chip.access_keys import KeyCandidate
from kiosk.devices.chip.apdu import CommandApdu, Transport
from kiosk.devices.chip.bac import BacKey, perform_bac
from kiosk.devices.chip.files import EF_CARD_ACCESS, select_application
from kiosk.devices.chip.mrz import yymmdd
from kiosk.devices.chip.pace import perform_pace
from kiosk.devices.chip.pace_crypto import PacePassword
from kiosk.devices.chip.pace_info import PaceInfo, choose_pace_info, parse_card_access
from kiosk.devices.chip.tlv import total_length_from_header

log = logging.getLogger(__name__)

MAX_CARD_ACCESS = 4096  # real EF.CardAccess files are tens to a few hundred bytes


@dataclass(frozen=True)
class AccessPlan:
    """What the kiosk may try: BAC key candidates, the CAN if known, and the order."""

    bac: Sequence[KeyCandidate]
    can: str | None = None
    order: tuple[str, ...] = ("PACE", "BAC")

    def __repr__(self) -> str:
        return f"AccessPlan(<{len(self.bac)} keys>, order={self.order})"


@dataclass
class Unlocked:
    """A secure transport and how it was obtained."""

    transport: Transport
    protocol: AccessProtocol
    key_label: str
    notes: list[str] = field(default_factory=list)
    card_access: bytes | None = None  # the EF.CardAccess PACE ran with (so it is right)


def bac_key(candidate: KeyCandidate) -> BacKey:
    """The BAC key (and PACE MRZ password fields) for one access-key candidate."""
    return BacKey(
        candidate.document_number, yymmdd(candidate.date_of_birth), candidate.expiry_yymmdd
    )


def read_card_access(transport: Transport) -> bytes | None:
    """EF.CardAccess read by SFI without any SELECT; None when the card has none."""
    read = CommandApdu(0x00, 0xB0, 0x80 | EF_CARD_ACCESS.sfi, 0, le=256)
    response = transport.transmit(read)
    if response.sw == 0x6282 and not response.data:
        # A bare 6282: the card serves nothing past the end of the file. Header first.
        response = transport.transmit(CommandApdu(0x00, 0xB0, read.p1, 0, le=4))
    if not response.ok and response.sw != 0x6282:
        return None
    data = response.data
    try:
        total = total_length_from_header(data)
    except ParseError:
        return None
    if total > MAX_CARD_ACCESS:
        # Read before any secure messaging: never trust a length a hostile card sends.
        log.warning("EF.CardAccess claims an implausible size; ignoring it")
        return None
    while len(data) < total:
        more = transport.transmit(
            CommandApdu(0x00, 0xB0, len(data) >> 8, len(data) & 0xFF,
                        le=min(256, total - len(data)))
        )
        if not more.ok or not more.data:
            return None
        data += more.data
    return data[:total]


@dataclass(frozen=True)
class KnownCardAccess:
    """EF.CardAccess already known (its card family's, or read by the extended probe).

    ``data`` None with ``absent`` means the family's cards have none. A cached copy is
    verified by PACE itself: when PACE fails with it, the card's own file is read and,
    if it differs, PACE runs again with that.
    """

    data: bytes | None = None
    absent: bool = False
    from_card: bool = False  # read from this very card (nothing to verify)


def unlock(transport: Transport, plan: AccessPlan,
           known: KnownCardAccess | None = None) -> Unlocked:
    """Unlock the chip following ``plan``; raises AccessDeniedError when nothing works.

    A plan with the CAN alone (a typed ID number: no BAC key) says why it failed:
    CanRefusedError when the card refused the CAN, CanNotEnoughError when the card
    offers no PACE the kiosk can use (its BAC key needs the dates as well). ``known``
    spares the EF.CardAccess read (see :class:`KnownCardAccess`).
    """
    notes: list[str] = []
    refused: AccessDeniedError | None = None
    can_refused = False
    for protocol in plan.order:
        if protocol == "PACE":
            unlocked, can_refused = _try_pace(transport, plan, notes, known)
            if unlocked is not None:
                return unlocked
        elif protocol == "BAC":
            if not plan.bac and plan.can:
                notes.append("BAC needs the date of birth and the card's dates: not tried.")
                continue
            try:
                return _bac(transport, plan, notes)
            except AccessDeniedError as exc:
                refused = exc  # a later protocol in the order may still work
        else:
            raise KioskError(f"Unknown access protocol '{protocol}' in the reader settings.")
    if refused is not None:
        raise refused
    if not plan.bac and plan.can:
        if can_refused:
            raise CanRefusedError(
                "The card refused the card access number; the ID number does not match it."
            )
        raise CanNotEnoughError(
            "The card cannot be opened with the ID number alone; it needs the date of "
            "birth and the card's dates (its QR code or MRZ)."
        )
    raise AccessDeniedError(
        "The card refused every access key; check the ID number, date of birth and "
        "issue date (or the MRZ)."
    )


def _pace_info(raw: bytes | None, notes: list[str]) -> PaceInfo | None:
    if raw is None:
        notes.append("The card has no EF.CardAccess: PACE is not offered.")
        return None
    try:
        info = choose_pace_info(parse_card_access(raw))
    except KioskError as exc:
        notes.append(f"EF.CardAccess is unreadable ({exc}); using BAC.")
        return None
    if info is None:
        notes.append("EF.CardAccess offers no PACE protocol the kiosk supports.")
    return info


def _try_pace(transport: Transport, plan: AccessPlan, notes: list[str],
              known: KnownCardAccess | None) -> tuple[Unlocked | None, bool]:
    """PACE with the CAN, then the MRZ; also whether the card refused the CAN itself.

    With a cached EF.CardAccess that PACE does not accept, the card's own file is read
    and PACE runs again when it differs (the cache was another family's).
    """
    # A cached file is checked by PACE; a cached "none" is trusted (BAC then opens it).
    cached = known is not None and not known.from_card and known.data is not None
    raw = (known.data if known is not None and (known.data or known.absent)
           else read_card_access(transport))
    tried: list[str] = []
    unlocked, can_refused = _pace_with(transport, plan, _pace_info(raw, tried), raw, tried)
    if unlocked is None and cached:
        fresh = read_card_access(transport)
        if fresh != raw:
            log.info("cached EF.CardAccess was not this card's; using the card's own")
            tried = []
            unlocked, can_refused = _pace_with(transport, plan, _pace_info(fresh, tried),
                                               fresh, tried)
    notes += tried
    if unlocked is not None:
        unlocked.notes = notes
    return unlocked, can_refused


def _pace_with(transport: Transport, plan: AccessPlan, info: PaceInfo | None,
               raw: bytes | None, notes: list[str]) -> tuple[Unlocked | None, bool]:
    """PACE with ``info`` (None: not offered) and each password in turn."""
    if info is None:
        return None, False
    passwords: list[tuple[PacePassword, str]] = []
    if plan.can:
        passwords.append((PacePassword.from_can(plan.can), "can"))
    passwords += [(PacePassword.from_mrz(bac_key(c)), f"mrz:{c.label}") for c in plan.bac[:1]]
    can_refused = False
    for password, label in passwords:
        try:
            secure = perform_pace(transport, password, info)
            select_application(secure)
        except (CardRemovedError, ReaderError):
            raise
        except KioskError as exc:  # refused, malformed answer, bad point, no application
            # Refused at the last step (63xx/6982): the password is wrong, not the protocol.
            can_refused = can_refused or (label == "can" and isinstance(exc, AccessDeniedError))
            notes.append(f"PACE with the {label.split(':')[0].upper()} failed ({exc}).")
            log.info("PACE failed; trying the next option", extra={"fields": {"with": label}})
            continue
        return Unlocked(secure, AccessProtocol.PACE, label, notes, raw), False
    return None, can_refused


def _bac(transport: Transport, plan: AccessPlan, notes: list[str]) -> Unlocked:
    select_application(transport)
    if not plan.bac:
        raise AccessDeniedError("No access key was given for the card.")
    for index, candidate in enumerate(plan.bac):
        try:
            secure = perform_bac(transport, bac_key(candidate))
        except AccessDeniedError:
            log.info("access key refused", extra={"fields": {"candidate": index}})
            continue
        return Unlocked(secure, AccessProtocol.BAC, candidate.label, notes)
    raise AccessDeniedError(
        "The card refused every access key; check the ID number, date of birth and "
        "issue date (or the MRZ)."
    )
