"""``kiosk run`` under systemd writes journal lines: a priority prefix, no timestamp.

systemd sets ``$JOURNAL_STREAM`` to the device:inode of the stream it connected to the
journal; here stderr is a file and the variable names that file, as the journal would.
Every line of the kiosk's own log then starts with ``<N>`` (journald's syslog priority)
and carries no time of day: the journal stamps each line itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

# the kiosk command as a process, with its own central
pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
LOG_LINE = re.compile(r"^(<\d>)?(\d\d:\d\d:\d\d )?(DEBUG|INFO|WARNING|ERROR|CRITICAL) +kiosk\.")


def test_kiosk_run_writes_journal_lines_when_stderr_is_the_journal(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    (tmp_path / "data").mkdir(mode=0o755)  # too open: the kiosk fixes it with a warning
    (tmp_path / "data").chmod(0o755)
    with journal.open("wb") as err:
        stat = os.fstat(err.fileno())
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_CONFIG": "",
               "KIOSK_SYNC_DATA_DIR": str(tmp_path / "data"), "KIOSK_LOGGING_LEVEL": "INFO",
               "JOURNAL_STREAM": f"{stat.st_dev}:{stat.st_ino}"}
        done = subprocess.run([sys.executable, "-m", "kiosk", "run", "--windowed",
                               "--exit-after", "5"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=err, text=True, timeout=120)
    assert done.returncode == 0, done.stdout
    ours = [line for line in journal.read_text(errors="replace").splitlines()
            if LOG_LINE.match(line)]
    assert any("kiosk ready" in line for line in ours), ours
    for line in ours:
        match = LOG_LINE.match(line)
        assert match is not None and match.group(1) and not match.group(2), line
    assert any(line.startswith("<6>INFO    kiosk.ui.kiosk.run: kiosk ready device=k-")
               for line in ours), ours
    assert any(line.startswith("<4>WARNING ") for line in ours), ours  # 0755 data folder
