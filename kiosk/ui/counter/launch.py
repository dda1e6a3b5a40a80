"""``kiosk run --mode counter``: the staff counter as one command.

With no central service configured it starts the embedded one (shared with a citizen
kiosk run from the same data folder) and the demo staff account
(:mod:`kiosk.demo.staff`: user ``demo``, PIN ``2468``). See
``docs/counter.md`` for running a kiosk and a counter against one central service.
"""

from __future__ import annotations

import argparse
import os
import signal

from kiosk.core.config import KioskConfig
from kiosk.core.errors import KioskError, sentence


def run_counter(args: argparse.Namespace, config: KioskConfig) -> int:
    """Show the counter window until it is closed (or ``--exit-after``); the exit code."""
    # a desk has a real keyboard: no on-screen keyboard unless the user asked for one
    if os.environ.get("QT_IM_MODULE") is None:
        os.environ["QT_IM_MODULE"] = ""
    from PySide6.QtCore import QTimer

    from kiosk.demo.staff import DEMO_PIN, DEMO_USER
    from kiosk.ui.counter.run import CounterRun
    from kiosk.ui.kiosk.window import qt_application

    app = qt_application()
    try:
        counter = CounterRun(config)
    except KioskError as exc:
        print(f"kiosk run --mode counter: {sentence(str(exc))}")
        return 1
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: app.quit())
    wake = QTimer()  # lets Python run the signal handlers while Qt's loop runs
    wake.timeout.connect(lambda: None)
    wake.start(200)
    if args.exit_after is not None:
        QTimer.singleShot(int(args.exit_after * 1000), app.quit)
    counter.start(fullscreen=not args.windowed)
    if not config.sync.central_url:
        print(f"Tài khoản thử / Demo staff: {DEMO_USER} / PIN {DEMO_PIN} (demo only)",
              flush=True)
    if counter.reader is not None:
        print("Thiết bị mô phỏng / Simulated devices: Ctrl+1–4 đặt/nhấc thẻ / lay or lift a "
              "card, Ctrl+5–8 đưa mã QR / show a QR", flush=True)
    if counter.virtual_printer:
        print(f"Máy in ảo / Virtual printer: ảnh phiếu in ở {counter.slips_folder()}, xóa khi "
              "đóng quầy / slip pictures in that folder, removed when the counter closes",
              flush=True)
    try:
        app.exec()
    finally:
        wake.stop()
        counter.close()
    return 1 if counter.failure is not None else 0
