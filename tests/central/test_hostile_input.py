"""Finding 10: hostile bodies get a 4xx, never a 500, on every route that reads one.

JSON nested 5,000 deep (beyond the interpreter's recursion limit) and 100 deep (beyond
the service's cap of 64), NaN, and numbers that overflow a PostgreSQL BIGINT or leave
the six digits of a ticket label: each is refused as the client's mistake and nothing
is stored.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import httpx
import pytest

from kiosk.central.reports import CentralReports
from kiosk.central.storage import Database
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

BODY_ROUTES = ["/v1/enroll", "/v1/records", "/v1/tickets/leases"]  # a kiosk's
COUNTER_ROUTES = ["/v1/staff/sign-in", "/v1/staff/sign-out", "/v1/counters/lookup",
                  "/v1/counters/next"]  # a counter's: other roles are refused (403) first
DEEP = b"[" * 5000 + b"]" * 5000
DEEP_OBJECT = b'{"a":' * 5000 + b"1" + b"}" * 5000
OVER_CAP = b'{"records":' + b"[" * 100 + b"]" * 100 + b"}"


def _post(server: CentralProcess, ident: DeviceIdentity, path: str, body: bytes
          ) -> httpx.Response:
    headers = sign_request(ident.signing_key, ident.device_id, method="POST", path=path,
                           query="", body=body)
    return httpx.post(server.url + path, content=body, timeout=30,
                      headers={**headers, "Content-Type": "application/json"})


def _stored(server: CentralProcess, ident: DeviceIdentity) -> int:
    db = Database(server.database_url, pool_size=1)
    try:
        report = CentralReports(db).chain_report(ident.device_id)
    finally:
        db.close()
    assert report is not None
    return int(report["records"])


def _record(ident: DeviceIdentity, kind: RecordKind, payload: dict[str, object]
            ) -> dict[str, object]:
    record = Record(new_record_id(), ident.device_id, 1, kind, None,
                    format_time(dt.datetime.now(dt.UTC)), payload, GENESIS_HASH)
    return seal_record(record, ident.signing_key).to_wire()


def test_deep_nesting_is_a_400_on_every_body_route(server: CentralProcess, tmp_path: Path
                                                    ) -> None:
    ident = enrolled_kiosk(server, tmp_path / "k")
    counter = enrolled_kiosk(server, tmp_path / "c", role="counter")
    for path in BODY_ROUTES + COUNTER_ROUTES:
        signer = counter if path in COUNTER_ROUTES else ident
        for body in (DEEP, DEEP_OBJECT, OVER_CAP, b'{"size": NaN, "service": "A"}'):
            answer = (httpx.post(server.url + path, content=body, timeout=30)
                      if path == "/v1/enroll" else _post(server, signer, path, body))
            assert answer.status_code == 400, (path, body[:20], answer.text)
            assert answer.json()["error"]
    deep_payload = json.dumps({"records": [_record(ident, RecordKind.DEVICE_HEALTH, {
        "status": "ok", "checks": {}})]}).replace('"checks": {}', '"checks": '
                                                  + '{"a": ' * 900 + "1" + "}" * 900)
    answer = _post(server, ident, "/v1/records", deep_payload.encode())
    assert answer.status_code == 400 and "levels deep" in answer.json()["error"]
    assert _stored(server, ident) == 0


@pytest.mark.parametrize(("kind", "number"), [
    (RecordKind.TICKET, 2**63), (RecordKind.TICKET, 2**64 + 5), (RecordKind.TICKET, 10**6),
    (RecordKind.TICKET, 0), (RecordKind.QUEUE_EVENT, 2**63), (RecordKind.QUEUE_EVENT, -1)])
def test_out_of_range_numbers_are_refused_at_validation(
        server: CentralProcess, tmp_path: Path, kind: RecordKind, number: int) -> None:
    ident = enrolled_kiosk(server, tmp_path / "k")
    payload: dict[str, object] = {"number": number, "service": "A", "center": "HCM-01"}
    payload.update({"block": "b"} if kind is RecordKind.TICKET else {"event": "called"})
    record = _record(ident, kind, payload)
    answer = _post(server, ident, "/v1/records", json.dumps({"records": [record]}).encode())
    assert answer.status_code == 422, answer.text
    assert answer.json()["rejected"] == [{"id": record["id"], "reason":
                                          f"{kind} number must be from 1 to 999999"}]
    assert _stored(server, ident) == 0


def test_the_largest_ticket_number_is_stored(server: CentralProcess, tmp_path: Path) -> None:
    ident = enrolled_kiosk(server, tmp_path / "k")
    record = _record(ident, RecordKind.TICKET, {"number": 999_999, "service": "A",
                                                "center": "HCM-01", "block": "b"})
    answer = _post(server, ident, "/v1/records", json.dumps({"records": [record]}).encode())
    assert answer.status_code == 200 and answer.json()["results"][0]["status"] == "stored"


def test_leases_stop_at_the_largest_ticket_number(tmp_path: Path) -> None:
    from kiosk.central.service import CentralService, RefusedError
    from kiosk.core.vn_time import service_day

    db = Database(f"sqlite:///{tmp_path}/central.db", pool_size=1)
    try:
        service = CentralService(db)
        device = service.enroll({"code": service.issue_code("HCM-01"), "public_key":
                                 __import__("base64").b64encode(bytes(32)).decode()})
        first = service.lease(device["device_id"], {"service": "A", "size": 10})
        with db.transaction() as tx:
            tx.execute("UPDATE ticket_counters SET next_number = 999990 WHERE service = 'A' "
                       "AND day = ?", (service_day(),))
        last = service.lease(device["device_id"], {"service": "A", "size": 10})
        assert (first["first"], last["last"]) == (1, 999_999)
        with pytest.raises(RefusedError) as refused:
            service.lease(device["device_id"], {"service": "A", "size": 1})
        assert refused.value.status == 409 and "used up" in refused.value.message
    finally:
        db.close()
