"""``kiosk run``: the kiosk or the staff counter, on real or simulated devices.

With no hardware configured a station uses the simulated reader (the kiosk's F1..F4 or
the counter's Ctrl+1..4 lay a sample citizen's card on it; F5..F8 or Ctrl+5..8 show that
citizen's QR to the simulated camera) and the virtual printer, whose slips are saved as
PNG files; with no central service configured it runs the reference central service
itself on SQLite (:class:`~kiosk.demo.central.DemoCentral`, with the demo staff account
for the counter). Both stations start, run and close through :func:`_launch`.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.config import KioskConfig
from kiosk.core.errors import KioskError, sentence
from kiosk.ui.kiosk.window import ORIENTATIONS

if TYPE_CHECKING:
    from kiosk.ui.qt.station import Station


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk run``."""
    command = subparsers.add_parser(
        "run", help="start the kiosk (simulated devices and its own central service "
                    "when none are configured)")
    command.add_argument("--mode", choices=["kiosk", "counter"], default="kiosk",
                         help="the citizen kiosk (default) or the staff counter app")
    command.add_argument("--orientation", choices=sorted(ORIENTATIONS), default="portrait",
                         help="the layout of a --windowed window (default portrait, "
                              "1080×1920); full screen follows the output's own shape "
                              "and size")
    command.add_argument("--windowed", action="store_true",
                         help="a normal window instead of full screen (development)")
    command.add_argument("--exit-after", type=float, metavar="S",
                         help="quit cleanly after S seconds (smoke tests, CI)")
    command.add_argument("--report-items", metavar="FILE",
                         help="keep FILE up to date with where the screen's named items are "
                              "(JSON, for a test driver clicking the real window)")
    command.set_defaults(func=_run)


def _run(args: argparse.Namespace, config: KioskConfig) -> int:
    if args.exit_after is not None and args.exit_after <= 0:
        print("kiosk run: --exit-after must be a positive number of seconds.")
        return 2
    if args.mode == "counter" and os.environ.get("QT_IM_MODULE") is None:
        # a desk has a real keyboard: no on-screen keyboard unless the user asked for one
        os.environ["QT_IM_MODULE"] = ""
    from kiosk.ui.qt.application import qt_application

    app = qt_application()
    try:
        station = _station(args, config)
    except KioskError as exc:
        print(f"kiosk run: {sentence(str(exc))}")
        return 1
    return _launch(app, station, args, _console_lines(args, config, station))


def _station(args: argparse.Namespace, config: KioskConfig) -> Station:
    from kiosk.demo.central import demo_central

    if args.mode == "counter":
        from kiosk.ui.counter.run import CounterRun

        return CounterRun(config, central=demo_central(config, role="counter"))
    from kiosk.ui.kiosk.run import KioskRun

    return KioskRun(config, args.orientation, central=demo_central(config, role="kiosk"))


def _console_lines(args: argparse.Namespace, config: KioskConfig, station: Station
                   ) -> list[str]:
    """What the console says once the window shows: demo keys (cards, QR codes,
    papers), slips, demo staff."""
    lines = []
    counter = args.mode == "counter"
    if counter and not config.sync.central_url:
        from kiosk.demo.staff import DEMO_PIN, DEMO_USER

        lines.append(f"Tài khoản thử / Demo staff: {DEMO_USER} / PIN {DEMO_PIN} (demo only)")
    if station.reader is not None:
        keys = ("Ctrl+1–4", "Ctrl+5–8") if counter else ("F1–F4", "F5–F8")
        lines.append(f"Thiết bị mô phỏng / Simulated devices: {keys[0]} đặt/nhấc thẻ / lay or "
                     f"lift a card, {keys[1]} đưa mã QR / show a QR")
    if not counter and config.documents.camera == "sim:desk":
        lines.append("Bàn giấy mô phỏng / Simulated desk: F9–F12 đặt một tờ giấy dưới máy "
                     "ảnh tài liệu / lay a paper under the document camera")
    if config.printer.url.startswith("sim:"):
        from kiosk.ui.counter.run import CounterRun

        if isinstance(station, CounterRun):
            folder = station.slips_folder()
            lines.append(f"Máy in ảo / Virtual printer: ảnh phiếu in ở {folder}, xóa khi đóng "
                         "quầy / slip pictures in that folder, removed when the counter closes")
        else:
            from kiosk.ui.kiosk.run import slips_folder

            lines.append(f"Máy in ảo / Virtual printer: ảnh phiếu in / slip pictures: "
                         f"{slips_folder(config)}")
    return lines


def _launch(app: object, station: Station, args: argparse.Namespace, lines: list[str]) -> int:
    """Run ``station`` until it is closed, a signal, or ``--exit-after``; the exit code."""
    from PySide6.QtCore import QCoreApplication, QTimer

    from kiosk.ui.qt.item_report import ItemReport

    # Qt's loop leaves Python no chance to run signal handlers unless it wakes up. The
    # handler only notes the signal: Python may run it in the middle of any Qt callback
    # (an event filter, a slot), where quitting the loop crashed the process (SIGSEGV);
    # the wake-up timer quits from the loop itself.
    asked: list[int] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda number, _frame: asked.append(number))
    wake = QTimer()
    wake.timeout.connect(lambda: QCoreApplication.quit() if asked else None)
    wake.start(200)
    if args.exit_after is not None:
        QTimer.singleShot(int(args.exit_after * 1000), QCoreApplication.quit)
    report = (ItemReport(station.window.view, Path(args.report_items), station.stage_name)
              if args.report_items else None)
    station.start(fullscreen=not args.windowed)
    for line in lines:
        print(line, flush=True)
    try:
        QCoreApplication.exec()
    finally:
        wake.stop()
        if report is not None:
            report.stop()
        station.close()
    sys.stdout.flush()
    return 1 if station.failure is not None else 0
