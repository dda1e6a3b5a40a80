"""What a card family showed the kiosk: extended length, EF.CardAccess, SOD signers.

A *card family* is one reader with one kind of card, named by the reader and the
card's ATR (the same for every card of a model: nothing personal). Two facts are
remembered per family, for the life of the process and, given a path, in a small
JSON file so the next ``kiosk card read`` knows them too:

- whether extended-length APDUs work (``extended``), learnt by one probing READ
  BINARY of EF.CardAccess with an extended Le *before* secure messaging, where a
  refusal costs nothing but the one APDU and cannot break a session. A card without
  EF.CardAccess is probed on EF.ATR/INFO instead; when neither answers, the family is
  taken as short-APDU only (today's behaviour); and how long an extended read its
  cards take (``extended_block``: a whole file, or 4 KB blocks after a refusal);
- its EF.CardAccess (the PACE parameters, the same for the whole family), so later
  cards skip reading it. PACE itself verifies the cached copy: parameters the card
  does not have make MSE:Set AT or the mapping fail, and the kiosk then reads the
  card's own file and tries again (``kiosk.devices.chip.access.unlock``);
- the certificates of the document signers that signed its cards' EF.SOD, so the SOD
  is read without them (``kiosk.devices.chip.sod_splice``); passive authentication
  verifies the signature with the copy, and a copy that fails is read from the card.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from kiosk.core.errors import CardRemovedError, ParseError
from kiosk.core.private_files import (
    PrivateFileError,
    create_private,
    secure_file,
    secure_folder,
)
from kiosk.devices.chip.access import KnownCardAccess, Unlocked
from kiosk.devices.chip.apdu import CommandApdu, Transport
from kiosk.devices.chip.files import EF_CARD_ACCESS
from kiosk.devices.chip.tlv import total_length_from_header

log = logging.getLogger(__name__)

EF_ATR_INFO_SFI = 0x01  # EF.ATR/INFO (2F01) in the master file, ISO/IEC 7816-4 §8.2.1.1
EXTENDED_LE = 65536  # "as many as there are", encoded 00 00 in an extended APDU
MAX_PROBED_FILE = 4096  # EF.CardAccess and EF.ATR/INFO are tens to hundreds of bytes
_REFUSED_LENGTH = (0x6700, 0x6A86, 0x6B00, 0x6D00, 0x6E00)


@dataclass(frozen=True)
class FamilyFacts:
    """What is known about one card family; None where nothing is known yet."""

    extended: bool | None = None
    card_access: bytes | None = None  # the family's EF.CardAccess, when it has one
    no_card_access: bool = False  # the family's cards have no EF.CardAccess (6A82)
    sod_certificates: tuple[bytes, ...] = ()  # EF.SOD certificates fields, newest first
    extended_block: int | None = None  # the extended read length its cards accepted


@dataclass(frozen=True)
class Probe:
    """One probe's findings: extended support (None: no answer tells) and the file read."""

    extended: bool | None
    card_access: bytes | None = None
    no_card_access: bool = False


def default_memory_path() -> Path:
    """Where the command line keeps the families between runs: the user's cache (it is
    relearnt when lost)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kiosk" / "card_families.json"


def family_key(transport: Transport) -> str:
    """``reader|ATR`` of the card behind ``transport`` (wrappers are looked through)."""
    layer: Any = transport
    for _ in range(8):
        atr = getattr(layer, "atr", None)
        if atr is None and hasattr(layer, "card"):
            atr = getattr(layer.card, "atr", None)
        if atr is not None:
            return f"{getattr(layer, 'reader', 'in-process')}|{bytes(atr).hex().upper()}"
        if not hasattr(layer, "inner"):
            break
        layer = layer.inner
    return "unknown|"


class CardFamilies:
    """The facts per card family; thread-safe; saved to ``path`` when one is given."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._facts: dict[str, FamilyFacts] = self._load()

    def _load(self) -> dict[str, FamilyFacts]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {key: FamilyFacts(
                extended=value.get("extended"),
                card_access=bytes.fromhex(value["card_access"]) if value.get("card_access")
                else None,
                no_card_access=bool(value.get("no_card_access")),
                extended_block=value.get("extended_block"),
                sod_certificates=tuple(bytes.fromhex(c) for c in value.get(
                    "sod_certificates") or ())) for key, value in raw.items()}
        except (OSError, ValueError, AttributeError, TypeError) as exc:
            log.warning("card family memory unreadable; starting afresh",
                        extra={"fields": {"error": type(exc).__name__}})
            return {}

    def get(self, key: str) -> FamilyFacts:
        """What is known about the family ``key`` (nothing yet: all None)."""
        with self._lock:
            return self._facts.get(key, FamilyFacts())

    def remember(self, key: str, **changes: Any) -> None:
        """Record facts about ``key`` (``extended``, ``card_access``, ``no_card_access``)."""
        with self._lock:
            before = self._facts.get(key, FamilyFacts())
            after = replace(before, **changes)
            if after == before:
                return
            self._facts[key] = after
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        data = {key: {**asdict(f), "card_access": f.card_access.hex() if f.card_access
                      else None, "sod_certificates": [c.hex() for c in f.sod_certificates]}
                for key, f in self._facts.items()}
        try:
            # owner-only like the rest of the data at rest (nothing personal in it)
            secure_folder(self.path.parent)
            tmp = self.path.with_suffix(".tmp")
            create_private(tmp)
            secure_file(tmp)  # a leftover from an interrupted save keeps no loose mode
            tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
            tmp.replace(self.path)
        except (OSError, PrivateFileError) as exc:  # costs the memory, never the read
            log.warning("card family memory not saved",
                        extra={"fields": {"error": type(exc).__name__}})


def _read_extended(transport: Transport, sfi: int) -> tuple[int, bytes]:
    """One plain READ BINARY by SFI with an extended Le: (status word, data)."""
    response = transport.transmit(CommandApdu(0x00, 0xB0, 0x80 | sfi, 0x00, le=EXTENDED_LE))
    return response.sw, response.data


def _complete(data: bytes) -> bytes | None:
    """``data`` cut to its TLV length when it holds the whole object, else None."""
    try:
        total = total_length_from_header(data)
    except ParseError:
        return None
    return data[:total] if total <= min(len(data), MAX_PROBED_FILE) else None


def probe_extended(transport: Transport) -> Probe:
    """Before secure messaging: does the card take an extended Le? One or two APDUs.

    EF.CardAccess first (a PACE card reads it anyway, so a "yes" costs nothing); a
    card without it (6A82) is asked for EF.ATR/INFO. A refused length (6700, 6Cxx...)
    or a reader that cannot carry the APDU means no; two missing files mean unknown.
    """
    no_card_access = False
    for sfi in (EF_CARD_ACCESS.sfi, EF_ATR_INFO_SFI):
        try:
            sw, data = _read_extended(transport, sfi)
        except CardRemovedError:
            # Some readers drop an APDU they cannot carry as if the card had gone; the
            # short read that follows tells a real removal from that.
            log.info("extended probe not carried by the reader")
            return Probe(False)
        if sw == 0x6A82 or sw == 0x6A88:
            no_card_access = no_card_access or sfi == EF_CARD_ACCESS.sfi
            continue
        if sw in (0x9000, 0x6282) and data:
            whole = _complete(data) if sfi == EF_CARD_ACCESS.sfi else None
            return Probe(True, whole, no_card_access)
        if sw in _REFUSED_LENGTH or sw >> 8 == 0x6C:
            return Probe(False, None, no_card_access)
        return Probe(None, None, no_card_access)  # another refusal: nothing learnt
    return Probe(None, None, no_card_access)


def before_unlock(transport: Transport, families: CardFamilies | None,
                  extended_auto: bool) -> tuple[KnownCardAccess | None, bool | None, str]:
    """What to unlock and read with: (known EF.CardAccess, extended reads, family key).

    ``extended`` is None when the read strategy decides on its own (``auto`` is off);
    the probe runs only for a family not met before, and only when the reader may
    carry extended APDUs at all.
    """
    if families is None:
        return None, None, ""
    key = family_key(transport)
    facts = families.get(key)
    known = (KnownCardAccess(facts.card_access, facts.no_card_access)
             if facts.card_access or facts.no_card_access else None)
    if not extended_auto:
        return known, None, key
    if not transport.supports_extended:
        return known, False, key
    extended = facts.extended
    if extended is None:
        probe = probe_extended(transport)
        extended = bool(probe.extended)  # unknown: short APDUs, as before
        families.remember(key, extended=extended)
        log.info("extended length probed", extra={"fields": {
            "extended": extended, "answered": probe.extended is not None}})
        if probe.card_access is not None:
            known = KnownCardAccess(probe.card_access, from_card=True)
        elif probe.no_card_access:
            known = KnownCardAccess(None, absent=True, from_card=True)
    return known, extended, key


def after_unlock(families: CardFamilies | None, key: str, known: KnownCardAccess | None,
                 unlocked: Unlocked) -> None:
    """Remember the EF.CardAccess PACE accepted, or that the family's cards have none."""
    if families is None or not key:
        return
    if unlocked.card_access is not None:
        families.remember(key, card_access=unlocked.card_access, no_card_access=False)
    elif known is not None and known.absent and known.from_card:
        families.remember(key, no_card_access=True)
