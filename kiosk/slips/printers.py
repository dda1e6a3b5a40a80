"""Which receipt printer a station prints on, and the virtual one's slip pictures.

:func:`configured_printer` opens the printer the configuration names. The virtual
printer (``sim://``) is a :class:`PreviewPrinter`: it prints like any other and also
saves each slip as a PNG (the demo shows it on screen; a counter keeps its receipts'
pictures in a private folder of the run).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from kiosk.core.config import PrinterConfig
from kiosk.devices.printer.job_builder import PrintJob
from kiosk.devices.printer.service import PrintOutcome, ReceiptPrinter
from kiosk.slips.preview import slip_image

log = logging.getLogger(__name__)


class PreviewPrinter(ReceiptPrinter):
    """A receipt printer that also writes every printed slip as a PNG into a folder."""

    def __init__(self, url: str, profile: str, mode: str, folder: Path,
                 on_preview: Callable[[Path], None] | None = None) -> None:
        super().__init__(url, profile, mode)
        self.folder = folder
        self._on_preview = on_preview
        self._count = 0

    def print_job(self, job: PrintJob) -> PrintOutcome:
        """Print ``job``; when it printed, save its picture as ``slip-N.png``."""
        outcome = super().print_job(job)
        if outcome.printed:
            self._count += 1
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"slip-{self._count:04d}.png"
            try:
                slip_image(job).save(path, format="PNG")
            except OSError as exc:
                log.warning("slip preview not saved", extra={"fields": {
                    "error": type(exc).__name__}})
            else:
                if self._on_preview is not None:
                    self._on_preview(path)
        return outcome


def configured_printer(config: PrinterConfig, slips: Path,
                       on_preview: Callable[[Path], None] | None = None) -> ReceiptPrinter:
    """The printer ``config`` names; the virtual one (``sim:``) also saves slips as PNG."""
    if config.url.startswith("sim:"):
        return PreviewPrinter(config.url, config.profile, config.mode, slips, on_preview)
    return ReceiptPrinter.from_config(config)
