"""The call board, "call next" and the board stream against a real central service."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from tests.support.central_servers import CentralProcess
from tests.support.enrolled_devices import Device, get_json, sse_events
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

BOARD = "/v1/centers/HCM-01/board"


def test_board_follows_tickets_and_calls(central: CentralProcess, kiosk: Device,
                                         counter: Device) -> None:
    for _ in range(3):
        kiosk.issue("HT")
    kiosk.issue("CU")
    kiosk.push()
    board = get_json(central, BOARD)
    services = {s["service"]: s for s in board["services"]}
    assert services["HT"]["waiting"] == 3
    assert services["HT"]["next"] == ["HT001", "HT002", "HT003"]
    assert services["HT"]["name_vi"] == "Hộ tịch" and services["HT"]["name_en"] == "Civil status"
    assert services["CU"]["waiting"] == 1
    assert board["now_serving"] == [] and board["recent_calls"] == []

    assert counter.call_next("3", ["HT"])["label"] == "HT001"
    board = get_json(central, BOARD)
    assert [(r["label"], r["counter"]) for r in board["now_serving"]] == [("HT001", "3")]
    assert board["recent_calls"][0]["label"] == "HT001"
    assert {s["service"]: s["waiting"] for s in board["services"]} == {"HT": 2, "CU": 1}

    # the longest-waiting ticket across the counter's services comes first
    assert counter.call_next("5", ["CU", "HT"])["label"] == "HT002"
    counter.event("recalled", "HT", 1, "3")
    counter.event("served", "HT", 2)
    counter.push()
    board = get_json(central, BOARD)
    assert [(r["label"], r["counter"]) for r in board["now_serving"]] == [("HT001", "3")]
    assert board["recent_calls"][0] == {**board["recent_calls"][0], "label": "HT001",
                                        "recall": True}
    assert [s["served"] for s in board["services"] if s["service"] == "HT"] == [1]


def test_nobody_waiting(central: CentralProcess, counter: Device) -> None:
    answer = counter.call_next("1", ["KD"])
    assert answer["found"] is False and answer["center"] == "HCM-01"


def test_two_counters_never_get_the_same_ticket(central: CentralProcess, kiosk: Device,
                                                counter: Device, tmp_path: Path) -> None:
    for _ in range(6):
        kiosk.issue("CT")
    kiosk.push()
    got: list[str] = []
    lock = threading.Lock()
    # two counter devices, each with its staff member signed in at its own counter
    second = Device(central, tmp_path / "counter-2", role="counter")
    desks = {"1": counter, "2": second}
    for name, desk in desks.items():
        desk.sign_in_staff(name, ("CT",))

    def press(name: str) -> None:
        for _ in range(3):
            answer = desks[name].client._call("POST", "/v1/counters/next",
                                              {"counter": name, "services": ["CT"]})
            with lock:
                got.append(answer["label"])

    threads = [threading.Thread(target=press, args=(n,)) for n in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    second.close()
    assert sorted(got) == [f"CT{n:03d}" for n in range(1, 7)]


def test_call_next_requires_a_signature_and_a_good_body(central: CentralProcess,
                                                        counter: Device) -> None:
    response = httpx.post(central.url + "/v1/counters/next",
                          json={"counter": "1", "services": ["HT"]})
    assert response.status_code == 401
    assert "not signed" in response.json()["error"]
    for body in ({"counter": "1"}, {"counter": "quầy 1", "services": ["HT"]},
                 {"counter": "1", "services": []}, {"counter": "1", "services": ["ht"]}):
        try:
            counter.client._call("POST", "/v1/counters/next", body)
        except Exception as exc:  # PermanentSyncError with the service's reason
            assert "400" in str(exc), exc
        else:
            raise AssertionError(f"{body} was accepted")


def test_bad_center_or_day_is_refused(central: CentralProcess) -> None:
    assert httpx.get(central.url + "/v1/centers/HCM 01/board").status_code in (400, 404)
    response = httpx.get(central.url + BOARD + "?day=2026-02-30")
    assert response.status_code == 400 and "calendar" in response.json()["error"]
    assert httpx.get(central.url + BOARD + "?day=yesterday").status_code == 400


def test_stream_sends_the_board_then_each_change(central: CentralProcess, kiosk: Device,
                                                 counter: Device) -> None:
    kiosk.issue("HT")
    kiosk.push()
    events: list[tuple[str, object]] = []

    def listen() -> None:
        sse_events(central, BOARD + "/stream", 2, events=events)

    listener = threading.Thread(target=listen)
    listener.start()
    wait_until(lambda: events, 10, message="the board's first event")
    counter.call_next("2", ["HT"])
    listener.join(20)
    assert [name for name, _ in events] == ["board", "board"]
    first, second = (data for _, data in events)
    assert first["now_serving"] == []  # type: ignore[index]
    assert second["now_serving"][0]["label"] == "HT001"  # type: ignore[index]


def test_display_page_is_served(central: CentralProcess) -> None:
    response = httpx.get(central.url + "/display/HCM-01")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Đang mời" in response.text and "EventSource" in response.text


def test_a_transferred_ticket_waits_in_the_other_queue(central: CentralProcess, kiosk: Device,
                                                       counter: Device) -> None:
    kiosk.issue("HT")
    kiosk.issue("CU")
    kiosk.push()
    assert counter.call_next("1", ["HT"])["label"] == "HT001"
    counter.event("cancelled", "HT", 1, reason="transfer", to_service="CU")
    counter.push()
    board = get_json(central, BOARD)
    queues = {s["service"]: s for s in board["services"]}
    assert queues["CU"]["next"] == ["HT001", "CU001"]  # it keeps its number and its place
    assert queues["HT"]["waiting"] == 0
    assert board["now_serving"] == []
    answer = counter.call_next("4", ["CU"])
    assert (answer["label"], answer["service"], answer["number"]) == ("HT001", "HT", 1)
    stats = get_json(central, "/v1/centers/HCM-01/stats")
    ht = next(s for s in stats["services"] if s["service"] == "HT")
    assert ht["transferred_out"] == 1 and ht["issued"] == 1
