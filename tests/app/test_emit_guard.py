"""The kiosk process survives more signal emits than ``True`` has references.

PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit()``; on CPython 3.11
the process then aborts ("Fatal Python error: bool_dealloc") after a few thousand emits
— about a hundred visits of a running kiosk. ``kiosk.ui.kiosk.window.qt_application`` applies the
guard in ``kiosk/ui/qt/emit_guard.py``. Run in a child process: the failure is an abort.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from PySide6.QtCore import QObject, Signal
from kiosk.ui.qt.application import qt_application

class Chatty(QObject):
    said = Signal()

emits = 4 * sys.getrefcount(True) + 10000  # before the guard raises the count
qt_application(offscreen=True)
chatty = Chatty()
for _ in range(emits):
    chatty.said.emit()
print("survived", emits > 10000)
"""


def test_many_emits_do_not_abort_the_process() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "survived True" in done.stdout
    assert "Fatal Python error" not in done.stderr
