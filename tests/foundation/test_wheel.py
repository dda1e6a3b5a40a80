"""The kiosk as a wheel: built, installed into a fresh venv outside the checkout, and run.

Issue 13: assets are package data found through :mod:`kiosk.core.resources`, so an
installed wheel must work as the checkout does. The test

* copies the checkout (without ``.git``, ``.venv``, caches and old ``build/``) to a
  temporary folder and builds the wheel there with ``pip wheel --no-deps``, so the
  build writes no ``build/`` or ``kiosk.egg-info`` into the checkout. The build is
  isolated: pip takes ``setuptools>=77`` (the license field needs it) from the
  configured index (on this machine a local one; the project venv's own setuptools is
  too old for ``--no-build-isolation``);
* checks that every file of the package in the checkout is in the wheel (so an asset,
  QML screen or ``qmldir`` outside the ``package-data`` globs fails here, not on a
  kiosk in the field);
* creates a venv with ``python -m venv --without-pip`` and installs the wheel into it
  with the running pip's ``--python`` and ``--no-deps --no-index``. The dependencies
  (PySide6, OpenCV, …: hundreds of megabytes) are not installed again: after the
  install a ``.pth`` file puts the running interpreter's site-packages folders on the
  new venv's path, behind its own site-packages. That keeps the test fast and offline
  and still proves the point: ``kiosk`` itself comes only from the wheel (a path line
  in a ``.pth`` file does not run the ``.pth`` files in that folder, so an editable
  install of the checkout there is not activated). ``--system-site-packages`` would not
  do: the dependencies live in the project venv, not in the base Python. The ``.pth``
  is written after the install so pip never sees (and never tries to uninstall) the
  project venv's ``kiosk``;
* runs ``kiosk screenshots`` and ``kiosk print ticket --out`` with the venv's
  ``kiosk`` script from a folder outside the checkout, ``PYTHONPATH`` unset.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from kiosk.core.config import PrinterConfig
from kiosk.devices.printer.escpos_render import MARGIN
from kiosk.devices.printer.profiles import load_profile

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
_TOP_LEVEL_SKIPPED = {".git", ".venv", "build", "dist", "out", ".ci"}
_SKIPPED_EVERYWHERE = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache",
                       ".hypothesis", ".import_linter_cache"}
# kiosk/demo: 21 citizen screens x 2 languages x 2 orientations, and 16 technician
# screens (the count tests/app/test_screenshots.py checks for the in-tree command)
SCREENSHOTS = 108 + 16


def _skipped(folder: str, names: list[str]) -> set[str]:
    """What the copy of the checkout leaves out: VCS, venv, caches, earlier builds."""
    skipped = {n for n in names if n in _SKIPPED_EVERYWHERE or n.endswith(".egg-info")}
    if Path(folder) == ROOT:
        skipped |= _TOP_LEVEL_SKIPPED.intersection(names)
    return skipped


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 240) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kiosk wheel, built from a copy of the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=_skipped, symlinks=True)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(work / "dist"),
          str(source)], cwd=work)
    (built,) = (work / "dist").glob("kiosk-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed and the project's dependencies on its path."""
    target = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(target)], cwd=target.parent)
    python = target / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
          "--no-index", str(wheel)], cwd=target.parent)
    own = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                    cwd=target.parent).strip())
    dependencies = dict.fromkeys([*site.getsitepackages(), sysconfig.get_path("purelib"),
                                  sysconfig.get_path("platlib")])
    (own / "kiosk-test-dependencies.pth").write_text(
        "".join(f"{folder}\n" for folder in dependencies if Path(folder).is_dir()),
        encoding="utf-8")
    return target


def _outside_env() -> dict[str, str]:
    """The test's environment without PYTHONPATH, Qt offscreen."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def test_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kiosk").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert sorted(package - names) == []
    assert any(n.startswith("kiosk/assets/i18n/") and n.endswith(".qm") for n in names)
    assert {"kiosk/ui/kiosk/qml/qmldir", "kiosk/ui/counter/qml/qmldir"} <= names
    for station in ("kiosk", "counter", "technician"):
        assert any(n.startswith(f"kiosk/ui/{station}/qml/") and n.endswith(".qml")
                   for n in names)


def test_installed_kiosk_runs_outside_the_checkout(venv: Path, tmp_path: Path) -> None:
    env = _outside_env()
    where = _run([str(venv / "bin" / "python"), "-c", "import kiosk; print(kiosk.__file__)"],
                 cwd=tmp_path, env=env).strip()
    assert Path(where).is_relative_to(venv) and not Path(where).is_relative_to(ROOT), where

    kiosk = str(venv / "bin" / "kiosk")
    printed = _run([kiosk, "screenshots", "shots"], cwd=tmp_path, env=env).split()
    assert len(printed) == SCREENSHOTS
    assert len(list((tmp_path / "shots").glob("*.png"))) == SCREENSHOTS

    _run([kiosk, "print", "ticket", "--out", "ticket.png"], cwd=tmp_path, env=env)
    with Image.open(tmp_path / "ticket.png") as ticket:
        assert ticket.format == "PNG"
        assert ticket.width == load_profile(PrinterConfig().profile).width_px + 2 * MARGIN
        assert ticket.height > 600  # the whole slip: header, number, QR, cut
