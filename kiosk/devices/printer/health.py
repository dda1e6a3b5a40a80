"""Printer health from the real-time status replies (DLE EOT n, n = 1..4).

Epson's ESC/POS answers ``DLE EOT n`` with one byte even while it is offline, so the
four replies say *why* a printer is not ready. No reply at all is its own state:
python-escpos's ``paper_status()`` reports "paper adequate" and ``is_online()``
"offline" in that case, so it cannot tell an empty roll from a dead cable; here the
two are different states.

Bits (Epson TM series, same on most clones; bits 1 and 4 are always 1, bits 0 and 7
always 0):

* n=1 printer: bit 3 offline, bit 5 waiting for online recovery, bit 6 feed button
* n=2 offline cause: bit 2 cover open, bit 3 feed button, bit 5 stopped at paper end,
  bit 6 error
* n=3 error cause: bit 2 mechanical error, bit 3 autocutter error, bit 5
  unrecoverable error, bit 6 auto-recoverable error (e.g. head too hot)
* n=4 roll paper: bits 2-3 near end, bits 5-6 paper end (not present)
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

DLE_EOT = b"\x10\x04"
FIXED_MASK = 0x93  # bits 0, 1, 4, 7
FIXED_VALUE = 0x12  # bits 1 and 4 set


class PrinterState(enum.Enum):
    """One state for the whole printer, the most serious condition first."""

    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    UNVERIFIED = "unverified"  # the connection cannot report status (file://, cups://)
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    CUTTER_ERROR = "cutter_error"
    MECHANICAL_ERROR = "mechanical_error"
    UNRECOVERABLE_ERROR = "unrecoverable_error"
    RECOVERABLE_ERROR = "recoverable_error"  # e.g. print head too hot; clears by itself
    OFFLINE = "offline"  # offline for another reason (feed button held, recovering)
    NO_REPLY = "no_reply"  # connected but the printer does not answer (off, wrong port)
    DISCONNECTED = "disconnected"  # the device cannot be opened or vanished


PRINTABLE_STATES = frozenset(
    {PrinterState.READY, PrinterState.PAPER_NEAR_END, PrinterState.UNVERIFIED}
)
"""States in which a job is sent."""
WARNING_STATES = frozenset({PrinterState.PAPER_NEAR_END, PrinterState.UNVERIFIED})
"""Printable, but the technician should look."""
PAPER_STATES = frozenset({PrinterState.PAPER_NEAR_END, PrinterState.PAPER_OUT})
"""States a staff member fixes by changing the roll."""
ERROR_STATES = frozenset(
    {
        PrinterState.PAPER_OUT,
        PrinterState.COVER_OPEN,
        PrinterState.CUTTER_ERROR,
        PrinterState.MECHANICAL_ERROR,
        PrinterState.UNRECOVERABLE_ERROR,
        PrinterState.RECOVERABLE_ERROR,
        PrinterState.OFFLINE,
    }
)
"""The printer answers but cannot print."""
CONNECTION_STATES = frozenset({PrinterState.NO_REPLY, PrinterState.DISCONNECTED})
"""The kiosk cannot reach the printer."""

MESSAGES: Mapping[PrinterState, tuple[str, str]] = MappingProxyType(
    {
        PrinterState.READY: ("Máy in sẵn sàng", "Printer ready"),
        PrinterState.PAPER_NEAR_END: ("Giấy in sắp hết", "Paper roll nearly empty"),
        PrinterState.UNVERIFIED: (
            "Không đọc được trạng thái máy in",
            "This connection cannot report the printer's status",
        ),
        PrinterState.PAPER_OUT: ("Máy in hết giấy", "Printer is out of paper"),
        PrinterState.COVER_OPEN: ("Nắp máy in đang mở", "Printer cover is open"),
        PrinterState.CUTTER_ERROR: ("Lỗi dao cắt giấy", "Paper cutter error"),
        PrinterState.MECHANICAL_ERROR: ("Lỗi cơ khí máy in", "Printer mechanical error"),
        PrinterState.UNRECOVERABLE_ERROR: (
            "Máy in bị lỗi, cần kỹ thuật viên",
            "Printer failed and needs a technician",
        ),
        PrinterState.RECOVERABLE_ERROR: (
            "Máy in tạm dừng (đầu in quá nóng)",
            "Printer paused (print head too hot)",
        ),
        PrinterState.OFFLINE: ("Máy in đang ngoại tuyến", "Printer is offline"),
        PrinterState.NO_REPLY: ("Máy in không phản hồi", "Printer does not answer"),
        PrinterState.DISCONNECTED: ("Không kết nối được máy in", "Printer is not connected"),
    }
)


@dataclass(frozen=True)
class PrinterHealth:
    """The printer's state, every condition seen, and the raw replies (n -> byte or None)."""

    state: PrinterState
    conditions: frozenset[PrinterState] = frozenset()
    replies: Mapping[int, int | None] = field(default_factory=lambda: MappingProxyType({}))
    detail: str = ""

    @property
    def printable(self) -> bool:
        """True when a job may be sent."""
        return self.state in PRINTABLE_STATES

    @property
    def message_vi(self) -> str:
        """What is wrong, in Vietnamese."""
        return MESSAGES[self.state][0]

    @property
    def message_en(self) -> str:
        """What is wrong, in English."""
        return MESSAGES[self.state][1]

    def describe(self) -> str:
        """One line for the technician, in words: the state, other conditions, what each
        status reply says, then the raw bytes (for the printer's manual)."""
        others = [MESSAGES[c][1].lower() for c in SEVERITY
                  if c in self.conditions and c is not self.state]
        text = MESSAGES[self.state][1] + (f"; also {', '.join(others)}" if others else "")
        if self.replies:
            said = ", ".join(reply_meaning(n, b) for n, b in sorted(self.replies.items()))
            raw = " ".join("--" if b is None else f"{b:02X}"
                           for _n, b in sorted(self.replies.items()))
            text += f": {said} (status bytes {raw})"
        return text + (f"; {self.detail}" if self.detail else "")


REQUESTS: Mapping[int, str] = MappingProxyType(
    {1: "printer", 2: "offline cause", 3: "error", 4: "paper roll"})
"""What each DLE EOT n asks about, in words."""
_BITS: Mapping[int, tuple[tuple[int, str], ...]] = MappingProxyType({
    1: ((0x08, "offline"), (0x20, "waiting to come back online"), (0x40, "feed button held")),
    2: ((0x04, "cover open"), (0x08, "feed button held"), (0x20, "stopped at paper end"),
        (0x40, "error")),
    3: ((0x04, "mechanical error"), (0x08, "cutter error"), (0x20, "unrecoverable error"),
        (0x40, "auto-recoverable error")),
    4: ((0x0C, "paper nearly out"), (0x60, "paper out")),
})
_NOTHING = MappingProxyType(
    {1: "printer online", 2: "no offline cause", 3: "no error", 4: "paper present"})


def reply_meaning(n: int, byte: int | None) -> str:
    """What the reply ``byte`` to DLE EOT ``n`` says, in words."""
    if byte is None:
        return f"no answer about the {REQUESTS.get(n, f'n={n}')}"
    if n not in _BITS or byte & FIXED_MASK != FIXED_VALUE:
        return f"unreadable {REQUESTS.get(n, f'n={n}')} reply"
    words = [w for mask, w in _BITS[n] if byte & mask]
    if n == 4 and "paper out" in words:
        words = ["paper out"]
    return f"{REQUESTS[n]}: {', '.join(words)}" if words else _NOTHING[n]


# Most serious first: the state shown is the first condition present in this order.
SEVERITY = (
    PrinterState.DISCONNECTED,
    PrinterState.NO_REPLY,
    PrinterState.UNRECOVERABLE_ERROR,
    PrinterState.MECHANICAL_ERROR,
    PrinterState.CUTTER_ERROR,
    PrinterState.COVER_OPEN,
    PrinterState.PAPER_OUT,
    PrinterState.RECOVERABLE_ERROR,
    PrinterState.OFFLINE,
    PrinterState.PAPER_NEAR_END,
    PrinterState.UNVERIFIED,
    PrinterState.READY,
)


def decode_status(replies: Mapping[int, int | None]) -> PrinterHealth:
    """Turn the replies to DLE EOT 1..4 (None = no reply) into a PrinterHealth."""
    frozen = MappingProxyType(dict(replies))
    answered = {n: b for n, b in replies.items() if b is not None}
    if not answered:
        return PrinterHealth(PrinterState.NO_REPLY, frozenset({PrinterState.NO_REPLY}), frozen)
    bad = [n for n, b in answered.items() if b & FIXED_MASK != FIXED_VALUE]
    if bad:
        return PrinterHealth(
            PrinterState.NO_REPLY,
            frozenset({PrinterState.NO_REPLY}),
            frozen,
            detail=f"the {REQUESTS.get(bad[0], 'status')} reply is not an ESC/POS status byte",
        )
    found: set[PrinterState] = set()
    printer, offline, error, paper = (answered.get(n, 0x12) for n in (1, 2, 3, 4))
    if offline & 0x04:
        found.add(PrinterState.COVER_OPEN)
    if offline & 0x20 or paper & 0x60:
        found.add(PrinterState.PAPER_OUT)
    elif paper & 0x0C:
        found.add(PrinterState.PAPER_NEAR_END)
    if error & 0x04:
        found.add(PrinterState.MECHANICAL_ERROR)
    if error & 0x08:
        found.add(PrinterState.CUTTER_ERROR)
    if error & 0x20:
        found.add(PrinterState.UNRECOVERABLE_ERROR)
    if error & 0x40:
        found.add(PrinterState.RECOVERABLE_ERROR)
    if (printer & 0x08 or offline & 0x40) and not found & ERROR_STATES:
        found.add(PrinterState.OFFLINE)
    if len(answered) < 4:
        missing = sorted(set(range(1, 5)) - set(answered))
        detail = "no answer about the " + ", ".join(REQUESTS[n] for n in missing)
    else:
        detail = ""
    state = next((s for s in SEVERITY if s in found), PrinterState.READY)
    return PrinterHealth(state, frozenset(found or {PrinterState.READY}), frozen, detail)


def query_status(
    exchange: Callable[[bytes], bytes], skip: frozenset[int] = frozenset()
) -> PrinterHealth:
    """Ask DLE EOT 1..4 through ``exchange`` (send a command, return the reply bytes).

    An empty reply means no answer. The last byte of a reply is used, so a stale
    byte left in the line does not shift the answers. Requests in ``skip`` (ones this
    model is known to ignore) are not sent, so they cost no timeout.
    """
    replies: dict[int, int | None] = {}
    for n in (1, 2, 3, 4):
        if n in skip and n != 1:
            replies[n] = None
            continue
        reply = exchange(DLE_EOT + bytes([n]))
        replies[n] = reply[-1] if reply else None
        if n == 1 and reply == b"":
            # A printer that ignores n=1 ignores the rest: do not wait three more timeouts.
            replies.update({2: None, 3: None, 4: None})
            break
    return decode_status(replies)
