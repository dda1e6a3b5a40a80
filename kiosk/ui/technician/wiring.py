"""The technician's side of the running kiosk: PIN gate, live diagnostics, health reports.

:class:`TechnicianWiring` gives the kiosk window its ``technician`` QML object (a
:class:`~kiosk.ui.technician.presenter.TechnicianPresenter`) and runs what it asks for
on its ``requests`` signal on the app's :class:`~kiosk.ui.qt.tasks.TaskRunner`, never
the UI thread: a PIN checked by the :class:`~kiosk.diagnostics.technician_pin.PinGate`
built from ``[technician] pin_hash``, one check family run by the real
:func:`~kiosk.diagnostics.run_diagnostics`; the outcome goes back to the presenter's
slots. It hands the presenter the quick things as plain callables: the reader's masked
:class:`~kiosk.diagnostics.apdu_log.ApduLog`, the visit's wipe and the app's quit.

It also starts the :class:`~kiosk.diagnostics.reporter.HealthReporter` once the outbox
exists: every ``[technician] health_interval_s`` seconds a ``device_health`` record goes
through the outbox to the central service, whose statistics page lists kiosks with a
failing device. The reporter runs on its own thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtGui import QWindow

from kiosk.core.config import KioskConfig
from kiosk.core.errors import KioskError
from kiosk.devices.chip.apdu import Transport
from kiosk.diagnostics import FAMILIES, DiagOptions, run_diagnostics
from kiosk.diagnostics.apdu_log import ApduLog, LoggingTransport
from kiosk.diagnostics.reporter import HealthReporter
from kiosk.diagnostics.technician_pin import PinGate
from kiosk.sync.outbox import Outbox
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.qt.tasks import TaskRunner
from kiosk.ui.technician.presenter import TechnicianPresenter
from kiosk.ui.technician.requests import CheckPin, RunChecks, TechnicianRequest

log = logging.getLogger(__name__)


class TechnicianWiring:
    """Technician access, live diagnostics and periodic health for one kiosk window."""

    def __init__(
        self,
        window: KioskWindow,
        config: KioskConfig,
        tasks: TaskRunner,
        *,
        quit_app: Callable[[], None],
        families: Sequence[str] = tuple(FAMILIES),
        fullscreen: Callable[[], bool] | None = None,
        run_family: Callable[[str, bool], list[dict[str, Any]]] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.central_url = config.sync.central_url
        self.apdu_log = ApduLog()
        self.health: HealthReporter | None = None
        view = window.view
        is_fullscreen = fullscreen or (
            lambda: view.visibility() == QWindow.Visibility.FullScreen)
        self.gate = PinGate(config.technician.pin_hash, dev_allowed=lambda: not is_fullscreen(),
                            clock=clock)
        self._tasks = tasks
        self._run_family = run_family or self.run_family
        self.presenter = TechnicianPresenter(
            self.gate, families, apdu_lines=self.apdu_log.lines,
            wipe_visit=window.presenter.restart, quit_app=quit_app, clock=clock,
            parent=window.presenter)
        self.presenter.requests.connect(self.run)
        # The window's live camera preview (kiosk/ui/qt/camera_preview.py), when it has one:
        # wanted while the diagnostics screen shows; the camera check feeds it too.
        preview = getattr(window, "camera_preview", None)
        self._on_frame: Callable[[Any, Any], None] | None = None
        if preview is not None:
            self._on_frame = preview.on_frame
            self.presenter.set_preview(lambda on: preview.want("diagnostics", on))
        view.rootContext().setContextProperty("technician", self.presenter)

    def run(self, request: TechnicianRequest) -> None:
        """Run what the technician screens asked for off the UI thread; answer the presenter."""
        presenter = self.presenter
        if isinstance(request, CheckPin):
            pin = request.pin
            self._tasks.run(lambda: self.gate.attempt(pin), presenter.pin_checked,
                            presenter.pin_check_failed, name="technician PIN")
        elif isinstance(request, RunChecks):
            family, test_page = request.family, request.test_page

            def done(rows: list[dict[str, Any]]) -> None:
                presenter.checks_done(family, rows)

            def failed(error: KioskError) -> None:
                presenter.checks_failed(family, error)

            self._tasks.run(lambda: self._run_family(family, test_page), done, failed,
                            name=f"diagnostics {family}")

    def options(self, test_page: bool = False) -> DiagOptions:
        """Diagnostics options for this kiosk (the central URL once known)."""
        config = self.config
        if self.central_url and self.central_url != config.sync.central_url:
            config = replace(config, sync=replace(config.sync, central_url=self.central_url))
        return DiagOptions(config=config, test_page=test_page, apdu_log=self.apdu_log,
                           on_frame=self._on_frame)

    def run_family(self, family: str, test_page: bool) -> list[dict[str, Any]]:
        """Run one check family now (blocking: :meth:`run` calls it on a worker thread)."""
        report = run_diagnostics(self.options(test_page), [family])
        return [check.to_json_dict() for check in report.checks]

    def logged(self, transport: Transport) -> Transport:
        """``transport`` with every exchange in the live APDU log (masked)."""
        return LoggingTransport(transport, self.apdu_log)

    def start_health(self, outbox: Outbox, central_url: str) -> HealthReporter:
        """Report health now and every ``health_interval_s`` through ``outbox``."""
        self.central_url = central_url or self.central_url
        self.stop_health()
        interval = max(1.0, self.config.technician.health_interval_s)
        reporter = HealthReporter(outbox, self.options(), interval_s=interval)
        reporter.start()
        self.health = reporter
        log.info("device health reports started", extra={"fields": {"interval_s": interval}})
        return reporter

    def stop_health(self) -> None:
        """Stop the periodic health reports (waits for one in progress)."""
        if self.health is not None:
            self.health.stop()
            self.health = None

    def close(self) -> None:
        """Stop what this wiring started."""
        self.stop_health()
