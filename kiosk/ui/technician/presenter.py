"""What the technician screens see, and where a technician's taps go.

:class:`TechnicianPresenter` is the ``technician`` object of the kiosk window's QML. It
holds the way in (the gesture, the PIN pad, the lockout's countdown), the technician
menu and the live diagnostics screen. It touches no device and runs nothing that
blocks: it emits what it wants done on its ``requests`` signal (check a PIN, run a
check family, print the test page: ``requests.py``), and the app wiring
(``kiosk/ui/technician/wiring.py``) runs that on the
:class:`~kiosk.ui.qt.tasks.TaskRunner` and hands the outcome back to its slots on the UI
thread. The wiring also hands it plain quick callables: read the APDU log, wipe the
visit, quit.

The gesture (docs/technician.md): hold the emblem at the top left for
:data:`HOLD_MS` ms, let go, then tap the top-right corner within :data:`ARM_S`
seconds. A citizen does not hold the emblem for three seconds and then hunt for an
empty corner by accident; nothing on screen hints that either exists.

Opening the menu wipes the citizen's visit first, and so does leaving it: a technician
never sees a citizen's data. Left alone, the PIN pad closes after :data:`PIN_IDLE_S`
seconds and the menu or diagnostics after :data:`MENU_IDLE_S` (wiping again), so a
technician who walks away does not leave "Exit" within a citizen's reach.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.core.errors import KioskError
from kiosk.ui.technician.check_rows import failure_rows, result_rows, shown_rows
from kiosk.ui.technician.pin_gate import PinOutcome, PinState
from kiosk.ui.technician.requests import CheckPin, RunChecks

log = logging.getLogger(__name__)

HOLD_MS = 3000
ARM_S = 3.0
PIN_IDLE_S = 30.0
MENU_IDLE_S = 180.0
MAX_PIN_DIGITS = 12
MIN_PIN_DIGITS = 4
TICK_MS = 500


class TechnicianPresenter(QObject):
    """The technician's way in, menu and diagnostics as QML properties and slots."""

    mode_changed = Signal()
    armed_changed = Signal()
    pin_changed = Signal()
    checks_changed = Signal()
    apdu_changed = Signal()
    preview_changed = Signal()
    requests = Signal(object)  # TechnicianRequest: the work the wiring runs

    def __init__(
        self,
        pins: PinState,
        families: Sequence[str],
        *,
        apdu_lines: Callable[[], list[str]],
        wipe_visit: Callable[[], None],
        quit_app: Callable[[], None],
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pins = pins
        self._families = list(families)
        self._apdu_source = apdu_lines
        self._wipe = wipe_visit
        self._quit = quit_app
        self._clock = clock
        self._mode = ""
        self._armed_until = 0.0
        self._digits: list[str] = []
        self._message = ""
        self._attempts_left = 0
        self._locked = 0
        self._checking = False
        self._last_touch = 0.0
        self._results: dict[str, list[dict[str, Any]]] = {}
        self._running: set[str] = set()
        self._queue: list[tuple[str, bool]] = []
        self._runs = 0
        self._apdu: list[str] = []
        self._want_preview: Callable[[bool], None] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    # -- camera preview (set by the wiring when the window has a camera preview) --------
    def set_preview(self, want: Callable[[bool], None]) -> None:
        """Use the window's camera preview: ``want(True)`` while diagnostics show."""
        self._want_preview = want
        self.preview_changed.emit()

    # -- properties ------------------------------------------------------------------
    def _get_mode(self) -> str:
        return self._mode

    def _get_armed(self) -> bool:
        return self._armed_until > 0.0

    def _get_pin_length(self) -> int:
        return len(self._digits)

    def _get_message(self) -> str:
        return self._message

    def _get_attempts(self) -> int:
        return self._attempts_left

    def _get_locked(self) -> int:
        return self._locked

    def _get_checking(self) -> bool:
        return self._checking

    def _get_dev(self) -> bool:
        return self._pins.dev_pin_in_use

    def _get_checks(self) -> list[dict[str, Any]]:
        return shown_rows(self._families, self._results, self._is_running)

    def _is_running(self, family: str) -> bool:
        return family in self._running or any(f == family for f, _ in self._queue)

    def _get_busy(self) -> bool:
        return bool(self._running or self._queue)

    def _get_runs(self) -> int:
        return self._runs

    def _get_apdu(self) -> list[str]:
        return self._apdu

    def _get_preview(self) -> bool:
        return self._want_preview is not None

    mode = Property(str, _get_mode, notify=mode_changed)
    armed = Property(bool, _get_armed, notify=armed_changed)
    pin_length = Property(int, _get_pin_length, notify=pin_changed)
    pin_message = Property(str, _get_message, notify=pin_changed)
    attempts_left = Property(int, _get_attempts, notify=pin_changed)
    locked_seconds = Property(int, _get_locked, notify=pin_changed)
    checking = Property(bool, _get_checking, notify=pin_changed)
    dev_pin = Property(bool, _get_dev, notify=pin_changed)
    checks = Property(list, _get_checks, notify=checks_changed)
    busy = Property(bool, _get_busy, notify=checks_changed)
    runs = Property(int, _get_runs, notify=checks_changed)
    apdu_lines = Property(list, _get_apdu, notify=apdu_changed)
    preview = Property(bool, _get_preview, notify=preview_changed)

    # -- the way in ------------------------------------------------------------------
    def _set_mode(self, mode: str) -> None:
        if mode == self._mode:
            return
        if self._want_preview is not None and "diagnostics" in (mode, self._mode):
            self._want_preview(mode == "diagnostics")
        self._mode = mode
        self._last_touch = self._clock()
        if mode and not self._timer.isActive():
            self._timer.start()
        log.info("technician screen", extra={"fields": {"mode": mode or "closed"}})
        self.mode_changed.emit()

    @Slot()
    def hold_done(self) -> None:
        """The emblem was held long enough: the corner tap is armed for a moment."""
        if self._mode:
            return
        self._armed_until = self._clock() + ARM_S
        if not self._timer.isActive():
            self._timer.start()
        self.armed_changed.emit()

    @Slot()
    def corner_tapped(self) -> None:
        """The top-right corner was tapped: the PIN pad opens if the gesture was armed."""
        if self._mode or not self._armed_until or self._clock() > self._armed_until:
            self._disarm()
            return
        self._disarm()
        self._digits = []
        self._refresh_availability()
        self._set_mode("pin")

    def _disarm(self) -> None:
        if self._armed_until:
            self._armed_until = 0.0
            self.armed_changed.emit()

    def _refresh_availability(self) -> None:
        blocked = self._pins.availability()
        self._message = str(blocked) if blocked is not None else ""
        self._locked = int(self._pins.locked_s() + 0.999)
        self.pin_changed.emit()

    @Slot(str)
    def digit(self, key: str) -> None:
        """A digit key of the PIN pad."""
        self.touched()
        if self._mode != "pin" or self._checking or self._message in ("locked", "not_set",
                                                                      "invalid"):
            return
        if len(key) == 1 and key.isdigit() and len(self._digits) < MAX_PIN_DIGITS:
            self._digits.append(key)
            if self._message == "wrong":
                self._message = ""
            self.pin_changed.emit()

    @Slot()
    def erase(self) -> None:
        """The erase key: drop the last digit."""
        self.touched()
        if self._digits and not self._checking:
            self._digits.pop()
            self.pin_changed.emit()

    @Slot()
    def submit_pin(self) -> None:
        """The OK key: ask for the PIN to be checked (off the UI thread: hashing is slow)."""
        self.touched()
        if self._mode != "pin" or self._checking or len(self._digits) < MIN_PIN_DIGITS:
            return
        pin = "".join(self._digits)
        self._digits = []
        self._checking = True
        self.pin_changed.emit()
        self.requests.emit(CheckPin(pin))

    def pin_checked(self, outcome: PinOutcome) -> None:
        """The answer to a :class:`CheckPin`: open the menu, or say why not."""
        self._checking = False
        if self._mode != "pin":
            self.pin_changed.emit()
            return
        verdict = str(outcome.verdict)
        if verdict == "open":
            self._message = ""
            self.pin_changed.emit()
            self._wipe()
            self._set_mode("menu")
            return
        self._message = verdict
        self._attempts_left = outcome.attempts_left
        self._locked = int(outcome.locked_s + 0.999)
        self.pin_changed.emit()

    def pin_check_failed(self, error: KioskError) -> None:
        """A :class:`CheckPin` could not be answered: the pad says the PIN is unusable."""
        log.error("technician PIN check failed", extra={"fields": {
            "error": type(error).__name__}})
        self._checking = False
        self._message = "invalid"
        self.pin_changed.emit()

    @Slot()
    def cancel(self) -> None:
        """Close the PIN pad; the citizen's screen is as it was."""
        self._digits = []
        self._message = ""
        self.pin_changed.emit()
        if self._mode == "pin":
            self._set_mode("")

    # -- the menu ----------------------------------------------------------------------
    @Slot()
    def open_diagnostics(self) -> None:
        """The Diagnostics item: show the checks, running them all the first time."""
        if self._mode not in ("menu", "diagnostics"):
            return
        self._set_mode("diagnostics")
        self._apdu_refresh()
        if not self._results and not self._running and not self._queue:
            self.run_all()

    @Slot()
    def back_to_menu(self) -> None:
        """Back from the diagnostics screen."""
        if self._mode == "diagnostics":
            self._set_mode("menu")

    @Slot()
    def back_to_citizen(self) -> None:
        """Leave the technician menu: a fresh citizen screen."""
        if self._mode in ("menu", "diagnostics"):
            self._wipe()
            self._set_mode("")

    @Slot()
    def exit_app(self) -> None:
        """Quit the kiosk app cleanly (the caller's event loop ends)."""
        if self._mode not in ("menu", "diagnostics"):
            return
        log.warning("kiosk app closed from the technician menu")
        self._wipe()
        self._set_mode("")
        self._quit()

    @Slot()
    def touched(self) -> None:
        """Any touch on a technician screen (keeps it open)."""
        self._last_touch = self._clock()

    # -- diagnostics -----------------------------------------------------------------
    @Slot()
    def run_all(self) -> None:
        """Run every check family again, one after another; each shows as it finishes."""
        for family in self._families:
            self._enqueue(family, False)

    @Slot(str)
    def rerun(self, family: str) -> None:
        """Run one check family again (a check's re-run button re-runs its family)."""
        if family in self._families:
            self._enqueue(family, False)

    @Slot()
    def print_test_page(self) -> None:
        """Run the printer checks and print the test page."""
        if "printer" in self._families:
            self._enqueue("printer", True)

    def _enqueue(self, family: str, test_page: bool) -> None:
        self.touched()
        if (family, test_page) in self._queue:
            return
        self._queue.append((family, test_page))
        self.checks_changed.emit()
        self._pump()

    def _pump(self) -> None:
        if self._running or not self._queue:
            return
        family, test_page = self._queue.pop(0)
        self._running.add(family)
        self.requests.emit(RunChecks(family, test_page))

    def checks_done(self, family: str, rows: list[dict[str, Any]]) -> None:
        """The answer to a :class:`RunChecks`: show the family's checks, run the next."""
        self._running.discard(family)
        self._runs += 1
        self._results[family] = result_rows(family, rows)
        self.checks_changed.emit()
        self._apdu_refresh()
        self._pump()

    def checks_failed(self, family: str, error: KioskError) -> None:
        """A :class:`RunChecks` failed as a whole: one failed row says so."""
        self.checks_done(family, failure_rows(family, error))

    def status_of(self, name: str) -> str:
        """The shown status of the check called ``name`` ("" when not shown)."""
        return next((str(r["status"]) for r in self._get_checks() if r["name"] == name), "")

    def _apdu_refresh(self) -> None:
        lines = self._apdu_source()
        if lines != self._apdu:
            self._apdu = lines
            self.apdu_changed.emit()

    # -- time ------------------------------------------------------------------------
    @Slot()
    def tick(self) -> None:
        """Every half second while something technical shows: expire, count down, refresh."""
        now = self._clock()
        if self._armed_until and now > self._armed_until:
            self._disarm()
        if self._mode == "pin":
            if now - self._last_touch > PIN_IDLE_S and not self._checking:
                self.cancel()
            elif self._message == "locked" or self._locked:
                self._refresh_availability()
        elif self._mode in ("menu", "diagnostics"):
            if now - self._last_touch > MENU_IDLE_S:
                log.info("technician screens closed after idle")
                self.back_to_citizen()
            elif self._mode == "diagnostics":
                self._apdu_refresh()
        if not self._mode and not self._armed_until:
            self._timer.stop()
