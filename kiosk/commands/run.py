"""``kiosk run``: the kiosk itself, on real or simulated devices.

With no hardware configured it uses the simulated reader (F1..F4 lay a sample citizen's
card on it, F5..F8 show that citizen's QR to the simulated camera) and the virtual
printer, whose slips are saved as PNG files under the data folder; with no central
service configured it runs the reference central service itself on SQLite.
"""

from __future__ import annotations

import argparse
import signal
import sys
from typing import TYPE_CHECKING

from kiosk.core.config import KioskConfig
from kiosk.core.errors import KioskError, sentence
from kiosk.ui.kiosk.window import ORIENTATIONS

if TYPE_CHECKING:
    from kiosk.ui.kiosk.run import KioskRun
    from kiosk.ui.qt.item_report import ItemReport


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk run``."""
    command = subparsers.add_parser(
        "run", help="start the kiosk (simulated devices and its own central service "
                    "when none are configured)")
    command.add_argument("--mode", choices=["kiosk", "counter"], default="kiosk",
                         help="the citizen kiosk (default) or the staff counter app")
    command.add_argument("--orientation", choices=sorted(ORIENTATIONS), default="portrait",
                         help="screen layout (default portrait, 1080×1920)")
    command.add_argument("--windowed", action="store_true",
                         help="a normal window instead of full screen (development)")
    command.add_argument("--exit-after", type=float, metavar="S",
                         help="quit cleanly after S seconds (smoke tests, CI)")
    command.add_argument("--report-items", metavar="FILE",
                         help="keep FILE up to date with where the screen's named items are "
                              "(JSON, for a test driver clicking the real window)")
    command.set_defaults(func=_run)


def _item_report(kiosk: KioskRun, file: str) -> ItemReport:
    """Where the kiosk window's items are, kept in ``file`` for a test driver."""
    from pathlib import Path

    from kiosk.ui.qt.item_report import ItemReport

    return ItemReport(kiosk.window.view, Path(file), lambda: str(kiosk.window.visit.stage))


def _run(args: argparse.Namespace, config: KioskConfig) -> int:
    from PySide6.QtCore import QTimer

    from kiosk.ui.kiosk.run import KioskRun, slips_folder
    from kiosk.ui.kiosk.window import qt_application

    if args.exit_after is not None and args.exit_after <= 0:
        print("kiosk run: --exit-after must be a positive number of seconds.")
        return 2
    if args.mode == "counter":
        from kiosk.ui.counter.launch import run_counter

        return run_counter(args, config)
    app = qt_application()
    try:
        kiosk = KioskRun(config, args.orientation)
    except KioskError as exc:
        print(f"kiosk run: {sentence(str(exc))}")
        return 1
    # Qt's loop leaves Python no chance to run signal handlers unless it wakes up.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: app.quit())
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(200)
    if args.exit_after is not None:
        QTimer.singleShot(int(args.exit_after * 1000), app.quit)
    report = _item_report(kiosk, args.report_items) if args.report_items else None
    kiosk.start(fullscreen=not args.windowed)
    if kiosk.reader is not None:
        print("Thiết bị mô phỏng / Simulated devices: F1–F4 đặt/nhấc thẻ / lay or lift a card, "
              "F5–F8 đưa mã QR / show a QR; phiếu in / printed slips: "
              f"{slips_folder(config)}", flush=True)
    try:
        app.exec()
    finally:
        wake.stop()
        if report is not None:
            report.stop()
        kiosk.close()
    if kiosk.failure is not None:
        return 1
    sys.stdout.flush()
    return 0
