"""Finger tests of addresses in today's units: a split ward picked, an address chosen
through the picker (province, then ward searched without accents on the on-screen
keyboard, then the street), and a center that cannot take the file saying where to go.

The real window, driven only by taps and the Qt Virtual Keyboard
(:mod:`tests.support.fingers`); the chip is our card emulator, the outbox real SQLite
(:mod:`tests.support.rig`); the address data is vietnamadminunits' files. Each test
asserts what reached the outbox, decrypted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.config import CenterConfig
from kiosk.core.visit.machine import Stage
from tests.support.fingers import wait_until
from tests.support.form_typing import submit_from_review, type_into
from tests.support.rig import KioskRig

pytestmark = [pytest.mark.slow]

HA_NOI, O_CHO_DUA, DONG_DA = "01", "00190", "00235"
STREET = "Số 2 ngõ 49 Hào Nam"


@pytest.fixture(params=["portrait", "landscape"])
def rig(tmp_path: Path, request: pytest.FixtureRequest, qapp: object) -> Iterator[KioskRig]:
    made = KioskRig(tmp_path, request.param)
    yield made
    made.close()


def _to_form(rig: KioskRig, code: str) -> None:
    fingers, visit = rig.fingers, rig.window.visit
    fingers.tap("start")
    fingers.tap("choose_vi")
    fingers.swipe_into_view(f"procedure_{code}")
    fingers.tap(f"procedure_{code}")
    wait_until(lambda: visit.stage == Stage.IDENTIFY, 5, "the identify screen")
    rig.lay_card()
    rig.show_qr()
    wait_until(lambda: visit.stage == Stage.FORM, 15, "the form after the chip read")


def test_a_split_ward_is_picked_and_an_address_chosen_through_the_picker(
        rig: KioskRig) -> None:
    fingers, visit = rig.fingers, rig.window.visit
    _to_form(rig, "CU-TAMTRU")
    # The card's residence: its old text, and the two wards Ô Chợ Dừa was split into.
    card_text = fingers.item("address_card_permanent_residence").property("text")
    assert "Quận Đống Đa" in card_text and card_text.startswith("Trên thẻ")
    fingers.tap("action")  # Continue does not choose for the citizen
    assert visit.stage == Stage.FORM and "permanent_residence" in visit.data.problems
    fingers.swipe_into_view(f"address_permanent_residence_{O_CHO_DUA}")
    fingers.tap(f"address_permanent_residence_{O_CHO_DUA}")
    shown = fingers.item("address_now_permanent_residence").property("text")
    assert shown == "Hiện nay: Số 18 Ngõ 42 Trần Quang Diệu, Phường Ô Chợ Dừa, Thành phố Hà Nội"
    # The temporary address: province, then the ward searched without accents.
    fingers.swipe_into_view("address_change_temporary_address")
    fingers.tap("address_change_temporary_address")
    fingers.swipe_into_view(f"province_{HA_NOI}")
    fingers.tap(f"province_{HA_NOI}")
    fingers.tap("ward_search")
    wait_until(fingers.keyboard_up, 3, "the on-screen keyboard")
    fingers.type("o cho")
    wait_until(lambda: fingers.item(f"ward_{O_CHO_DUA}").isVisible(), 3, "Ô Chợ Dừa listed")
    fingers.hide_keyboard()
    fingers.swipe_into_view(f"ward_{O_CHO_DUA}")
    fingers.tap(f"ward_{O_CHO_DUA}")
    fingers.tap("street")
    wait_until(fingers.keyboard_up, 3, "the on-screen keyboard")
    fingers.type(STREET)
    fingers.hide_keyboard()
    fingers.tap("picker_done")
    now = f"{STREET}, Phường Ô Chợ Dừa, Thành phố Hà Nội"
    assert fingers.item("address_now_temporary_address").property("text") == now
    type_into(fingers, "phone", "0912345678")
    fingers.hide_keyboard()
    fingers.swipe_into_view("action")
    fingers.tap("action")
    submit_from_review(rig)
    sent = rig.submitted()
    assert len(sent) == 1
    payload = sent[0]
    assert payload["form"]["temporary_address"] == now
    assert payload["sources"]["temporary_address"] == "typed"
    home = payload["addresses"]["permanent_residence"]
    assert home["on_card"].endswith("Phường Ô Chợ Dừa, Quận Đống Đa, Hà Nội")
    assert (home["ward"], home["province"]) == (
        {"name": "Phường Ô Chợ Dừa", "code": O_CHO_DUA},
        {"name": "Thành phố Hà Nội", "code": HA_NOI})
    assert payload["addresses"]["temporary_address"]["street"] == STREET
    # who decides a temporary residence: the police of the ward of the new home
    assert payload["competent_unit"]["code"] == O_CHO_DUA
    assert rig.window.qml_warnings == []


@pytest.fixture
def far_rig(tmp_path: Path, qapp: object) -> Iterator[KioskRig]:
    # A ward-level center in Đà Nẵng (Phường Hòa Cường); the sample lives in Hà Nội.
    made = KioskRig(tmp_path, "portrait",
                    center=CenterConfig(province_code="48", ward_codes=("20257",)))
    yield made
    made.close()


def test_a_center_that_cannot_take_the_file_says_where_to_go(far_rig: KioskRig) -> None:
    rig = far_rig
    fingers, visit = rig.fingers, rig.window.visit
    fingers.tap("start")
    fingers.tap("choose_vi")
    fingers.swipe_into_view("procedure_HT-XNHONNHAN")
    fingers.tap("procedure_HT-XNHONNHAN")
    rig.lay_card()
    rig.show_qr()
    wait_until(lambda: visit.stage == Stage.ELSEWHERE, 15, "the where-to-go screen")
    places = {str(fingers.item(f"elsewhere_place_{i}").property("text")) for i in (0, 1)}
    assert places == {
        "Trung tâm Phục vụ hành chính công Phường Ô Chợ Dừa, Thành phố Hà Nội",
        "Trung tâm Phục vụ hành chính công Phường Đống Đa, Thành phố Hà Nội"}
    fingers.tap("back")  # another procedure: certified copies are taken anywhere
    wait_until(lambda: visit.stage == Stage.CHOOSE_PROCEDURE, 5, "the procedures")
    fingers.swipe_into_view("procedure_LLTP-PHIEU")
    fingers.tap("procedure_LLTP-PHIEU")  # provincial: Hà Nội's, not Đà Nẵng's
    wait_until(lambda: visit.stage == Stage.ELSEWHERE, 5, "the where-to-go screen")
    assert fingers.item("elsewhere_place_0").property("text") == (
        "Trung tâm Phục vụ hành chính công Thành phố Hà Nội")
    fingers.tap("elsewhere_queue")  # a number to ask at a counter; nothing personal sent
    wait_until(lambda: visit.data.ticket_printed or visit.data.print_fallback, 15, "ticket")
    assert rig.submitted() == [] and "ticket" in rig.kinds()
