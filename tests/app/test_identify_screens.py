"""The identify, reading, card-pulled, submitting, done and counter screens, offscreen.

Touches go through the real window (QTest mouse clicks where a finger would land,
keys typed into the focused field through the on-screen keyboard's input method);
the chip read is the emulated card through the real card session (LoopbackTransport,
as in test_wiring.py), its progress arriving through the DeviceBridge signals.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.core.forms import Source
from kiosk.core.visit.events import (
    AuthenticityFailed,
    CardRemoved,
    CardTapped,
    QrDecoded,
    ReadFailed,
    SubmitFailed,
    Submitted,
    TicketInfo,
)
from kiosk.core.visit.machine import Stage
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.simulated.card import Faults
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.ui.kiosk.read_progress import ReadProgress
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.rig import KioskRig
from tests.support.shown import shown
from tests.support.touch import MIN_TOUCH_PX, tap, text_of

from .conftest import ManualClock

SAMPLE = list_samples()[0]
TYPED_ID = "079203004512"


def _qr() -> QrDecoded:
    return QrDecoded(parse_cccd_qr(load_sample(SAMPLE).qr_text, strict=False))


def _screen(window: KioskWindow) -> str:
    window.settle()
    return str(window.item("screen").property("item").objectName())


def _to_identify(window: KioskWindow, language: str = "vi") -> None:
    tap(window, "start")
    tap(window, f"choose_{language}")
    window.presenter.choose_procedure("CU-TAMTRU")
    assert window.visit.stage == Stage.IDENTIFY


def _large(window: KioskWindow, *names: str) -> None:
    for name in names:
        item = window.item(name)
        assert item.isVisible(), name
        assert min(item.width(), item.height()) >= MIN_TOUCH_PX, name


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_new_screen_shows_on_its_stage(window: KioskWindow, language: str) -> None:
    p = window.presenter
    _to_identify(window, language)
    assert _screen(window) == "identify"
    assert text_of(window, "stage_hint") == {"vi": "Chọn một trong ba cách dưới đây.",
                                             "en": "Choose any one of these three ways."}[language]
    _large(window, "id_field", "id_continue", "back", "restart")
    assert window.item("camera_view").isVisible() and window.item("way_card").isVisible()

    p.post(CardTapped())  # the card is there; its QR opens the chip
    assert _screen(window) == "identify"
    assert text_of(window, "stage_hint").startswith(
        {"vi": "Đã nhận thẻ.", "en": "Card detected."}[language])

    p.post(_qr())
    assert window.visit.stage == Stage.READING_CARD and _screen(window) == "reading"
    assert window.item("keep_card").isVisible()
    assert text_of(window, "read_percent") == "0 %"

    p.post(CardRemoved())
    assert _screen(window) == "card_pulled"
    _large(window, "continue_qr", "restart")
    tap(window, "continue_qr")  # continue with what was read: the QR's details
    assert window.visit.stage == Stage.FORM
    assert window.visit.data.form is not None
    assert window.visit.data.form.get("full_name").source == Source.QR

    p.post(AuthenticityFailed())
    assert _screen(window) == "stage_counter"
    reason = {"vi": "Máy chưa xác thực được chip", "en": "The kiosk could not confirm"}[language]
    assert text_of(window, "reason_text").startswith(reason)
    _large(window, "counter_queue", "restart")
    tap(window, "counter_reason")  # a touch elsewhere clears the visit's notice ...
    assert window.visit.data.notice == ""
    assert text_of(window, "reason_text").startswith(reason)  # ... not the reason shown

    tap(window, "counter_queue")  # a plain number for the counter
    assert window.visit.stage == Stage.SUBMITTING and _screen(window) == "submitting"
    assert window.visit.data.counter_only

    p.post(Submitted("", TicketInfo(4, "LL", "LL", None, None, "https://example.invalid/q")))
    tap(window, "action")
    p.skip_rating()
    assert _screen(window) == "done"
    assert text_of(window, "done_number").endswith("LL004")
    assert str(p.property("done_wipe_s")) in text_of(window, "wipe_hint")
    _large(window, "finish")
    tap(window, "finish")
    assert window.visit.stage == Stage.ATTRACT
    assert window.qml_warnings == []


def test_an_outbox_failure_says_so_at_the_counter(window: KioskWindow) -> None:
    tap(window, "start")
    tap(window, "choose_en")
    tap(window, "queue_only")
    assert window.visit.stage == Stage.SUBMITTING
    window.presenter.post(SubmitFailed("OutboxError"))
    assert _screen(window) == "stage_counter"
    assert text_of(window, "reason_text").startswith("The kiosk could not save your file")
    tap(window, "switch_vi")  # the reason follows the language, and stays
    assert text_of(window, "reason_text").startswith("Máy chưa lưu được hồ sơ")


def test_a_failed_read_is_said_on_the_identify_screen(window: KioskWindow) -> None:
    _to_identify(window, "en")
    window.presenter.post(CardTapped())
    window.presenter.post(_qr())
    window.presenter.post(ReadFailed("CardFileError"))
    assert _screen(window) == "identify"
    assert window.item("read_failed").isVisible()
    assert window.qml_warnings == []


def _type(window: KioskWindow, digits: str) -> None:
    for digit in digits:
        QTest.keyClick(window.view, digit)
    window.settle()


def test_typed_id_number_fills_the_form(window: KioskWindow) -> None:
    _to_identify(window)
    keyboard = window.item("keyboard")
    tap(window, "id_field")
    assert keyboard.property("active")  # the on-screen keyboard, digits layout
    hints = window.item("id_field").property("inputMethodHints")
    assert hints & Qt.InputMethodHint.ImhDigitsOnly  # the digits layout of the keyboard
    # The other two ways step aside so the keyboard covers nothing needed.
    assert not window.item("way_qr").isVisible() and not window.item("way_card").isVisible()
    field = window.item("id_field")
    button = window.item("id_continue")
    keyboard_top = keyboard.mapToScene(QPointF(0, 0)).y()
    for item in (field, button):
        assert item.mapToScene(QPointF(0, item.height())).y() <= keyboard_top

    _type(window, "0792ab03")  # letters are refused by the field
    assert field.property("text") == "079203"
    assert text_of(window, "id_count") == "6/12"
    tap(window, "id_continue")  # too short: the visit refuses it and the screen says why
    assert window.visit.stage == Stage.IDENTIFY and window.visit.data.typed_id is None
    assert window.visit.data.notice == "id_invalid"
    hint_texts = [shown(t) for t in _texts(window.item("way_type"))]
    assert "Số căn cước gồm đúng 12 chữ số. Xin kiểm tra lại." in hint_texts

    tap(window, "id_field")
    _type(window, TYPED_ID[6:] + "99")  # the field stops at 12 digits
    assert field.property("text") == TYPED_ID
    tap(window, "id_continue")
    assert window.visit.stage == Stage.FORM
    assert window.visit.data.identity_source == "typed"
    assert text_of(window, "field_id_number") == TYPED_ID
    form = window.visit.data.form
    assert form is not None and form.get("id_number").source == Source.TYPED
    assert not keyboard.property("active")  # the new screen starts without the keyboard
    assert window.qml_warnings == []


def test_other_ways_puts_the_keyboard_away(window: KioskWindow) -> None:
    _to_identify(window, "en")
    tap(window, "id_field")
    assert not window.item("way_qr").isVisible()
    tap(window, "id_other_ways")
    assert window.item("way_qr").isVisible() and window.item("way_card").isVisible()
    assert not window.item("id_other_ways").isVisible()


def test_typed_id_through_the_presenter_slot(window: KioskWindow) -> None:
    _to_identify(window, "en")
    window.presenter.enter_id(" " + TYPED_ID + " ")
    assert window.visit.stage == Stage.FORM and window.visit.data.typed_id == TYPED_ID


def _texts(item: object) -> Iterator[object]:
    pending = [item]
    while pending:
        current = pending.pop()
        if current.metaObject().className().startswith("QQuickText"):  # type: ignore[attr-defined]
            yield current
        pending.extend(current.childItems())  # type: ignore[attr-defined]


# --- the chip read through the emulated card ---------------------------------------------


@pytest.fixture
def kiosk(tmp_path: Path, qapp: object) -> Iterator[KioskRig]:
    made = KioskRig(tmp_path, printer_url="sim://")
    yield made
    made.close()


def test_reading_progress_follows_a_real_chip_read(kiosk: KioskRig, qtbot: QtBot) -> None:
    window, presenter = kiosk.window, kiosk.window.presenter
    seen: list[tuple[str, str, float, str]] = []

    def record() -> None:  # the QML bindings have already followed the change
        item = window.item("screen").property("item")
        percent = text_of(window, "read_percent") if item.objectName() == "reading" else ""
        seen.append((item.objectName(), str(presenter.property("read_phase")),
                     float(presenter.property("read_fraction")), percent))

    presenter.read_changed.connect(record)
    kiosk.show_qr()
    kiosk.lay_card(build_card(SAMPLE))
    assert window.visit.stage == Stage.READING_CARD
    qtbot.waitUntil(lambda: window.visit.stage == Stage.CHOOSE_PROCEDURE, timeout=10000)
    reading = [s for s in seen if s[0] == "reading"]
    phases = [s[1] for s in reading]
    assert "unlock" in phases and "identity" in phases, phases
    fractions = [s[2] for s in reading]
    assert fractions == sorted(fractions) and fractions[-1] > 0.5, fractions
    assert all(s[3] == f"{round(s[2] * 100)} %" for s in reading), reading
    # Between the steps the bar follows the bytes of each file (read_progress).
    assert any(round(f, 3) not in {0.05, 0.2, 0.4, 0.6, 0.8} for f in fractions), fractions
    assert window.visit.data.identity_source == "chip"


def test_card_pulled_mid_read_then_continue_with_the_qr(kiosk: KioskRig, qtbot: QtBot) -> None:
    window = kiosk.window
    kiosk.show_qr()
    kiosk.lay_card(build_card(SAMPLE, faults=Faults(pull_after=4)))
    qtbot.waitUntil(lambda: window.visit.stage == Stage.CARD_PULLED, timeout=10000)
    assert _screen(window) == "card_pulled"
    tap(window, "continue_qr")
    assert window.visit.stage == Stage.CHOOSE_PROCEDURE
    assert window.visit.data.identity_source == "qr"
    kiosk.tasks.wait()


def test_read_progress_maps_the_card_session_steps() -> None:
    progress = ReadProgress()
    assert progress.step("unlocking the chip") and progress.phase == "unlock"
    assert progress.step("reading EF.SOD") and progress.phase == "identity"
    before = progress.fraction
    assert progress.progress("EF.SOD", 400, 1600) and progress.fraction > before
    assert progress.step("reading DG13")
    assert progress.progress("DG13", 900, 900)
    assert progress.step("checking that the card is genuine") and progress.phase == "photo"
    # A second unlock after the identity, or waiting for the card, never goes back.
    assert not progress.step("unlocking the chip again") and progress.phase == "photo"
    assert not progress.step("waiting for the card to return")
    assert progress.progress("DG2", 9000, 9000) and progress.fraction == 1.0
    assert not progress.progress("DG14", 10, 20) and not progress.progress("DG2", 0, 0)
    progress.reset()
    assert (progress.phase, progress.fraction) == ("", 0.0)


def test_typing_in_large_text_stays_inside_its_pane_above_the_keyboard(
    window: KioskWindow,
) -> None:
    tap(window, "toggle_large_text")
    _to_identify(window)
    tap(window, "id_field")
    _type(window, "0792")
    tap(window, "id_continue")  # refused: the longer message shows too
    assert window.visit.data.notice == "id_invalid"

    def scene(name: str) -> tuple[float, float, float, float]:
        item = window.item(name)
        origin = item.mapToScene(QPointF(0, 0))
        return origin.x(), origin.y(), origin.x() + item.width(), origin.y() + item.height()

    pane = scene("way_type")
    keyboard_top = scene("keyboard")[1]
    assert pane[3] <= keyboard_top
    for name in ("id_field", "id_continue", "id_other_ways"):
        left, top, right, bottom = scene(name)
        assert pane[0] <= left and right <= pane[2] and bottom <= pane[3], name
        assert min(right - left, bottom - top) >= MIN_TOUCH_PX, name
    assert window.qml_warnings == []


def test_the_thank_you_screen_counts_down_with_the_visit_and_a_touch_gives_time(
    window: KioskWindow, clock: ManualClock
) -> None:
    tap(window, "start")
    tap(window, "choose_en")
    tap(window, "queue_only")
    window.presenter.post(Submitted("", TicketInfo(9, "LL", "LL", None, None,
                                                   "https://example.invalid/q")))
    tap(window, "action")
    tap(window, "skip")
    assert _screen(window) == "done"
    assert text_of(window, "wipe_hint") == "Your details leave this screen in 8 seconds."
    clock.now += 3
    window.presenter.tick()
    window.settle()
    assert text_of(window, "wipe_hint") == "Your details leave this screen in 5 seconds."
    tap(window, "done_number")  # a touch anywhere: more time
    assert text_of(window, "wipe_hint") == "Your details leave this screen in 8 seconds."
    clock.now += 8
    window.presenter.tick()
    assert window.visit.stage == Stage.ATTRACT  # wiped by the visit itself
    assert window.presenter.property("wipe_in") == 0
