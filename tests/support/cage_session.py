"""The kiosk in a real cage session, started the way the systemd unit starts it.

:class:`CageSession` runs ``packaging/session/kiosk-session`` (which execs ``cage --
kiosk run``) as an ordinary user, because cage refuses root. The kiosk is Debian's
``/usr/bin/python3 -m kiosk`` with this checkout and the test interpreter's
site-packages on ``PYTHONPATH`` (a venv made from a root-only interpreter cannot be run
by another user; its packages can be read). Two wlroots backends:

- ``headless`` (what the issue asks for): one 1280×720 output, turned to 720×1280 by
  the wrapper's ``KIOSK_SESSION_ROTATE=1`` (cage -r). cage 0.1.4 on Debian 12 offers
  no other size: it does not implement wlr-output-management, so ``wlr-randr
  --custom-mode`` has nothing to talk to, and wlroots 0.15's headless outputs are
  1280×720. It has no input devices either.
- ``x11``, nested in an Xvfb: cage's output is an X window whose size ``xdotool
  windowsize`` changes like a monitor's mode, and ``xdotool`` clicks reach the kiosk
  through cage's seat as touches would (cage 0.1.4 has no virtual-pointer or
  virtual-keyboard protocol, so nothing can inject input into its headless backend).

The kiosk reports where its named items are (``--report-items``), so a test taps
them, and ``grim`` takes what the output shows.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support import waiting

ROOT = Path(__file__).resolve().parents[2]
WRAPPER = ROOT / "packaging" / "session" / "kiosk-session"
SESSION_USER = "kiosk-cage-test"
PACKAGES = ("cage", "grim", "xwayland", "xvfb", "xdotool", "x11-utils")
SYSTEM_PYTHON = "/usr/bin/python3"


def ensure_packages(packages: tuple[str, ...] = PACKAGES) -> None:
    """Install what is missing from ``packages`` (root), or skip saying what to install."""
    missing = [p for p in packages if subprocess.run(
        ["dpkg", "-s", p], capture_output=True).returncode != 0]
    if not missing:
        return
    if os.geteuid() != 0:
        pytest.skip(f"needs Debian packages {' '.join(missing)} (apt-get install them)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                   check=True, env=env, capture_output=True)


def session_user() -> str:
    """The ordinary user the session runs as: this one, or (as root) a test user."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid()).pw_name
    try:
        pwd.getpwnam(SESSION_USER)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/usr/sbin/nologin",
                        SESSION_USER], check=True, capture_output=True)
    return SESSION_USER


def as_user(user: str, command: list[str]) -> list[str]:
    """``command`` run as ``user`` (unchanged when that is who we are)."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", user, "--", *command]


def python_path() -> str:
    """This checkout and the test interpreter's packages, for Debian's python3."""
    paths = sysconfig.get_paths()
    return os.pathsep.join(dict.fromkeys([str(ROOT), paths["purelib"], paths["platlib"]]))


def check_python(user: str) -> None:
    """Fail plainly when ``user`` cannot import the kiosk with Debian's python3."""
    if sys.version_info[:2] != (3, 11) or not Path(SYSTEM_PYTHON).exists():
        pytest.skip("needs Debian 12's /usr/bin/python3 (3.11), the test interpreter's twin")
    done = subprocess.run(as_user(user, [
        "env", f"PYTHONPATH={python_path()}", SYSTEM_PYTHON, "-c",
        "import PySide6.QtQuick, kiosk.ui.kiosk.window"]), capture_output=True, text=True,
        cwd="/")
    assert done.returncode == 0, (
        f"{user} cannot import the kiosk from {python_path()} (make the checkout and the "
        f"venv readable by other users): {done.stderr[-1500:]}")


def private_folder(user: str) -> Path:
    """A folder only ``user`` (and root) can enter: runtime dir, home, reports, shots."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-cage-"))
    for sub in ("runtime", "home"):
        (folder / sub).mkdir()
    entry = pwd.getpwnam(user)
    # The kiosk's own configuration: defaults (simulated devices, its own central), never
    # a kiosk installed on this machine (/etc/kiosk/kiosk.toml); its reader is one that
    # does not exist: the shared virtual reader gets cards from tests running beside
    # (a typed ID with someone else's card on the reader opens that card, not the form).
    (folder / "kiosk.toml").write_text(
        "# the session tests' kiosk: defaults, but no card reader\n"
        "[reader]\nname = \"Kiosk session test: no reader\"\n")
    for path in (folder, folder / "runtime", folder / "home", folder / "kiosk.toml"):
        os.chown(path, entry.pw_uid, entry.pw_gid)
        path.chmod(0o700)
    return folder


class CageSession:
    """One kiosk session under cage (started by :meth:`start`, ended by :meth:`stop`)."""

    def __init__(self, user: str, folder: Path, backend: str = "headless", rotate: int = 0,
                 display: str = "", extra_env: tuple[str, ...] = ()) -> None:
        self.user, self.folder = user, folder
        self.backend, self.rotate, self.display = backend, rotate, display
        self.extra_env = extra_env
        self.report = folder / "items.json"
        self.log = folder / "session.log"
        self.process: subprocess.Popen[bytes] | None = None

    def environment(self) -> list[str]:
        """The session's whole environment (what a systemd unit would give it)."""
        env = [f"HOME={self.folder / 'home'}", "PATH=/usr/local/bin:/usr/bin:/bin",
               "LANG=C.UTF-8", f"XDG_RUNTIME_DIR={self.folder / 'runtime'}",
               f"WLR_BACKENDS={self.backend}", "WLR_RENDERER=pixman",
               f"KIOSK_COMMAND={SYSTEM_PYTHON} -m kiosk", f"PYTHONPATH={python_path()}",
               f"KIOSK_SESSION_ROTATE={self.rotate}", f"KIOSK_CONFIG={self.folder / 'kiosk.toml'}"]
        if self.backend == "headless":
            env.append("WLR_LIBINPUT_NO_DEVICES=1")
        if self.display:
            env.append(f"DISPLAY={self.display}")
        return env + list(self.extra_env)

    def start(self, exit_after: int = 90) -> None:
        """Start cage and the kiosk through the session wrapper."""
        command = as_user(self.user, ["env", "-i", *self.environment(), str(WRAPPER),
                                      "--exit-after", str(exit_after),
                                      "--report-items", str(self.report)])
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                            cwd=self.folder, start_new_session=True)

    def shown(self) -> dict[str, Any]:
        """The kiosk's latest item report ({} before the first)."""
        try:
            return dict(json.loads(self.report.read_text()))
        except (OSError, ValueError):
            return {}

    def wait_for(self, size: tuple[int, int], stage: str, item: str = "",
                 timeout: float = 40.0) -> dict[str, Any]:
        """Wait until the window has ``size``, shows ``stage`` and (if given) ``item``."""
        def ready() -> dict[str, Any] | None:
            self.assert_running()
            shown = self.shown()
            window = shown.get("window", {})
            if ((window.get("w"), window.get("h")) == size and shown.get("stage") == stage
                    and (not item or item in shown.get("items", {}))):
                return shown
            return None
        return waiting.wait_until(ready, timeout, 0.2, f"{stage} at {size} ({item})")

    def assert_running(self) -> None:
        """AssertionError with the session's log if cage or the kiosk has ended."""
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"the session ended ({self.process.returncode}): "
                                 f"{self.log.read_text(errors='replace')[-3000:]}")

    def screenshot(self, name: str, settle: float = 1.0) -> Path:
        """What the output shows now, taken by grim (after ``settle`` seconds)."""
        time.sleep(settle)
        path = self.folder / f"{name}.png"
        subprocess.run(as_user(self.user, [
            "env", f"XDG_RUNTIME_DIR={self.folder / 'runtime'}", "WAYLAND_DISPLAY=wayland-0",
            "grim", str(path)]), check=True, capture_output=True, timeout=20)
        return path

    def first_frame(self, name: str, timeout: float = 30.0) -> Path:
        """A screenshot once the kiosk's first frame is on the output (not one colour).

        llvmpipe's first OpenGL frame can take seconds on a busy 2-core machine; until
        then cage's output is black.
        """
        import cv2

        def drawn() -> Path | None:
            shot = self.screenshot(name, 0.5)
            picture = cv2.imread(str(shot))
            return shot if picture is not None and picture.std() > 10 else None
        return waiting.wait_until(drawn, timeout, 0.5, "the kiosk's first frame")

    def stop(self) -> str:
        """End the session (cage and the kiosk); its log."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def remove_folder(folder: Path) -> None:
    """Remove a session's private folder (files the session user made included)."""
    shutil.rmtree(folder, ignore_errors=True)
