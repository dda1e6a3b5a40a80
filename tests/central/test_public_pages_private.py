"""Public pages show only what a lobby needs (issue 14, finding 9), against a live central.

The statistics JSON names no device, chain gap or failing check; a device's health and
chain reports, and the list of a center's devices with problems, are signed reads for
the device itself or a counter or technician device of the same center.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.wire.protocol import RecordKind
from tests.central.desk import Kiosk
from tests.support.enrolled_devices import Device

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


@pytest.fixture
def failing_kiosk(server: Any, tmp_path: Path) -> Device:
    """A lobby kiosk with a failing printer and a gap in its record chain."""
    kiosk = Device(server, tmp_path / "kiosk")
    for score in (1, 2):
        kiosk.record(RecordKind.RATING, {"score": score})
    kiosk.record(RecordKind.DEVICE_HEALTH, {"status": "failed", "checks": {
        "printer.paper": {"status": "failed", "detail": "paper out"}}})
    batch = kiosk.outbox.claim_batch(10)
    kiosk.client.push([kiosk.outbox.wire(r) for r in batch if r.seq != 1])  # seq 1 held back
    return kiosk


def test_the_statistics_name_no_device(server: Any, failing_kiosk: Device) -> None:
    answer = httpx.get(f"{server.url}/v1/centers/HCM-01/stats", timeout=10)
    assert answer.status_code == 200
    stats = answer.json()
    assert not {"chain_gaps", "failing_devices", "devices"} & set(stats)
    assert failing_kiosk.identity.device_id not in answer.text
    assert "printer.paper" not in answer.text
    page = httpx.get(f"{server.url}/stats/HCM-01", timeout=10).text
    assert "chain_gaps" not in page and "failing_devices" not in page
    failing_kiosk.close()


def test_device_reports_are_signed_reads_of_the_same_center(
        server: Any, failing_kiosk: Device, tmp_path: Path) -> None:
    target = failing_kiosk.identity.device_id
    readers = {
        "itself": (failing_kiosk.identity, 200),
        "counter": (Kiosk(server, tmp_path / "c", role="counter").ident, 200),
        "technician": (Kiosk(server, tmp_path / "t", role="technician").ident, 200),
        "another kiosk": (Kiosk(server, tmp_path / "k").ident, 403),
        "a display": (Kiosk(server, tmp_path / "d", role="display").ident, 403),
        "another center's technician": (
            Kiosk(server, tmp_path / "x", center="HN-02", role="technician").ident, 403),
    }
    for what in ("health", "chain"):
        path = f"/v1/devices/{target}/{what}"
        assert httpx.get(server.url + path, timeout=10).status_code == 401  # unsigned
        for name, (ident, status) in readers.items():
            answer = _signed_get(server, ident, path)
            assert answer.status_code == status, (what, name, answer.text)
            if status == 403:
                assert "failed" not in answer.text and "missing" not in answer.text
    chain = _signed_get(server, readers["technician"][0], f"/v1/devices/{target}/chain").json()
    assert chain["missing"] == [1] and not chain["intact"]
    failing_kiosk.close()


def test_the_devices_with_problems_are_for_the_centers_staff_devices(
        server: Any, failing_kiosk: Device, tmp_path: Path) -> None:
    path = "/v1/centers/HCM-01/devices"
    assert httpx.get(server.url + path, timeout=10).status_code == 401
    technician = Kiosk(server, tmp_path / "t", role="technician").ident
    found = _signed_get(server, technician, path)
    assert found.status_code == 200
    target = failing_kiosk.identity.device_id
    assert target in found.json()["devices"]
    assert target in [g["device_id"] for g in found.json()["chain_gaps"]]
    assert [f["failed_checks"] for f in found.json()["failing_devices"]
            if f["device_id"] == target] == [["printer.paper"]]
    for ident in (failing_kiosk.identity,
                  Kiosk(server, tmp_path / "x", center="HN-02", role="technician").ident):
        assert _signed_get(server, ident, path).status_code == 403
    failing_kiosk.close()


def _signed_get(server: Any, ident: Any, path: str) -> httpx.Response:
    from kiosk.wire.httpsig import sign_request

    headers = sign_request(ident.signing_key, ident.device_id, method="GET", path=path,
                           query="", body=b"")
    return httpx.get(server.url + path, headers=headers, timeout=10)
