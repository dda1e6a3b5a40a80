"""Spoken focus for a citizen who plugs headphones in, not only for one who uses the keypad.

:class:`HeadphoneWatch` asks the sound server every few seconds during a visit (off the
UI thread, on the station's task runner) whether headphones are in (``[keypad]
headphones = "auto"`` only: the other settings say what may be spoken, not what is
plugged in). When they are, keypad mode starts for the visit as if a key had been
pressed: the screen's title and its first control are said, the outline shows.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from kiosk.core.errors import KioskError
from kiosk.core.visit.machine import Stage
from kiosk.ui.kiosk.audio.headphones import Headphones
from kiosk.ui.kiosk.keypad_visit import VisitKeypad
from kiosk.ui.kiosk.presenter import VisitPresenter
from kiosk.ui.qt.tasks import TaskRunner

CHECK_MS = 3000


class HeadphoneWatch(QObject):
    """Turns keypad mode (and so the spoken focus) on when headphones are plugged in."""

    def __init__(self, headphones: Headphones, tasks: TaskRunner, presenter: VisitPresenter,
                 keypad: VisitKeypad, interval_ms: int = CHECK_MS) -> None:
        super().__init__(keypad)
        self._headphones = headphones
        self._tasks = tasks
        self._presenter = presenter
        self._keypad = keypad
        self._asking = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        if headphones.mode == "auto":
            self._timer.start()

    def _wanted(self) -> bool:
        return (self._presenter.visit.stage != Stage.ATTRACT
                and not self._keypad.navigator.property("active"))

    def check(self) -> None:
        """Ask (off the UI thread) whether headphones are in, if it would change anything."""
        if self._asking or not self._wanted():
            return
        self._asking = True
        self._tasks.run(self._headphones, self._answered, self._failed, name="headphones")

    def _answered(self, plugged: bool) -> None:
        self._asking = False
        if plugged and self._wanted():
            self._keypad.navigator.set_active(True)
            self._keypad.navigator.screen_changed()

    def _failed(self, _error: KioskError) -> None:
        self._asking = False

    def stop(self) -> None:
        """No more questions (the app is closing)."""
        self._timer.stop()
