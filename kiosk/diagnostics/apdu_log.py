"""A raw APDU log for the technician, with personal data masked.

:class:`LoggingTransport` wraps any card transport and writes one
:class:`ApduEntry` per exchange into an :class:`ApduLog` (a bounded, thread-safe
ring the diagnostics screen and the exported report read). What is kept: the command
header (CLA INS P1 P2), the name of the instruction, data and response *lengths*, the
status word and the time. What is never kept: response data (it can be a name, a
photo, an ID number) and command data, except the file and application identifiers
of a plain SELECT, which are the same on every card.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

from kiosk.core.errors import CardRemovedError
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu, Transport
from kiosk.devices.chip.card_session import Reconnectable

INSTRUCTIONS = {
    0xA4: "SELECT", 0xB0: "READ BINARY", 0xB1: "READ BINARY (odd)", 0x84: "GET CHALLENGE",
    0x82: "EXTERNAL AUTHENTICATE", 0x88: "INTERNAL AUTHENTICATE", 0x22: "MSE SET",
    0x86: "GENERAL AUTHENTICATE", 0xC0: "GET RESPONSE",
}
MASK = "‹{} bytes masked›"


@dataclass(frozen=True)
class ApduEntry:
    """One exchange, safe to show and to export."""

    index: int
    at_ms: float
    header: str
    instruction: str
    secure: bool
    command_data: str
    le: int | None
    sw: str
    response_length: int
    duration_ms: float

    def line(self) -> str:
        """One log line: ``#3 +120ms 00 A4 04 0C SELECT A0000002471001 → 9000 (0 B, 44 ms)``."""
        sm = " [SM]" if self.secure else ""
        data = f" {self.command_data}" if self.command_data else ""
        le = f" Le={self.le}" if self.le is not None else ""
        return (f"#{self.index} +{self.at_ms:.0f}ms {self.header} {self.instruction}{sm}{data}"
                f"{le} → {self.sw} ({self.response_length} B, {self.duration_ms:.0f} ms)")


def _command_data(command: CommandApdu, secure: bool) -> str:
    if not command.data:
        return ""
    if command.ins == 0xA4 and not secure:
        return command.data.hex().upper()  # an application or file identifier
    return MASK.format(len(command.data))


class ApduLog:
    """The last ``size`` exchanges."""

    def __init__(self, size: int = 200) -> None:
        self._entries: deque[ApduEntry] = deque(maxlen=size)
        self._lock = threading.Lock()
        self._count = 0
        self._started = time.perf_counter()

    def add(self, command: CommandApdu, response: ResponseApdu | None, duration_s: float,
            error: str = "") -> ApduEntry:
        """Record one exchange (``response`` None when it failed with ``error``)."""
        secure = bool(command.cla & 0x0C)
        with self._lock:
            self._count += 1
            entry = ApduEntry(
                index=self._count,
                at_ms=(time.perf_counter() - self._started) * 1000,
                header=f"{command.cla:02X} {command.ins:02X} {command.p1:02X} {command.p2:02X}",
                instruction=INSTRUCTIONS.get(command.ins, f"INS {command.ins:02X}"),
                secure=secure,
                command_data=_command_data(command, secure),
                le=command.le,
                sw=f"{response.sw:04X}" if response is not None else error or "no answer",
                response_length=len(response.data) if response is not None else 0,
                duration_ms=duration_s * 1000,
            )
            self._entries.append(entry)
        return entry

    def entries(self) -> list[ApduEntry]:
        """The kept exchanges, oldest first."""
        with self._lock:
            return list(self._entries)

    def lines(self) -> list[str]:
        """The kept exchanges as text lines."""
        return [e.line() for e in self.entries()]

    def clear(self) -> None:
        """Forget every exchange."""
        with self._lock:
            self._entries.clear()


class LoggingTransport:
    """A transport that logs every exchange of the one it wraps."""

    def __init__(self, inner: Transport, log: ApduLog) -> None:
        self.inner = inner
        self.log = log

    @property
    def supports_extended(self) -> bool:
        """Whether the wrapped transport supports extended APDUs."""
        return self.inner.supports_extended

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        """Send through the wrapped transport and log the exchange."""
        start = time.perf_counter()
        try:
            response = self.inner.transmit(command)
        except Exception as exc:
            self.log.add(command, None, time.perf_counter() - start, type(exc).__name__)
            raise
        self.log.add(command, response, time.perf_counter() - start)
        return response

    def reconnect(self) -> None:
        """Reconnect the wrapped transport (a card back in the field), when it can."""
        if not isinstance(self.inner, Reconnectable):
            raise CardRemovedError("The card is not on the reader.")
        self.inner.reconnect()
