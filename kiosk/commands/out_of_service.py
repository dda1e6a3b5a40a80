"""``kiosk out-of-service``: the screen systemd leaves when the kiosk app keeps crashing.

The kiosk session unit restarts the app (``Restart=always``) up to its crash-loop limit
(``StartLimitBurst=`` in ``StartLimitIntervalSec=``); then its ``OnFailure=`` unit runs
this command in the kiosk compositor instead of leaving a console on the screen. It
shows the "Tạm ngưng phục vụ / Out of service" page full screen (nothing on it leads
anywhere), reports ``out_of_service`` to the central statistics through the outbox
(one delivery attempt; the record waits in the outbox otherwise), and stays until
systemd stops it (a technician restarts the session, or the PC reboots).
"""

from __future__ import annotations

import argparse
import os
import signal

from kiosk.core.config import KioskConfig, data_dir
from kiosk.core.errors import KioskError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk out-of-service``."""
    command = subparsers.add_parser(
        "out-of-service", help="show the out-of-service page and report it to the central "
                               "(what systemd runs after the kiosk kept crashing)")
    command.add_argument("--reason", default="",
                         help="a short reason for the report (e.g. the failed unit's name)")
    command.add_argument("--no-report", action="store_true",
                         help="only show the page (nothing queued for the central)")
    command.add_argument("--windowed", action="store_true",
                         help="a normal window instead of full screen (development)")
    command.add_argument("--exit-after", type=float, metavar="S",
                         help="quit after S seconds (tests)")
    command.set_defaults(func=_run)


def _device_id(config: KioskConfig) -> str:
    from kiosk.sync.keys import KeyStore

    try:
        return KeyStore.in_data_dir(data_dir(config)).load().device_id
    except (KioskError, OSError, ValueError):  # whatever broke the kiosk: the page shows
        return ""


def _run(args: argparse.Namespace, config: KioskConfig) -> int:
    if args.exit_after is not None and args.exit_after <= 0:
        print("kiosk out-of-service: --exit-after must be a positive number of seconds.")
        return 2
    from PySide6.QtCore import QCoreApplication, QTimer

    from kiosk.core.vn_time import clock_text, now_vn
    from kiosk.diagnostics.out_of_service import OutOfServiceReport, report_out_of_service
    from kiosk.ui.kiosk.out_of_service import OutOfServiceWindow
    from kiosk.ui.qt.application import qt_application
    from kiosk.ui.qt.service_notify import ServiceNotify
    from kiosk.ui.qt.tasks import TaskRunner

    os.environ.setdefault("QT_IM_MODULE", "")  # nothing to type: no on-screen keyboard
    app = qt_application()
    window = OutOfServiceWindow(_device_id(config), config.center.name_vi, clock_text(now_vn()))
    service = ServiceNotify(window.view, "kiosk out-of-service")
    tasks = TaskRunner()

    def reported(report: OutOfServiceReport) -> None:
        window.show_report(report.line)
        service.status(f"out of service; {report.line}")
        print(report.line, flush=True)

    def not_reported(error: KioskError) -> None:
        reported(OutOfServiceReport("", False, False, f"Không báo được / Not reported: {error}"))

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: QCoreApplication.quit())
    wake = QTimer()  # lets Python run its signal handlers while Qt's loop waits
    wake.timeout.connect(lambda: None)
    wake.start(200)
    if args.exit_after is not None:
        QTimer.singleShot(int(args.exit_after * 1000), QCoreApplication.quit)
    service.start()
    window.show(fullscreen=not args.windowed)
    print("Tạm ngưng phục vụ / Out of service", flush=True)
    if not args.no_report:
        tasks.run(lambda: report_out_of_service(config, args.reason), reported, not_reported,
                  name="report out of service")
    try:
        app.exec()
    finally:
        wake.stop()
        tasks.wait()
        service.stop()
        window.close()
    return 0
