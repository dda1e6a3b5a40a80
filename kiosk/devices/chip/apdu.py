"""ISO 7816-4 APDUs, status words as named errors, and the transport seam.

A :class:`Transport` sends one command APDU and returns the response. The real one
talks PC/SC (``kiosk.devices.card.reader.PcscTransport``); the in-process one calls the card
emulator directly; the secure-messaging layer is itself a transport that wraps another.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from kiosk.core.errors import CardError, ParseError

SHORT_LE_MAX = 256
EXTENDED_LE_MAX = 65536


@dataclass(frozen=True)
class CommandApdu:
    """A command APDU.

    ``le`` is the expected response length: ``None`` when absent, otherwise 1..65536
    (256 is encoded as ``00`` in a short APDU, 65536 as ``0000`` in an extended one).
    """

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    @property
    def needs_extended(self) -> bool:
        """True when the data or Le do not fit a short APDU."""
        return len(self.data) > 255 or (self.le is not None and self.le > SHORT_LE_MAX)

    def to_bytes(self, extended: bool | None = None) -> bytes:
        """Encode the APDU; ``extended`` forces the length format (default: as needed)."""
        ext = self.needs_extended if extended is None else extended
        if not ext and self.needs_extended:
            raise ValueError("APDU does not fit the short format")
        out = bytearray((self.cla, self.ins, self.p1, self.p2))
        if ext:
            if self.data:
                out += b"\x00" + len(self.data).to_bytes(2, "big") + self.data
            if self.le is not None:
                le = 0 if self.le == EXTENDED_LE_MAX else self.le
                out += (b"" if self.data else b"\x00") + le.to_bytes(2, "big")
        else:
            if self.data:
                out += bytes((len(self.data),)) + self.data
            if self.le is not None:
                out += bytes((0 if self.le == SHORT_LE_MAX else self.le,))
        return bytes(out)

    @classmethod
    def from_bytes(cls, raw: bytes) -> CommandApdu:
        """Parse an encoded APDU (cases 1-4, short or extended)."""
        if len(raw) < 4:
            raise ParseError(f"APDU too short: {len(raw)} bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or SHORT_LE_MAX)
        if body[0] != 0:
            # Short case 3 (Lc data) or case 4 (Lc data Le).
            lc = body[0]
            if len(body) not in (1 + lc, 2 + lc):
                raise ParseError("malformed short APDU length")
            data = body[1 : 1 + lc]
            le = None if len(body) == 1 + lc else (body[1 + lc] or SHORT_LE_MAX)
            return cls(cla, ins, p1, p2, data, le)
        if len(body) == 3:
            le = int.from_bytes(body[1:3], "big") or EXTENDED_LE_MAX
            return cls(cla, ins, p1, p2, le=le)
        lc = int.from_bytes(body[1:3], "big")
        if lc == 0 or len(body) not in (3 + lc, 5 + lc):
            raise ParseError("malformed extended APDU length")
        data = body[3 : 3 + lc]
        ext_le: int | None = None
        if len(body) == 5 + lc:
            ext_le = int.from_bytes(body[3 + lc :], "big") or EXTENDED_LE_MAX
        return cls(cla, ins, p1, p2, data, ext_le)


@dataclass(frozen=True)
class ResponseApdu:
    """A response APDU: data and the two status bytes."""

    data: bytes
    sw1: int
    sw2: int

    @property
    def sw(self) -> int:
        """The status word as one integer, e.g. 0x9000."""
        return (self.sw1 << 8) | self.sw2

    @property
    def ok(self) -> bool:
        """True for 9000."""
        return self.sw == 0x9000

    def to_bytes(self) -> bytes:
        """Encode as data || SW1 SW2."""
        return self.data + bytes((self.sw1, self.sw2))

    @classmethod
    def from_bytes(cls, raw: bytes) -> ResponseApdu:
        """Parse data || SW1 SW2."""
        if len(raw) < 2:
            raise ParseError(f"response too short: {len(raw)} bytes")
        return cls(bytes(raw[:-2]), raw[-2], raw[-1])

    @classmethod
    def status(cls, sw: int, data: bytes = b"") -> ResponseApdu:
        """Build a response from an integer status word."""
        return cls(data, sw >> 8, sw & 0xFF)

    def check(self) -> ResponseApdu:
        """Return self for 9000, otherwise raise the named :class:`StatusWordError`."""
        if self.sw != 0x9000:
            raise status_error(self.sw)
        return self


class StatusWordError(CardError):
    """The card answered with a status word other than 9000."""

    meaning = "unexpected status"

    def __init__(self, sw: int) -> None:
        super().__init__(f"card answered {sw:04X} ({self.meaning})")
        self.sw = sw


class EndOfFileError(StatusWordError):
    """6282: end of file reached before Le bytes were read."""

    meaning = "end of file reached"


class WrongLengthError(StatusWordError):
    """6700: wrong length."""

    meaning = "wrong length"


class SecurityStatusError(StatusWordError):
    """6982: security status not satisfied (access control needed or failed)."""

    meaning = "security status not satisfied"


class AuthBlockedError(StatusWordError):
    """6983: authentication method blocked."""

    meaning = "authentication method blocked"


class ConditionsNotSatisfiedError(StatusWordError):
    """6985: conditions of use not satisfied."""

    meaning = "conditions of use not satisfied"


class SmObjectsMissingError(StatusWordError):
    """6987: expected secure messaging data objects missing."""

    meaning = "secure messaging objects missing"


class SmObjectsIncorrectError(StatusWordError):
    """6988: secure messaging data objects incorrect (e.g. wrong MAC)."""

    meaning = "secure messaging objects incorrect"


class WrongDataError(StatusWordError):
    """6A80: incorrect parameters in the data field."""

    meaning = "incorrect data"


class FileNotFoundOnCardError(StatusWordError):
    """6A82: file or application not found."""

    meaning = "file not found"


class WrongParametersError(StatusWordError):
    """6A86 / 6B00: incorrect P1-P2 (e.g. offset beyond the file)."""

    meaning = "wrong parameters"


class WrongLeError(StatusWordError):
    """6Cxx: wrong Le; ``correct_le`` holds the length the card offers."""

    meaning = "wrong Le"

    @property
    def correct_le(self) -> int:
        """The length the card says is available (256 when SW2 is 00)."""
        return (self.sw & 0xFF) or SHORT_LE_MAX


class InsNotSupportedError(StatusWordError):
    """6D00: instruction not supported."""

    meaning = "instruction not supported"


class ClaNotSupportedError(StatusWordError):
    """6E00: class not supported."""

    meaning = "class not supported"


_BY_SW: dict[int, type[StatusWordError]] = {
    0x6282: EndOfFileError,
    0x6700: WrongLengthError,
    0x6982: SecurityStatusError,
    0x6983: AuthBlockedError,
    0x6985: ConditionsNotSatisfiedError,
    0x6987: SmObjectsMissingError,
    0x6988: SmObjectsIncorrectError,
    0x6A80: WrongDataError,
    0x6A82: FileNotFoundOnCardError,
    0x6A86: WrongParametersError,
    0x6B00: WrongParametersError,
    0x6D00: InsNotSupportedError,
    0x6E00: ClaNotSupportedError,
}


def status_error(sw: int) -> StatusWordError:
    """Return the named error for a status word (a generic one when unknown)."""
    if sw >> 8 == 0x6C:
        return WrongLeError(sw)
    return _BY_SW.get(sw, StatusWordError)(sw)


@runtime_checkable
class Transport(Protocol):
    """Sends one command APDU to a card and returns its response.

    Implementations raise :class:`kiosk.core.errors.CardRemovedError` when the card is gone
    and :class:`kiosk.core.errors.ReaderError` when the reader is. They do not raise on
    status words: callers decide with :meth:`ResponseApdu.check`.
    """

    @property
    def supports_extended(self) -> bool:
        """Whether extended-length APDUs can be sent through this transport."""
        ...

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        """Send ``command`` and return the card's response."""
        ...


@dataclass
class TransportStats:
    """APDU and byte counters for one read (bytes are both directions, on the wire)."""

    apdus: int = 0
    bytes: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def ms(self) -> int:
        """Milliseconds since the counters started."""
        return round((time.perf_counter() - self.started) * 1000)


class CountingTransport:
    """Wraps a transport and counts the APDUs and bytes that cross it."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.stats = TransportStats()

    @property
    def supports_extended(self) -> bool:
        """Whether the wrapped transport supports extended APDUs."""
        return self.inner.supports_extended

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        """Send through the wrapped transport, counting the exchange."""
        response = self.inner.transmit(command)
        self.stats.apdus += 1
        self.stats.bytes += len(command.to_bytes()) + len(response.data) + 2
        return response


def reader_max_response(transport: Transport) -> int | None:
    """The largest APDU the reader behind ``transport`` says it carries, or None.

    Looks through wrappers (counting, secure messaging) for a ``max_response``
    (``PcscTransport`` asks the driver: PC/SC SCARD_ATTR_MAXINPUT).
    """
    layer: object = transport
    for _ in range(6):
        size = getattr(layer, "max_response", None)
        if isinstance(size, int) and size > 0:
            return size
        layer = getattr(layer, "inner", None)
    return None
