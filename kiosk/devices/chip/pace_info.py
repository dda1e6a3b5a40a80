"""PACE protocol identifiers and the PACEInfo entries of EF.CardAccess (ICAO 9303-11 §9.2).

EF.CardAccess is a DER ``SET OF SecurityInfo``; each SecurityInfo is
``SEQUENCE { protocol OID, requiredData ANY, optionalData ANY OPTIONAL }``. A PACEInfo
has a PACE protocol OID, the version as requiredData and the standardized domain
parameter ID as optionalData. Other SecurityInfos (Chip Authentication, PACE domain
parameters, ...) are skipped here.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.errors import ParseError
from kiosk.devices.chip.ecc_curves import CURVES
from kiosk.devices.chip.tlv import Tlv, encode_tlv, parse_tlv

ID_PACE = "0.4.0.127.0.7.2.2.4"

_OID_TAG = 0x06
_INTEGER_TAG = 0x02
_SET_TAG = 0x31
_SEQUENCE_TAG = 0x30


@dataclass(frozen=True)
class PaceAlgorithm:
    """What one PACE OID selects: mapping, key agreement, cipher and key length."""

    oid: str
    mapping: str  # "GM", "IM" or "CAM"
    agreement: str  # "DH" or "ECDH"
    cipher: str  # "3DES" or "AES"
    key_bits: int

    @property
    def name(self) -> str:
        """Readable name such as "PACE-ECDH-GM-AES-128"."""
        suite = "3DES" if self.cipher == "3DES" else f"AES-{self.key_bits}"
        return f"PACE-{self.agreement}-{self.mapping}-{suite}"


def _algorithms() -> dict[str, PaceAlgorithm]:
    table: dict[str, PaceAlgorithm] = {}
    families = {1: ("GM", "DH"), 2: ("GM", "ECDH"), 3: ("IM", "DH"), 4: ("IM", "ECDH"),
                6: ("CAM", "ECDH")}  # fmt: skip
    suites = {1: ("3DES", 128), 2: ("AES", 128), 3: ("AES", 192), 4: ("AES", 256)}
    for family, (mapping, agreement) in families.items():
        for suite, (cipher, bits) in suites.items():
            if mapping == "CAM" and cipher == "3DES":
                continue  # CAM is defined for AES only
            oid = f"{ID_PACE}.{family}.{suite}"
            table[oid] = PaceAlgorithm(oid, mapping, agreement, cipher, bits)
    return table


#: Every PACE protocol OID of ICAO 9303-11 / BSI TR-03110.
PACE_ALGORITHMS: dict[str, PaceAlgorithm] = _algorithms()


@dataclass(frozen=True)
class PaceInfo:
    """One PACEInfo: protocol OID, version and standardized domain parameter ID (if any)."""

    oid: str
    version: int
    parameter_id: int | None

    @property
    def algorithm(self) -> PaceAlgorithm:
        """The algorithm the OID names (every PaceInfo is built from a known OID)."""
        return PACE_ALGORITHMS[self.oid]

    @property
    def supported(self) -> bool:
        """True when the kiosk implements it: ECDH generic mapping on a listed curve."""
        algorithm = self.algorithm
        return (
            self.version == 2
            and algorithm.mapping == "GM"
            and algorithm.agreement == "ECDH"
            and self.parameter_id in CURVES
        )


def encode_oid(dotted: str) -> bytes:
    """DER content bytes (no tag, no length) of an OBJECT IDENTIFIER."""
    try:
        arcs = [int(part) for part in dotted.split(".")]
    except ValueError:
        raise ValueError(f"not a dotted OID: {dotted!r}") from None
    if len(arcs) < 2 or arcs[0] > 2 or (arcs[0] < 2 and arcs[1] > 39) or min(arcs) < 0:
        raise ValueError(f"not a valid OID: {dotted!r}")
    out = bytearray()
    for arc in [arcs[0] * 40 + arcs[1], *arcs[2:]]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


def decode_oid(content: bytes) -> str:
    """Dotted form of DER OBJECT IDENTIFIER content; ParseError when malformed."""
    if not content or content[-1] & 0x80:
        raise ParseError("An object identifier in EF.CardAccess is empty or cut off.")
    arcs: list[int] = []
    value = 0
    for index, byte in enumerate(content):
        if value == 0 and byte == 0x80 and (index == 0 or not content[index - 1] & 0x80):
            raise ParseError("An object identifier in EF.CardAccess has a padded arc.")
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first, *arcs[1:]])


def _integer(tlv: Tlv, what: str) -> int:
    if tlv.tag != _INTEGER_TAG or not tlv.value:
        raise ParseError(f"The {what} of a PACEInfo is not an INTEGER.")
    if len(tlv.value) > 8:
        raise ParseError(f"The {what} of a PACEInfo is implausibly large.")
    return int.from_bytes(tlv.value, "big", signed=True)


def parse_card_access(data: bytes) -> list[PaceInfo]:
    """Return the PACEInfos of EF.CardAccess, in file order.

    Raises ParseError when the file is not a SET OF SecurityInfo. SecurityInfos that
    are not PACEInfos are skipped, whatever their content.
    """
    top = parse_tlv(data)
    if len(top) != 1 or top[0].tag != _SET_TAG:
        raise ParseError("EF.CardAccess is not a single SET OF SecurityInfo.")
    infos: list[PaceInfo] = []
    for entry in top[0].children():
        if entry.tag != _SEQUENCE_TAG:
            raise ParseError("EF.CardAccess holds an entry that is not a SecurityInfo.")
        fields = entry.children()
        if len(fields) < 2 or fields[0].tag != _OID_TAG:
            raise ParseError("A SecurityInfo in EF.CardAccess lacks its protocol OID.")
        oid = decode_oid(fields[0].value)
        if oid not in PACE_ALGORITHMS:
            continue
        if len(fields) > 3:
            raise ParseError("A PACEInfo in EF.CardAccess has too many fields.")
        version = _integer(fields[1], "version")
        parameter_id = _integer(fields[2], "parameter ID") if len(fields) == 3 else None
        infos.append(PaceInfo(oid, version, parameter_id))
    return infos


def choose_pace_info(infos: list[PaceInfo]) -> PaceInfo | None:
    """The first PACEInfo the kiosk supports, or None (then BAC is the way in)."""
    return next((info for info in infos if info.supported), None)


def encode_pace_info(info: PaceInfo) -> bytes:
    """DER of one PACEInfo SecurityInfo (for the card emulator's EF.CardAccess)."""
    body = encode_tlv(_OID_TAG, encode_oid(info.oid)) + _encode_integer(info.version)
    if info.parameter_id is not None:
        body += _encode_integer(info.parameter_id)
    return encode_tlv(_SEQUENCE_TAG, body)


def _encode_integer(value: int) -> bytes:
    """DER INTEGER (minimal two's complement)."""
    length = max(1, (value.bit_length() + 8) // 8)
    return encode_tlv(_INTEGER_TAG, value.to_bytes(length, "big", signed=True))


def encode_card_access(infos: list[PaceInfo]) -> bytes:
    """DER of an EF.CardAccess holding ``infos``."""
    return encode_tlv(_SET_TAG, b"".join(encode_pace_info(info) for info in infos))
