"""The central service's rules over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.central.reports import CentralReports
from kiosk.central.storage import Database
from kiosk.core.vn_time import service_day
from kiosk.sync.client import CentralClient
from kiosk.sync.keys import DeviceIdentity
from kiosk.sync.outbox import Outbox
from kiosk.wire.chain import seal_record
from kiosk.wire.httpsig import sign_request
from kiosk.wire.keys import public_key_text
from kiosk.wire.protocol import RecordKind, parse_record
from tests.support.central_servers import CentralProcess, enrolled_kiosk, issue_code

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


def _kiosk(server: CentralProcess, tmp_path: Path, name: str = "k") -> tuple[DeviceIdentity,
                                                                              Outbox]:
    ident = enrolled_kiosk(server, tmp_path / name)
    return ident, Outbox(tmp_path / name / "outbox.db", ident)


def _records(outbox: Outbox) -> list[dict[str, Any]]:
    return [outbox.wire(r) for r in outbox.all_records()]


def _post(server: CentralProcess, ident: DeviceIdentity, path: str, body: bytes,
          **sign: Any) -> httpx.Response:
    headers = sign_request(ident.signing_key, ident.device_id, method="POST", path=path,
                           query="", body=body, **sign)
    return httpx.post(server.url + path, content=body, headers=headers)


def _report(server: CentralProcess, ident: DeviceIdentity, what: str) -> Any:
    """The device's own chain or health report (a signed read)."""
    with CentralClient(server.url, ident) as client:
        return client._call("GET", f"/v1/devices/{ident.device_id}/{what}")


def _count(server: CentralProcess) -> int:
    db = Database(server.database_url, pool_size=1)
    try:
        return CentralReports(db).record_count()
    finally:
        db.close()


def test_enrollment_codes_are_one_time(server: CentralProcess) -> None:
    code = issue_code(server.database_url)
    key = public_key_text(__import__("cryptography.hazmat.primitives.asymmetric.ed25519",
                                     fromlist=["x"]).Ed25519PrivateKey.generate().public_key())
    first = httpx.post(server.url + "/v1/enroll", json={"code": code, "public_key": key})
    assert first.status_code == 201 and first.json()["center"] == "HCM-01"
    again = httpx.post(server.url + "/v1/enroll", json={"code": code, "public_key": key})
    assert again.status_code == 403 and "used" in again.json()["error"]
    assert httpx.post(server.url + "/v1/enroll",
                      json={"code": "AAAA-BBBB-CCCC", "public_key": key}).status_code == 403
    bad_key = httpx.post(server.url + "/v1/enroll",
                         json={"code": issue_code(server.database_url), "public_key": "AAAA"})
    assert bad_key.status_code == 400
    assert httpx.post(server.url + "/v1/enroll", content=b"{").status_code == 400


def test_intake_is_idempotent(server: CentralProcess, tmp_path: Path) -> None:
    ident, outbox = _kiosk(server, tmp_path)
    for score in (5, 4, 3):
        outbox.enqueue(RecordKind.RATING, {"score": score})
    records = _records(outbox)
    before = _count(server)
    with CentralClient(server.url, ident) as client:
        assert [r.status for r in client.push(records)] == ["stored"] * 3
        assert [r.status for r in client.push(records)] == ["duplicate"] * 3
        outbox.enqueue(RecordKind.RATING, {"score": 1})
        mixed = client.push(_records(outbox))
    assert [r.status for r in mixed] == ["duplicate"] * 3 + ["stored"]
    assert _count(server) == before + 4
    chain = _report(server, ident, "chain")
    assert chain["intact"] and chain["head_seq"] == 4


def test_refused_requests_change_nothing(server: CentralProcess, tmp_path: Path) -> None:
    ident, outbox = _kiosk(server, tmp_path)
    outbox.enqueue(RecordKind.RATING, {"score": 5})
    outbox.enqueue(RecordKind.RATING, {"score": 4})
    records = _records(outbox)
    body = json.dumps({"records": records}).encode()
    before = _count(server)
    unsigned = httpx.post(server.url + "/v1/records", content=body)
    assert unsigned.status_code == 401 and "not signed" in unsigned.json()["error"]
    stranger = replace(ident, signing_key=__import__(
        "cryptography.hazmat.primitives.asymmetric.ed25519", fromlist=["x"]
    ).Ed25519PrivateKey.generate())
    assert _post(server, stranger, "/v1/records", body).status_code == 401
    assert _post(server, ident, "/v1/records", body, created=1_600_000_000).status_code == 401
    headers = sign_request(ident.signing_key, ident.device_id, method="POST", path="/v1/records",
                           query="", body=body)
    tampered = httpx.post(server.url + "/v1/records", content=body.replace(b'"score": 5',
                                                                           b'"score": 1'),
                          headers=headers)
    assert tampered.status_code == 401
    assert httpx.post(server.url + "/v1/records", content=b"x" * (3 * 1024 * 1024),
                      headers=headers).status_code == 413
    assert _post(server, ident, "/v1/records", b"{not json").status_code == 400
    assert _post(server, ident, "/v1/records", b'{"records": []}').status_code == 400
    assert _count(server) == before
    # a captured request replayed byte for byte is refused the second time
    assert httpx.post(server.url + "/v1/records", content=body, headers=headers).status_code == 200
    replay = httpx.post(server.url + "/v1/records", content=body, headers=headers)
    assert replay.status_code == 401 and "replay" in replay.json()["error"]
    assert _count(server) == before + 2


def test_replay_with_different_content_is_a_conflict(server: CentralProcess, tmp_path: Path
                                                     ) -> None:
    ident, outbox = _kiosk(server, tmp_path)
    outbox.enqueue(RecordKind.RATING, {"score": 5})
    first = _records(outbox)
    with CentralClient(server.url, ident) as client:
        client.push(first)
    original = parse_record(first[0])
    forged = seal_record(replace(original, payload={"score": 1}), ident.signing_key)
    outbox.enqueue(RecordKind.RATING, {"score": 2})
    fresh = _records(outbox)[1]
    before = _count(server)
    answer = _post(server, ident, "/v1/records",
                   json.dumps({"records": [fresh, forged.to_wire()]}).encode())
    assert answer.status_code == 409
    assert answer.json()["rejected"] == [{"id": original.id, "reason":
                                          "record id already used with different content"}]
    assert _count(server) == before  # the good record in the same batch was not stored either


def test_altered_or_foreign_records_are_refused(server: CentralProcess, tmp_path: Path) -> None:
    ident, outbox = _kiosk(server, tmp_path, "a")
    _other, other_box = _kiosk(server, tmp_path, "b")
    outbox.enqueue(RecordKind.RATING, {"score": 5})
    altered = _records(outbox)[0]
    altered["payload"]["score"] = 1  # changed after signing: hash no longer matches
    answer = _post(server, ident, "/v1/records", json.dumps({"records": [altered]}).encode())
    assert answer.status_code == 422 and "altered" in answer.json()["rejected"][0]["reason"]
    other_box.enqueue(RecordKind.RATING, {"score": 3})
    foreign = _post(server, ident, "/v1/records",
                    json.dumps({"records": _records(other_box)}).encode())
    assert foreign.status_code == 422 and "another device" in foreign.text


def test_chain_gaps_are_flagged(server: CentralProcess, tmp_path: Path) -> None:
    ident, outbox = _kiosk(server, tmp_path)
    for score in (1, 2, 3, 4):
        outbox.enqueue(RecordKind.RATING, {"score": score})
    records = _records(outbox)
    with CentralClient(server.url, ident) as client:
        client.push([records[0], records[2], records[3]])  # record 2 held back (dropped)
        report = _report(server, ident, "chain")
        assert (report["head_seq"], report["missing"], report["intact"]) == (1, [2], False)
        client.push([records[1]])
    report = _report(server, ident, "chain")
    assert (report["head_seq"], report["missing"], report["intact"]) == (4, [], True)


def test_leases_tickets_submissions_queue_and_health(server: CentralProcess, tmp_path: Path
                                                     ) -> None:
    ident, outbox = _kiosk(server, tmp_path, "a")
    other, _ = _kiosk(server, tmp_path, "b")
    with CentralClient(server.url, ident) as client, CentralClient(server.url, other) as peer:
        blocks = [client.lease("Q", 10), peer.lease("Q", 10), client.lease("Q", 5)]
        spans = [set(range(b.first, b.last + 1)) for b in blocks]
        assert not (spans[0] & spans[1]) and not (spans[1] & spans[2])
        assert sum(len(s) for s in spans) == 25
        day = service_day()
        block = blocks[0]
        outbox.enqueue(RecordKind.TICKET, {"number": block.first, "service": "Q",
                                           "center": "HCM-01", "block": block.block})
        outbox.enqueue(RecordKind.TICKET, {"number": blocks[1].first, "service": "Q",
                                           "center": "HCM-01", "block": block.block})
        sub_id = outbox.enqueue(RecordKind.SUBMISSION, {"procedure": "1.000123",
                                                        "citizen": {"full_name": "Lý Văn Tư"},
                                                        "form": {}})
        outbox.enqueue(RecordKind.DEVICE_HEALTH, {"status": "ok", "checks": {"printer": "ok"}})
        client.push(_records(outbox))
        desk = enrolled_kiosk(server, tmp_path / "desk", role="counter")  # counters call
        desk_box = Outbox(tmp_path / "desk" / "outbox.db", desk)
        desk_box.enqueue(RecordKind.QUEUE_EVENT, {"event": "called", "number": block.first,
                                                  "service": "Q", "center": "HCM-01"})
        with CentralClient(server.url, desk) as desk_client:
            desk_client.push(_records(desk_box))
        with pytest.raises(Exception, match="size"):
            client.lease("Q", 100000)
        import datetime as dt

        ahead = str(dt.date.fromisoformat(day) + dt.timedelta(days=2))
        assert client.lease("Q", 3, ahead).day == ahead
        assert client.lease("Q", 3, ahead).first == 4  # its own counter
        with pytest.raises(Exception, match="days ahead"):
            client.lease("Q", 3, str(dt.date.fromisoformat(day) + dt.timedelta(days=8)))
    tickets = httpx.get(f"{server.url}/v1/centers/HCM-01/tickets/{day}").json()
    assert tickets["leased"] >= 25 and tickets["issued"] >= 2
    assert {"record_id": _records(outbox)[1]["id"], "problem": "outside_lease"} in \
        tickets["problems"]
    status = httpx.get(f"{server.url}/v1/submissions/{sub_id}").json()
    assert status["status"] == "received" and "Tư" not in json.dumps(status)
    assert httpx.get(f"{server.url}/v1/submissions/nope").status_code == 404
    queue = httpx.get(f"{server.url}/v1/centers/HCM-01/queue/{day}").json()
    assert queue["services"]["Q"]["last_called"] == block.first
    health = _report(server, ident, "health")
    assert health["checks"] == {"printer": "ok"}
    assert httpx.get(f"{server.url}/v1/centers/HCM-01/queue/2026-13-45").status_code == 400
    assert httpx.get(f"{server.url}/v1/nothing").status_code == 404


@pytest.mark.skipif(not os.environ.get("KIOSK_TEST_POSTGRES_URL"),
                    reason="KIOSK_TEST_POSTGRES_URL is not set")
def test_concurrent_kiosks_on_several_workers_never_share_a_number(tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tests.central.conftest import PG_URL, reset_postgres

    reset_postgres()
    monkeypatch.setenv("KIOSK_CENTRAL_KEY_FILE", str(tmp_path / "central.key"))
    server = CentralProcess(PG_URL, tmp_path, workers=3)
    try:
        idents = [enrolled_kiosk(server, tmp_path / f"k{i}") for i in range(4)]

        def grab(ident: DeviceIdentity) -> list[tuple[int, int]]:
            with CentralClient(server.url, ident) as client:
                return [(g.first, g.last) for g in (client.lease("A", 7) for _ in range(25))]

        with ThreadPoolExecutor(8) as pool:
            spans = [s for part in pool.map(grab, idents * 2) for s in part]
        numbers = [n for first, last in spans for n in range(first, last + 1)]
        assert len(numbers) == len(set(numbers)) == 8 * 25 * 7
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    finally:
        server.stop()


@pytest.mark.skipif(not os.environ.get("KIOSK_TEST_POSTGRES_URL"),
                    reason="KIOSK_TEST_POSTGRES_URL is not set")
def test_lost_database_connections_give_503_then_heal(tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import psycopg

    from kiosk.sync.errors import TransientSyncError
    from tests.central.conftest import PG_URL, reset_postgres

    reset_postgres()
    monkeypatch.setenv("KIOSK_CENTRAL_KEY_FILE", str(tmp_path / "central.key"))
    server = CentralProcess(PG_URL, tmp_path)
    try:
        ident, outbox = _kiosk(server, tmp_path)
        outbox.enqueue(RecordKind.RATING, {"score": 5})
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE usename = current_user AND pid <> pg_backend_pid()")
        answers = []
        with CentralClient(server.url, ident) as client:
            for _ in range(20):
                try:
                    answers.append([r.status for r in client.push(_records(outbox))])
                    break
                except TransientSyncError as exc:
                    assert "503" in str(exc)
                    answers.append(["503"])
        assert answers[-1] in (["stored"], ["duplicate"])
        assert _count(server) == 1
    finally:
        server.stop()


def test_a_broken_link_is_flagged(server: CentralProcess, tmp_path: Path) -> None:
    ident, outbox = _kiosk(server, tmp_path)
    outbox.enqueue(RecordKind.RATING, {"score": 5})
    outbox.enqueue(RecordKind.RATING, {"score": 4})
    first, second = (parse_record(r) for r in _records(outbox))
    # signed by the device itself but linked to something else than record 1
    relinked = seal_record(replace(second, prev="f" * 64), ident.signing_key)
    with CentralClient(server.url, ident) as client:
        client.push([first.to_wire(), relinked.to_wire()])
    report = _report(server, ident, "chain")
    assert report["intact"] is False and report["missing"] == []
    assert report["flags"][0]["seq"] == 2 and report["flags"][0]["problem"] == "prev_mismatch"
