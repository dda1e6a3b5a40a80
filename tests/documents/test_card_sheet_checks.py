"""The card data sheet's authenticity lines say what each check's status means."""

from __future__ import annotations

from kiosk.devices.documents.card_sheet import NOT_NEEDED_VERDICT, check_lines


def test_active_authentication_left_out_after_chip_authentication_is_not_needed() -> None:
    lines = check_lines({"passive": "verified", "active": "not_run", "chip": "verified"})
    assert lines[1].startswith("Xác thực chủ động") and lines[1].endswith(NOT_NEEDED_VERDICT)
    assert lines[2].endswith("đạt / verified")


def test_not_run_stays_not_run_when_chip_authentication_did_not_pass() -> None:
    lines = check_lines({"passive": "verified", "active": "not_run", "chip": "failed"})
    assert lines[1].endswith("chưa chạy / not run")
    assert lines[2].endswith("KHÔNG ĐẠT / FAILED")
