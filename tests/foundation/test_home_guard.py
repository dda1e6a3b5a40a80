"""The suite never writes the real ``~/.local/share/kiosk`` (tests/conftest.py guards it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REAL_HOME, TEST_HOME

pytestmark = [pytest.mark.slow]  # each test runs a pytest session as a process

ROOT = Path(__file__).resolve().parents[2]


def test_the_suite_runs_in_a_home_of_its_own() -> None:
    from kiosk.central.vault import default_key_file
    from kiosk.core.config import KioskConfig

    assert Path.home() == TEST_HOME != REAL_HOME
    data = Path(KioskConfig().sync.data_dir).expanduser()
    assert data.is_relative_to(TEST_HOME)
    assert Path(default_key_file("postgresql://h/db")).expanduser().is_relative_to(TEST_HOME)


def _pytest(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    """Run one test file under tests/conftest.py, with ``tmp_path/home`` as the real home."""
    (tmp_path / "test_inner.py").write_text(body, encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest",
                           "--rootdir", str(tmp_path), "-p", "no:cacheprovider",
                           str(tmp_path / "test_inner.py")],
                          cwd=ROOT, env=env, text=True, capture_output=True, timeout=120)


def test_a_test_writing_the_home_data_folder_fails(tmp_path: Path) -> None:
    done = _pytest(tmp_path, (
        "import os, pathlib\n"
        "def test_writes():\n"
        "    folder = pathlib.Path(os.path.expanduser('~/.local/share/kiosk'))\n"
        "    folder.mkdir(parents=True)\n"
        "    (folder / 'central.key').write_text('x')\n"))
    assert done.returncode != 0, done.stdout
    assert "wrote into the home folder's kiosk data folder" in done.stdout
    assert "~/.local/share/kiosk/central.key" in done.stdout
    assert not (tmp_path / "home" / ".local/share/kiosk").exists()


def test_a_write_to_the_real_data_folder_fails_the_session(tmp_path: Path) -> None:
    real = tmp_path / "home" / ".local/share/kiosk"
    done = _pytest(tmp_path, (
        "import pathlib\n"
        "def test_writes():\n"
        f"    folder = pathlib.Path({str(real)!r})\n"
        "    folder.mkdir(parents=True)\n"
        "    (folder / 'outbox.db').write_text('x')\n"))
    assert done.returncode == 1, done.stdout
    assert f"The test run changed {real}: outbox.db" in done.stdout
