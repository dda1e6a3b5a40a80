"""Live statistics from the records: per service and counter, chain gaps, failing devices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.central.counters import parse_call_request
from kiosk.central.queue_board import build_board, lifecycles
from kiosk.central.queue_day import DayRecords, QueueEvent, TicketRow
from kiosk.central.service import RefusedError
from kiosk.central.stats import compute_stats, p90
from kiosk.core.config import KioskConfig, PrinterConfig, SyncConfig
from kiosk.diagnostics import DiagOptions
from kiosk.diagnostics.reporter import HealthReporter
from kiosk.wire.protocol import RecordKind
from tests.support.central_servers import CentralProcess
from tests.support.enrolled_devices import Device, get_json, scenario_start

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

STATS = "/v1/centers/HCM-01/stats"
DEVICES = "/v1/centers/HCM-01/devices"
T0 = scenario_start(50)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_p90_nearest_rank() -> None:
    assert p90([]) is None
    assert p90([7.0]) == 7.0
    assert p90([float(n) for n in range(1, 11)]) == 9.0
    assert p90([float(n) for n in range(1, 21)]) == 18.0


def test_figures_per_service_and_counter(central: CentralProcess, kiosk: Device,
                                         counter: Device) -> None:
    # four HT tickets issued at minutes 0, 1, 2, 3; one CU ticket
    tickets = [kiosk.issue("HT", visit=f"v{n}", now=at(n)) for n in range(4)]
    kiosk.issue("CU", visit="v9", now=at(4))
    # HT001 waits 10 min, HT002 waits 19 min; HT003 called and absent; HT004 still waiting
    counter.event("called", "HT", 1, "1", now=at(10))
    counter.event("served", "HT", 1, now=at(16))
    counter.event("called", "HT", 2, "2", now=at(20))
    counter.event("served", "HT", 2, now=at(30))
    counter.event("called", "HT", 3, "1", now=at(22))
    counter.event("cancelled", "HT", 3, now=at(25), reason="no_show")
    kiosk.record(RecordKind.SUBMISSION, {"procedure": "HT-KS", "citizen": {}, "form": {}},
                 visit="v0")
    kiosk.record(RecordKind.RATING, {"score": 5}, visit="v0")
    kiosk.record(RecordKind.RATING, {"score": 3}, visit="v1")
    kiosk.record(RecordKind.RATING, {"score": 4})
    kiosk.push()
    counter.push()
    stats = get_json(central, STATS)
    ht = next(s for s in stats["services"] if s["service"] == "HT")
    assert ht == {**ht, "issued": 4, "waiting": 1, "called": 3, "served": 2, "no_shows": 1,
                  "ratings": 2, "avg_rating": 4.0}
    assert ht["avg_wait_min"] == pytest.approx((10 + 19 + 20) / 3, abs=0.1)
    assert ht["p90_wait_min"] == pytest.approx(20, abs=0.1)
    cu = next(s for s in stats["services"] if s["service"] == "CU")
    assert cu["issued"] == 1 and cu["waiting"] == 1 and cu["served"] == 0
    desks = {c["counter"]: c for c in stats["counters"]}
    assert desks["1"] == {**desks["1"], "called": 2, "served": 1, "no_shows": 1, "ratings": 1,
                          "avg_rating": 5.0}
    assert desks["1"]["avg_handling_min"] == pytest.approx(6, abs=0.1)
    assert desks["2"]["avg_handling_min"] == pytest.approx(10, abs=0.1)
    assert stats["ratings"] == {"count": 3, "average": 4.0,
                                "by_score": {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1},
                                "without_ticket": 1}
    assert "devices" not in stats  # the public page names no device (issue 14, finding 9)
    problems = counter.client._call("GET", DEVICES)  # a signed read of the center's counter
    assert problems["chain_gaps"] == [] and problems["failing_devices"] == []
    assert sorted(problems["devices"]) == sorted([kiosk.identity.device_id,
                                                  counter.identity.device_id])
    assert len(tickets) == 4


def test_submissions_count_per_service(central: CentralProcess, kiosk: Device) -> None:
    from kiosk.central.queue_day import procedure_services

    code, service = next(iter(procedure_services().items()))
    kiosk.record(RecordKind.SUBMISSION, {"procedure": code, "citizen": {}, "form": {}})
    kiosk.record(RecordKind.SUBMISSION, {"procedure": code, "citizen": {}, "form": {}})
    kiosk.push()
    stats = get_json(central, STATS)
    assert next(s for s in stats["services"] if s["service"] == service)["submissions"] == 2


def test_submissions_count_per_competent_unit_in_today_s_names(
        central: CentralProcess, kiosk: Device) -> None:
    # As the kiosk sends them (kiosk.core.competence): the unit that decides the file,
    # from the citizen's address in today's units; the address itself stays sealed.
    o_cho_dua = {"level": "commune", "name": "Phường Ô Chợ Dừa", "code": "00190",
                 "province": {"name": "Thành phố Hà Nội", "code": "01"}}
    ha_noi = {"level": "province", "name": "Thành phố Hà Nội", "code": "01",
              "province": {"name": "Thành phố Hà Nội", "code": "01"}}
    for unit in (o_cho_dua, o_cho_dua, ha_noi, None):
        payload = {"procedure": "HT-XNHONNHAN", "citizen": {}, "form": {}}
        if unit is not None:
            payload["competent_unit"] = unit
        kiosk.record(RecordKind.SUBMISSION, payload)
    kiosk.push()
    units = get_json(central, STATS)["competent_units"]
    assert units == [
        {"level": "commune", "code": "00190", "name": "Phường Ô Chợ Dừa",
         "province": "Thành phố Hà Nội", "submissions": 2},
        {"level": "", "code": "", "name": "", "province": "", "submissions": 1},
        {"level": "province", "code": "01", "name": "Thành phố Hà Nội",
         "province": "Thành phố Hà Nội", "submissions": 1}]


def test_chain_gap_and_failing_kiosk_are_shown(central: CentralProcess, kiosk: Device,
                                               counter: Device, tmp_path: Path) -> None:
    for score in (5, 4, 3, 2):
        kiosk.record(RecordKind.RATING, {"score": score})
    records = kiosk.outbox.claim_batch(10)
    # records 1, 2 and 4 arrive; 3 never does
    kiosk.client.push([kiosk.outbox.wire(r) for r in records if r.seq != 3])
    config = KioskConfig(printer=PrinterConfig(url="sim://?paper=out"),
                         sync=SyncConfig(data_dir=str(tmp_path / "kiosk")))
    reporter = HealthReporter(kiosk.outbox, DiagOptions(config=config), families=("printer",))
    reporter.report_once()
    health = kiosk.outbox.claim_batch(10)
    kiosk.client.push([kiosk.outbox.wire(r) for r in health])
    stats = counter.client._call("GET", DEVICES)  # to the center's counters and technicians
    assert stats["chain_gaps"] == [{"device_id": kiosk.identity.device_id, "head_seq": 2,
                                    "max_seq": 5, "missing": [3], "missing_count": 1,
                                    "flags": []}]
    assert stats["failing_devices"][0]["device_id"] == kiosk.identity.device_id
    assert stats["failing_devices"][0]["failed_checks"] == ["printer.paper"]


def test_statistics_are_read_only(central: CentralProcess) -> None:
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for path in (STATS, "/v1/centers/HCM-01/board", "/stats/HCM-01", "/display/HCM-01"):
            assert httpx.request(method, central.url + path).status_code == 405
    page = httpx.get(central.url + "/stats/HCM-01")
    assert page.status_code == 200 and "Thống kê trực tiếp" in page.text


# -- fuzzing the pure parts: any records, never a crash, figures that add up -----------------

services = st.sampled_from(["HT", "CU", "CT"])
numbers = st.integers(min_value=1, max_value=8)
events = st.builds(
    QueueEvent, id=st.uuids().map(str), created_at=st.integers(0, 600).map(at),
    event=st.sampled_from(["issued", "called", "recalled", "served", "skipped", "cancelled"]),
    service=services, number=numbers, counter=st.sampled_from(["", "1", "2", "10"]),
    reason=st.sampled_from(["", "no_show", "transfer"]), device_id=st.just("k-1"),
    to_service=st.sampled_from(["", "CU", "bad service"]))
tickets = st.builds(TicketRow, service=services, number=numbers,
                    created_at=st.integers(0, 600).map(at),
                    visit=st.one_of(st.none(), st.sampled_from(["v1", "v2"])),
                    device_id=st.just("k-1"))


@settings(max_examples=200, deadline=None)
@given(st.lists(tickets, max_size=20), st.lists(events, max_size=30),
       st.lists(st.tuples(st.integers(1, 5), st.sampled_from([None, "v1", "v3"])), max_size=5))
def test_any_day_gives_consistent_figures(rows: list[TicketRow], calls: list[QueueEvent],
                                          ratings: list[tuple[int, str | None]]) -> None:
    day = DayRecords("HCM-01", "2026-11-23", rows, sorted(calls, key=lambda e: e.created_at),
                     [], ratings)
    now = at(700)
    board = build_board(day, now)
    stats = compute_stats(day, now)
    lives = lifecycles(day).values()
    assert sum(s["waiting"] for s in stats["services"]) == sum(
        1 for t in lives if t.state == "waiting" and t.issued_at is not None)
    assert sum(s["issued"] for s in stats["services"]) == len({(t.service, t.number)
                                                               for t in rows})
    assert sum(s["served"] for s in stats["services"]) == sum(t.state == "served" for t in lives)
    assert sum(s["no_shows"] for s in stats["services"]) == sum(
        t.state == "cancelled" and t.reason == "no_show" for t in lives)
    for entry in stats["services"]:
        assert entry["waiting"] >= 0
        assert (entry["avg_wait_min"] is None) == (entry["p90_wait_min"] is None)
        if entry["avg_wait_min"] is not None:
            assert entry["avg_wait_min"] >= 0 and entry["p90_wait_min"] >= 0
    assert len({r["counter"] for r in board["now_serving"]}) == len(board["now_serving"])
    assert sum(s["waiting"] for s in board["services"]) == sum(
        s["waiting"] for s in stats["services"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.text(), st.lists(st.text()),
                 st.dictionaries(st.sampled_from(["counter", "services", "x"]),
                                 st.one_of(st.text(max_size=10), st.integers(),
                                           st.lists(st.text(max_size=9), max_size=20)))))
def test_call_request_parser_only_refuses(body: object) -> None:
    try:
        counter, wanted = parse_call_request(body)
    except RefusedError as exc:
        assert exc.status == 400
    else:
        assert counter.isalnum() and wanted
