"""A monitor and a finger for cage's x11 backend: an Xvfb, its one window, xdotool.

cage's wlroots x11 backend shows its output as a window on an X server. Under Xvfb (no
window manager) :meth:`NestedOutput.resize` changes that window's size, which cage
takes as the output's new mode, and :meth:`NestedOutput.tap` clicks in it: the X
server's pointer events reach cage's seat and the kiosk as a touch would (press,
release at one point).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

from tests.support import waiting


def free_display() -> int:
    """An X display number with no server (socket) yet."""
    for number in range(70, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(
                f"/tmp/.X{number}-lock").exists():
            return number
    raise AssertionError("no free X display number")


class NestedOutput:
    """An Xvfb big enough for a 1920-pixel side, and cage's window in it."""

    def __init__(self) -> None:
        self.display = f":{free_display()}"
        # -ac: the session user's cage may connect; nothing else listens (no TCP).
        self.xvfb = subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", "2000x2000x24", "-ac", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        waiting.wait_until(lambda: Path(f"/tmp/.X11-unix/X{self.display[1:]}").exists(),
                           10, 0.05, "Xvfb to start")
        self.window = ""

    def _x(self, *command: str, check: bool = True) -> str:
        done = subprocess.run(command, env={**os.environ, "DISPLAY": self.display},
                              capture_output=True, text=True, check=check, timeout=20)
        return done.stdout

    def find_window(self, timeout: float = 30.0) -> str:
        """cage's output window (the root's one mapped child larger than 100 px)."""
        def found() -> str | None:
            tree = self._x("xwininfo", "-root", "-children", check=False)
            for line in tree.splitlines():
                match = re.match(r"\s+(0x[0-9a-f]+) .*\s(\d+)x(\d+)[+-]\d+[+-]\d+", line)
                if match and int(match.group(2)) > 100 and int(match.group(3)) > 100:
                    return match.group(1)
            return None
        self.window = waiting.wait_until(found, timeout, 0.2, "cage's X11 output window")
        return self.window

    def resize(self, width: int, height: int) -> None:
        """Give cage's output ``width`` × ``height`` (as a monitor's mode change would)."""
        self._x("xdotool", "windowsize", self.window, str(width), str(height))

    def tap(self, x: int, y: int) -> None:
        """A touch at window point (``x``, ``y``): press and release, then a short pause."""
        self._x("xdotool", "mousemove", "--window", self.window, str(x), str(y))
        time.sleep(0.05)
        self._x("xdotool", "click", "1")
        time.sleep(0.15)

    def close(self) -> None:
        """Stop the Xvfb."""
        self.xvfb.terminate()
        try:
            self.xvfb.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.xvfb.kill()
            self.xvfb.wait(timeout=5)
