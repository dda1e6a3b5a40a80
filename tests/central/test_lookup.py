"""Citizen look-up for counters: blind index, center scope, 30 days, ticket link."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx

from tests.central.desk import CITIZEN, OTHER, Kiosk
from tests.sync.servers import CentralProcess

PATH = "/v1/counters/lookup"


def test_a_counter_finds_the_citizens_recent_submissions_at_its_center(
        server: CentralProcess, tmp_path: Path) -> None:
    kiosk = Kiosk(server, tmp_path / "kiosk")
    elsewhere = Kiosk(server, tmp_path / "elsewhere", center="HN-02")
    counter = Kiosk(server, tmp_path / "counter")
    now = dt.datetime.now(dt.UTC)
    old = kiosk.submit(CITIZEN, procedure="1.000001", now=now - dt.timedelta(days=31))
    first = kiosk.submit(CITIZEN, procedure="1.000002", now=now - dt.timedelta(days=2))
    kiosk.submit(OTHER, procedure="1.000003", now=now - dt.timedelta(hours=1))
    latest = kiosk.submit(CITIZEN, procedure="1.000004", ticket_service=None,
                          extra={"authenticity": {"passive": "valid", "chip": "genuine"}},
                          now=now - dt.timedelta(minutes=5))
    kiosk.push()
    elsewhere.submit(CITIZEN, procedure="1.000005")
    elsewhere.push()

    answer = counter.post(PATH, {"id_number": CITIZEN.id_number})
    assert answer.status_code == 200
    found = answer.json()["submissions"]
    assert [s["record_id"] for s in found] == [latest, first]  # newest first, 30 days, center
    assert old not in {s["record_id"] for s in found}
    newest, earlier = found
    assert newest["procedure"] == "1.000004"
    assert newest["citizen"] == {"id_number": CITIZEN.id_number,
                                 "full_name": CITIZEN.full_name, "identified_by": "chip"}
    assert newest["form"]["place_of_residence"] == CITIZEN.place_of_residence
    assert newest["sources"] == {"full_name": "chip"}
    assert newest["authenticity"] == {"passive": "valid", "chip": "genuine"}
    assert newest["identity_source"] == "chip" and newest["ticket"] is None
    assert earlier["authenticity"] is None
    assert earlier["ticket"] == {"service": "A", "number": 2, "label": "A002"}
    assert earlier["created_at"].endswith("Z")
    # spaced or dotted numbers are the same number
    spaced = " ".join([CITIZEN.id_number[:4], CITIZEN.id_number[4:8], CITIZEN.id_number[8:]])
    assert len(counter.post(PATH, {"id_number": spaced}).json()["submissions"]) == 2
    # the other center's counter sees only its own
    other_center = elsewhere.post(PATH, {"id_number": CITIZEN.id_number}).json()["submissions"]
    assert [s["procedure"] for s in other_center] == ["1.000005"]
    for kiosk_ in (kiosk, elsewhere, counter):
        kiosk_.close()


def test_lookup_refuses_bad_requests(server: CentralProcess, tmp_path: Path) -> None:
    counter = Kiosk(server, tmp_path / "counter")
    for bad in ("12345", "0790580043210", "07905800432a", ""):
        answer = counter.post(PATH, {"id_number": bad})
        assert answer.status_code == 400 and "12-digit" in answer.json()["error"]
    assert counter.post(PATH, {"id_number": 79058004321}).status_code == 400
    assert counter.post(PATH, {"number": CITIZEN.id_number}).status_code == 400
    assert counter.post(PATH, {"id_number": "000000000000"}).json() == {"submissions": []}
    unsigned = httpx.post(server.url + PATH, json={"id_number": CITIZEN.id_number})
    assert unsigned.status_code == 401 and "submissions" not in unsigned.json()
    counter.close()
