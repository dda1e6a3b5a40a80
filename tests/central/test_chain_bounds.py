"""Finding 1: a record with a huge ``seq`` must not make public reports build the gap range.

One enrolled device sends validly signed records with seq 2*10^7 and 2^53-1; the chain
report and the center's statistics then answer fast, the server's peak memory barely
moves, and the missing count is exact (computed, not enumerated).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import httpx
import pytest

from kiosk.core.vn_time import service_day
from kiosk.sync.client import CentralClient
from kiosk.sync.keys import DeviceIdentity
from kiosk.wire.chain import seal_record
from kiosk.wire.httpsig import sign_request
from kiosk.wire.protocol import (
    GENESIS_HASH,
    Record,
    RecordKind,
    format_time,
    new_record_id,
)
from tests.support.central_servers import CentralProcess, enrolled_kiosk

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

HUGE = 2**53 - 1
WIDE = 2 * 10**7


def _peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc status")


def _rating(ident: DeviceIdentity, seq: int) -> dict[str, object]:
    record = Record(new_record_id(), ident.device_id, seq, RecordKind.RATING, None,
                    format_time(dt.datetime.now(dt.UTC)), {"score": 4}, GENESIS_HASH)
    return seal_record(record, ident.signing_key).to_wire()


def _get(server: CentralProcess, ident: DeviceIdentity, path: str) -> httpx.Response:
    # signed by the device, so the test still holds when these reports need a signature
    headers = sign_request(ident.signing_key, ident.device_id, method="GET",
                           path=path.partition("?")[0], query=path.partition("?")[2], body=b"")
    return httpx.get(server.url + path, headers=headers, timeout=30)


def test_huge_seq_costs_public_reports_no_memory(server: CentralProcess, tmp_path: Path
                                                  ) -> None:
    ident = enrolled_kiosk(server, tmp_path / "k")
    technician = enrolled_kiosk(server, tmp_path / "t", role="technician")
    with CentralClient(server.url, ident) as client:
        stored = client.push([_rating(ident, 1), _rating(ident, WIDE), _rating(ident, HUGE)])
    assert [r.status for r in stored] == ["stored"] * 3
    chain_path = f"/v1/devices/{ident.device_id}/chain"
    stats_path = f"/v1/centers/HCM-01/stats?day={service_day()}"
    devices_path = "/v1/centers/HCM-01/devices"  # the chain gaps, for the center's staff
    _get(server, ident, "/v1/ping")
    before = _peak_rss_kb(server.proc.pid)
    started = time.monotonic()
    for _ in range(3):
        chain = _get(server, ident, chain_path)
        stats = _get(server, ident, stats_path)
        problems = _get(server, technician, devices_path)
        assert chain.status_code == 200 and stats.status_code == 200
        assert problems.status_code == 200, problems.text
    elapsed = (time.monotonic() - started) / 9
    grown_mb = (_peak_rss_kb(server.proc.pid) - before) / 1024
    print(f"chain+stats: {elapsed * 1000:.0f} ms per request, peak RSS +{grown_mb:.1f} MB")
    assert elapsed < 0.5, f"{elapsed:.2f} s per request"
    assert grown_mb < 50, f"the server grew by {grown_mb:.0f} MB"
    report = chain.json()
    assert report["head_seq"] == 1 and report["max_seq"] == HUGE
    assert report["missing_count"] == HUGE - 3 and not report["intact"]
    assert report["missing"][:2] == [2, 3] and len(report["missing"]) == 1000
    mine = [g for g in problems.json()["chain_gaps"] if g["device_id"] == ident.device_id]
    assert len(mine) == 1
    assert all(g["missing_count"] == HUGE - 3 and len(g["missing"]) <= 50 for g in mine)


def test_gap_listing_stops_at_the_cap_across_many_gaps(server: CentralProcess, tmp_path: Path
                                                        ) -> None:
    ident = enrolled_kiosk(server, tmp_path / "k")
    seqs = [1, *range(3, 3000, 2)]  # every even seq from 2 is missing
    with CentralClient(server.url, ident) as client:
        for start in range(0, len(seqs), 500):
            client.push([_rating(ident, s) for s in seqs[start:start + 500]])
    report = _get(server, ident, f"/v1/devices/{ident.device_id}/chain").json()
    assert report["missing"] == list(range(2, 2002, 2))
    assert report["missing_count"] == (max(seqs) - 1) - (len(seqs) - 1)
