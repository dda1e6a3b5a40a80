"""The Debian packages installed on this machine with ``dpkg -i`` (issue 15, part 1).

Installing creates the system users, owner-only data folders, the config's owners and
the enabled units; reinstalling (dpkg's upgrade path through every maintainer script)
keeps the outbox and the admin's settings; the central's venv has no Qt or OpenCV;
purging removes data, users and units. Needs root, as CI has.
"""

from __future__ import annotations

import grp
import hashlib
import os
import pwd
import stat
import subprocess
from pathlib import Path

import pytest

from tests.support.debian_packages import (
    PACKAGES,
    USERS,
    Installed,
    is_installed,
    purge,
    run,
    user_exists,
)

pytestmark = [pytest.mark.slow, pytest.mark.integration]


def _owner_and_mode(path: str) -> tuple[str, str, int]:
    info = os.stat(path)
    return (pwd.getpwuid(info.st_uid).pw_name, grp.getgrgid(info.st_gid).gr_name,
            stat.S_IMODE(info.st_mode))


def test_install_creates_users_private_folders_and_enabled_units(installed: Installed
                                                                  ) -> None:
    assert all(is_installed(p) for p in PACKAGES)
    for user, home in (("kiosk", "/var/lib/kiosk"), ("kiosk-central", "/var/lib/kiosk-central")):
        account = pwd.getpwnam(user)
        assert (account.pw_dir, account.pw_shell) == (home, "/usr/sbin/nologin")
        assert account.pw_uid < 1000  # a system account
        assert _owner_and_mode(home) == (user, user, 0o700)
    assert _owner_and_mode("/etc/kiosk/kiosk.toml") == ("root", "kiosk", 0o640)
    assert _owner_and_mode("/etc/kiosk/central.toml") == ("root", "kiosk-central", 0o640)
    assert _owner_and_mode("/etc/kiosk/central.env") == ("root", "kiosk-central", 0o640)
    for unit in ("kiosk-session", "kiosk-out-of-service", "kiosk-central"):
        assert Path(f"/lib/systemd/system/{unit}.service").is_file()
    wants = Path("/etc/systemd/system")
    assert (wants / "graphical.target.wants/kiosk-session.service").resolve() == \
        Path("/lib/systemd/system/kiosk-session.service").resolve()
    assert (wants / "multi-user.target.wants/kiosk-central.service").is_symlink()
    # the out-of-service screen is started by OnFailure=, never at boot
    assert not list(wants.glob("*.wants/kiosk-out-of-service.service"))


def test_installed_commands_run_with_the_packaged_settings(installed: Installed) -> None:
    version = installed.artifacts.wheel.name.split("-")[1]
    assert run(["/usr/bin/kiosk", "--version"]).strip() == f"kiosk {version}"
    # as root, /usr/bin/kiosk runs the command as the kiosk user with /etc/kiosk/kiosk.toml
    assert "usage: kiosk diag" in run(["/usr/bin/kiosk", "diag", "--help"])
    assert "issue-code" in run(["/usr/bin/kiosk-central", "--help"])


def test_central_install_has_no_qt_or_opencv(installed: Installed) -> None:
    python = "/opt/kiosk-central/bin/python"
    for module in ("PySide6", "cv2", "smartcard", "cups"):
        done = subprocess.run([python, "-c", f"import {module}"], capture_output=True,
                              text=True, check=False)
        assert "ModuleNotFoundError" in done.stderr, module
    run([python, "-c", "import kiosk.central.app, psycopg, uvicorn"])
    # the kiosk's own commands say what they need instead of the CLI failing to start
    done = subprocess.run(["/opt/kiosk-central/bin/kiosk", "run"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 2
    assert "kiosk-station" in done.stderr and "kiosk[station]" in done.stderr


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reinstall_upgrades_in_place_keeping_outbox_and_settings(installed: Installed) -> None:
    outbox = Path("/var/lib/kiosk/outbox.db")
    run(["runuser", "-u", "kiosk", "--", "sh", "-c",
         f"head -c 65536 /dev/urandom > {outbox}; chmod 0600 {outbox}"])
    before = _digest(outbox)
    settings = Path("/etc/kiosk/kiosk.toml")
    settings.write_text(settings.read_text().replace('code = "DEMO"', 'code = "HCM-01"'))
    # dpkg -i of an installed package runs prerm upgrade, postrm upgrade, postinst
    # configure <old version>: the whole upgrade path
    run(["dpkg", "-i", str(installed.artifacts.station)])
    assert _digest(outbox) == before
    assert _owner_and_mode(str(outbox)) == ("kiosk", "kiosk", 0o600)
    assert _owner_and_mode("/var/lib/kiosk") == ("kiosk", "kiosk", 0o700)
    assert 'code = "HCM-01"' in settings.read_text()  # the admin's conffile is kept
    assert _owner_and_mode(str(settings)) == ("root", "kiosk", 0o640)


def test_purge_removes_data_users_and_units(installed: Installed) -> None:
    purge()
    assert not any(is_installed(p) for p in PACKAGES)
    for gone in ("/var/lib/kiosk", "/var/lib/kiosk-central", "/opt/kiosk",
                 "/opt/kiosk-central", "/etc/kiosk", "/usr/bin/kiosk",
                 "/lib/systemd/system/kiosk-session.service",
                 "/lib/systemd/system/kiosk-central.service"):
        assert not os.path.lexists(gone), gone
    assert not list(Path("/etc/systemd/system").glob("*/kiosk-*.service"))
    assert not list(Path("/etc/systemd/system").glob("kiosk-*.service"))  # no mask left
    for user in USERS:
        assert user_exists(user) == (user in installed.users_before), user
