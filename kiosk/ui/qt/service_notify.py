"""Telling systemd how a station's window is doing: ready, alive, status, stopping.

:class:`ServiceNotify` sends ``READY=1`` once the window's first frame is on the screen
(``QQuickWindow.frameSwapped``), not when the process starts: a unit ordered after the
kiosk starts with the screen really shown. Its watchdog pings come from a ``QTimer`` on
the Qt main loop, at half of ``WATCHDOG_USEC``, so a UI thread that stalls stops them
and systemd restarts the kiosk within ``WatchdogSec=``. ``STATUS=`` lines say in words
what a technician sees in ``systemctl status``; ``STOPPING=1`` marks a wanted exit.
The datagrams themselves are :mod:`kiosk.core.sd_notify`'s (no Qt there).

Test only: with ``KIOSK_TEST_UI_STALL_S`` set, SIGUSR2 makes the UI thread sleep that
many seconds (the test proving that a stalled loop stops the pings). No unit sets it.
The signal reaches the loop through ``signal.set_wakeup_fd`` and a ``QSocketNotifier``:
a Python-level handler alone may run seconds late while worker threads hold the GIL.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtQuick import QQuickWindow

from kiosk.core.sd_notify import Notifier, notify_target

log = logging.getLogger(__name__)

STALL_ENV = "KIOSK_TEST_UI_STALL_S"


class ServiceNotify(QObject):
    """READY after the first frame, WATCHDOG from the Qt loop, STATUS, STOPPING."""

    def __init__(self, view: QQuickWindow, what: str, parent: QObject | None = None,
                 notifier: Notifier | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._what = what
        self.notifier = notifier or Notifier(notify_target())
        self.ready = False
        self._watchdog = QTimer(self)
        self._watchdog.timeout.connect(self._ping)

    def start(self) -> None:
        """Wait for the first frame; start the watchdog pings if systemd wants them."""
        if not self.notifier.enabled:
            return
        self.notifier.send(STATUS=f"{self._what}: starting, showing the first screen")
        self._view.frameSwapped.connect(self._first_frame)
        target = self.notifier.target
        interval = target.ping_interval_s if target is not None else 0.0
        if interval > 0:
            self._watchdog.start(max(1, int(interval * 1000)))
            self._ping()
            log.info("watchdog pings started", extra={"fields": {"interval_s": interval}})
        elif os.environ.get("WATCHDOG_USEC"):  # systemd would kill a healthy kiosk: say why
            log.warning("watchdog not pinged: it watches another process", extra={"fields": {
                "watchdog_pid": os.environ.get("WATCHDOG_PID", "")}})
        self._stall_hook = _install_stall_hook(self)

    def _first_frame(self) -> None:
        self._view.frameSwapped.disconnect(self._first_frame)
        self.ready = True
        self.notifier.send(READY="1", STATUS=f"{self._what}: screen shown, starting sync")
        log.info("service manager told: ready")

    def _ping(self) -> None:
        self.notifier.send(WATCHDOG="1")

    def status(self, text: str) -> None:
        """Show ``text`` (one line, no personal data) in ``systemctl status``."""
        self.notifier.send(STATUS=f"{self._what}: {text}")

    def stop(self) -> None:
        """Tell systemd the exit is wanted, then stop pinging."""
        if self._watchdog.isActive():
            self._watchdog.stop()
        self.notifier.send(STOPPING="1", STATUS=f"{self._what}: stopping")
        self.notifier.close()


def _install_stall_hook(parent: QObject) -> QSocketNotifier | None:
    """Test only: SIGUSR2 stalls the UI thread for ``$KIOSK_TEST_UI_STALL_S`` seconds."""
    value = os.environ.get(STALL_ENV, "")
    if not value:
        return None
    seconds = float(value)
    reading, writing = socket.socketpair()
    reading.setblocking(False)
    writing.setblocking(False)
    signal.set_wakeup_fd(writing.fileno())  # the C handler writes each signal's number
    signal.signal(signal.SIGUSR2, lambda *_: None)  # caught (not fatal); acted on below
    notifier = QSocketNotifier(reading.fileno(), QSocketNotifier.Type.Read, parent)

    def woken() -> None:
        try:
            numbers = reading.recv(64)
        except BlockingIOError:
            return
        if signal.SIGUSR2 in numbers:
            log.warning("test hook: UI thread stalled on purpose", extra={"fields": {
                "seconds": seconds}})
            time.sleep(seconds)  # on the UI thread: the Qt loop stops meanwhile

    notifier.activated.connect(woken)
    _STALL_SOCKETS.extend((reading, writing))  # alive as long as the process
    return notifier


_STALL_SOCKETS: list[socket.socket] = []
