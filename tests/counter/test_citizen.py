"""The citizen at the desk: what a kiosk collected, found by the card's QR or its chip,
the receipt and appointment slip, and the wipe of personal data."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.central.storage import Database
from kiosk.core.addresses.current import from_card
from kiosk.core.addresses.places import place_of
from kiosk.core.competence import CenterArea, decide
from kiosk.core.file_code import file_code
from kiosk.core.forms import build_form
from kiosk.core.procedures import load_catalog
from kiosk.devices.printer.escpos_interpreter import interpret
from kiosk.devices.printer.escpos_render import render
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.simulated.card import Faults
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.slips.working_days import add_working_days
from kiosk.ui.counter.presenter import WIPE_S
from tests.support.central_servers import CentralProcess
from tests.support.enrolled_devices import Device
from tests.support.shown import plain

from .harness import DEMO_USER, Counter, submit_at_kiosk, vn_today

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

SAMPLE = list_samples()[0]
PROCEDURE = "HT-XNHONNHAN"
O_CHO_DUA = "00190"  # Phường Ô Chợ Dừa, Thành phố Hà Nội (official code)
DECIDES = "Ủy ban nhân dân cấp xã – Phường Ô Chợ Dừa, Thành phố Hà Nội"


@pytest.fixture
def submitted(kiosk: Device) -> Iterator[tuple[str, str, dict[str, str]]]:
    """Sample citizen 1 used a kiosk: the QR-filled form went to the central service."""
    identity = parse_cccd_qr(load_sample(SAMPLE).qr_text)
    procedure = load_catalog().get(PROCEDURE)
    form = build_form(procedure, identity).edited(
        "purpose", "Bổ sung hồ sơ xin việc").payload()
    # The card's old ward (Ô Chợ Dừa, Quận Đống Đa) was split: the citizen picked one.
    home = from_card(form["residence"])
    home = home.pick(place_of(O_CHO_DUA), home.street)  # type: ignore[arg-type]
    form["residence"] = home.text()
    verdict = decide(procedure, CenterArea(), home)
    extra = {"addresses": {"residence": home.as_record()},
             "competent_unit": verdict.as_record()}
    citizen = {"id_number": form["id_number"], "full_name": form["full_name"],
               "identified_by": "qr"}
    code, label = submit_at_kiosk(kiosk, PROCEDURE, citizen, form, "HT", "visit-1", extra)
    yield code, label, form


def _signed_in(counter: Counter, qtbot: QtBot) -> None:
    counter.sign_in()
    qtbot.waitUntil(lambda: counter.presenter.signed_in, timeout=10000)


def test_the_card_qr_brings_up_the_kiosk_submission(
        counter: Counter, submitted: tuple[str, str, dict[str, str]], qtbot: QtBot,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    code, label, form = submitted
    _signed_in(counter, qtbot)
    counter.show_qr(load_sample(SAMPLE).qr_text)
    qtbot.waitUntil(lambda: counter.presenter.lookup_state == "found", timeout=10000)
    counter.window.settle()
    assert counter.text("citizen_name") == form["full_name"]
    assert counter.presenter.citizen["record_id"] == code
    assert counter.presenter.citizen["ticket"] == label
    assert counter.presenter.citizen["file_code"] == file_code("visit-1")  # as the kiosk said
    shown = {name: str(counter.window.item(f"field_{name}").property("valueText"))
             for name in form}
    assert shown == form  # the pre-filled form, no retyping
    chips = [plain(counter.window.item(f"citizen_chip_{i}").property("chipText"))
             for i in range(7)]
    assert f"Số thứ tự {label}" in chips and "Từ mã QR" in chips
    assert f"Mã hồ sơ {file_code('visit-1')}" in chips
    assert any("Xác nhận tình trạng hôn nhân" in c for c in chips)
    # today's units with their codes, the card's old text, and who decides
    chips += [plain(counter.window.item("citizen_chip_7").property("chipText"))]
    assert "Cơ quan giải quyết: Phường Ô Chợ Dừa (00190), Thành phố Hà Nội (01)" in chips
    note = plain(counter.window.item("field_residence").property("noteText"))
    assert note == ("Đơn vị hiện nay: Phường Ô Chợ Dừa (00190), Thành phố Hà Nội (01)\n"
                    "Trên thẻ: " + load_sample(SAMPLE).place_of_residence)
    assert counter.window.qml_warnings == []
    counter.key(Qt.Key.Key_F9)  # and print its receipt: still nothing personal in the logs
    qtbot.waitUntil(lambda: counter.effects.last_print is not None, timeout=20000)
    logged = caplog.text + repr([r.__dict__ for r in caplog.records])
    for personal in (form["id_number"], form["full_name"], form["residence"], "Đặng"):
        assert personal not in logged


def test_a_wedge_scanner_typing_the_qr_into_the_box_finds_the_citizen(
        counter: Counter, submitted: tuple[str, str, dict[str, str]], qtbot: QtBot) -> None:
    _code, _label, form = submitted
    _signed_in(counter, qtbot)
    box = counter.window.item("lookup_input")
    box.forceActiveFocus()
    box.setProperty("text", load_sample(SAMPLE).qr_text)  # what the scanner types, then Enter
    counter.key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.presenter.lookup_state == "found", timeout=10000)
    assert counter.presenter.citizen["id_number"] == form["id_number"]
    assert counter.text("lookup_input") == ""
    box.setProperty("text", "https://example.invalid/|not|a|card")
    counter.key(Qt.Key.Key_Return)
    assert counter.presenter.message == "lookup.not_cccd"


def test_the_chip_read_with_the_typed_can_finds_the_citizen(
        counter: Counter, submitted: tuple[str, str, dict[str, str]], qtbot: QtBot) -> None:
    _code, _label, form = submitted
    _signed_in(counter, qtbot)
    counter.lay_card(build_card(SAMPLE, pace=True))
    assert counter.presenter.lookup_state == "need_can"
    counter.type_into("lookup_input", "000000")  # a wrong CAN: the chip refuses it
    qtbot.waitUntil(lambda: counter.presenter.lookup_state == "failed", timeout=20000)
    assert counter.presenter.message == "lookup.wrong_can"
    counter.type_into("lookup_input", form["id_number"][-6:])
    qtbot.waitUntil(lambda: counter.presenter.lookup_state == "found", timeout=20000)
    assert counter.presenter.citizen["id_number"] == form["id_number"]
    assert counter.text("lookup_input") == ""  # nothing typed lingers in the box


def test_a_cloned_card_is_not_looked_up(counter: Counter, qtbot: QtBot) -> None:
    _signed_in(counter, qtbot)
    counter.lay_card(build_card(SAMPLE, pace=True, faults=Faults(cloned=True)))
    counter.type_into("lookup_input", load_sample(SAMPLE).id_number[-6:])
    qtbot.waitUntil(lambda: counter.presenter.lookup_state in ("failed", "none", "found"),
                    timeout=20000)
    assert counter.presenter.lookup_state == "failed"
    assert counter.presenter.submissions == []
    assert counter.presenter.message == "lookup.not_genuine"


def test_typed_id_with_nothing_submitted_says_so(counter: Counter, qtbot: QtBot) -> None:
    _signed_in(counter, qtbot)
    counter.key(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Ctrl+F: the look-up box
    assert counter.window.item("lookup_input").hasActiveFocus()
    counter.type_into("lookup_input", "079099000123")
    qtbot.waitUntil(lambda: counter.presenter.lookup_state == "none", timeout=10000)
    counter.type_into("lookup_input", "12345")
    assert counter.presenter.message == "lookup.bad_input"


def test_receipt_carries_the_due_date_in_working_days(
        central: CentralProcess, counter: Counter,
        submitted: tuple[str, str, dict[str, str]], qtbot: QtBot) -> None:
    code, _label, form = submitted
    _signed_in(counter, qtbot)
    counter.type_into("lookup_input", form["id_number"])
    qtbot.waitUntil(lambda: counter.presenter.lookup_state == "found", timeout=10000)
    counter.key(Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: counter.effects.last_print is not None, timeout=20000)
    outcome = counter.effects.last_print
    assert outcome is not None and outcome.printed
    assert counter.presenter.message == "print.done"
    days = load_catalog().get(PROCEDURE).processing_days
    due = add_working_days(vn_today(), days).strftime("%d/%m/%Y")
    text = "\n".join(interpret(outcome.job.data, outcome.job.profile).text_lines())
    # the short code the citizen was shown at the kiosk, not the record's UUID
    assert due in text and file_code("visit-1") in text and code not in text.replace("\n", "")
    assert form["full_name"] in text
    assert DECIDES in " ".join(text.split())  # the competent unit in today's names
    assert sorted(p.name for p in counter.printer.folder.glob("*.png")) == ["slip-0001.png"]
    # the slip's QR opens the file's public status page: the file was accepted (once)
    paper = interpret(outcome.job.data, outcome.job.profile)
    qr = paper.qr_payloads() or [r.text for r in zxingcpp.read_barcodes(render(paper))]
    db = Database(central.database_url, pool_size=1)
    try:
        with db.reader() as tx:
            files = tx.all("SELECT code, submission_id FROM files")
    finally:
        db.close()
    assert len(files) == 1 and qr == [f"{central.url}/f/{files[0][0]}"]
    assert files[0][1] == code


def test_a_printer_out_of_paper_says_so(central: CentralProcess, tmp_path: Path,
                                        submitted: tuple[str, str, dict[str, str]],
                                        qtbot: QtBot) -> None:
    _code, _label, form = submitted
    counter = Counter(central, tmp_path / "paperless", printer="sim://?paper=out")
    try:
        _signed_in(counter, qtbot)
        counter.type_into("lookup_input", form["id_number"])
        qtbot.waitUntil(lambda: counter.presenter.lookup_state == "found", timeout=10000)
        counter.key(Qt.Key.Key_F9)
        qtbot.waitUntil(lambda: counter.effects.last_print is not None, timeout=20000)
        assert counter.presenter.message == "print.not_ready"
        assert counter.text("status_message").startswith("Máy in chưa sẵn sàng")
        assert not list(counter.printer.folder.glob("*.png"))
        assert counter.presenter.submissions != []  # the citizen stays on screen
    finally:
        counter.close()


def test_personal_data_is_wiped_on_next_call_and_after_a_while(
        counter: Counter, kiosk: Device, submitted: tuple[str, str, dict[str, str]],
        qtbot: QtBot) -> None:
    _code, _label, form = submitted
    _signed_in(counter, qtbot)
    p = counter.presenter
    counter.type_into("lookup_input", form["id_number"])
    qtbot.waitUntil(lambda: p.lookup_state == "found", timeout=10000)
    counter.key(Qt.Key.Key_F2)  # the next citizen is called: the previous one's data goes
    assert p.submissions == [] and p.citizen == {}
    assert counter.text("citizen_name") == ""
    qtbot.waitUntil(lambda: p.busy == "", timeout=10000)
    counter.type_into("lookup_input", form["id_number"])
    qtbot.waitUntil(lambda: p.lookup_state == "found", timeout=10000)
    counter.clock.now += WIPE_S - 1
    p.tick()
    assert p.submissions != []
    counter.clock.now += 1
    p.tick()
    counter.window.settle()
    assert p.submissions == [] and p.message == "lookup.wiped"
    assert counter.text("citizen_name") == ""


def test_f10_records_the_result_handed_over_once_the_result_is_ready(
        central: CentralProcess, counter: Counter,
        submitted: tuple[str, str, dict[str, str]], qtbot: QtBot) -> None:
    from kiosk.central.files import FileLedger, Who

    code, _label, form = submitted
    _signed_in(counter, qtbot)
    counter.type_into("lookup_input", form["id_number"])
    qtbot.waitUntil(lambda: counter.presenter.lookup_state == "found", timeout=10000)
    counter.key(Qt.Key.Key_F10)  # the file is accepted now, but has no result yet
    qtbot.waitUntil(lambda: counter.presenter.message == "file.not_ready", timeout=10000)
    assert counter.text("status_message") == "Hồ sơ này chưa có kết quả để trả."
    db = Database(central.database_url, pool_size=1)
    try:
        with db.reader() as tx:
            found = tx.all("SELECT file_id FROM files WHERE submission_id = ?", (code,))
        assert len(found) == 1
        FileLedger(db).append(str(found[0][0]), "unit-result-1", "result_ready",
                              Who("Phòng Tư pháp", "one-gate", "onegate"))
        for _press in (1, 2):  # pressed twice: one event
            counter.presenter.say("")
            counter.key(Qt.Key.Key_F10)
            qtbot.waitUntil(lambda: counter.presenter.message == "file.returned", timeout=10000)
        events = FileLedger(db).file(str(found[0][0]))["events"]
    finally:
        db.close()
    assert [e["kind"] for e in events] == ["accepted", "result_ready", "returned"]
    assert events[-1]["actor"] == DEMO_USER and events[-1]["place"].endswith("quầy 3")
