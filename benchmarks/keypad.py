"""Keypad benchmark: what one keypad key costs the UI thread (docs/accessibility.md).

Every arrow key walks the screen's items to find the controls in reading order
(``FocusNavigator.controls``), moves Qt's focus and scrolls a list if needed; the spoken
focus then describes the control (its accessible interface) and hands the sentence to
the voice's worker. This measures, on the real kiosk window (offscreen, software
renderer, both orientations), the UI-thread time from the key press to its return:

- ``arrow``: a "down" key with the spoken focus on (the sentence's synthesis and play
  are the worker's, not counted: that is the point);
- peer, same run, same window: a key the keypad does not use (``Z``): Qt's own cost of
  delivering a key event to the window.

    .venv/bin/python benchmarks/keypad.py [--presses 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from kiosk.core.config import AudioConfig, CenterConfig
from kiosk.core.procedures import load_catalog
from kiosk.ui.kiosk.audio.focus_speech import FocusSpeech
from kiosk.ui.kiosk.audio.guide import AudioGuide
from kiosk.ui.kiosk.audio.player import ProcessPlayer
from kiosk.ui.kiosk.window import KioskWindow


def _press_ms(window: KioskWindow, key: Qt.Key, presses: int) -> list[float]:
    times = []
    for _ in range(presses):
        start = time.perf_counter()
        QTest.keyPress(window.view, key)
        QTest.keyRelease(window.view, key)
        times.append((time.perf_counter() - start) * 1000)
        QGuiApplication.processEvents()
    return times


def _line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (f"{name:<28} median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms   "
            f"max {max(times):6.2f} ms")


def main() -> None:
    """Print the figures for both orientations."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=300)
    args = parser.parse_args()
    QGuiApplication([])
    folder = Path(tempfile.mkdtemp())
    for orientation in ("portrait", "landscape"):
        window = KioskWindow(load_catalog(), CenterConfig(), orientation)
        window.view.show()
        guide = AudioGuide(window.presenter, AudioConfig(player="aplay"), folder,
                           player=ProcessPlayer("aplay", "kiosk_benchmark_no_device"))
        FocusSpeech(window.keypad, guide, window.presenter)
        window.presenter.start()
        window.presenter.choose_language("vi")  # the procedure list: the most controls
        window.settle(300)
        QTest.keyClick(window.view, Qt.Key.Key_Down)  # keypad mode on
        window.settle(200)
        controls = len(window.keypad.navigator.controls())
        arrow = _press_ms(window, Qt.Key.Key_Down, args.presses)
        plain = _press_ms(window, Qt.Key.Key_Z, args.presses)
        print(f"{orientation}: procedure screen, {controls} controls, {args.presses} presses")
        print("  " + _line("arrow (focus + speech)", arrow))
        print("  " + _line("peer: unused key", plain))
        print(f"  ratio of medians: {statistics.median(arrow) / statistics.median(plain):.1f}x;"
              f" worst arrow {max(arrow) / 16.7:.2f} of a 60 Hz frame")
        guide.close()
        window.close()


if __name__ == "__main__":
    main()
