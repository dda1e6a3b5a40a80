"""Retention: old days go to archive files, then out of the database; chains stay checkable.

Real intake of signed records on three days (SQLite and PostgreSQL), then a purge that
keeps the last days: the old days' rows are in the archive (and only there), the kept
day is untouched, every chain still verifies end to end with the key, a record beyond
a gap is kept, and a second purge finds nothing. The command line is run once.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.central.chain_verify import verify_chains
from kiosk.central.queue_day import load_day
from kiosk.central.reports import CentralReports
from kiosk.central.retention import purge
from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.central.vault import Vault
from kiosk.core.vn_time import VIETNAM
from kiosk.wire.protocol import RecordKind
from tests.central.city_support import BACKENDS, Signer, clean_database
from tests.support.central_servers import ROOT
from tests.support.sample_identities import submission

TODAY = "2026-03-20"


def _at(day: str, hour: int) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=VIETNAM)


def _fill(service: CentralService) -> tuple[Signer, Signer, Any]:
    """Tickets, a submission and a rating on 10 and 9 days ago and today; one record of
    9 days ago left beyond a gap (its predecessor never arrived)."""
    kiosk = Signer(service, "Q1")
    made = []
    for n, day in enumerate(("2026-03-10", "2026-03-11", TODAY)):
        made.append(kiosk.record(RecordKind.TICKET, {"number": n + 1, "service": "A",
                                                     "center": "Q1", "block": "b"},
                                 _at(day, 8), visit=f"v{n}"))
        made.append(kiosk.record(RecordKind.SUBMISSION, submission(f"v{n}"), _at(day, 9),
                                 visit=f"v{n}"))
        made.append(kiosk.record(RecordKind.RATING, {"score": 5}, _at(day, 10), visit=f"v{n}"))
    assert {r["status"] for r in service.intake(kiosk.device_id, made)} == {"stored"}
    late = Signer(service, "Q1")
    lost = late.record(RecordKind.RATING, {"score": 3}, _at("2026-03-11", 11))
    beyond = late.record(RecordKind.RATING, {"score": 4}, _at("2026-03-11", 12))
    service.intake(late.device_id, [beyond])  # seq 2 without seq 1: a gap
    return kiosk, late, lost


@pytest.mark.parametrize("backend", BACKENDS)
def test_old_days_are_archived_then_purged(backend: str, tmp_path: Path) -> None:
    with clean_database(backend, tmp_path) as url:
        db = Database(url, pool_size=2)
        vault = Vault(os.urandom(32), os.urandom(32))
        service = CentralService(db, vault)
        kiosk, late, lost = _fill(service)
        archive = tmp_path / "archive"
        done = purge(db, archive, keep_days=5, today=TODAY)
        assert [d.day for d in done] == ["2026-03-10", "2026-03-11"]
        assert [d.rows["records"] for d in done] == [3, 3]
        assert all(d.rows[t] == 1 for d in done for t in ("submissions", "tickets",
                                                           "citizen_index"))
        with gzip.open(done[0].archive) as packed:
            lines = [json.loads(x) for x in packed.read().splitlines()]
        assert sum(x["table"] == "records" for x in lines) == 3
        assert oct(done[0].archive.stat().st_mode & 0o777) == "0o600"
        with db.reader() as tx:
            left = {str(r[0]): int(r[1]) for r in tx.all(
                "SELECT day, COUNT(*) FROM records GROUP BY day")}
            tickets = tx.all("SELECT day FROM tickets")
        assert left == {TODAY: 3, "2026-03-11": 1}  # the record beyond the gap stays
        assert tickets == [(TODAY,)]
        assert len(load_day(db, "Q1", TODAY).tickets) == 1
        assert all(c.ok for c in verify_chains(db, vault) if c.device_id != late.device_id)
        report = CentralReports(db).chain_report(kiosk.device_id)
        assert report is not None and report["intact"] and report["records"] == 3
        assert purge(db, archive, keep_days=5, today=TODAY) == []  # nothing left to take
        service.intake(late.device_id, [lost])  # the gap closes: now it can go
        assert [d.rows["records"] for d in purge(db, archive, 5, TODAY)] == [2]
        assert all(c.ok for c in verify_chains(db, vault))
        db.close()


def test_the_purge_command_counts_and_archives(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/central.db"
    db = Database(url, pool_size=1)
    _fill(CentralService(db, Vault(os.urandom(32), os.urandom(32))))
    db.close()
    env = {**os.environ, "KIOSK_CONFIG": "", "KIOSK_CENTRAL_DATABASE_URL": url,
           "PYTHONPATH": str(ROOT)}

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "central", "purge", "--archive",
                               str(tmp_path / "archive"), *extra], capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=60, check=False)

    dry = run("--keep-days", "1", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "2026-03-10: would archive 3 records" in dry.stdout
    assert not (tmp_path / "archive").exists()
    done = run("--keep-days", "1")
    assert done.returncode == 0 and "2026-03-10: archived 3 records" in done.stdout
    assert (tmp_path / "archive" / "central-2026-03-10.jsonl.gz").is_file()
    bad = run("--keep-days", "0")
    assert bad.returncode != 0 and "at least 1" in (bad.stdout + bad.stderr)
