"""An exhausted connection pool answers 503 with Retry-After within its timeout, never hangs.

In-process on both databases (the pool itself), and over HTTP against a real central
process on PostgreSQL whose one connection is held by a request stuck behind a table
lock the test takes.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from kiosk.central.storage import Database
from tests.central.city_support import BACKENDS, clean_database
from tests.support.central_servers import CentralProcess

TIMEOUT_S = 0.5


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_request_waits_the_pool_timeout_then_fails(backend: str, tmp_path: Path) -> None:
    with clean_database(backend, tmp_path) as url:
        db = Database(url, pool_size=1, pool_timeout_s=TIMEOUT_S)
        failures: list[tuple[str, float]] = []

        def second() -> None:
            start = time.monotonic()
            try:
                with db.reader() as tx:
                    tx.one("SELECT 1")
            except Exception as exc:  # what the app maps to 503 (see answers.guarded)
                failures.append((type(exc).__name__, time.monotonic() - start))

        with db.reader():  # the only connection, held
            other = threading.Thread(target=second)
            other.start()
            other.join(10)
        assert len(failures) == 1
        name, waited = failures[0]
        assert name in {"PoolExhaustedError", "OperationalError"}
        assert TIMEOUT_S * 0.9 <= waited < TIMEOUT_S + 1.0
        with db.reader() as tx:  # freed: the pool serves again
            assert tx.one("SELECT 1") == (1,)
        db.close()


@pytest.mark.integration
def test_the_server_answers_503_with_retry_after_when_its_pool_is_exhausted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with clean_database("postgres", tmp_path) as url:
        monkeypatch.setenv("KIOSK_CENTRAL_POOL_SIZE", "1")
        monkeypatch.setenv("KIOSK_CENTRAL_POOL_TIMEOUT_S", str(TIMEOUT_S))
        server = CentralProcess(url, tmp_path)
        stuck: dict[str, Any] = {}
        try:
            with psycopg.connect(url) as blocker:  # not autocommit: holds the lock
                blocker.execute("LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE")

                def report() -> None:
                    stuck["answer"] = httpx.get(f"{server.url}/v1/centers/Q1/queue/2026-03-02",
                                                timeout=30)

                first = threading.Thread(target=report)
                first.start()
                time.sleep(1.0)  # the report now holds the pool's one connection, waiting
                start = time.monotonic()
                answer = httpx.get(f"{server.url}/v1/health", timeout=30)
                waited = time.monotonic() - start
                blocker.rollback()  # release the lock: the report finishes
            first.join(30)
            assert answer.status_code == 503 and answer.headers["Retry-After"].isdigit()
            assert "unavailable" in answer.json()["error"]
            assert waited < TIMEOUT_S + 1.5
            assert stuck["answer"].status_code == 200
            assert httpx.get(f"{server.url}/v1/health", timeout=10).status_code == 200
        finally:
            server.stop()
