"""Reading EF.SOD without its document-signer certificate when the family's is known.

EF.SOD is CMS SignedData (ICAO 9303-10 §4.6.2)::

    77 L  30 L  06 <signedData>  A0 L  30 L
            02 version  31 digestAlgorithms  30 encapContentInfo (the hashes)
            A0 L certificates          ← the document signer's certificate
            31 L signerInfos           (the signature)

The certificate is half of the file or more, and the same in every card its signer
signed: a batch of cards of one family. When the card family's certificates field is
known (``kiosk.devices.chip.card_family``), the reader reads the SOD up to it, puts
the known bytes in its place and reads the signature after it. Passive authentication
then checks the signature with that certificate, exactly as if it had been read: a
certificate that is not the card's fails the check, and the SOD is then read whole
(``kiosk.devices.chip.card_session``). The bytes already read where the certificate
starts must match the known copy, and only a copy of exactly the declared length is
used, so another signer's certificate is normally never tried.

Written here because no ASN.1 library parses a *prefix* of a DER file; only headers
are read, never the certificate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kiosk.core.errors import ParseError
from kiosk.devices.chip.tlv import _parse_length, _parse_tag

GIVE_UP = (-1, b"")
CERTIFICATES_TAG = 0xA0
MIN_OVERLAP = 48  # bytes of the certificate to compare when several copies fit its length

#: Given the file's bytes read so far: None (read more first), GIVE_UP, or
#: (offset, bytes): the known content that starts at ``offset``.
Splice = Callable[[bytes], tuple[int, bytes] | None]

# The path to the certificates field: (tag, enter it?) at each step; the last is A0.
_PATH = ((0x77, True), (0x30, True), (0x06, False), (0xA0, True), (0x30, True),
         (0x02, False), (0x31, False), (0x30, False))


def _header(prefix: bytes, pos: int, tag: int) -> tuple[int, int] | None:
    """(content offset, length) of the object at ``pos``, which must have ``tag``;
    None while its header is not all in ``prefix``."""
    try:
        found, after_tag = _parse_tag(prefix, pos)
        length, start = _parse_length(prefix, after_tag)
    except ParseError:
        if pos + 6 > len(prefix):
            return None
        raise
    if found != tag:
        raise ParseError(f"EF.SOD: expected tag {tag:02X} at offset {pos}, found {found:02X}.")
    return start, length


def certificate_span(prefix: bytes) -> tuple[int, int] | None:
    """(offset, length) of the certificates field's content, None while ``prefix`` is
    too short to tell. Raises ParseError when the SOD is not laid out as above."""
    pos = 0
    for tag, enter in _PATH:
        header = _header(prefix, pos, tag)
        if header is None:
            return None
        start, length = header
        pos = start if enter else start + length
    return _header(prefix, pos, CERTIFICATES_TAG)


def certificate_field(sod: bytes) -> bytes | None:
    """The certificates field's content of a whole SOD, or None without one."""
    try:
        span = certificate_span(sod)
    except ParseError:
        return None
    if span is None or span[0] + span[1] > len(sod):
        return None
    return sod[span[0]:span[0] + span[1]]


def certificate_splice(known: Sequence[bytes]) -> Splice:
    """A splice for :meth:`FileReader.read` putting one of the ``known`` certificates
    fields in place (see the module's description)."""

    def splice(data: bytes) -> tuple[int, bytes] | None:
        try:
            span = certificate_span(data)
        except ParseError:
            return GIVE_UP
        if span is None:
            return None
        start, length = span
        seen = data[start:start + length]
        fits = [c for c in known if len(c) == length and c[:len(seen)] == seen]
        if len(fits) == 1:
            return start, fits[0]
        if not fits or len(seen) >= MIN_OVERLAP:
            return GIVE_UP
        return None  # several copies fit: read a little of the certificate first

    return splice


def splice_point(splice: Splice, data: bytes, total: int) -> tuple[int, bytes] | None:
    """Where known bytes go: None (not decided yet), GIVE_UP, or (offset, bytes) that
    fit the file and agree with what was already read past ``offset``."""
    hit = splice(data)
    if hit is None:
        return None
    at, known = hit
    if at < 0 or at + len(known) > total or data[at:] != known[:max(0, len(data) - at)]:
        return GIVE_UP
    return at, known
