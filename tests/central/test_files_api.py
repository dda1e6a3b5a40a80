"""The file's life over HTTP: a counter accepts a file and records its events, and the
citizen follows it on the public page. Real central process, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest

from kiosk.core.file_code import grouped, tracking_code
from kiosk.core.vn_time import today_vn
from kiosk.core.working_days import add_working_days
from tests.central.desk import CITIZEN, Kiosk, signed_in
from tests.support.central_servers import CentralProcess


def _accept(counter: Kiosk, session: str, procedure: str = "CU-THUONGTRU",
            request_id: str | None = None) -> httpx.Response:
    return counter.post("/v1/files", {"request_id": request_id or str(uuid.uuid4()),
                                      "procedure": procedure, "session": session})


def _event(counter: Kiosk, session: str, file_id: str, kind: str, **extra: object
           ) -> httpx.Response:
    return counter.post(f"/v1/files/{file_id}/events", {
        "event_id": str(uuid.uuid4()), "kind": kind, "session": session, **extra})


def test_a_counter_accepts_a_file_once_and_records_its_life(server: CentralProcess,
                                                           tmp_path: Path) -> None:
    counter = Kiosk(server, tmp_path / "counter", role="counter")
    session = signed_in(server, counter)
    request_id = str(uuid.uuid4())
    made = _accept(counter, session, request_id=request_id)
    assert made.status_code == 201, made.text
    file = made.json()
    assert file["step"] == "accepted" and file["center"] == "HCM-01"
    assert file["due"] == add_working_days(today_vn(), 7).isoformat()  # CU-THUONGTRU: 7 days
    assert file["events"][0]["actor"] == "quay" and file["events"][0]["place"] == "HCM-01 quầy 3"
    again = _accept(counter, session, request_id=request_id)  # a retried request
    assert again.json()["file_id"] == file["file_id"] and again.json()["code"] == file["code"]
    fid = file["file_id"]
    assert _event(counter, session, fid, "returned").status_code == 422  # nothing to return
    assert _event(counter, session, fid, "additional_documents_requested").status_code == 422
    asked = _event(counter, session, fid, "additional_documents_requested",
                   reason="Thiếu bản sao giấy khai sinh")
    assert asked.status_code == 201, asked.text
    assert asked.json()["paused_on"] == today_vn().isoformat()
    body = {"event_id": "same-event-1", "kind": "documents_supplied", "session": session}
    first = counter.post(f"/v1/files/{fid}/events", body)
    assert counter.post(f"/v1/files/{fid}/events", body).json() == first.json()
    for kind in ("in_processing", "result_ready", "returned"):
        assert _event(counter, session, fid, kind).status_code == 201
    history = counter.get(f"/v1/files/{fid}").json()
    assert [e["kind"] for e in history["events"]] == [
        "accepted", "additional_documents_requested", "documents_supplied", "in_processing",
        "result_ready", "returned"]
    assert [e["n"] for e in history["events"]] == [1, 2, 3, 4, 5, 6]
    assert history["due"] == file["due"]  # supplied the same day: no working day paused


def test_only_a_signed_in_counter_of_the_center_acts_on_a_file(server: CentralProcess,
                                                               tmp_path: Path) -> None:
    counter = Kiosk(server, tmp_path / "counter", role="counter")
    session = signed_in(server, counter)
    fid = _accept(counter, session).json()["file_id"]
    kiosk = Kiosk(server, tmp_path / "kiosk")
    assert kiosk.post("/v1/files", {"request_id": "r" * 10, "procedure": "CU-THUONGTRU",
                                    "session": session}).status_code == 403
    assert _accept(counter, "x" * 43).status_code == 401
    elsewhere = Kiosk(server, tmp_path / "hn", center="HN-01", role="counter")
    other = signed_in(server, elsewhere, "quay-hn-files")
    assert _event(elsewhere, other, fid, "in_processing").status_code == 403
    assert elsewhere.get(f"/v1/files/{fid}").status_code == 403
    assert _event(counter, session, str(uuid.uuid4()), "in_processing").status_code == 404
    assert _event(counter, session, fid, "forwarded").status_code == 422  # the connector's
    assert _accept(counter, session, procedure="NO-SUCH").status_code == 400
    for bad in ({"request_id": "short", "procedure": "CU-THUONGTRU", "session": session},
                {"request_id": "r" * 10, "procedure": 7, "session": session},
                {"request_id": "r" * 10, "session": session}):
        assert counter.post("/v1/files", bad).status_code == 400
    assert _event(counter, session, fid, "due_extended", reason="xác minh",
                  days=True).status_code == 400


def test_events_cannot_be_edited_or_deleted_even_with_sql(server: CentralProcess,
                                                          tmp_path: Path) -> None:
    counter = Kiosk(server, tmp_path / "counter", role="counter")
    session = signed_in(server, counter)
    fid = _accept(counter, session).json()["file_id"]
    statements = [f"UPDATE file_events SET due = '2099-01-01' WHERE file_id = '{fid}'",
                  f"DELETE FROM file_events WHERE file_id = '{fid}'",
                  f"UPDATE files SET working_days = 99 WHERE file_id = '{fid}'"]
    for sql in statements:
        if server.database_url.startswith("sqlite"):
            with sqlite3.connect(server.database_url[len("sqlite:///"):]) as conn, \
                    pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
        else:
            with psycopg.connect(server.database_url, autocommit=True) as conn, \
                    pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(sql)
    assert len(counter.get(f"/v1/files/{fid}").json()["events"]) == 1


def test_the_public_page_shows_the_step_and_nothing_personal(server: CentralProcess,
                                                             tmp_path: Path) -> None:
    kiosk = Kiosk(server, tmp_path / "kiosk")
    submission = kiosk.submit(CITIZEN, procedure="CU-THUONGTRU")
    kiosk.push()
    counter = Kiosk(server, tmp_path / "counter", role="counter")
    session = signed_in(server, counter)
    file = counter.post("/v1/files", {"request_id": str(uuid.uuid4()), "session": session,
                                      "procedure": "CU-THUONGTRU",
                                      "submission": submission}).json()
    _event(counter, session, file["file_id"], "additional_documents_requested",
           reason=f"Thiếu giấy tờ của {CITIZEN.full_name}")
    page = httpx.get(f"{server.url}/f/{grouped(file['code']).lower()}", timeout=10)
    assert page.status_code == 200
    assert "Cần bổ sung giấy tờ" in page.text and "More documents needed" in page.text
    assert "Đăng ký thường trú" in page.text and "Permanent residence" in page.text
    assert dt.date.fromisoformat(file["due"]).strftime("%d/%m/%Y") in page.text
    assert page.headers["cache-control"] == "no-store"
    for private in (CITIZEN.full_name, CITIZEN.id_number, CITIZEN.place_of_residence,
                    "quay", "Nhân Viên Thử", "quầy 3", submission, file["file_id"]):
        assert private not in page.text
    as_json = httpx.get(f"{server.url}/v1/public/files/{file['code']}", timeout=10).json()
    assert as_json["step"] == "additional_documents_requested"
    assert as_json["standing"] == "paused"
    assert CITIZEN.full_name not in str(as_json)


def test_a_wrong_code_reveals_nothing_and_guessing_is_rate_limited(server: CentralProcess
                                                                  ) -> None:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        answers = [client.get(f"/f/{code}") for code in
                   (tracking_code(), "not-a-code", "A" * 26, "%27%20OR%201=1", "x" * 300)]
        answers += [client.get(f"/f/{tracking_code()}") for _ in range(40)]
    limited = [a for a in answers if a.status_code == 429]
    found = [a for a in answers if a.status_code == 404]
    assert len(limited) + len(found) == len(answers)
    assert len({a.text for a in found}) == 1  # one answer for every wrong code
    assert limited and int(limited[0].headers["retry-after"]) >= 1
