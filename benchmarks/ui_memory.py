"""Resident memory of the kiosk window after 10 visits and after N (a fresh process).

Used by ``benchmarks/ui.py`` (run that). The window is the real one (QML screens, their
Loader making each screen anew); visits go through the presenter's slots, as the QML's
taps call them, and the device events come through the real
:class:`~kiosk.ui.qt.device_bridge.DeviceBridge` signals from a worker thread. The real
:class:`~kiosk.ui.kiosk.wiring.EffectRunner` carries out the effects into a real SQLite
outbox, ticket desk and the virtual printer; only the chip's APDUs are left out (for
speed, no pcscd): one real read of the emulated card (in-process transport) at start
gives the identity and photo that every visit's "read" then reports.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = "dang-thi-ngoc-huong"
STANDARD = "LLTP-PHIEU"
CHECKPOINTS = (10, 50, 100, 250, 500, 1000)


def rss_kb() -> int:
    """This process's resident set size in KiB (VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def child(visits: int) -> None:
    """Run ``visits`` visits; print one JSON line per checkpoint."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer

    from kiosk.core.config import CenterConfig
    from kiosk.core.procedures import load_catalog
    from kiosk.core.visit.events import QrDecoded, StartCardRead
    from kiosk.core.visit.machine import Stage
    from kiosk.devices.chip.card_session import ReadOptions, read_card
    from kiosk.devices.printer.service import ReceiptPrinter
    from kiosk.devices.qr.cccd_qr import parse_cccd_qr
    from kiosk.simulated.loopback import LoopbackTransport
    from kiosk.simulated.samples import build_card, load_sample
    from kiosk.sync.keys import DeviceIdentity
    from kiosk.sync.leases import TicketDesk, service_day
    from kiosk.sync.outbox import Outbox
    from kiosk.ui.kiosk.window import KioskWindow
    from kiosk.ui.kiosk.wiring import EffectRunner
    from kiosk.ui.qt.application import qt_application
    from kiosk.ui.qt.device_bridge import DeviceBridge
    from kiosk.ui.qt.tasks import TaskRunner

    qt_application()
    folder = Path(tempfile.mkdtemp(prefix="ui-bench-memory-"))
    qr = parse_cccd_qr(load_sample(SAMPLE).qr_text)
    from kiosk.devices.card.service import AccessInputs, access_plan

    plan = access_plan(AccessInputs(id_number=qr.id_number, date_of_birth=qr.date_of_birth,
                                    issue_date=qr.issue_date))
    read = read_card(LoopbackTransport(build_card(SAMPLE, pace=True)), plan, ReadOptions())
    assert read.face is not None

    class PostedChip(EffectRunner):
        """The real effect runner, whose chip read reports the read made at start."""

        def _read(self, effect: StartCardRead) -> None:
            listener = bridge.read_listener()

            def op() -> None:  # on a worker thread, as the card session calls back
                assert listener.on_identity is not None and listener.on_face is not None
                listener.on_identity(read.identity, read.authenticity)
                listener.on_face(read.face)  # type: ignore[arg-type]

            tasks.run(op, lambda _none: None, lambda _error: None, name="card read")

    window = KioskWindow(load_catalog(), CenterConfig(), "portrait")
    window.view.show()
    identity = DeviceIdentity("k-bench", "DEMO", "https://central.invalid",
                              Ed25519PrivateKey.generate(), os.urandom(32))
    outbox = Outbox(folder / "outbox.db", identity)
    desk = TicketDesk(outbox, "DEMO")
    desk.add_lease("b-LL", "LL", service_day(), 1, visits + 10)
    bridge = DeviceBridge()
    tasks = TaskRunner()
    PostedChip(window.presenter, bridge, tasks, connect_card=lambda: None,  # type: ignore[arg-type, return-value]
               printer=ReceiptPrinter("sim://"), outbox=outbox, desk=desk,
               center=CenterConfig(), status_base_url="https://central.invalid",
               queue_position=lambda _service, number: (number - 1, 4 * (number - 1)))
    p, visit = window.presenter, window.visit

    def wait(condition: Any, what: str) -> None:
        deadline = time.monotonic() + 30
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: loop.quit() if condition() else None)
        timer.start(1)
        if not condition():
            loop.exec()
        timer.stop()
        if not condition() or time.monotonic() > deadline:
            raise RuntimeError(f"memory visit stuck waiting for {what} at {visit.stage}")

    def frame() -> None:  # let the screen render once, as a kiosk's display would
        window.settle(17)

    started = time.monotonic()
    for number in range(1, visits + 1):
        p.start()
        p.choose_language("vi")
        frame()
        p.choose_procedure(STANDARD)
        bridge.card_inserted.emit("Virtual PCD 00 00")
        p.post(QrDecoded(qr))
        wait(lambda: visit.stage == Stage.FORM and visit.data.face is not None, "the form")
        frame()
        p.confirm_form()
        p.give_consent(True)
        p.submit()
        wait(lambda: visit.data.ticket_printed, "the printed ticket")
        frame()
        p.next()
        p.rate(4)
        bridge.card_removed.emit("Virtual PCD 00 00")
        wait(lambda: tasks.busy == 0, "the rating stored")
        p.restart()
        frame()
        if number in CHECKPOINTS or number == visits:
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            gc.collect()
            print(json.dumps({"visits": number, "rss_kb": rss_kb(),
                              "objects": len(gc.get_objects()),
                              "seconds": time.monotonic() - started,
                              "records": outbox.depth()}), flush=True)
    tasks.wait()
    window.close()
    outbox.close()
    os._exit(0)


def run_memory(visits: int) -> None:
    """Run the child; print RSS after 10 visits and after ``visits``, and the growth."""
    done = subprocess.run([sys.executable, str(HERE / "ui_memory.py"), str(visits)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=1800)
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not rows or rows[-1]["visits"] != visits:
        raise RuntimeError(f"memory child failed: {done.stderr[-3000:]}")
    print(f"\nResident memory over {visits} visits (window + presenter + effect runner, "
          "real outbox and virtual printer; chip events posted, no pcscd)")
    print(f"  {'visits':>6} {'RSS MiB':>8} {'Python objects':>14} {'records':>8} {'s':>6}")
    for row in rows:
        print(f"  {row['visits']:>6} {row['rss_kb'] / 1024:>8.1f} {row['objects']:>14} "
              f"{row['records']:>8} {row['seconds']:>6.0f}")
    base, last = rows[0], rows[-1]
    growth = (last["rss_kb"] - base["rss_kb"]) / base["rss_kb"]
    per_visit = (last["rss_kb"] - base["rss_kb"]) / (last["visits"] - base["visits"])
    print(f"  growth {base['visits']} → {last['visits']} visits: {growth:+.1%} "
          f"({per_visit:+.1f} KiB per visit); target ≤ +10%: "
          f"{'met' if growth <= 0.10 else 'NOT met'}")


if __name__ == "__main__":
    child(int(sys.argv[1]))
