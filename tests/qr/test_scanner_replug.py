"""A serial-mode QR scanner unplugged and plugged back is picked up again without a restart.

The scanner is a pseudo-terminal behind a stable name (as udev's /dev/serial/by-id/ link
is for a real one): missing at start, plugged in, unplugged (the line closes under the
reader: EIO, as a USB-serial device pulled out), and plugged back as a new device.
"""

from __future__ import annotations

import os
import queue
import tty
from pathlib import Path

from kiosk.devices.qr.events import ScanEvent
from kiosk.devices.qr.scanners import ScannerState, SerialScanner
from tests.support.waiting import wait_until

CODE = b"079090001234|Test Sample|01011990|Nam|Ha Noi|01012021"  # synthetic


class Plug:
    """A pseudo-terminal that appears at ``link`` while plugged in."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.master = self.slave = -1

    def plug_in(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.link.symlink_to(os.ttyname(self.slave))

    def pull_out(self) -> None:
        self.link.unlink()
        os.close(self.master)
        os.close(self.slave)


def test_a_serial_scanner_comes_back_after_an_unplug(tmp_path: Path) -> None:
    scans: queue.Queue[ScanEvent] = queue.Queue()
    plug = Plug(tmp_path / "usb-QR_Scanner-if00")
    scanner = SerialScanner(str(plug.link), scans.put, retry_s=0.05, idle_timeout_s=0.2)
    scanner.start()
    try:
        wait_until(lambda: scanner.state is ScannerState.UNAVAILABLE, 5, 0.01, "unavailable")
        for _round in range(2):  # plugged in late, then plugged back after an unplug
            plug.plug_in()
            wait_until(lambda: scanner.state is ScannerState.RUNNING, 5, 0.01, "running")
            os.write(plug.master, CODE + b"\r\n")
            assert scans.get(timeout=5).raw == CODE
            plug.pull_out()
            wait_until(lambda: scanner.state is ScannerState.UNAVAILABLE, 5, 0.01, "gone")
    finally:
        scanner.stop()
