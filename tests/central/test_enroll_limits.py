"""Finding 11: enrolment codes are rate-limited on redemption and live at most a week.

A burst of 200 wrong codes in parallel against the live server: at most 10 are
evaluated (403), the rest get 429 with ``Retry-After``. Good codes give their try back,
so a technician enrolling a dozen kiosks is never throttled. ``issue-code --hours``
refuses ``inf``, ``nan``, 0, negatives and more than 168 h with one line and exit 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.central.enroll_limits import PER_ADDRESS
from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.wire.errors import ProtocolError
from kiosk.wire.keys import public_key_text
from tests.support.central_servers import ROOT, CentralProcess, issue_code

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


def _key() -> str:
    return public_key_text(Ed25519PrivateKey.generate().public_key())


def _forget_tries(server: CentralProcess) -> None:
    db = Database(server.database_url, pool_size=1)
    try:
        with db.transaction() as tx:
            tx.execute("DELETE FROM enroll_attempts")
    finally:
        db.close()


def test_good_codes_are_never_throttled(server: CentralProcess) -> None:
    for _ in range(PER_ADDRESS + 5):
        answer = httpx.post(server.url + "/v1/enroll",
                            json={"code": issue_code(server.database_url), "public_key": _key()})
        assert answer.status_code == 201, answer.text


def test_a_burst_of_wrong_codes_is_mostly_refused_unread(server: CentralProcess) -> None:
    key = _key()

    def guess(n: int) -> httpx.Response:
        return client.post("/v1/enroll", json={"code": f"AAAA-BBBB-{n:04d}", "public_key": key})

    try:
        with httpx.Client(base_url=server.url, timeout=30,
                          limits=httpx.Limits(max_connections=40)) as client, \
                ThreadPoolExecutor(40) as pool:
            answers = list(pool.map(guess, range(200)))
            statuses = Counter(a.status_code for a in answers)
            assert set(statuses) == {403, 429} and statuses[403] <= PER_ADDRESS, statuses
            limited = next(a for a in answers if a.status_code == 429)
            assert 1 <= int(limited.headers["Retry-After"]) <= 60
            assert "too many" in limited.json()["error"]
            good = client.post("/v1/enroll", json={"code": issue_code(server.database_url),
                                                   "public_key": key})
            assert good.status_code == 429  # the address waits, whatever the code
    finally:
        _forget_tries(server)  # later tests of this module's server enroll from here too


@pytest.mark.parametrize("hours", ["inf", "nan", "0", "-2", "169", "1e308"])
def test_issue_code_refuses_endless_or_empty_lifetimes(tmp_path: Path, hours: str) -> None:
    url = f"sqlite:///{tmp_path}/central.db"
    env = {**os.environ, "KIOSK_CONFIG": "", "KIOSK_CENTRAL_DATABASE_URL": url,
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "central", "issue-code",
                           "HCM-01", "--hours", hours], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "at most 168 hours" in done.stderr
    db = Database(url, pool_size=1)
    try:
        with pytest.raises(ProtocolError):
            CentralService(db).issue_code("HCM-01", float(hours) * 3600)
        with db.reader() as tx:
            assert tx.one("SELECT COUNT(*) FROM enroll_codes") == (0,)
    finally:
        db.close()


def test_issue_code_accepts_a_week(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path}/central.db", pool_size=1)
    try:
        assert len(CentralService(db).issue_code("HCM-01", 168 * 3600)) == 14
    finally:
        db.close()
