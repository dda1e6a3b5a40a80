"""A screen reader's view: the kiosk's accessibility tree read over AT-SPI, screen by screen.

The desktop accessibility stack is real: an X server (Xvfb), a private D-Bus session
bus, Debian's ``at-spi2-core`` (bus launcher and registry) and ``python3-pyatspi`` (what
Orca is built on) reading the tree from another process, as a screen reader does. The
kiosk window runs in its own process (tests/app/atspi_kiosk.py) with Qt's accessibility
forced on (``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``) and goes through a visit by keypad
keys; on each screen every button (and box, and field) the keypad can reach must be in
the tree by its name, with its role, and the screen's title as a heading.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
READER = ROOT / "tests" / "support" / "atspi_read.py"
SYSTEM_PYTHON = "/usr/bin/python3"
LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
APP_NAME = "kiosk-atspi-test"
SCREENS = ["attract", "language", "choose_procedure", "identify", "form", "review", "ticket"]
ROLES = {"Button": {"push button", "toggle button"}, "CheckBox": {"check box"},
         "EditableText": {"text", "entry", "editbar", "password text"}}


def _have_stack() -> bool:
    if not all(shutil.which(p) for p in ("Xvfb", "dbus-daemon", "dbus-send")):
        return False
    if not (Path(LAUNCHER).exists() and Path(SYSTEM_PYTHON).exists()):
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True,
                           check=False)
    return probe.returncode == 0


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not _have_stack(), reason="needs xvfb, dbus, at-spi2-core and "
                       "python3-pyatspi (apt-get install xvfb dbus at-spi2-core "
                       "python3-pyatspi)"),
]


def _line(stream: IO[str], timeout_s: float = 60.0) -> str:
    """The next line from a child (the child answers within ``timeout_s``)."""
    import select

    ready, _, _ = select.select([stream], [], [], timeout_s)
    if not ready:
        raise AssertionError(f"No answer within {timeout_s:g} s.")
    return stream.readline().strip()


class Desktop:
    """Xvfb, a private session bus and the accessibility bus; closed in reverse."""

    def __init__(self, tmp_path: Path) -> None:
        self.procs: list[subprocess.Popen[str]] = []
        read_fd, write_fd = os.pipe()
        self.procs.append(subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x2000x24",
             "-nolisten", "tcp"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, text=True))
        os.close(write_fd)
        with os.fdopen(read_fd) as display:
            self.display = ":" + display.readline().strip()
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.procs.append(bus)
        assert bus.stdout is not None
        self.env = {**os.environ, "DISPLAY": self.display,
                    "DBUS_SESSION_BUS_ADDRESS": _line(bus.stdout, 10),
                    "XDG_RUNTIME_DIR": str(tmp_path), "NO_AT_BRIDGE": "0"}
        self.procs.append(subprocess.Popen([LAUNCHER, "--launch-immediately"], env=self.env,
                                           stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL, text=True))
        deadline = time.monotonic() + 15
        while subprocess.run(["dbus-send", "--session", "--dest=org.a11y.Bus", "--print-reply",
                              "/org/a11y/bus", "org.a11y.Bus.GetAddress"], env=self.env,
                             capture_output=True, check=False).returncode != 0:
            assert time.monotonic() < deadline, "the accessibility bus did not come up"
            time.sleep(0.2)

    def tree(self) -> list[list[Any]]:
        """The kiosk's accessibility tree as a screen reader reads it."""
        deadline = time.monotonic() + 30
        while True:
            done = subprocess.run([SYSTEM_PYTHON, str(READER), APP_NAME], env=self.env,
                                  capture_output=True, text=True, timeout=120, check=False)
            if done.returncode == 0:
                return list(json.loads(done.stdout))
            assert time.monotonic() < deadline, f"the kiosk is not on the bus: {done.stderr}"
            time.sleep(0.5)

    def close(self) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    made = Desktop(tmp_path)
    yield made
    made.close()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_button_of_each_screen_is_named_over_atspi(desktop: Desktop, tmp_path: Path,
                                                         language: str) -> None:
    env = {**desktop.env, "QT_QPA_PLATFORM": "xcb", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
           "QT_QUICK_BACKEND": "software", "QT_IM_MODULE": "qtvirtualkeyboard",
           "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    kiosk = subprocess.Popen([sys.executable, "-m", "tests.app.atspi_kiosk", language],
                             cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=(tmp_path / "kiosk.log").open("w"), text=True)
    assert kiosk.stdin is not None and kiosk.stdout is not None
    try:
        assert _line(kiosk.stdout) == "ready"
        for number, stage in enumerate(SCREENS):
            if number:
                kiosk.stdin.write("next\n")
                kiosk.stdin.flush()
                answer = _line(kiosk.stdout, 90)
                log = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
                assert answer == "ready", f"towards {stage}: {log[-3000:]}"
            kiosk.stdin.write("screen\n")
            kiosk.stdin.flush()
            shown = json.loads(_line(kiosk.stdout))
            assert shown["stage"] == stage
            tree = desktop.tree()
            # (a list's rows scrolled out of view are left out of the tree by Qt until
            # they are scrolled in: the keypad scrolls them in as it reaches them)
            showing = {(role, name) for role, name, on_screen in tree if on_screen}
            missing = [
                (name, role) for name, role, in_view in shown["controls"]
                if in_view and not any((r, name) in showing
                                       for r in ROLES.get(role, {role.lower()}))]
            assert missing == [], f"{stage}: not in the AT-SPI tree: {missing}"
            assert any(role == "heading" and name for role, name, _ in tree), stage
            assert len(shown["controls"]) >= 2
        # the words are the visit's: on the last screen, "Next" in the visit's language
        names = [name.replace("\u00a0", " ") for name, _role, _in_view in shown["controls"]]
        assert ("Tiếp tục" if language == "vi" else "Next") in names
    finally:
        if kiosk.poll() is None:
            kiosk.stdin.write("quit\n")
            kiosk.stdin.flush()
            try:
                kiosk.wait(timeout=20)
            except subprocess.TimeoutExpired:
                kiosk.kill()
