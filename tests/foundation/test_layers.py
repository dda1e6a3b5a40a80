"""The rooms' import rules hold (import-linter contracts in pyproject.toml), and they bite.

``lint-imports`` is the tool; this test runs it so a broken layer fails the suite, and
once more on a copy of the package with one forbidden import added, to show that the
contracts are not vacuous.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([str(LINT), "--no-cache", str(folder / "pyproject.toml")],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=300)


def test_every_contract_is_kept() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " 0 broken" in result.stdout


def test_a_forbidden_import_breaks_a_contract(tmp_path: Path) -> None:
    copy = tmp_path / "tree"
    shutil.copytree(ROOT / "kiosk", copy / "kiosk",
                    ignore=shutil.ignore_patterns("assets", "__pycache__", "*.qml"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    visit = copy / "kiosk" / "core" / "visit" / "machine.py"
    visit.write_text(visit.read_text(encoding="utf-8") + "\nimport PySide6.QtCore  # noqa\n",
                     encoding="utf-8")
    result = _lint(copy)
    assert result.returncode != 0
    assert "kiosk.core.visit.machine -> PySide6" in result.stdout
