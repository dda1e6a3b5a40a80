"""Printer, camera and machine checks against the simulators: every failure path."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.core.config import CameraConfig, KioskConfig, PrinterConfig
from kiosk.diagnostics import Status, run_diagnostics

from .conftest import options_for


def _printer(config: KioskConfig, url: str, **extra: object):  # type: ignore[no-untyped-def]
    changed = replace(config, printer=PrinterConfig(url=url))
    return run_diagnostics(options_for(changed, **extra), ["printer"])


def test_ready_printer_passes_and_prints_a_test_page(config: KioskConfig) -> None:
    report = _printer(config, "sim://", test_page=True)
    assert [c.name for c in report.checks] == [
        "printer.connection", "printer.status", "printer.paper", "printer.test_page"]
    assert report.status is Status.OK
    assert report.by_name("printer.status").facts["status_bytes"] == {
        "n1": "12", "n2": "12", "n3": "12", "n4": "12"}
    assert report.by_name("printer.test_page").facts["bytes_sent"] > 1000


@pytest.mark.parametrize(("url", "name", "state", "words"), [
    ("sim://?paper=out", "printer.paper", "paper_out", "cuộn giấy"),
    ("sim://?cover=open", "printer.status", "cover_open", "nắp"),
    ("sim://?cutter=error", "printer.status", "cutter_error", "dao cắt"),
    ("sim://?offline=1", "printer.status", "offline", "nút đẩy giấy"),
])
def test_printer_faults_fail_with_what_to_do(config: KioskConfig, url: str, name: str,
                                             state: str, words: str) -> None:
    report = _printer(config, url)
    check = report.by_name(name)
    assert check.status is Status.FAILED
    assert words in check.action_vi
    assert check.action_en.endswith(".")
    assert state in report.by_name("printer.status").facts["conditions"]
    assert report.status is Status.FAILED


def test_paper_near_end_is_a_warning(config: KioskConfig) -> None:
    report = _printer(config, "sim://?paper=near-end")
    assert report.by_name("printer.paper").status is Status.WARNING
    assert report.by_name("printer.status").status is Status.OK


def test_silent_printer_fails_the_connection(config: KioskConfig) -> None:
    report = _printer(config, "sim://?power=off")
    assert [c.name for c in report.checks] == ["printer.connection"]
    assert report.checks[0].status is Status.FAILED
    assert report.checks[0].facts["state"] == "no_reply"
    assert "Switch the printer on" in report.checks[0].action_en


def test_test_page_on_an_empty_printer_fails(config: KioskConfig) -> None:
    report = _printer(config, "sim://?paper=out", test_page=True)
    page = report.by_name("printer.test_page")
    assert page.status is Status.FAILED and page.facts["bytes_sent"] == 0


def test_unplugged_device_file_fails(config: KioskConfig, tmp_path: Path) -> None:
    report = _printer(config, f"serial://{tmp_path}/ttyUSB9")
    assert report.by_name("printer.connection").status is Status.FAILED
    assert report.by_name("printer.connection").facts["state"] == "disconnected"


def test_bad_printer_url_is_a_failed_check_not_a_crash(config: KioskConfig) -> None:
    report = _printer(config, "lpt://1")
    assert report.by_name("printer.connection").status is Status.FAILED
    assert "cấu hình" in report.by_name("printer.connection").action_vi


def test_camera_opens_measures_and_decodes(config: KioskConfig) -> None:
    report = run_diagnostics(options_for(config), ["camera"])
    assert report.status is Status.OK, report.to_json_dict()
    frames = report.by_name("camera.frames").facts
    assert (frames["width"], frames["height"]) == (1280, 720)
    assert frames["fps"] > 5
    decode = report.by_name("camera.decode")
    assert decode.facts["code_in_view"] is True  # the demo images show a CCCD QR
    # the code in view is a citizen's: its text never reaches the report
    assert "|" not in str(report.to_json_dict())


def test_missing_camera_fails(config: KioskConfig, tmp_path: Path) -> None:
    changed = replace(config, camera=CameraConfig(source=f"sim:{tmp_path}/no-camera"))
    report = run_diagnostics(options_for(changed), ["camera"])
    assert [c.name for c in report.checks] == ["camera.open"]
    assert report.checks[0].status is Status.FAILED
    assert "USB" in report.checks[0].action_en


def test_unplugged_real_camera_device_fails(config: KioskConfig) -> None:
    changed = replace(config, camera=CameraConfig(source="/dev/video99"))
    report = run_diagnostics(options_for(changed), ["camera"])
    assert report.by_name("camera.open").status is Status.FAILED


def test_machine_checks(config: KioskConfig) -> None:
    report = run_diagnostics(options_for(config), ["system"])
    assert [c.name for c in report.checks] == ["system.disk", "system.memory", "system.versions"]
    assert report.by_name("system.disk").facts["free_mb"] > 0
    assert report.by_name("system.versions").facts["kiosk"]
    assert report.by_name("system.memory").facts["available_mb"] > 0


def test_unknown_family_is_a_typed_error(config: KioskConfig) -> None:
    from kiosk.core.errors import KioskError

    with pytest.raises(KioskError, match="unknown check family"):
        run_diagnostics(options_for(config), ["toaster"])


def test_test_page_says_what_to_look_at_in_both_languages(config: KioskConfig) -> None:
    from kiosk.diagnostics.export import report_text

    report = _printer(config, "sim://", test_page=True)
    page = report.by_name("printer.test_page")
    assert page.summary == "Test page printed"
    assert "chữ tiếng Việt" in page.action_vi and "Vietnamese letter" in page.action_en
    text = report_text(report)
    assert page.action_vi in text and page.action_en in text
    status = report.by_name("printer.status").summary
    assert status.startswith("Printer ready: printer online") and "n1=" not in status
