"""The wheel as a technician installs it: a fresh venv outside the checkout, made by a
non-root user with Debian's /usr/bin/python3, ``pip install 'kiosk-X.whl[station]'``
(dependencies from the package index), then ``kiosk --version``, ``kiosk screenshots``
and ``kiosk card read --sim`` from it (issue 15, "How it is checked").

The user ``kioskci`` is created when missing (CI is a clean root container). The venv
lives in a folder of its own under /var/tmp, never in the checkout. ``card read --sim``
uses the real pcscd + vpcd: this test holds the virtual reader's lock file in /tmp
(as root, so no other test uses the slot meanwhile) and gives the command a private
TMPDIR, because the root-owned lock file is not writable by ``kioskci``.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.debian_packages import ROOT, Artifacts, run, user_exists

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.pcsc]

USER = "kioskci"
SCREENSHOTS = 108 + 16  # as tests/foundation/test_wheel.py counts them


def _as_user(command: list[str], home: Path, timeout: float = 600) -> str:
    """Run ``command`` as ``kioskci`` in ``home`` with a clean environment."""
    # its own (empty) settings: /etc/kiosk/kiosk.toml, when kiosk-station is installed on
    # this machine too, is the kiosk user's (0640 root:kiosk)
    env = ["env", "-i", f"HOME={home}", f"TMPDIR={home / 'tmp'}", "PATH=/usr/bin:/bin",
           f"KIOSK_CONFIG={home / 'kiosk.toml'}",
           "QT_QPA_PLATFORM=offscreen", "LANG=C.UTF-8", f"PIP_CACHE_DIR={home / 'cache'}"]
    env += [f"{k}={v}" for k, v in os.environ.items() if k.startswith("PIP_")]
    return run(["runuser", "-u", USER, "--", *env, *command], timeout=timeout, cwd=home)


@pytest.fixture(scope="module")
def user_venv(artifacts: Artifacts) -> Iterator[tuple[Path, Path]]:
    """(home, venv): ``kioskci``'s folder with a venv holding the wheel's station install."""
    if not user_exists(USER):
        run(["useradd", "--system", "--user-group", "--shell", "/usr/sbin/nologin",
             "--home-dir", "/nonexistent", USER])
    home = Path(tempfile.mkdtemp(prefix="kiosk-outside-", dir="/var/tmp"))
    assert not home.is_relative_to(ROOT)
    wheel = home / artifacts.wheel.name
    shutil.copy(artifacts.wheel, wheel)
    (home / "tmp").mkdir()
    (home / "kiosk.toml").write_text("# defaults: simulated devices, no central\n")
    run(["chown", "-R", f"{USER}:{USER}", str(home)])
    venv = home / "venv"
    _as_user(["/usr/bin/python3", "-m", "venv", str(venv)], home)
    _as_user([str(venv / "bin/pip"), "install", "-q", f"{wheel}[station]"], home)
    yield home, venv
    shutil.rmtree(home, ignore_errors=True)


def test_installed_wheel_has_its_version_and_no_pycups(user_venv: tuple[Path, Path],
                                                       artifacts: Artifacts) -> None:
    home, venv = user_venv
    version = artifacts.wheel.name.split("-")[1]
    assert _as_user([str(venv / "bin/kiosk"), "--version"], home).strip() == f"kiosk {version}"
    where = _as_user([str(venv / "bin/python"), "-c", "import kiosk; print(kiosk.__file__)"],
                     home)
    assert where.startswith(str(venv))
    listed = _as_user([str(venv / "bin/pip"), "list", "--format=freeze"], home).lower()
    assert "pyside6" in listed and "pycups" not in listed


def test_screenshots_from_the_installed_wheel(user_venv: tuple[Path, Path]) -> None:
    home, venv = user_venv
    printed = _as_user([str(venv / "bin/kiosk"), "screenshots", str(home / "shots")], home)
    assert len(printed.split()) == SCREENSHOTS
    assert len(list((home / "shots").glob("*.png"))) == SCREENSHOTS


def test_card_read_sim_from_the_installed_wheel(user_venv: tuple[Path, Path],
                                                pcscd_readers: list[str]) -> None:
    home, venv = user_venv
    with (Path(tempfile.gettempdir()) / "kiosk-vpcd-35963.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the virtual reader is ours until the read ends
        try:
            printed = _as_user([str(venv / "bin/kiosk"), "card", "read", "--sim"], home,
                               timeout=120)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    assert "Số định danh / ID number" in printed
    assert "Họ và tên / Full name" in printed

