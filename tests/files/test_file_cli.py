"""``kiosk central file-event`` and ``kiosk central report``, run as the commands they are."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from kiosk.central.files import FileLedger, Who
from kiosk.central.storage import Database
from tests.support.central_servers import PYTHON, ROOT

pytestmark = [pytest.mark.slow]  # commands as processes


def _kiosk(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KIOSK_CONFIG": "",
           "KIOSK_CENTRAL_DATABASE_URL": url}
    return subprocess.run([PYTHON, "-m", "kiosk", "central", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_staff_record_events_by_command_and_the_report_counts_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/central.db"
    db = Database(url, pool_size=1)
    try:
        made = FileLedger(db).create("cli-request-1", "HCM-01", "HT-XNHONNHAN", "k-cli",
                                     Who("quay", "HCM-01 quầy 2", "counter"))
    finally:
        db.close()
    file_id = made["file_id"]
    added = _kiosk(url, "file-event", file_id, "in_processing", "--actor", "quay",
                   "--place", "HCM-01 quầy 2")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["step"] == "in_processing"
    refused = _kiosk(url, "file-event", file_id, "refused", "--actor", "quay",
                     "--place", "HCM-01 quầy 2")
    assert refused.returncode == 1 and "needs its reason" in refused.stderr
    extended = _kiosk(url, "file-event", file_id, "due_extended", "--actor", "quay",
                      "--place", "HCM-01 quầy 2", "--reason", "Chờ xác minh", "--days", "2")
    assert json.loads(extended.stdout)["due"] > made["due"]
    report = json.loads(_kiosk(url, "report", "--center", "HCM-01").stdout)
    assert report["totals"]["in_processing"] == 1 and report["covers"]["events"] == 3
    # the center's digest is its chain's running digest (the city's combines the centers')
    assert report["covers"]["positions"] == "HCM-01#3"
    rows = list(csv.reader(io.StringIO(_kiosk(url, "report", "--center", "HCM-01",
                                              "--format", "csv").stdout)))
    assert ["totals", "", "received", "1"] in rows
    assert ["covers", "", "digest", report["covers"]["digest"]] in rows
    checked = _kiosk(url, "report", "--check")
    assert checked.returncode == 0, checked.stdout
    assert json.loads(checked.stdout) == {"check": "equal", "differences": 0}
    bad = _kiosk(url, "report", "--as-of", "someday")
    assert bad.returncode != 0 and "--as-of" in bad.stdout + bad.stderr
