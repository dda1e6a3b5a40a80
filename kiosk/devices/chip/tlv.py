"""BER-TLV (ISO/IEC 7816-4 / ICAO 9303 LDS) parsing and encoding.

Tags are kept as integers made of their raw bytes (``0x61``, ``0x5F1F``, ``0x7F61``).
Lengths use the short form (below 128) or the long form with 1 to 4 length bytes; the
indefinite form (``80``) is not used in the LDS and is rejected. Every malformed input
raises :class:`kiosk.core.errors.ParseError` whose message says where and what.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.core.errors import ParseError

MAX_LENGTH_BYTES = 4
_MAX_TAG_BYTES = 4


@dataclass(frozen=True)
class Tlv:
    """One BER-TLV data object: its tag (as an int of its raw bytes) and its value."""

    tag: int
    value: bytes

    @property
    def constructed(self) -> bool:
        """True when the tag's first byte has the constructed bit (0x20) set."""
        return bool(_first_tag_byte(self.tag) & 0x20)

    def children(self) -> list[Tlv]:
        """Parse the value as a list of TLV objects (raises ParseError if it is not one)."""
        return parse_tlv(self.value)

    def encode(self) -> bytes:
        """Encode this object back to bytes (tag, DER length, value)."""
        return encode_tlv(self.tag, self.value)

    def __repr__(self) -> str:
        return f"Tlv(tag=0x{self.tag:X}, length={len(self.value)})"


def _first_tag_byte(tag: int) -> int:
    return tag >> (8 * ((tag.bit_length() - 1) // 8)) if tag > 0xFF else tag


def _parse_tag(data: bytes, offset: int) -> tuple[int, int]:
    """Read a tag at ``offset``; return (tag, offset after the tag)."""
    if offset >= len(data):
        raise ParseError(f"TLV truncated: tag expected at offset {offset}, no bytes left.")
    first = data[offset]
    tag = first
    pos = offset + 1
    if first & 0x1F == 0x1F:
        while True:
            if pos >= len(data):
                raise ParseError(f"TLV truncated: multi-byte tag at offset {offset} is cut off.")
            if pos - offset >= _MAX_TAG_BYTES:
                raise ParseError(f"TLV malformed: tag at offset {offset} is longer than "
                                 f"{_MAX_TAG_BYTES} bytes.")
            byte = data[pos]
            tag = (tag << 8) | byte
            pos += 1
            if not byte & 0x80:
                break
    return tag, pos


def _parse_length(data: bytes, offset: int) -> tuple[int, int]:
    """Read a length at ``offset``; return (length, offset after the length field)."""
    if offset >= len(data):
        raise ParseError(f"TLV truncated: length expected at offset {offset}, no bytes left.")
    first = data[offset]
    if first < 0x80:
        return first, offset + 1
    count = first & 0x7F
    if count == 0:
        raise ParseError(f"TLV malformed: indefinite length (80) at offset {offset} "
                         "is not allowed.")
    if count > MAX_LENGTH_BYTES:
        raise ParseError(f"TLV malformed: length at offset {offset} uses {count} bytes "
                         f"(at most {MAX_LENGTH_BYTES} allowed).")
    end = offset + 1 + count
    if end > len(data):
        raise ParseError(f"TLV truncated: length at offset {offset} needs {count} more bytes, "
                         f"only {len(data) - offset - 1} present.")
    return int.from_bytes(data[offset + 1:end], "big"), end


def parse_one(data: bytes, offset: int = 0) -> tuple[Tlv, int]:
    """Parse one TLV object starting at ``offset``; return it and the offset after it."""
    if offset < 0:
        raise ParseError(f"TLV offset {offset} is negative.")
    size = len(data)
    # Fast path: one-byte tag and short-form length (most LDS objects).
    if offset + 1 < size and data[offset] & 0x1F != 0x1F and data[offset + 1] < 0x80:
        tag, length, pos = data[offset], data[offset + 1], offset + 2
    else:
        tag, pos = _parse_tag(data, offset)
        length, pos = _parse_length(data, pos)
    end = pos + length
    if end > size:
        raise ParseError(f"TLV truncated: object with tag 0x{tag:X} at offset {offset} "
                         f"declares {length} value bytes, only {len(data) - pos} present.")
    return Tlv(tag, bytes(data[pos:end])), end


def parse_tlv(data: bytes) -> list[Tlv]:
    """Parse ``data`` as a concatenation of TLV objects (all bytes must be consumed)."""
    out: list[Tlv] = []
    offset = 0
    while offset < len(data):
        tlv, offset = parse_one(data, offset)
        out.append(tlv)
    return out


def find(tlvs: Iterable[Tlv], tag: int) -> Tlv | None:
    """The first object with ``tag`` among ``tlvs`` (not recursive), or None."""
    for tlv in tlvs:
        if tlv.tag == tag:
            return tlv
    return None


def expect_single(data: bytes, tag: int, what: str) -> Tlv:
    """Parse ``data`` as exactly one TLV with ``tag``; ``what`` names it in errors."""
    tlvs = parse_tlv(data)
    if len(tlvs) != 1:
        raise ParseError(f"{what}: expected one TLV object, found {len(tlvs)}.")
    if tlvs[0].tag != tag:
        raise ParseError(f"{what}: expected tag 0x{tag:X}, found 0x{tlvs[0].tag:X}.")
    return tlvs[0]


def encode_length(n: int) -> bytes:
    """DER length field for ``n`` value bytes (short form below 128, else long form)."""
    if n < 0:
        raise ValueError("TLV length cannot be negative")
    if n < 0x80:
        return bytes((n,))
    size = (n.bit_length() + 7) // 8
    if size > MAX_LENGTH_BYTES:
        raise ValueError(f"TLV length {n} needs more than {MAX_LENGTH_BYTES} length bytes")
    return bytes((0x80 | size,)) + n.to_bytes(size, "big")


def encode_tag(tag: int) -> bytes:
    """The raw bytes of ``tag`` (an int such as 0x61 or 0x5F1F)."""
    if tag < 0:
        raise ValueError("TLV tag cannot be negative")
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode_tlv(tag: int, value: bytes) -> bytes:
    """Encode one TLV object: tag bytes, DER length, value."""
    return encode_tag(tag) + encode_length(len(value)) + bytes(value)


def total_length_from_header(header: bytes) -> int:
    """Total size of a file (header + value) from its first bytes (tag and length).

    ``header`` is the start of an elementary file such as DG2 (4 to 6 bytes is always
    enough for tags of up to 2 bytes). Raises ParseError saying how many bytes are
    needed when ``header`` is too short.
    """
    try:
        _tag, pos = _parse_tag(header, 0)
    except ParseError:
        if header and header[0] & 0x1F == 0x1F:
            raise ParseError(f"EF header too short: {len(header)} bytes given, the tag "
                             "needs more (read at least 6 bytes).") from None
        raise ParseError("EF header is empty: read at least 6 bytes.") from None
    if pos >= len(header):
        raise ParseError(f"EF header too short: {len(header)} bytes given, at least "
                         f"{pos + 1} needed.")
    first = header[pos]
    needed = pos + 1 + (first & 0x7F if first >= 0x80 else 0)
    if len(header) < needed:
        raise ParseError(f"EF header too short: {len(header)} bytes given, {needed} needed.")
    length, value_start = _parse_length(header, pos)
    return value_start + length
