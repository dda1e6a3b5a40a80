"""The QML screens driven by touches, offscreen, in both orientations."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.core.visit.events import ManualIdEntered, Submit
from kiosk.core.visit.machine import Stage
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.touch import MIN_TOUCH_PX, tap, text_of

from .conftest import ManualClock


def test_attract_speaks_vietnamese_then_english(window: KioskWindow) -> None:
    assert window.visit.stage == Stage.ATTRACT
    assert text_of(window, "attract_prompt") == (
        "Chạm thẻ căn cước hoặc đưa mã QR vào camera để bắt đầu")
    assert text_of(window, "center_name") == "Trung tâm Phục vụ hành chính công"
    tap(window, "switch_en")
    assert window.visit.language == "en"
    assert text_of(window, "attract_prompt") == (
        "Tap your ID card or show its QR code to the camera to begin")
    assert text_of(window, "center_name") == "Public Administration Service Center"
    assert window.qml_warnings == []


def test_touch_through_to_a_procedure(window: KioskWindow) -> None:
    tap(window, "start")
    assert window.visit.stage == Stage.LANGUAGE
    tap(window, "choose_en")
    assert window.visit.stage == Stage.CHOOSE_PROCEDURE and window.visit.language == "en"
    assert window.procedures.codes()[0] == "CT-BANSAO"
    window.item("search").setProperty("text", "dang ky ket hon")
    window.settle()
    assert window.procedures.codes() == ["HT-KETHON"]
    tap(window, "procedure_HT-KETHON")
    assert window.visit.stage == Stage.IDENTIFY
    assert window.visit.data.procedure is not None
    assert window.visit.data.procedure.code == "HT-KETHON"
    tap(window, "restart")
    assert window.visit.stage == Stage.ATTRACT and window.visit.language == "vi"
    assert window.visit.data.procedure is None
    assert window.qml_warnings == []


def test_queue_number_button_asks_the_app_to_submit(window: KioskWindow, qtbot: QtBot) -> None:
    tap(window, "start")
    tap(window, "choose_vi")
    with qtbot.waitSignal(window.presenter.effects, timeout=2000) as blocker:
        tap(window, "queue_only")
    effects = blocker.args[0]  # type: ignore[index]
    submit = next(e for e in effects if isinstance(e, Submit))
    assert (submit.procedure_code, submit.citizen) == ("QUEUE", {})
    assert window.visit.stage == Stage.SUBMITTING


def test_idle_countdown_shows_and_a_touch_keeps_the_visit(
    window: KioskWindow, clock: ManualClock
) -> None:
    tap(window, "start")
    countdown = window.item("countdown")
    assert not countdown.isVisible()
    clock.now += 47
    window.presenter.tick()
    window.settle()
    assert countdown.isVisible() and window.presenter.property("countdown") == 8
    tap(window, "stay")
    assert not countdown.isVisible()
    assert window.visit.stage == Stage.LANGUAGE
    clock.now += 56
    window.presenter.tick()
    window.settle()
    assert window.visit.stage == Stage.ATTRACT  # wiped


def test_touch_targets_are_large(window: KioskWindow) -> None:
    names = ["start"]
    tap(window, "start")
    names += ["choose_vi", "choose_en"]
    for name in names[1:]:
        assert window.item(name).height() >= MIN_TOUCH_PX, name
    tap(window, "choose_vi")
    for name in ("queue_only", "back", "search", "procedure_CT-BANSAO", "switch_vi"):
        item = window.item(name)
        assert min(item.height(), item.width()) >= MIN_TOUCH_PX * 0.8, name
        assert item.height() >= MIN_TOUCH_PX or name == "switch_vi", name


def test_search_opens_the_on_screen_keyboard(window: KioskWindow) -> None:
    tap(window, "start")
    tap(window, "choose_vi")
    keyboard = window.item("keyboard")
    assert not keyboard.property("active")
    tap(window, "search")
    assert keyboard.property("active")
    window.settle()
    assert window.qml_warnings == []


def test_qr_visit_through_the_screens(window: KioskWindow, qtbot: QtBot) -> None:
    from kiosk.core.visit.events import (
        PrinterNotReady,
        QrDecoded,
        StoreRating,
        Submitted,
        TicketInfo,
    )
    from kiosk.devices.qr.cccd_qr import parse_cccd_qr
    from kiosk.simulated.samples import list_samples, load_sample

    tap(window, "start")
    tap(window, "choose_vi")
    tap(window, "procedure_HT-XNHONNHAN")
    assert window.visit.stage == Stage.IDENTIFY
    # What the camera worker would post through the device bridge:
    window.presenter.post(QrDecoded(parse_cccd_qr(load_sample(list_samples()[0]).qr_text,
                                                  strict=False)))
    window.settle()
    assert window.visit.stage == Stage.FORM
    assert window.item("field_full_name").property("text")  # autofilled
    tap(window, "action")
    # the purpose is empty, and the card's old ward (Ô Chợ Dừa) was split in two in 2025
    assert window.visit.stage == Stage.FORM
    assert window.visit.data.problems == ("purpose", "residence")
    window.swipe_into_view("address_residence_00190")
    tap(window, "address_residence_00190")  # the citizen picks the ward they live in
    assert window.visit.data.addresses["residence"].place.ward.name == "Phường Ô Chợ Dừa"
    tap(window, "field_purpose")
    for letter in "Xin viec":
        QTest.keyClick(window.view, letter)
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    window.settle()
    assert window.visit.data.form is not None
    assert window.visit.data.form.get("purpose").value == "Xin viec"
    tap(window, "action")
    assert window.visit.stage == Stage.REVIEW
    tap(window, "action")  # no consent yet: the screen says what is missing
    assert window.visit.stage == Stage.REVIEW
    assert window.item("consent_needed").isVisible()
    tap(window, "consent")
    assert not window.item("consent_needed").isVisible()
    tap(window, "action")
    assert window.visit.stage == Stage.SUBMITTING
    window.presenter.post(Submitted("HS-1", TicketInfo(7, "HT", "B", 2, 10,
                                                       "https://example.invalid/q/HT007")))
    window.presenter.post(PrinterNotReady("paper_out"))
    window.settle()
    assert text_of(window, "ticket_number") == "HT007"
    assert window.item("print_notice").isVisible()
    tap(window, "action")
    assert window.visit.stage == Stage.RATING
    with qtbot.waitSignal(window.presenter.effects, timeout=2000) as blocker:
        tap(window, "star_5")
    assert any(isinstance(e, StoreRating) and e.stars == 5
               for e in blocker.args[0])  # type: ignore[index]
    assert window.visit.stage == Stage.DONE
    assert window.qml_warnings == []


def test_a_bug_during_a_visit_recovers_to_the_attract_screen(window: KioskWindow) -> None:
    tap(window, "start")
    tap(window, "choose_vi")
    window.presenter.choose_procedure("CU-TAMTRU")
    window.presenter.post(ManualIdEntered("001090012345"))
    assert window.visit.stage == Stage.FORM

    def broken(*_: object) -> list[object]:
        raise RuntimeError("a bug, with a citizen's name in it")

    window.visit.handle = broken  # type: ignore[method-assign]
    window.presenter.edit_field("full_name", "Trần Thị Mẫu")
    window.settle()
    assert window.visit.stage == Stage.ATTRACT and window.visit.data.form is None
    assert window.item("attract").isVisible()


def test_large_text_and_high_contrast_last_one_visit(window: KioskWindow) -> None:
    prompt = window.item("attract_prompt")
    size = prompt.property("font").pixelSize()
    tap(window, "toggle_large_text")
    tap(window, "toggle_contrast")
    assert window.presenter.property("large_text") and window.presenter.property("high_contrast")
    assert prompt.property("font").pixelSize() > size
    assert window.view.rootObject().property("color").name() == "#000000"
    tap(window, "start")
    assert window.presenter.property("large_text")  # kept through the visit
    tap(window, "back")
    assert window.visit.stage == Stage.ATTRACT
    assert not window.presenter.property("large_text")
    assert not window.presenter.property("high_contrast")


def test_consent_and_submit_are_on_screen_without_scrolling(window: KioskWindow) -> None:
    """The longest review (judicial record, every field filled), in large text: the
    consent box and Submit are visible without a swipe, in both orientations."""
    from kiosk.core.visit.events import QrDecoded
    from kiosk.devices.qr.cccd_qr import parse_cccd_qr
    from kiosk.simulated.samples import list_samples, load_sample

    presenter = window.presenter
    presenter.toggle_large_text()
    tap(window, "start")
    tap(window, "choose_vi")
    presenter.post(QrDecoded(parse_cccd_qr(load_sample(list_samples()[0]).qr_text)))
    presenter.choose_procedure("LLTP-PHIEU")
    presenter.confirm_form()
    for name in window.visit.data.problems:
        if window.visit.data.form.spec(name).kind == "address":  # chosen, not typed
            # (the QR's split ward, Ô Chợ Dừa; the place of origin the QR does not hold)
            window.places.pick(name, "00190", "Số 18")
        else:
            presenter.edit_field(name, {"phone": "0912345678", "certificate_type": "1"}
                                 .get(name, "Việt Nam"))
    presenter.confirm_form()
    window.settle()
    assert window.visit.stage == Stage.REVIEW, window.visit.data.problems
    height = window.view.height()
    for name in ("consent", "action"):
        item = window.item(name)
        top = item.mapToScene(QPointF(0, 0)).y()
        assert item.isVisible() and top >= 0 and top + item.height() <= height, name
    back, action = window.item("back"), window.item("action")  # large text: no overlap
    assert back.mapToScene(QPointF(back.width(), 0)).x() <= action.mapToScene(QPointF(0, 0)).x()
    tap(window, "consent")
    tap(window, "action")
    assert window.visit.stage == Stage.SUBMITTING
