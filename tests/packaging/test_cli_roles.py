"""The ``kiosk`` command on an install of one role (issue 15, part 1): ``--version`` from
the installed distribution's metadata, and on a central install (no PySide6, OpenCV or
card libraries) every command group that needs them says which package to install,
instead of the whole command failing to start.

The central install is reproduced in a child Python whose import system refuses the
station's third-party modules (as a venv without them would); the real central venv is
checked in tests/packaging/test_install.py.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

from kiosk.commands.not_installed import explain_missing, is_missing_dependency
from tests.support.debian_packages import ROOT

_WITHOUT_STATION = """
import importlib.abc, sys
STATION = {"PySide6", "cv2", "smartcard", "zxingcpp", "escpos", "numpy", "PIL", "segno",
           "serial", "usb", "httpx", "stamina", "holidays", "asn1crypto", "cups"}
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in STATION:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Refuse())
from kiosk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _central_only(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _WITHOUT_STATION, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)


def test_version_is_the_installed_distributions() -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk", "--version"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == f"kiosk {importlib.metadata.version('kiosk')}"


def test_central_install_runs_central_commands_and_explains_the_others() -> None:
    assert _central_only("--version").returncode == 0
    helped = _central_only("central", "issue-code", "--help")
    assert helped.returncode == 0 and "center" in helped.stdout
    listing = _central_only("--help").stdout
    assert "not in this install: needs kiosk[station]" in listing
    for command in (["run"], ["card", "read", "--sim"], ["screenshots", "out"]):
        done = _central_only(*command)
        assert done.returncode == 2, (command, done.stderr)
        assert f"`kiosk {command[0]}` is not part of this install" in done.stderr
        assert "kiosk-station" in done.stderr and "kiosk[station]" in done.stderr


def test_a_missing_kiosk_module_is_a_bug_not_a_missing_package() -> None:
    assert is_missing_dependency(ModuleNotFoundError("x", name="PySide6.QtCore"))
    assert not is_missing_dependency(ModuleNotFoundError("x", name="kiosk.commands.gone"))


def test_pycups_is_asked_for_as_its_own_extra(capsys: pytest.CaptureFixture[str]) -> None:
    assert explain_missing("print", "cups") == 2
    said = capsys.readouterr().err
    assert "kiosk[cups]" in said and "KIOSK_STATION_EXTRAS=station,cups" in said
    assert explain_missing("central", "uvicorn") == 2
    assert "kiosk-central Debian package" in capsys.readouterr().err
