"""Send the kiosk's health to the central service, periodically, through the outbox.

Each report is a ``device_health`` record (``kiosk.wire.protocol``): the overall
status and, per check, its status and summary — the central statistics page lists
kiosks with a failing device from them. Going through the outbox means a report made
while offline still arrives, in order, with its true time.

The default families leave out the camera and the card reader: while the kiosk app
runs they are busy serving citizens, and opening them here would steal them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from kiosk.core.errors import KioskError
from kiosk.core.logs import mask_personal
from kiosk.diagnostics.context import DiagOptions
from kiosk.diagnostics.result import Report
from kiosk.diagnostics.runner import run_diagnostics
from kiosk.sync.outbox import Outbox
from kiosk.wire.protocol import RecordKind

log = logging.getLogger(__name__)

DEFAULT_FAMILIES: tuple[str, ...] = ("printer", "outbox", "system", "central")
DEFAULT_INTERVAL_S = 15 * 60.0


def health_payload(report: Report) -> dict[str, Any]:
    """The ``device_health`` payload for ``report`` (no facts: statuses and summaries)."""
    return {
        "status": str(report.status),
        "checks": {c.name: {"status": str(c.status), "summary": mask_personal(c.summary)}
                   for c in report.checks},
    }


class HealthReporter:
    """Runs diagnostics every ``interval_s`` seconds and enqueues the result."""

    def __init__(self, outbox: Outbox, options: DiagOptions, *,
                 interval_s: float = DEFAULT_INTERVAL_S,
                 families: Sequence[str] = DEFAULT_FAMILIES,
                 run: Callable[[], Report] | None = None) -> None:
        self.outbox = outbox
        self.interval_s = interval_s
        self._run = run or (lambda: run_diagnostics(options, families))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.sent = 0

    def report_once(self) -> str:
        """Run the checks now and enqueue one record; return its id."""
        report = self._run()
        record_id = self.outbox.enqueue(RecordKind.DEVICE_HEALTH, health_payload(report))
        self.sent += 1
        log.info("device health %s queued", report.status)
        return record_id

    def start(self) -> None:
        """Report now and then every ``interval_s`` on a background thread."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="health-reporter", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread (waits for a report in progress)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.report_once()
            except KioskError as exc:
                log.warning("device health not queued: %s", type(exc).__name__)
            self._stop.wait(self.interval_s)
