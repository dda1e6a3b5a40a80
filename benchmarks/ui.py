"""Touchscreen app benchmark: cold start, card tap to form, UI-thread stalls, memory, touches.

Each part is compared with a peer measured in the same run:

- cold start: a fresh Python process, from exec to the attract screen's first rendered
  frame, doing what ``kiosk run`` does (KioskRun built and shown; its central service,
  sync, reader and camera start in the background), split into interpreter + imports,
  app + QML load, first frame. Offscreen platform with the software renderer (as the
  tests) and, when Xvfb is installed, a real X11 window. Peer: a bare QML window (one
  Rectangle) in a fresh process.
- tap to form: the running kiosk (KioskRun: embedded central, sync worker, pcscd +
  vsmartcard-vpcd + our card emulator, the virtual printer); the citizen has chosen a
  procedure, lays the card on the virtual reader and the camera sees its QR the moment
  the card is sensed (the chip's key comes from the QR); time until the form screen has
  rendered the chip's fields. Peer: the bare chip read (connect + read to the identity)
  through the same pcscd, same card, same run.
- stall: a 5 ms timer on the UI thread measures how late it fires during whole scripted
  visits with real device I/O (card on the reader, QR through the simulated camera and
  the real decoder, chip read, outbox, printed slip, sync to the embedded central);
  longest stall and the step it happened in. Peer: the same monitor, kiosk idle.
- memory: resident memory after 10 and after N visits through the real window, presenter
  and effect runner (``ui_memory.py``, a fresh process; the chip's events are posted,
  no pcscd).
- touches: the citizen's intentions (presenter slots called from a QML tap) on the
  standard procedure's path from card tap to printed ticket, driven through the real QML,
  and the swipes it needs to bring an item into view.

The kiosk parts live in ``ui_app.py`` (tap to form, stalls, touches) and
``ui_memory.py``; run this script.

    .venv/bin/python benchmarks/ui.py            # full: about 5 minutes on 2 quiet cores
    .venv/bin/python benchmarks/ui.py --quick    # about 2 minutes
    .venv/bin/python benchmarks/ui.py --only app --orientation landscape

Needs pcscd with vsmartcard-vpcd (root starts it; see packaging/dev.sh); uses the
virtual reader's second slot (Virtual PCD 00 01, port 35964) so tests on the first
slot are not disturbed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VPCD_PORT = 35964


# --- cold start (child processes) ---------------------------------------------------------


def has_item(root: Any, name: str) -> bool:
    """True when the visual tree under ``root`` holds an item called ``name``."""
    pending = [root] if root is not None else []
    while pending:
        item = pending.pop()
        if item.objectName() == name:
            return True
        pending.extend(item.childItems())
    return False


def child_cold_start(bare: bool) -> None:
    """In a fresh process: build and show the kiosk; print the milestones as JSON."""
    started = time.time()
    from PySide6.QtCore import QTimer

    if bare:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtQuick import QQuickView
    else:
        from dataclasses import replace

        from kiosk.core.config import KioskConfig, ReaderConfig, SyncConfig
        from kiosk.demo.central import demo_central
        from kiosk.ui.kiosk.run import KioskRun
        from kiosk.ui.qt.application import qt_application
    imported = time.time()
    if bare:
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
        app = QGuiApplication(["bare"])
        qml = Path(tempfile.mkdtemp()) / "Bare.qml"
        qml.write_text('import QtQuick\nRectangle { objectName: "attract"; width: 1080; '
                       'height: 1920; color: "#f8f5ee"\n Text { text: "Kiosk"; '
                       'anchors.centerIn: parent; font.pixelSize: 64 } }\n')
        view = QQuickView()
        view.resize(1080, 1920)
        view.setSource(QUrl.fromLocalFile(str(qml)))
        kiosk = None
    else:
        app = qt_application()
        config = replace(KioskConfig(),
                         sync=replace(SyncConfig(), data_dir=os.environ["UI_BENCH_DATA"]),
                         reader=replace(ReaderConfig(), vpcd_port=VPCD_PORT))
        kiosk = KioskRun(config, central=demo_central(config, role="kiosk"))
        view = kiosk.window.view
    loaded = time.time()
    frame: list[float] = []

    def swapped() -> None:
        if not frame and has_item(view.rootObject(), "attract"):
            frame.append(time.time())
            app.quit()

    view.frameSwapped.connect(swapped)
    if kiosk is not None:
        kiosk.start(fullscreen=False)
    else:
        view.show()
    QTimer.singleShot(20000, app.quit)
    app.exec()
    print(json.dumps({"started": started, "imported": imported, "loaded": loaded,
                      "frame": frame[0] if frame else 0.0}), flush=True)
    os._exit(0)  # the background services need no orderly stop here


def cold_start(bare: bool, env: dict[str, str]) -> dict[str, float]:
    """One fresh process: seconds from exec to each milestone."""
    data = tempfile.mkdtemp(prefix="ui-bench-cold-")
    try:
        t_exec = time.time()
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child",
             "bare" if bare else "cold"],
            cwd=ROOT, env={**env, "UI_BENCH_DATA": data, "PYTHONPATH": str(ROOT)},
            capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"cold start child failed: {done.stderr[-2000:]}")
    marks = json.loads(lines[-1])
    if not marks["frame"]:
        raise RuntimeError("the attract screen never rendered a frame")
    return {"python": marks["started"] - t_exec, "imports": marks["imported"] - marks["started"],
            "qml": marks["loaded"] - marks["imported"], "frame": marks["frame"] - marks["loaded"],
            "total": marks["frame"] - t_exec}


class Xvfb:
    """A private X server for a real window (Xvfb on a free display number)."""

    def __init__(self) -> None:
        self.display = ""
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> bool:
        """Start Xvfb; False when it is not installed or does not come up."""
        binary = shutil.which("Xvfb")
        if binary is None:
            return False
        for number in range(87, 120):
            if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
                continue
            self._process = subprocess.Popen(
                [binary, f":{number}", "-screen", "0", "1920x1920x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    self.display = f":{number}"
                    return True
                if self._process.poll() is not None:
                    break
                time.sleep(0.05)
            self.stop()
        return False

    def stop(self) -> None:
        """Stop the server this object started."""
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None


def run_cold_starts(runs: int, use_xvfb: bool) -> None:
    """Print the cold-start table: offscreen (and Xvfb), kiosk vs a bare QML window."""
    base = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    platforms: list[tuple[str, dict[str, str]]] = [
        ("offscreen", {**base, "QT_QPA_PLATFORM": "offscreen"})]
    xvfb = Xvfb()
    if use_xvfb:
        if xvfb.start():
            platforms.append(("xcb (Xvfb)", {**base, "QT_QPA_PLATFORM": "xcb",
                                             "DISPLAY": xvfb.display}))
        else:
            print("Xvfb not available: real-window cold start skipped "
                  "(apt-get install -y xvfb)")
    print(f"\nCold start to the attract screen's first frame (median of {runs}; seconds)")
    print(f"{'platform':<12} {'what':<12} {'python':>7} {'imports':>8} {'app+QML':>8} "
          f"{'frame':>6} {'total':>6} {'max':>6}")
    try:
        for name, env in platforms:
            for bare in (False, True):
                cold_start(bare, env)  # untimed: file-system caches, like a kiosk's 2nd boot
                rows = [cold_start(bare, env) for _ in range(runs)]
                med = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
                print(f"{name:<12} {'bare QML' if bare else 'kiosk run':<12} "
                      f"{med['python']:>7.2f} {med['imports']:>8.2f} {med['qml']:>8.2f} "
                      f"{med['frame']:>6.2f} {med['total']:>6.2f} "
                      f"{max(r['total'] for r in rows):>6.2f}")
    finally:
        xvfb.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs and visits (about 1.5 minutes)")
    parser.add_argument("--runs", type=int, help="tap-to-form runs (default 8, quick 3)")
    parser.add_argument("--cold-runs", type=int, help="cold starts each (default 3, quick 1)")
    parser.add_argument("--stall-visits", type=int, help="monitored visits (default 3, quick 1)")
    parser.add_argument("--visits", type=int, help="memory: visits (default 500, quick 100)")
    parser.add_argument("--orientation", choices=["portrait", "landscape"], default="portrait",
                        help="the kiosk window for tap to form, stalls and touches")
    parser.add_argument("--no-xvfb", action="store_true", help="skip the real-window cold start")
    parser.add_argument("--only", choices=["cold", "app", "memory"],
                        help="run one part only")
    parser.add_argument("--child", choices=["cold", "bare"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_cold_start(args.child == "bare")
        return
    quick = args.quick
    runs = args.runs or (3 if quick else 8)
    cold_runs = args.cold_runs or (1 if quick else 3)
    stall_visits = args.stall_visits or (1 if quick else 3)
    visits = args.visits or (100 if quick else 500)
    load = os.getloadavg()[0]
    print(f"ui benchmark ({'quick' if quick else 'full'}); load average at start {load:.2f} "
          f"on {os.cpu_count()} cores")
    if args.only in (None, "cold"):
        run_cold_starts(cold_runs, not args.no_xvfb)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # as the tests; software renderer
    if args.only in (None, "app"):
        from ui_app import run_app_parts

        run_app_parts(runs, stall_visits, args.orientation)
    if args.only in (None, "memory"):
        from ui_memory import run_memory

        run_memory(visits)
    print(f"\nload average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
