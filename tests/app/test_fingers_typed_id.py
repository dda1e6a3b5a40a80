"""Finger tests of the typed ID: with the card on the reader, the 12 digits open the chip.

The window is driven only through input events (:mod:`tests.support.fingers`): the
citizen taps option 3 of the identify screen, types the ID on the on-screen keyboard
and taps "Tiếp tục". The card on the reader is our emulator offering PACE, reached
in-process (:mod:`tests.support.rig`); laying and lifting it are the reader's own
signals. Each test asserts what reached the outbox (the chip's values, marked "chip"),
and the end of the visit reminds the citizen to take the card back until it is lifted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtQuick import QQuickItem

from kiosk.core.visit.machine import Stage
from kiosk.simulated.samples import build_card, list_samples, load_sample
from tests.support.fingers import Fingers, wait_until
from tests.support.form_typing import pick_split_wards, submit_from_review, type_into
from tests.support.rig import SAMPLE, KioskRig

# finger tests: whole visits typed key by key on the on-screen keyboard
pytestmark = [pytest.mark.slow]

PROCEDURE = "HT-XNHONNHAN"  # chip fields, and "purpose" that only the citizen knows
OTHER = next(name for name in list_samples() if name != SAMPLE)


@pytest.fixture(params=["portrait", "landscape"])
def rig(request: pytest.FixtureRequest, tmp_path: Path, qapp: object) -> Iterator[KioskRig]:
    made = KioskRig(tmp_path, request.param)
    yield made
    made.close()


def to_identify(rig: KioskRig) -> Fingers:
    """Attract, Vietnamese, the procedure: the identify screen with its three ways."""
    fingers, visit = rig.fingers, rig.window.visit
    fingers.tap("start")
    fingers.tap("choose_vi")
    fingers.swipe_into_view(f"procedure_{PROCEDURE}")
    fingers.tap(f"procedure_{PROCEDURE}")
    wait_until(lambda: visit.stage == Stage.IDENTIFY, 5, "the identify screen")
    return fingers


def type_id(fingers: Fingers, id_number: str) -> None:
    """Option 3: tap the ID field, type the digits on the on-screen keyboard, continue."""
    fingers.tap("id_field")
    wait_until(fingers.keyboard_up, 3, "the on-screen keyboard")
    fingers.type(id_number)
    fingers.tap("id_continue")


def shown_words(item: QQuickItem) -> str:
    """The texts of ``item``'s children as read (no-break spaces read as spaces)."""
    return " ".join(str(t.property("text")) for t in item.childItems()).replace("\u00a0", " ")


def lift_card(rig: KioskRig) -> None:
    """The reader sees the card go."""
    rig.bridge.card_removed.emit("Virtual PCD 00 00")


def test_a_typed_id_opens_the_card_and_the_form_is_the_chips(rig: KioskRig) -> None:
    citizen = load_sample(SAMPLE)
    visit = rig.window.visit
    fingers = to_identify(rig)
    rig.lay_card(build_card(SAMPLE, pace=True))
    type_id(fingers, citizen.id_number)
    wait_until(lambda: visit.stage == Stage.FORM, 15, "the form after the chip read")
    assert visit.data.identity_source == "chip"
    name = fingers.item("field_full_name")
    assert name.property("text") == citizen.full_name  # shown from the chip
    type_into(fingers, "purpose", "Kết hôn")
    pick_split_wards(rig)  # the card's old ward (Ô Chợ Dừa) was split in 2025
    fingers.swipe_into_view("action")
    fingers.tap("action")
    submit_from_review(rig)
    [record] = [rig.outbox.wire(r) for r in rig.outbox.all_records()
                if str(r.kind) == "submission"]
    payload = record["payload"]
    assert payload["citizen"]["identified_by"] == "chip"
    assert payload["form"]["full_name"] == citizen.full_name
    assert payload["form"]["id_number"] == citizen.id_number
    assert payload["form"]["purpose"] == "Kết hôn"
    assert payload["sources"]["full_name"] == "chip"
    # the ward chosen among those the card's old ward became: the citizen's choice
    assert payload["sources"]["residence"] == "typed"
    assert payload["addresses"]["residence"]["on_card"] == citizen.place_of_residence
    assert payload["sources"]["purpose"] == "typed"
    assert "authenticity" in payload  # checked by the chip, as after a QR
    # The card is still on the reader: the ticket says to take it back, until it is lifted.
    assert fingers.reachable(fingers.item("take_card_reminder"))
    lift_card(rig)
    rig.window.settle()
    assert not fingers.item("take_card_reminder").isVisible()
    assert rig.window.qml_warnings == []


def test_a_wrong_id_says_so_and_the_number_stays_to_correct(rig: KioskRig) -> None:
    citizen, other = load_sample(SAMPLE), load_sample(OTHER)
    visit = rig.window.visit
    fingers = to_identify(rig)
    rig.lay_card(build_card(SAMPLE, pace=True))
    type_id(fingers, other.id_number)  # not this card's number
    wait_until(lambda: visit.data.notice == "read_failed:can_refused", 15, "the refusal")
    assert visit.stage == Stage.IDENTIFY
    failed = fingers.item("read_failed")
    assert failed.isVisible()
    assert "không mở được thẻ" in shown_words(failed)
    field = fingers.item("id_field")
    assert field.property("text") == other.id_number  # nothing lost: it is there to fix
    room = field.width() - field.property("leftPadding") - field.property("rightPadding")
    assert field.property("contentWidth") <= room  # all 12 digits in sight
    assert not fingers.item("identify_hint").isVisible()  # the failure says what to do
    fingers.tap("id_field")
    wait_until(fingers.keyboard_up, 3, "the on-screen keyboard")
    fingers.backspace(12)
    fingers.type(citizen.id_number)
    fingers.tap("id_continue")
    wait_until(lambda: visit.stage == Stage.FORM, 15, "the form after the chip read")
    assert visit.data.identity_source == "chip"
    assert rig.outbox.depth() == 0  # nothing sent yet, nothing lost either


def test_a_card_without_pace_asks_for_its_qr(rig: KioskRig) -> None:
    visit = rig.window.visit
    fingers = to_identify(rig)
    rig.lay_card(build_card(SAMPLE, pace=False))
    type_id(fingers, load_sample(SAMPLE).id_number)
    wait_until(lambda: visit.data.notice == "read_failed:needs_qr", 15, "the answer")
    assert "mã QR" in shown_words(fingers.item("read_failed"))
    rig.show_qr()  # the QR's dates open it with BAC
    wait_until(lambda: visit.stage == Stage.FORM, 15, "the form after the chip read")
    assert visit.data.identity_source == "chip"


def test_a_card_laid_after_the_id_was_typed_is_opened_with_it(rig: KioskRig) -> None:
    citizen = load_sample(SAMPLE)
    visit = rig.window.visit
    fingers = to_identify(rig)
    fingers.tap("id_field")
    wait_until(fingers.keyboard_up, 3, "the on-screen keyboard")
    fingers.type(citizen.id_number[:5])
    # (no card yet) the number goes on being typed; no card: the form by hand
    fingers.type(citizen.id_number[5:])
    fingers.tap("id_continue")
    wait_until(lambda: visit.stage == Stage.FORM, 5, "the form")
    assert visit.data.identity_source == "typed"
    type_into(fingers, "purpose", "Kết hôn")
    fingers.enter()
    rig.lay_card(build_card(SAMPLE, pace=True))  # laid now: opened with the typed CAN
    wait_until(lambda: visit.data.identity_source == "chip" and visit.stage == Stage.FORM,
               15, "the form filled from the chip")
    assert fingers.item("field_full_name").property("text") == citizen.full_name
    fingers.swipe_into_view("field_purpose")
    assert fingers.item("field_purpose").property("text") == "Kết hôn"  # kept
    pick_split_wards(rig)
    fingers.swipe_into_view("action")
    fingers.tap("action")
    submit_from_review(rig)
    [form] = rig.submitted_forms()
    assert form["full_name"] == citizen.full_name and form["purpose"] == "Kết hôn"


def test_a_card_laid_while_typing_keeps_the_digits(rig: KioskRig) -> None:
    citizen = load_sample(SAMPLE)
    visit = rig.window.visit
    fingers = to_identify(rig)
    fingers.tap("id_field")
    wait_until(fingers.keyboard_up, 3, "the on-screen keyboard")
    fingers.type(citizen.id_number[:7])
    rig.lay_card(build_card(SAMPLE, pace=True))
    rig.window.settle()
    assert fingers.item("id_field").property("text") == citizen.id_number[:7]
    fingers.type(citizen.id_number[7:])
    fingers.tap("id_continue")
    wait_until(lambda: visit.stage == Stage.FORM, 15, "the form after the chip read")
    assert visit.data.identity_source == "chip"
