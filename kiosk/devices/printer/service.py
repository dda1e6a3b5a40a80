"""The kiosk's receipt printer: check health, send a job in safe pieces, say what happened.

The printer is asked for its real-time status (DLE EOT 1..4) before every job and
again between pieces of the job, so paper running out or the device vanishing
mid-job is caught. Nothing here raises for a printer problem: ``print_job`` returns a
``PrintOutcome`` so the kiosk can still serve the citizen (the ticket is shown on
screen with its QR) while the state is logged for the technician.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from kiosk.core.config import PrinterConfig
from kiosk.devices.printer.connections import (
    DEVICE_ERRORS,
    exchange,
    open_printer,
    parse_printer_url,
)
from kiosk.devices.printer.document import Document
from kiosk.devices.printer.errors import PrinterConnectionError
from kiosk.devices.printer.health import PrinterHealth, PrinterState, query_status
from kiosk.devices.printer.job_builder import PrintJob, build_job
from kiosk.devices.printer.profiles import PrinterProfile, TextMode, load_profile

logger = logging.getLogger(__name__)

CHECK_EVERY = 1024  # bytes between status checks during a job (at block boundaries)


@dataclass(frozen=True)
class PrintOutcome:
    """What happened to one job."""

    printed: bool
    health: PrinterHealth  # the last status seen (after the job, or the reason it stopped)
    bytes_sent: int
    job: PrintJob

    @property
    def state(self) -> PrinterState:
        """The printer's state at the end."""
        return self.health.state

    @property
    def message_vi(self) -> str:
        """One sentence for the citizen, in Vietnamese."""
        if self.printed:
            return "Đã in phiếu. Xin mời nhận phiếu."
        reason = self.health.message_vi.lower()
        return f"Không in được phiếu ({reason}). Vui lòng xem phiếu trên màn hình."

    @property
    def message_en(self) -> str:
        """One sentence for the citizen, in English."""
        if self.printed:
            return "Your slip has been printed. Please take it."
        reason = self.health.message_en.lower()
        return f"The slip could not be printed ({reason}). Please use the one on screen."


def _disconnected(detail: str) -> PrinterHealth:
    return PrinterHealth(
        PrinterState.DISCONNECTED, frozenset({PrinterState.DISCONNECTED}), detail=detail
    )


class ReceiptPrinter:
    """One configured printer: URL, profile and Vietnamese text mode."""

    def __init__(
        self, url: str, profile: str | PrinterProfile = "TM-T20II", mode: str | TextMode = "auto"
    ) -> None:
        self.url = url
        self.target = parse_printer_url(url).describe()
        self.profile = profile if isinstance(profile, PrinterProfile) else load_profile(profile)
        self.mode = self.profile.resolve_mode(mode)
        self._printer: Any = None
        self._ignored: frozenset[int] = frozenset()  # DLE EOT n this model never answers
        self.last_health: PrinterHealth | None = None

    @classmethod
    def from_config(cls, config: PrinterConfig) -> ReceiptPrinter:
        """The printer described by the ``[printer]`` section."""
        return cls(config.url, config.profile, config.mode)

    # -- connection ------------------------------------------------------------------------
    def connection(self) -> Any:
        """The open python-escpos printer (opened on first use; PrinterConnectionError if not)."""
        if self._printer is None:
            self._printer = open_printer(self.url, self.profile)
        return self._printer

    def close(self) -> None:
        """Close the connection (reopened by the next call)."""
        if self._printer is not None:
            # closing a device that already failed must never fail (pyserial can raise
            # termios.error, which is not an OSError, when the line is gone)
            with contextlib.suppress(Exception):
                self._printer.close()
            self._printer = None

    def _drop(self) -> None:
        self._printer = None  # a vanished device is reopened next time
        self._ignored = frozenset()

    # -- health ------------------------------------------------------------------------------
    def health(self) -> PrinterHealth:
        """Ask the printer for its status now."""
        try:
            printer = self.connection()
        except PrinterConnectionError as exc:
            result = _disconnected(str(exc))
        else:
            try:
                result = query_status(lambda command: exchange(printer, command), self._ignored)
                if result.replies.get(1) is not None:
                    # cheap models answer n=1 (and often n=4) only: stop waiting for the rest
                    self._ignored = frozenset(n for n, b in result.replies.items() if b is None)
            except NotImplementedError:
                result = PrinterHealth(
                    PrinterState.UNVERIFIED, frozenset({PrinterState.UNVERIFIED})
                )
            except DEVICE_ERRORS as exc:
                self._drop()
                result = _disconnected(f"status query failed: {type(exc).__name__}")
        if result.state is not PrinterState.READY:
            logger.warning("printer %s: %s", self.target, result.describe())
        self.last_health = result
        return result

    # -- jobs --------------------------------------------------------------------------------
    def build(self, document: Document) -> PrintJob:
        """The job for ``document`` on this printer's profile and mode."""
        return build_job(document, self.profile, self.mode)

    def print_document(self, document: Document) -> PrintOutcome:
        """Build and print ``document``."""
        return self.print_job(self.build(document))

    def print_job(self, job: PrintJob) -> PrintOutcome:
        """Send ``job`` if the printer is ready; check between pieces and at the end."""
        before = self.health()
        if not before.printable:
            logger.warning("%s not printed: printer %s", job.kind, before.state.value)
            return PrintOutcome(False, before, 0, job)
        printer = self.connection()
        sent = 0
        pieces = _pieces(job)
        for index, end in enumerate(pieces):
            try:
                printer._raw(job.data[sent:end])
            except DEVICE_ERRORS as exc:
                self._drop()
                health = _disconnected(
                    f"vanished after {sent} of {len(job.data)} bytes: {type(exc).__name__}"
                )
                logger.error("%s interrupted: %s", job.kind, health.describe())
                self.last_health = health
                return PrintOutcome(False, health, sent, job)
            sent = end
            last = index == len(pieces) - 1
            if before.state is PrinterState.UNVERIFIED:
                continue
            health = self.health()
            if not health.printable:
                where = "after" if last else f"mid-job, after {sent} of {len(job.data)} bytes"
                logger.error("%s failed %s: %s", job.kind, where, health.describe())
                return PrintOutcome(False, health, sent, job)
        final = self.last_health if self.last_health is not None else before
        logger.info(
            "printed %s: %d bytes, mode %s, state %s",
            job.kind,
            sent,
            job.mode.value,
            final.state.value,
        )
        return PrintOutcome(True, final, sent, job)


def _pieces(job: PrintJob) -> list[int]:
    """End offsets of the pieces: block boundaries at least CHECK_EVERY bytes apart."""
    ends: list[int] = []
    start = 0
    for boundary in job.boundaries:
        if boundary - start >= CHECK_EVERY:
            ends.append(boundary)
            start = boundary
    if not ends or ends[-1] != len(job.data):
        ends.append(len(job.data))
    return ends
