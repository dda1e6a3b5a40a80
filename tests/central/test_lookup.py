"""Citizen look-up for counters: blind index, center scope, 30 days, ticket link."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest

from tests.central.desk import CITIZEN, OTHER, Kiosk, signed_in
from tests.support.central_servers import CentralProcess

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

PATH = "/v1/counters/lookup"


def test_a_counter_finds_the_citizens_recent_submissions_at_its_center(
        server: CentralProcess, tmp_path: Path) -> None:
    kiosk = Kiosk(server, tmp_path / "kiosk")
    elsewhere = Kiosk(server, tmp_path / "elsewhere", center="HN-02")
    elsewhere_counter = Kiosk(server, tmp_path / "hn-counter", center="HN-02", role="counter")
    counter = Kiosk(server, tmp_path / "counter", role="counter")
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

    session = signed_in(server, counter)
    answer = counter.post(PATH, {"id_number": CITIZEN.id_number, "session": session})
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
    assert len(counter.post(PATH, {"id_number": spaced, "session": session}
                            ).json()["submissions"]) == 2
    # the other center's counter sees only its own
    other_center = elsewhere_counter.post(PATH, {
        "id_number": CITIZEN.id_number,
        "session": signed_in(server, elsewhere_counter, "quay-hn")}).json()["submissions"]
    assert [s["procedure"] for s in other_center] == ["1.000005"]
    for kiosk_ in (kiosk, elsewhere, elsewhere_counter, counter):
        kiosk_.close()


def test_lookup_refuses_bad_requests(server: CentralProcess, tmp_path: Path) -> None:
    counter = Kiosk(server, tmp_path / "counter", role="counter")
    session = signed_in(server, counter)
    for bad in ("12345", "0790580043210", "07905800432a", ""):
        answer = counter.post(PATH, {"id_number": bad, "session": session})
        assert answer.status_code == 400 and "12-digit" in answer.json()["error"]
    assert counter.post(PATH, {"id_number": 79058004321, "session": session}).status_code == 400
    assert counter.post(PATH, {"number": CITIZEN.id_number}).status_code == 400
    assert counter.post(PATH, {"id_number": "000000000000", "session": session}
                        ).json() == {"submissions": []}
    unsigned = httpx.post(server.url + PATH, json={"id_number": CITIZEN.id_number})
    assert unsigned.status_code == 401 and "submissions" not in unsigned.json()
    counter.close()


def test_only_a_signed_in_counter_looks_up_and_every_look_up_is_audited(
        server: CentralProcess, tmp_path: Path) -> None:
    """A lobby kiosk's key alone (no staff signed in there) reads no citizen's data."""
    from kiosk.central.storage import Database

    kiosk = Kiosk(server, tmp_path / "kiosk")
    counter = Kiosk(server, tmp_path / "counter", role="counter")
    kiosk.submit(CITIZEN)
    kiosk.push()
    session = signed_in(server, counter)
    for device, body, status in (
            (kiosk, {"id_number": CITIZEN.id_number}, 403),  # not a counter: its role
            (kiosk, {"id_number": CITIZEN.id_number, "session": session}, 403),
            (counter, {"id_number": CITIZEN.id_number, "session": "x" * 43}, 401),
            (counter, {"id_number": CITIZEN.id_number, "session": 7}, 401)):
        refused = device.post(PATH, body)
        assert refused.status_code == status and "submissions" not in refused.json(), body
    found = counter.post(PATH, {"id_number": CITIZEN.id_number, "session": session})
    assert found.status_code == 200
    count = len(found.json()["submissions"])  # this one and earlier tests' on this server
    assert count >= 1
    # signing in again replaces the counter's session
    renewed = signed_in(server, counter)
    assert counter.post(PATH, {"id_number": CITIZEN.id_number, "session": session}
                        ).status_code == 401
    assert counter.post(PATH, {"id_number": CITIZEN.id_number, "session": renewed}
                        ).status_code == 200
    db = Database(server.database_url, pool_size=1)
    try:
        with db.reader() as tx:
            rows = tx.all("SELECT device_id, username, counter, id_hmac, found FROM "
                          "lookup_audit WHERE device_id = ?", (counter.ident.device_id,))
    finally:
        db.close()
    assert [(r[1], r[2], int(r[4])) for r in rows] == [("quay", "3", count)] * 2
    assert all(CITIZEN.id_number not in str(r[3]) and len(str(r[3])) == 64 for r in rows)
    kiosk.close()
    counter.close()
