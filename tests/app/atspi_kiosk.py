"""The kiosk window for the AT-SPI test, driven through a visit one screen at a time.

Run by tests/app/test_atspi.py in its own process (``python -m tests.app.atspi_kiosk``)
on a real X server (Xvfb) with Qt's accessibility on. It shows the real window with
its real parts (tests.support.rig) and answers lines on stdin while its event loop runs
(AT-SPI questions are answered by that loop):

- ``screen``: one JSON line, the visit's stage and the accessible names and roles of
  the controls shown (``[name, role, in view]``: what the AT-SPI tree must hold; a
  list's row scrolled out of view is in the tree, but not "showing");
- ``next``: go on to the next screen of the visit with the keypad's keys, then
  ``ready``; ``quit``: close.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSocketNotifier
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from kiosk.core.visit.machine import Stage
from kiosk.ui.qt.focus_nav import scene_rect
from tests.support.fingers import wait_until
from tests.support.keypad import KeypadHands
from tests.support.rig import KioskRig

APP_NAME = "kiosk-atspi-test"


class Driver:
    """Steps the visit on request; answers with what the screen shows."""

    def __init__(self, language: str) -> None:
        self.rig = KioskRig(Path(tempfile.mkdtemp()))
        self.window = self.rig.window
        self.hands = KeypadHands(self.window)
        self.language = language
        self.steps = iter([self._to_language, self._to_procedures, self._to_identify,
                           self._to_form, self._to_review, self._to_ticket])

    def screen(self) -> dict[str, object]:
        """The stage and the controls the keypad (and a screen reader) can reach."""
        self.window.settle(200)
        controls = []
        for item in self.window.keypad.navigator.controls():
            interface = QAccessible.queryAccessibleInterface(item)
            rect = scene_rect(item)
            flick = item.parentItem()
            while flick is not None and flick.metaObject().indexOfProperty("contentY") < 0:
                flick = flick.parentItem()
            in_view = flick is None or scene_rect(flick).contains(rect.center())
            controls.append([interface.text(QAccessible.Text.Name),
                             interface.role().name, in_view])
        return {"stage": str(self.window.visit.stage), "controls": controls}

    def _wait(self, stage: Stage) -> None:
        wait_until(lambda: self.window.visit.stage == stage, 15, str(stage))
        self.window.settle(200)

    def _to_language(self) -> None:
        self.hands.press("down")
        self.hands.press("select")
        self._wait(Stage.LANGUAGE)

    def _to_procedures(self) -> None:
        self.hands.wait_for_focus("choose_vi")
        if self.language == "en":
            self.hands.press("down")
        self.hands.press("select")
        self._wait(Stage.CHOOSE_PROCEDURE)

    def _to_identify(self) -> None:
        self.hands.focus("procedure_HT-XNHONNHAN")
        self.hands.press("select")
        self._wait(Stage.IDENTIFY)

    def _to_form(self) -> None:
        self.rig.lay_card()
        self.rig.show_qr()
        self._wait(Stage.FORM)

    def _to_review(self) -> None:
        self.hands.pick_split_wards()  # the sample's old ward was split in 2025: one is chosen
        self.hands.focus("field_purpose")
        self.hands.press("select")
        self.hands.type("Di")
        self.hands.press("back")
        self.hands.focus("action")
        self.hands.press("select")
        self._wait(Stage.REVIEW)

    def _to_ticket(self) -> None:
        self.hands.focus("consent")
        self.hands.press("select")
        self.hands.focus("action")
        self.hands.press("select")
        self._wait(Stage.TICKET)

    def command(self, line: str) -> bool:
        """Do what ``line`` says; False to stop."""
        if line == "screen":
            print(json.dumps(self.screen(), ensure_ascii=False), flush=True)
        elif line == "next":
            next(self.steps)()
            print("ready", flush=True)
        else:
            self.rig.close()
            return False
        return True


def main() -> None:
    """Show the window and answer stdin until ``quit``."""
    app = QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    driver = Driver(sys.argv[1] if len(sys.argv) > 1 else "vi")
    driver.window.view.show()
    driver.window.view.requestActivate()  # no window manager on Xvfb gives it the focus
    driver.window.settle(300)
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def read() -> None:
        line = sys.stdin.readline().strip()
        if not driver.command(line):
            notifier.setEnabled(False)
            app.quit()

    notifier.activated.connect(read)
    print("ready", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
