"""Outbox and central-service checks: dead letters, stuck records, unreachable, TLS, clock,
enrollment — against real outboxes and a real central service process."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.core.config import KioskConfig, SyncConfig
from kiosk.diagnostics import Status, run_diagnostics
from kiosk.sync.outbox import Outbox
from kiosk.sync.stack import outbox_path
from kiosk.wire.protocol import RecordKind
from tests.support.central_servers import CentralProcess, enrolled_kiosk, free_port, make_tls

from .conftest import local_identity, make_config, options_for

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

TICKET = {"number": 1, "service": "A", "center": "HCM-01", "block": "b1"}


def _outbox(config: KioskConfig) -> Outbox:
    folder = Path(config.sync.data_dir)
    return Outbox(outbox_path(folder), local_identity(folder))


def test_not_enrolled(config: KioskConfig) -> None:
    report = run_diagnostics(options_for(config), ["outbox", "central"])
    assert report.by_name("outbox.state").status is Status.WARNING
    assert report.by_name("central.enrollment").status is Status.FAILED
    assert "kiosk enroll" in report.by_name("central.enrollment").action_en
    assert report.by_name("central.reachable").status is Status.FAILED


def test_outbox_with_dead_letters_fails(config: KioskConfig) -> None:
    outbox = _outbox(config)
    dead = outbox.enqueue(RecordKind.TICKET, TICKET)
    outbox.enqueue(RecordKind.RATING, {"score": 5})
    outbox.mark_dead(dead, "ticket number outside any lease")
    outbox.close()
    report = run_diagnostics(options_for(config), ["outbox"])
    letters = report.by_name("outbox.dead_letters")
    assert letters.status is Status.FAILED
    assert letters.facts == {"count": 1, "kinds": ["ticket"],
                             "reasons": ["ticket number outside any lease"]}
    assert "retry-dead" in letters.action_en
    depth = report.by_name("outbox.depth")
    assert depth.status is Status.OK and depth.facts["pending"] == 1


@pytest.mark.parametrize(("hours", "status"), [(0.0, Status.OK), (1.0, Status.WARNING),
                                               (5.0, Status.FAILED)])
def test_old_records_waiting(config: KioskConfig, hours: float, status: Status) -> None:
    outbox = _outbox(config)
    outbox.enqueue(RecordKind.RATING, {"score": 4},
                   now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours))
    outbox.close()
    check = run_diagnostics(options_for(config), ["outbox"]).by_name("outbox.depth")
    assert check.status is status
    assert check.facts["pending"] == 1


def test_unwritable_outbox_fails(config: KioskConfig) -> None:
    outbox = _outbox(config)
    outbox.close()
    path = outbox_path(Path(config.sync.data_dir))
    path.write_bytes(b"this is not a database" * 100)
    report = run_diagnostics(options_for(config), ["outbox"])
    assert report.checks[0].name == "outbox.state"
    assert report.checks[0].status is Status.FAILED


def test_central_unreachable(config: KioskConfig) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    changed = replace(config, sync=replace(config.sync, central_url=url))
    local_identity(Path(config.sync.data_dir), url=url)
    report = run_diagnostics(options_for(changed), ["central"])
    check = report.by_name("central.reachable")
    assert check.status is Status.FAILED
    assert "network cable" in check.action_en


@pytest.fixture(scope="module")
def tls_central(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("central")
    server = CentralProcess(f"sqlite:///{folder}/central.db", folder, tls=make_tls(folder))
    yield server
    server.stop()


def test_central_all_good(tls_central: CentralProcess, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    data = Path(config.sync.data_dir)
    identity = enrolled_kiosk(tls_central, data)
    assert tls_central.tls is not None
    config = replace(config, sync=SyncConfig(data_dir=str(data), ca_bundle=str(tls_central.tls.ca)))
    report = run_diagnostics(options_for(config), ["central"])
    assert report.status is Status.OK, report.to_json_dict()
    assert [c.name for c in report.checks] == [
        "central.reachable", "central.tls", "central.clock", "central.enrollment"]
    assert abs(report.by_name("central.clock").facts["skew_s"]) < 2
    assert report.by_name("central.enrollment").facts["device_id"] == identity.device_id


def test_central_with_untrusted_certificate(tls_central: CentralProcess, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    other_ca = make_tls(tmp_path).ca  # a CA that did not sign the server's certificate
    config = replace(config, sync=replace(config.sync, central_url=tls_central.url,
                                          ca_bundle=str(other_ca)))
    report = run_diagnostics(options_for(config), ["central"])
    assert report.by_name("central.tls").status is Status.FAILED
    assert "certificate" in report.by_name("central.tls").action_en


def test_central_does_not_know_this_kiosk(tls_central: CentralProcess, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    assert tls_central.tls is not None
    config = replace(config, sync=replace(config.sync, ca_bundle=str(tls_central.tls.ca)))
    local_identity(Path(config.sync.data_dir), device_id="k-never-enrolled", url=tls_central.url)
    report = run_diagnostics(options_for(config), ["central"])
    assert report.by_name("central.enrollment").status is Status.FAILED
    assert "enroll it again" in report.by_name("central.enrollment").action_en


def test_plain_http_is_a_warning(tmp_path: Path) -> None:
    server = CentralProcess(f"sqlite:///{tmp_path}/c.db", tmp_path)
    try:
        config = make_config(tmp_path)
        config = replace(config, sync=replace(config.sync, central_url=server.url))
        report = run_diagnostics(options_for(config), ["central"])
    finally:
        server.stop()
    assert report.by_name("central.reachable").status is Status.OK
    assert report.by_name("central.tls").status is Status.WARNING
