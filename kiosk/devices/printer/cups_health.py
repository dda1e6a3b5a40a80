"""A CUPS queue's state as the printer's health (CUPS is one-way: no DLE EOT replies).

The kiosk cannot ask a printer behind CUPS for its real-time status, but CUPS knows
what its backend last reported: the queue state (idle, processing, stopped), whether
it accepts jobs, and the IPP ``printer-state-reasons`` keywords (``media-empty-error``,
``cover-open-warning``, ``paused`` ...). This module reads them and translates them
into the replies an ESC/POS printer would give to DLE EOT 1..4, so the rest of the
printer code decodes one kind of status. The table below is data: a reason keyword
(without its ``-report``/``-warning``/``-error`` suffix) and the status bits it sets.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from kiosk.devices.printer.errors import PrinterConnectionError
from kiosk.devices.printer.health import PrinterHealth, decode_status

logger = logging.getLogger(__name__)

IDLE, PROCESSING, STOPPED = 3, 4, 5  # IPP printer-state values
STATE_NAMES = MappingProxyType({IDLE: "idle", PROCESSING: "processing", STOPPED: "stopped"})
BASE = 0x12  # an ESC/POS status byte with nothing to report (bits 1 and 4 set)
OFFLINE_BIT = (1, 0x08)  # DLE EOT 1, bit 3: offline

# reason keyword -> the (DLE EOT n, bits) an Epson printer would report for it
REASON_BITS: MappingProxyType[str, tuple[tuple[int, int], ...]] = MappingProxyType(
    {
        "media-empty": (OFFLINE_BIT, (2, 0x20), (4, 0x60)),
        "media-needed": (OFFLINE_BIT, (2, 0x20), (4, 0x60)),
        "media-low": ((4, 0x0C),),
        "cover-open": (OFFLINE_BIT, (2, 0x04)),
        "door-open": (OFFLINE_BIT, (2, 0x04)),
        "interlock-open": (OFFLINE_BIT, (2, 0x04)),
        "media-jam": (OFFLINE_BIT, (2, 0x40), (3, 0x04)),
        "cutter-failure": (OFFLINE_BIT, (2, 0x40), (3, 0x08)),
        "cutter-error": (OFFLINE_BIT, (2, 0x40), (3, 0x08)),
        "offline": (OFFLINE_BIT,),
        "paused": (OFFLINE_BIT,),
        "moving-to-paused": (OFFLINE_BIT,),
        "shutdown": (OFFLINE_BIT,),
    }
)
SUFFIXES = ("-report", "-warning", "-error")
ATTRIBUTES = [
    "printer-state",
    "printer-state-reasons",
    "printer-is-accepting-jobs",
]


def _cups() -> Any:
    """The pycups module, or a PrinterConnectionError saying how to get it."""
    try:
        return importlib.import_module("cups")
    except ImportError:
        raise PrinterConnectionError(
            "cups:// printers need the pycups package (pip install pycups; apt libcups2-dev)"
        ) from None


def split_reason(reason: str) -> tuple[str, str]:
    """A reason keyword without its severity suffix, and the suffix ('' when none)."""
    for suffix in SUFFIXES:
        if reason.endswith(suffix):
            return reason[: -len(suffix)], suffix[1:]
    return reason, ""


@dataclass(frozen=True)
class CupsQueueState:
    """What CUPS says about one queue."""

    queue: str
    state: int
    reasons: tuple[str, ...] = ()
    accepting: bool = True

    @property
    def state_name(self) -> str:
        """idle, processing or stopped."""
        return STATE_NAMES.get(self.state, f"state {self.state}")

    def describe(self) -> str:
        """One line for the technician (queue name, state and reason keywords only)."""
        reasons = ", ".join(r for r in self.reasons if r != "none") or "none"
        accepting = "" if self.accepting else ", rejecting jobs"
        return f"CUPS queue {self.queue}: {self.state_name}{accepting}; reasons {reasons}"


def status_replies(queue: CupsQueueState) -> dict[int, int]:
    """The DLE EOT 1..4 replies equivalent to the queue's state."""
    replies = dict.fromkeys((1, 2, 3, 4), BASE)
    if queue.state == STOPPED or not queue.accepting:
        replies[1] |= 0x08
    for reason in queue.reasons:
        keyword, severity = split_reason(reason)
        bits = REASON_BITS.get(keyword)
        if bits is None:
            # an unknown reason only stops printing when CUPS calls it an error
            bits = (OFFLINE_BIT,) if severity == "error" else ()
        for n, mask in bits:
            replies[n] |= mask
    return replies


def queue_health(queue: CupsQueueState) -> PrinterHealth:
    """The queue's state as a PrinterHealth, with the CUPS state and reasons as detail."""
    return replace(decode_status(status_replies(queue)), detail=queue.describe())


def connect(host: str, port: int) -> Any:
    """A pycups Connection to the CUPS server; PrinterConnectionError when none answers."""
    cups = _cups()
    cups.setServer(host)
    cups.setPort(port)
    try:
        return cups.Connection()
    except RuntimeError:
        where = host if host.startswith("/") else f"{host}:{port}"
        raise PrinterConnectionError(
            f"CUPS is not running at {where}: start cupsd (packaging/ci/start-cups.sh) "
            "or point the printer URL at the right server"
        ) from None


def check_queue(connection: Any, queue: str) -> None:
    """Raise PrinterConnectionError naming ``queue`` and the existing queues if it is absent."""
    queues = sorted(connection.getPrinters())
    if queue not in queues:
        known = ", ".join(queues) if queues else "none (add one with lpadmin)"
        raise PrinterConnectionError(
            f"CUPS queue {queue!r} does not exist; existing queues: {known}"
        )


def read_queue_state(connection: Any, queue: str) -> CupsQueueState:
    """Ask CUPS for ``queue``'s state; a queue that vanished raises ConnectionError."""
    cups = _cups()
    try:
        attributes = connection.getPrinterAttributes(queue, requested_attributes=ATTRIBUTES)
    except (cups.IPPError, RuntimeError) as exc:
        raise ConnectionError(f"CUPS did not report queue {queue}: {exc}") from None
    reasons = attributes.get("printer-state-reasons", ())
    if isinstance(reasons, str):
        reasons = (reasons,)
    state = CupsQueueState(
        queue,
        int(attributes.get("printer-state", STOPPED)),
        tuple(str(r) for r in reasons),
        bool(attributes.get("printer-is-accepting-jobs", False)),
    )
    if (
        state.state == STOPPED
        or not state.accepting
        or any(split_reason(r)[1] == "error" for r in state.reasons)
    ):
        logger.warning("%s", state.describe())
    return state
