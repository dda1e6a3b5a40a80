"""Board streams wake when their center's records arrive, and idle streams cost nothing.

Against real central processes: a record pushed to one worker reaches a stream held by
another within a second or two (PostgreSQL LISTEN/NOTIFY; the refresh would take 15 s),
a stream of another center stays quiet, and a dozen idle streams make (almost) no
database transactions, where polling made four per second each.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from kiosk.central.display import REFRESH_S
from tests.central.city_support import clean_database
from tests.support.central_servers import CentralProcess
from tests.support.enrolled_devices import Device, listen_board
from tests.support.waiting import wait_until


def _listen(central: CentralProcess, center: str, events: list[tuple[str, Any]]) -> None:
    listen_board(central, center, events, timeout=REFRESH_S - 3)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres",
                                                             marks=pytest.mark.integration)])
def test_a_push_wakes_its_centers_stream_at_once(backend: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with clean_database(backend, tmp_path) as url:
        if backend == "postgres":
            monkeypatch.setenv("KIOSK_CENTRAL_KEY_FILE", str(tmp_path / "central.key"))
        # PostgreSQL: two workers, so the wake-up must cross processes
        central = CentralProcess(url, tmp_path, workers=2 if backend == "postgres" else 1)
        kiosk = Device(central, tmp_path / "kiosk", center="Q1")
        mine: list[tuple[str, Any]] = []
        other: list[tuple[str, Any]] = []
        try:
            threads = [threading.Thread(target=_listen, args=(central, c, seen))
                       for c, seen in (("Q1", mine), ("Q3", other))]
            for thread in threads:
                thread.start()
            wait_until(lambda: mine and other, 10, message="the boards' first events")
            start = time.monotonic()
            kiosk.issue("HT")
            kiosk.push()
            wait_until(lambda: len(mine) == 2, 5, message="Q1's board after the push")
            assert time.monotonic() - start < 5 < REFRESH_S
            assert mine[1][1]["services"][0]["waiting"] == 1
            for thread in threads:
                thread.join(REFRESH_S)
            assert len(other) == 1  # Q3's stream was not woken
        finally:
            kiosk.close()
            central.stop()


def _commits(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET stats_fetch_consistency = none")
        row = conn.execute("SELECT xact_commit FROM pg_stat_database "
                           "WHERE datname = current_database()").fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.integration
def test_idle_streams_make_no_database_work(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with clean_database("postgres", tmp_path) as url:
        monkeypatch.setenv("KIOSK_CENTRAL_KEY_FILE", str(tmp_path / "central.key"))
        central = CentralProcess(url, tmp_path, workers=2)
        stop = threading.Event()

        def hold(center: str) -> None:
            try:
                with httpx.stream("GET", f"{central.url}/v1/centers/{center}/board/stream",
                                  timeout=30) as response:
                    for _ in response.iter_lines():
                        if stop.is_set():
                            return
            except httpx.HTTPError:
                return  # the server stopped under it at the end

        streams = [threading.Thread(target=hold, args=(f"Q{n}",), daemon=True)
                   for n in range(12)]
        try:
            for thread in streams:
                thread.start()
            time.sleep(3)  # every stream has sent its first board and sleeps
            windows = []
            for _ in range(3):  # the database's count is shared with anything else in it
                before = _commits(url)  # (autovacuum after other tests' schemas): polling
                time.sleep(3)  # would fill every window, a burst of others' work only one
                windows.append(_commits(url) - before)
            # polling: 12 streams x 2 checks a second x 3 s = 72 transactions per window
            print(f"{windows} transactions per 3 s with 12 idle streams")
            assert min(windows) < 10, f"{windows} transactions while 12 streams sat idle"
        finally:
            stop.set()
            central.stop()
