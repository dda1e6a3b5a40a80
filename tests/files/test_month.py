"""A scripted month (issue 18): 2,000 files, two centers, the one-gate system down for
stretches. The dashboard's and the report's numbers equal the test's own count from the
raw events; every file's public status equals its last event; no file is forwarded twice
or lost. Real central process, real simulated one-gate process, HTTP between them."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.central.file_figures import differences, state_figures
from kiosk.central.public_status import STEPS
from kiosk.central.storage import Database
from kiosk.core.procedures import load_catalog
from kiosk.core.working_days import add_working_days, working_days_between
from tests.support.central_servers import PYTHON, ROOT, CentralProcess
from tests.support.file_month import CENTERS, run_month
from tests.support.onegate import OneGateProcess

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # 35-50 s per database
PG_URL = os.environ.get("KIOSK_TEST_POSTGRES_URL", "")
GROUP = {"accepted": "in_processing", "forwarded": "in_processing",
         "in_processing": "in_processing", "documents_supplied": "in_processing",
         "additional_documents_requested": "awaiting_documents",
         "result_ready": "result_ready", "refused": "refused", "returned": "returned",
         "withdrawn": "withdrawn"}


def _own_count(db: Database, center: str | None, as_of: dt.date) -> dict[str, Any]:
    """The test's own fold of the raw events (not the service's rules nor stored state)."""
    days = {p.code: p.processing_days for p in load_catalog().procedures}
    with db.reader() as tx:
        rows = tx.all("SELECT f.file_id, f.procedure_code, f.center, e.kind, e.day, e.due "
                      "FROM file_events e JOIN files f ON f.file_id = e.file_id "
                      "ORDER BY f.file_id, e.n")
    files: dict[str, dict[str, Any]] = {}
    for file_id, procedure, file_center, kind, day_text, stored_due in rows:
        if center and file_center != center:
            continue
        day = dt.date.fromisoformat(day_text)
        f = files.setdefault(file_id, {"procedure": procedure, "received": day, "paused": None,
                                       "due": add_working_days(day, days[procedure]),
                                       "decided": None, "step": kind})
        if kind == "additional_documents_requested":
            f["paused"] = day
        elif kind == "documents_supplied":
            f["due"] = add_working_days(f["due"], working_days_between(f["paused"], day))
            f["paused"] = None
        elif kind in ("result_ready", "refused"):
            f["decided"] = day
        f["step"] = kind
        assert f["due"].isoformat() == stored_due  # the stored due date is the rules' own
    totals: Counter[str] = Counter(received=len(files))
    standing: Counter[str] = Counter()
    by_procedure: dict[str, Counter[str]] = {}
    for f in files.values():
        totals[GROUP[f["step"]]] += 1
        group = by_procedure.setdefault(f["procedure"], Counter())
        group["received"] += 1
        if f["step"] == "withdrawn":
            continue
        if f["decided"]:
            key = "decided_on_time" if f["decided"] <= f["due"] else "decided_late"
        elif f["paused"]:
            standing["paused"] += 1
            continue
        else:
            key = "open_on_time" if as_of <= f["due"] else "open_late"
        standing[key] += 1
        group[key] += 1
    return {"totals": totals, "on_time": standing, "by_procedure": by_procedure,
            "decided_per_day": Counter(f["decided"].isoformat() for f in files.values()
                                       if f["decided"] and f["step"] != "withdrawn")}


def _check_report(report: dict[str, Any], own: dict[str, Any]) -> None:
    assert {k: v for k, v in report["totals"].items() if v} == dict(+own["totals"])
    assert {k: v for k, v in report["on_time"].items() if v} == dict(+own["on_time"])
    for row in report["by_procedure"]:
        mine = own["by_procedure"][row["procedure"]]
        assert {k: v for k, v in row.items() if k != "procedure" and v} == dict(+mine)
    for day in report["trend"]:
        assert day["decided_on_time"] + day["decided_late"] == own["decided_per_day"][day["day"]]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/central.db"
    if not PG_URL:
        pytest.skip("KIOSK_TEST_POSTGRES_URL is not set")
    db = Database(PG_URL, pool_size=1)
    db.reset()
    db.close()
    return PG_URL


def test_a_month_of_files_counts_honestly(database: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_CENTRAL_STATUS_PER_MINUTE", "1000000")
    monkeypatch.setenv("KIOSK_CENTRAL_KEY_FILE", str(tmp_path / "central.key"))
    server = CentralProcess(database, tmp_path)
    gate = OneGateProcess(tmp_path)
    db = Database(database, pool_size=2)
    try:
        month = run_month(db, gate)
        as_of = month.last.isoformat()
        with httpx.Client(base_url=server.url, timeout=30) as client:
            for center in (*CENTERS, None):
                path = f"/v1/centers/{center}/report" if center else "/v1/report"
                report = client.get(path, params={"as_of": as_of}).json()
                own = _own_count(db, center, month.last)
                _check_report(report, own)
                page = client.get(f"/dashboard/{center}" if center else "/dashboard",
                                  params={"as_of": as_of}).text
                shown = dict(re.findall(r'data-figure="(\w+)"><b>(\d+)</b>', page))
                for key, value in {**report["totals"], **report["on_time"]}.items():
                    assert int(shown[key]) == value, key
                assert report["covers"]["digest"] in page
                assert report["covers"]["positions"] and report["covers"]["positions"] in page
            city = report
            assert city["totals"]["received"] == 2000
            for needed in ("refused", "withdrawn", "returned", "result_ready"):
                assert city["totals"][needed] > 0, needed
            assert city["on_time"]["decided_late"] > 0 and city["on_time"]["open_late"] > 0
            _check_public_pages(client, db)
        _check_forwarding(db, gate, set(month.files))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "KIOSK_CONFIG": "",
               "KIOSK_CENTRAL_DATABASE_URL": database}
        printed = subprocess.run([PYTHON, "-m", "kiosk", "central", "report", "--as-of", as_of],
                                 env=env, cwd=ROOT, capture_output=True, text=True, check=True)
        assert json.loads(printed.stdout) == city  # the command prints the page's numbers
        # the page counted the state rows (kept with each event), equal to the events' fold
        assert state_figures(db, None, month.last, 30) is not None
        assert differences(db, None, month.last) == []
    finally:
        db.close()
        gate.stop()
        server.stop()


def _check_public_pages(client: httpx.Client, db: Database) -> None:
    with db.reader() as tx:
        last = tx.all("SELECT f.code, e.step FROM files f JOIN file_events e ON "
                      "e.file_id = f.file_id WHERE e.n = (SELECT MAX(n) FROM file_events x "
                      "WHERE x.file_id = f.file_id)")
    assert len(last) == 2000
    for code, step in last:
        assert client.get(f"/v1/public/files/{code}").json()["step"] == step
    for code, step in last[:40]:  # the page says the same step, in Vietnamese and English
        page = client.get(f"/f/{code}").text
        assert f'id="step">{STEPS[step][0]}</div><div class="en">{STEPS[step][1]}<' in page


def _check_forwarding(db: Database, gate: OneGateProcess, files: set[str]) -> None:
    state = gate.state()
    with db.reader() as tx:
        forwarded = Counter(r[0] for r in tx.all(
            "SELECT file_id FROM file_events WHERE kind = 'forwarded'"))
        waiting = tx.one("SELECT COUNT(*) FROM onegate_outbox WHERE acked_at IS NULL")
        unsent = {r[0] for r in tx.all("SELECT file_id FROM onegate_outbox WHERE "
                                       "remote_id IS NULL")}
        withdrawn_first = {r[0] for r in tx.all(
            "SELECT file_id FROM file_events WHERE kind = 'withdrawn' AND n = 2")}
    held = set(state["files"])
    assert waiting == (0,)
    assert unsent <= withdrawn_first and not unsent & held  # withdrawn first, never sent
    assert held == files - unsent  # none lost
    assert len(set(state["files"].values())) == len(held)  # one remote file each
    assert sum(state["posts"].values()) > len(held)  # lost answers were sent again
    assert set(forwarded.values()) == {1} and set(forwarded) <= held
    assert held - set(forwarded) <= withdrawn_first  # withdrawn before the answer came
