"""Exported reports and logs hold no personal data; health records reach the central service."""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import io
import json
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from kiosk.central.reports import CentralReports
from kiosk.central.storage import Database
from kiosk.commands import diag as diag_command
from kiosk.core.config import KioskConfig, SyncConfig
from kiosk.core.logs import setup_logging
from kiosk.diagnostics import Status, run_diagnostics
from kiosk.diagnostics.central_checks import _clock
from kiosk.diagnostics.export import export_report, personal_data_found, report_text
from kiosk.diagnostics.reporter import HealthReporter, health_payload
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.simulated.vpcd_slot import virtual_card
from kiosk.sync.client import CentralClient
from kiosk.sync.outbox import Outbox
from kiosk.sync.stack import outbox_path
from kiosk.wire.protocol import RecordKind
from tests.support.central_servers import CentralProcess, enrolled_kiosk
from tests.support.waiting import wait_until

from .conftest import SPARE_PORT, local_identity, make_config, options_for

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


def _personal_needles() -> list[str]:
    needles: list[str] = []
    for name in list_samples():
        sample = load_sample(name)
        needles += [sample.full_name, sample.id_number, sample.place_of_residence]
        needles += [part for part in sample.full_name.split() if len(part) > 3]
    return needles


@pytest.mark.pcsc
def test_exported_report_and_logs_hold_no_personal_data(pcscd_readers: list[str],
                                                        tmp_path: Path) -> None:
    config = make_config(tmp_path)
    outbox = Outbox(outbox_path(Path(config.sync.data_dir)),
                    local_identity(Path(config.sync.data_dir)))
    sample = load_sample(list_samples()[0])
    record = outbox.enqueue(RecordKind.SUBMISSION, {
        "procedure": "1.001", "citizen": {"id_number": sample.id_number,
                                          "full_name": sample.full_name}, "form": {}})
    outbox.mark_dead(record, "refused")
    outbox.close()
    stream = io.StringIO()
    setup_logging("DEBUG", "json", stream)
    try:
        # a citizen's card on the reader and a citizen's QR in front of the camera
        with virtual_card(build_card(list_samples()[0], pace=True), port=SPARE_PORT):
            report = run_diagnostics(options_for(config, test_card=list_samples()[0],
                                                 test_page=True, card_wait_s=5.0))
    finally:
        setup_logging("WARNING", "text")
    json_path, text_path = export_report(report, tmp_path / "export")
    assert report.by_name("reader.read").status is Status.OK
    assert report.by_name("camera.decode").facts["code_in_view"] is True
    assert report.by_name("outbox.dead_letters").status is Status.FAILED
    exported = json_path.read_text(encoding="utf-8") + text_path.read_text(encoding="utf-8")
    assert json.loads(json_path.read_text(encoding="utf-8"))["checks"]
    assert "BÁO CÁO CHẨN ĐOÁN" in exported and "→ The center refused" in exported
    logs = stream.getvalue()
    assert logs  # the run did log
    assert personal_data_found(exported, _personal_needles()) == []
    assert personal_data_found(logs, _personal_needles()) == []


def test_personal_data_scan_finds_what_it_must() -> None:
    sample = load_sample(list_samples()[0])
    text = f"reader ok; {sample.full_name.lower()} 079203001234"
    assert personal_data_found(text, [sample.full_name]) == [sample.full_name, "079203001234"]


def test_report_text_masks_id_like_numbers(config: KioskConfig) -> None:
    report = run_diagnostics(options_for(config), ["system"])
    leaky = replace(report, checks=(replace(report.checks[0], summary="card 079203001234"),))
    assert "079203001234" not in report_text(leaky)


def test_clock_skew_from_the_date_header() -> None:
    now = dt.datetime.now(dt.UTC).timestamp()
    for offset, status in ((0, Status.OK), (120, Status.WARNING), (900, Status.FAILED)):
        date = email.utils.formatdate(now - offset, usegmt=True)
        check = _clock(httpx.Response(200, headers={"Date": date}), now)
        assert check.status is status, (offset, check)
        assert abs(check.facts["skew_s"] - offset) <= 1
    assert _clock(httpx.Response(200), now).status is Status.WARNING


def test_cli_json_and_export(config: KioskConfig, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    diag_command.register(parser.add_subparsers())
    args = parser.parse_args(["diag", "--json", "--only", "printer", "--only", "system",
                              "--export", str(tmp_path / "out")])
    assert args.func(args, config) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "ok" and out["counts"]["failed"] == 0
    assert len(list((tmp_path / "out").iterdir())) == 2
    failing = replace(config, printer=replace(config.printer, url="sim://?cover=open"))
    args = parser.parse_args(["diag", "--only", "printer"])
    assert args.func(args, failing) == 1
    text = capsys.readouterr().out
    assert "[FAIL] printer.status" in text and "Đóng chặt nắp máy in." in text


def test_health_reaches_the_central_service(tmp_path: Path) -> None:
    central = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    try:
        data = tmp_path / "kiosk"
        identity = enrolled_kiosk(central, data)
        config = replace(make_config(tmp_path),
                         printer=replace(make_config(tmp_path).printer, url="sim://?paper=out"),
                         sync=SyncConfig(data_dir=str(data)))
        outbox = Outbox(outbox_path(data), identity)
        reporter = HealthReporter(outbox, options_for(config), families=("printer", "system"))
        record_id = reporter.report_once()
        stored = outbox.all_records()
        assert [(r.id, r.kind) for r in stored] == [(record_id, RecordKind.DEVICE_HEALTH)]
        with CentralClient(central.url, identity) as client:
            results = client.push([outbox.wire(r) for r in stored])
        assert [r.status for r in results] == ["stored"]
        outbox.close()
    finally:
        central.stop()
    db = Database(f"sqlite:///{tmp_path}/central.db", pool_size=1)
    health = CentralReports(db).device_health(identity.device_id)
    db.close()
    assert health is not None and health["status"] == "failed"
    assert health["checks"]["printer.paper"]["status"] == "failed"
    assert set(health["checks"]) >= {"printer.connection", "system.disk"}


def test_reporter_thread_reports_periodically(config: KioskConfig) -> None:
    folder = Path(config.sync.data_dir)
    outbox = Outbox(outbox_path(folder), local_identity(folder))
    reporter = HealthReporter(outbox, options_for(config), interval_s=0.05,
                              families=("system",))
    reporter.start()
    try:
        wait_until(lambda: reporter.sent >= 3, 10, message="three health reports")
    finally:
        reporter.stop()
    assert reporter.sent >= 3
    kinds = {r.kind for r in outbox.all_records()}
    outbox.close()
    assert kinds == {RecordKind.DEVICE_HEALTH}


def test_health_payload_is_valid_and_small(config: KioskConfig) -> None:
    from kiosk.wire.protocol import validate_payload

    payload = health_payload(run_diagnostics(options_for(config), ["printer", "system"]))
    validate_payload(RecordKind.DEVICE_HEALTH, payload)
    assert payload["status"] == "ok"
    assert all(set(v) == {"status", "summary"} for v in payload["checks"].values())
