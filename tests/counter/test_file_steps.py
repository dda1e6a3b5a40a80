"""The counter records the steps of a file (issue 18) through its keys: F11 opens the
steps (keys 1-5), a step that needs one asks for a reason (keys 1-9 from the data file,
or typed), Enter records. A real central process on 127.0.0.1 keeps the file's events;
the test reads them back with the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.central.files import FileLedger
from kiosk.central.storage import Database
from kiosk.core.desk.file_steps import reasons
from kiosk.simulated.samples import list_samples, load_sample
from tests.support.central_servers import CentralProcess
from tests.support.enrolled_devices import Device

from .harness import DEMO_USER, Counter, submit_at_kiosk

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

PROCEDURE = "CU-THUONGTRU"
KEY = {1: Qt.Key.Key_1, 2: Qt.Key.Key_2, 3: Qt.Key.Key_3, 4: Qt.Key.Key_4, 5: Qt.Key.Key_5}


def _citizen_found(counter: Counter, kiosk: Device, qtbot: QtBot, n: int = 0) -> str:
    """Citizen ``n`` used the kiosk; the counter signs in and types their ID number."""
    sample = load_sample(list_samples()[n])
    form = {"id_number": sample.id_number, "full_name": sample.full_name}
    citizen = {**form, "identified_by": "qr"}
    code, _label = submit_at_kiosk(kiosk, PROCEDURE, citizen, form, "CU", f"visit-f{n}")
    if not counter.presenter.signed_in:
        counter.sign_in()
        qtbot.waitUntil(lambda: counter.presenter.signed_in, timeout=10000)
    counter.type_into("lookup_input", sample.id_number)
    qtbot.waitUntil(lambda: counter.presenter.lookup_state == "found", timeout=10000)
    return code


def _step(counter: Counter, qtbot: QtBot, step: int, reason: int | None = None,
          note: str = "") -> str:
    """F11, the step's key, then its reason's key and/or typed words, Enter; the message."""
    counter.presenter.say("")
    counter.key(Qt.Key.Key_F11)
    assert counter.window.item("file_step_list").isVisible()
    counter.key(KEY[step])
    if reason is not None or note:
        assert counter.window.item("file_reason_list").isVisible()
        if reason is not None:
            counter.key(KEY[reason])
        if note:
            counter.click("file_reason_note")
            for char in note:
                QTest.keyClick(counter.window.view, char)
        counter.key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.presenter.message != "", timeout=10000)
    return str(counter.presenter.message)


def _events(central: CentralProcess, submission: str) -> list[dict[str, Any]]:
    db = Database(central.database_url, pool_size=1)
    try:
        with db.reader() as tx:
            found = tx.all("SELECT file_id FROM files WHERE submission_id = ?", (submission,))
        assert len(found) == 1  # one file, however many steps were recorded
        return list(FileLedger(db).file(str(found[0][0]))["events"])
    finally:
        db.close()


def test_more_documents_pause_then_supplied_then_result_ready(
        central: CentralProcess, counter: Counter, kiosk: Device, qtbot: QtBot) -> None:
    submission = _citizen_found(counter, kiosk, qtbot)
    asked = _step(counter, qtbot, 1, reason=2, note="ban sao mo")
    assert asked == "file.recorded.additional_documents_requested"
    assert "tạm dừng" in counter.text("status_message")
    counter.presenter.say("")
    counter.key(Qt.Key.Key_F11)  # a step that needs a reason records nothing without one
    counter.key(Qt.Key.Key_1)
    counter.key(Qt.Key.Key_Return)
    assert counter.window.item("file_reason_list").isVisible()
    assert not counter.window.item("file_step_record").isEnabled()
    counter.click("file_reason_note")  # the popup is left by recording, as staff would
    for char in "x":
        QTest.keyClick(counter.window.view, char)
    counter.key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.presenter.message != "", timeout=10000)
    assert counter.presenter.message == "file.step_refused"  # asked twice in a row: no
    assert _step(counter, qtbot, 3) == "file.step_refused"  # no result while paused
    counter.key(Qt.Key.Key_F11)  # opened, then Esc: closed, and the citizen stays
    counter.key(Qt.Key.Key_Escape)
    assert not (counter.window.has_item("file_step_list")
                and counter.window.item("file_step_list").isVisible())
    assert counter.presenter.lookup_state == "found"
    assert _step(counter, qtbot, 2) == "file.recorded.documents_supplied"
    assert _step(counter, qtbot, 3) == "file.recorded.result_ready"
    events = _events(central, submission)
    assert [e["kind"] for e in events] == ["accepted", "additional_documents_requested",
                                           "documents_supplied", "result_ready"]
    listed = reasons()["additional_documents_requested"]
    assert events[1]["reason"] == f"{listed[1].vi} — ban sao mo"
    assert events[1]["paused_on"] is not None and events[2]["paused_on"] is None
    assert events[1]["actor"] == DEMO_USER and events[1]["place"].endswith("quầy 3")


def test_refused_with_typed_words_then_handed_back(
        central: CentralProcess, counter: Counter, kiosk: Device, qtbot: QtBot) -> None:
    submission = _citizen_found(counter, kiosk, qtbot, 1)
    assert _step(counter, qtbot, 4, note="khong dung tham quyen") == "file.recorded.refused"
    # pressed again (an answer lost, a second press): the file is refused once, as first
    assert _step(counter, qtbot, 4, reason=1) == "file.recorded.refused"
    counter.presenter.say("")
    counter.key(Qt.Key.Key_F10)  # the refusal is handed back to the citizen
    qtbot.waitUntil(lambda: counter.presenter.message == "file.returned", timeout=10000)
    events = _events(central, submission)
    assert [(e["kind"], e["reason"]) for e in events] == [
        ("accepted", None), ("refused", "khong dung tham quyen"), ("returned", None)]


def test_withdrawn_by_the_citizen_with_a_reason_from_the_list(
        central: CentralProcess, counter: Counter, kiosk: Device, qtbot: QtBot,
        tmp_path: Path) -> None:
    submission = _citizen_found(counter, kiosk, qtbot, 2)
    counter.presenter.switch_language("en")  # the reasons in the staff member's language
    counter.presenter.say("")
    counter.key(Qt.Key.Key_F11)
    counter.key(Qt.Key.Key_5)
    listed = reasons()["withdrawn"]
    assert counter.text("file_reason_0").startswith(listed[0].en)
    counter.key(Qt.Key.Key_1)
    counter.key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.presenter.message != "", timeout=10000)
    assert counter.presenter.message == "file.recorded.withdrawn"
    assert counter.text("status_message") == "Recorded: the citizen withdrew the file."
    events = _events(central, submission)
    assert [(e["kind"], e["reason"]) for e in events] == [
        ("accepted", None), ("withdrawn", listed[0].vi)]  # the event keeps the Vietnamese
