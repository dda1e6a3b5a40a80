"""A receipt printer that disappears and comes back prints again without a restart.

The kiosk keeps one :class:`ReceiptPrinter` for its whole run. When the device vanishes
(USB cable pulled mid-job: the simulated printer's ``vanish_after``, set through its
state file as a technician's action would be) the job fails as DISCONNECTED and the
connection is dropped; once the device is back the next job opens it again and prints.
"""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.devices.printer.health import PrinterState
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.slips.jobs import demo_ticket
from kiosk.slips.layouts import ticket_document

from .conftest import CENTER


def test_a_printer_pulled_out_and_plugged_back_prints_again(tmp_path: Path) -> None:
    state = tmp_path / "printer.json"
    state.write_text(json.dumps({}))
    printer = ReceiptPrinter(f"sim://?state={state}", "TM-T20II", "raster")
    slip = ticket_document(demo_ticket(), CENTER)
    assert printer.print_document(slip).printed
    first = printer.connection()

    state.write_text(json.dumps({"vanish_after": 500}))  # pulled out mid-job
    gone = printer.print_document(slip)
    assert not gone.printed and gone.state is PrinterState.DISCONNECTED

    state.write_text(json.dumps({}))  # plugged back in
    again = printer.print_document(slip)
    assert again.printed and again.state is PrinterState.READY
    assert printer.connection() is not first  # a new connection, opened by itself
