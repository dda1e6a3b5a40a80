"""Printing a job: health before, checks during, and faults reported instead of raised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.core.config import PrinterConfig
from kiosk.devices.printer.errors import PrinterConfigError, UnknownProfileError
from kiosk.devices.printer.health import PrinterState
from kiosk.devices.printer.profiles import TextMode, load_profile
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.simulated.virtual_printer import VirtualPrinter
from kiosk.slips.jobs import demo_receipt, demo_ticket
from kiosk.slips.layouts import receipt_document, ticket_document

from .conftest import CENTER


def _receipt_printer(url: str, mode: str = "raster") -> ReceiptPrinter:
    return ReceiptPrinter(url, "TM-T20II", mode)  # raster: a job of many KB, many pieces


def test_ready_printer_prints_everything() -> None:
    printer = ReceiptPrinter.from_config(PrinterConfig())
    outcome = printer.print_document(ticket_document(demo_ticket(), CENTER))
    assert outcome.printed and outcome.state is PrinterState.READY
    device = printer.connection()
    assert isinstance(device, VirtualPrinter)
    assert bytes(device.printed) == outcome.job.data == bytes(device.received)
    assert "A-042" in device.paper().text_lines()
    assert outcome.message_vi.startswith("Đã in") and outcome.message_en.startswith("Your slip")


@pytest.mark.parametrize("query", ["paper=out", "cover=open", "power=off", "cutter=error"])
def test_not_ready_printer_gets_nothing(query: str) -> None:
    printer = ReceiptPrinter(f"sim://?{query}")
    outcome = printer.print_document(ticket_document(demo_ticket(), CENTER))
    assert not outcome.printed and outcome.bytes_sent == 0
    device = printer.connection()
    assert bytes(device.received) == b""
    assert "Không in được phiếu" in outcome.message_vi and "on screen" in outcome.message_en


def test_paper_running_out_mid_job_is_caught() -> None:
    printer = _receipt_printer("sim://?paper_after=3000")
    job = printer.build(receipt_document(demo_receipt(), CENTER))
    assert len(job.data) > 10_000
    outcome = printer.print_job(job)
    assert not outcome.printed and outcome.state is PrinterState.PAPER_OUT
    assert 3000 <= outcome.bytes_sent < len(job.data)  # stopped at the next check
    assert len(printer.connection().printed) == 3000


def test_printer_vanishing_mid_job_is_caught_and_reopened_later() -> None:
    printer = _receipt_printer("sim://?vanish_after=2500")
    job = printer.build(receipt_document(demo_receipt(), CENTER))
    outcome = printer.print_job(job)
    assert not outcome.printed and outcome.state is PrinterState.DISCONNECTED
    assert 0 < outcome.bytes_sent <= 2500
    assert "vanished after" in outcome.health.detail


def test_job_is_split_only_at_block_boundaries() -> None:
    printer = _receipt_printer("sim://")
    job = printer.build(receipt_document(demo_receipt(), CENTER))
    outcome = printer.print_job(job)
    device = printer.connection()
    assert outcome.printed and device.status_queries > 8  # checked between pieces
    assert bytes(device.printed) == job.data


def test_cover_opened_during_the_job_via_state_file(tmp_path: Path) -> None:
    state = tmp_path / "printer.json"
    printer = _receipt_printer(f"sim://?state={state}")
    device = printer.connection()
    original = device._raw

    def open_cover_after_first_piece(data: bytes) -> None:
        original(data)
        if len(device.received) > 1500:
            state.write_text(json.dumps({"cover": "open"}))

    device._raw = open_cover_after_first_piece  # the technician opens the cover mid-job
    outcome = printer.print_document(receipt_document(demo_receipt(), CENTER))
    assert not outcome.printed and outcome.state is PrinterState.COVER_OPEN


def test_file_printer_prints_unverified(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    target.touch()
    printer = ReceiptPrinter(f"file://{target}")
    outcome = printer.print_document(ticket_document(demo_ticket(), CENTER))
    printer.close()
    assert outcome.printed and outcome.state is PrinterState.UNVERIFIED
    assert target.read_bytes() == outcome.job.data


def test_unknown_profile_lists_close_matches() -> None:
    with pytest.raises(UnknownProfileError) as caught:
        ReceiptPrinter("sim://", "TM-T20")
    assert "TM-T20II" in caught.value.suggestions
    assert "did you mean TM-T20II" in str(caught.value)
    assert load_profile("tm-t20ii").key == "TM-T20II"  # case does not matter


def test_mode_is_automatic_per_profile_and_can_be_forced() -> None:
    assert ReceiptPrinter("sim://", "TM-T88V").mode is TextMode.TCVN3
    assert ReceiptPrinter("sim://", "NT-5890K").mode is TextMode.CP1258
    # CP1258 only, but prints tone marks beside the letters
    # (kiosk/assets/templates/printer-models.toml)
    assert ReceiptPrinter("sim://", "POS-5890").mode is TextMode.RASTER
    assert ReceiptPrinter("sim://", "POS-5890", "cp1258").mode is TextMode.CP1258
    assert ReceiptPrinter("sim://", "ZJ-5870").mode is TextMode.RASTER
    assert ReceiptPrinter("sim://", "TM-T88V", "raster").mode is TextMode.RASTER
    with pytest.raises(PrinterConfigError, match="cannot print in mode 'tcvn3'"):
        ReceiptPrinter("sim://", "ZJ-5870", "tcvn3")
    with pytest.raises(PrinterConfigError, match="unknown"):
        ReceiptPrinter("sim://", "TM-T88V", "utf8")


def test_citizen_still_gets_the_ticket_on_screen_when_paper_is_out() -> None:
    import io

    import zxingcpp
    from PIL import Image

    from kiosk.slips.preview import slip_png

    printer = ReceiptPrinter("sim://?paper=out")
    outcome = printer.print_document(ticket_document(demo_ticket(), CENTER))
    assert not outcome.printed
    screen = Image.open(io.BytesIO(slip_png(outcome.job)))
    assert [r.text for r in zxingcpp.read_barcodes(screen)] == [demo_ticket().track_url]
