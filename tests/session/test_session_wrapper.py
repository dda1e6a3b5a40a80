"""packaging/session/kiosk-session: what the systemd unit execs as the kiosk user.

A probe stands in for the kiosk (KIOSK_COMMAND) inside a real headless cage and writes
down what it was given: its environment, its runtime folder's mode and owner, and the
command line of its parent, cage (no -s: no switching to a text console).
"""

from __future__ import annotations

import os
import pwd
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cage_session import (
    WRAPPER,
    as_user,
    ensure_packages,
    private_folder,
    remove_folder,
    session_user,
)

pytestmark = [pytest.mark.slow, pytest.mark.integration]  # cage and a second user

PROBE = """#!/bin/sh
{
  echo "args=$*"
  echo "runtime=$XDG_RUNTIME_DIR"
  echo "mode=$(stat -c %a "$XDG_RUNTIME_DIR") owner=$(stat -c %U "$XDG_RUNTIME_DIR")"
  echo "qpa=$QT_QPA_PLATFORM im=$QT_IM_MODULE deco=$QT_WAYLAND_DISABLE_WINDOWDECORATION"
  echo "wayland=$WAYLAND_DISPLAY"
  echo "cage=$(tr '\\0' ' ' < /proc/$PPID/cmdline)"
} > "$PROBE_OUT"
"""


@pytest.fixture
def folder() -> Iterator[tuple[str, Path]]:
    ensure_packages(("cage", "xwayland"))
    user = session_user()
    made = private_folder(user)
    yield user, made
    remove_folder(made)


def _run(user: str, folder: Path, *env: str, tty: bool = False
         ) -> tuple[subprocess.CompletedProcess[str], str]:
    probe = folder / "probe.sh"
    probe.write_text(PROBE)
    probe.chmod(0o755)
    os.chown(probe, pwd.getpwnam(user).pw_uid, -1)
    out = folder / "probe.out"
    command = [
        "env", "-i", "PATH=/usr/bin:/bin", f"HOME={folder / 'home'}", f"TMPDIR={folder}",
        "WLR_BACKENDS=headless", "WLR_LIBINPUT_NO_DEVICES=1", "WLR_RENDERER=pixman",
        f"KIOSK_COMMAND=/bin/sh {probe}", f"PROBE_OUT={out}", *env,
        str(WRAPPER), "--exit-after", "5"]
    if tty:  # on a terminal, as on the console the unit gives it (script makes a pty)
        command = ["script", "-qec", shlex.join(command), "/dev/null"]
    done = subprocess.run(as_user(user, command), capture_output=True, text=True,
                          timeout=60, cwd=folder)
    return done, out.read_text() if out.exists() else ""


def test_the_wrapper_starts_cage_locked_with_the_kiosks_environment(
        folder: tuple[str, Path]) -> None:
    user, where = folder
    done, seen = _run(user, where)  # no XDG_RUNTIME_DIR given: the wrapper makes one
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split("=", 1) for line in seen.splitlines())
    assert lines["args"] == "run --exit-after 5"  # `kiosk run` and the unit's arguments
    runtime = Path(lines["runtime"])
    assert runtime.is_relative_to(where) or runtime == Path(f"/run/user/{os.getuid()}")
    assert lines["mode"] == f"700 owner={user}"
    assert lines["qpa"] == "wayland im=qtvirtualkeyboard deco=1"
    assert lines["wayland"].startswith("wayland-")  # cage's own display
    cage = lines["cage"].split()
    assert cage[0].endswith("cage") and "-s" not in cage and "-d" in cage  # no VT switch
    assert "-r" not in cage


def test_a_panel_on_its_side_turns_the_output_and_root_is_refused(
        folder: tuple[str, Path]) -> None:
    user, where = folder
    runtime = where / "runtime"
    done, seen = _run(user, where, f"XDG_RUNTIME_DIR={runtime}", "KIOSK_SESSION_ROTATE=3")
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"runtime={runtime}\n" in seen  # the unit's runtime folder is kept
    assert seen.split("cage=")[1].split().count("-r") == 3
    wrong = subprocess.run(as_user(user, [
        "env", "-i", "PATH=/usr/bin:/bin", f"XDG_RUNTIME_DIR={runtime}",
        "KIOSK_SESSION_ROTATE=5", str(WRAPPER)]), capture_output=True, text=True, timeout=30)
    assert wrong.returncode == 2 and "0, 1, 2 or 3" in wrong.stderr
    if os.geteuid() == 0:
        as_root = subprocess.run([str(WRAPPER)], capture_output=True, text=True, timeout=30)
        assert as_root.returncode == 1 and "not root" in as_root.stderr


def test_on_its_console_the_wrapper_turns_blanking_off(folder: tuple[str, Path]) -> None:
    """cage never blanks the screen itself (no DPMS or output power code in 0.1.4); the
    kernel console is told not to blank or power down either: setterm's "blank 0" and
    "powerdown 0" sequences reach the terminal the session runs on."""
    user, where = folder
    done, seen = _run(user, where, f"XDG_RUNTIME_DIR={where / 'runtime'}", tty=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "\x1b[9;0]" in done.stdout and "\x1b[14;0]" in done.stdout
    assert "qpa=wayland" in seen  # and cage then started the kiosk
