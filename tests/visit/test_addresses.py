"""Visits with the July 2025 addresses: the card's text beside today's units, a split
ward picked, a card already in today's units, and a file this center cannot take.

Real chip reads of the emulated cards and the real QR parser (:mod:`tests.visit.driver`);
the address data is vietnamadminunits' own files, read by :mod:`kiosk.core.addresses`.
"""

from __future__ import annotations

import pytest

from kiosk.core.competence import CenterArea
from kiosk.core.forms import Source
from kiosk.core.procedures import Catalog, load_catalog
from kiosk.core.visit.events import (
    AddressPicked,
    Back,
    ConsentGiven,
    Continue,
    FieldEdited,
    FormConfirmed,
    LanguageChosen,
    ProcedureChosen,
    SubmitPressed,
    Touched,
)
from kiosk.core.visit.state import Stage
from kiosk.simulated.samples import build_card
from tests.visit.driver import Driver

# Official codes of today's units (General Statistics Office list, as shipped in the data)
HA_NOI, DA_NANG = "01", "48"
O_CHO_DUA, DONG_DA, HOA_CUONG = "00190", "00235", "20257"
SPLIT = "dang-thi-ngoc-huong"  # Phường Ô Chợ Dừa, Quận Đống Đa: split in two in 2025
MERGED = "le-hoang-bao-ngan"  # Phường Hòa Cường Bắc, Quận Hải Châu → Phường Hòa Cường
POST_2025 = "tran-minh-khoa"  # a card issued in September 2025: today's units already
HCMC, SAI_GON = "79", "26740"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _to_form(driver: Driver, name: str, code: str, chip: bool = True) -> None:
    driver.send(Touched())
    driver.send(LanguageChosen("vi"))
    driver.send(ProcedureChosen(code))
    if chip:
        driver.tap(build_card(name, pace=True))
    driver.show_qr(name)


def _send(driver: Driver) -> None:
    driver.send(FormConfirmed())
    assert driver.visit.stage == Stage.REVIEW, driver.visit.data.problems
    driver.send(ConsentGiven(True))
    driver.send(SubmitPressed())
    assert driver.visit.stage == Stage.TICKET


def test_an_old_address_is_shown_beside_today_s_and_sent_with_unit_codes(
        catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_form(driver, MERGED, "HT-XNHONNHAN")
    assert driver.visit.stage == Stage.FORM
    data = driver.visit.data
    residence = data.addresses["residence"]
    assert residence.on_card == data.identity.place_of_residence  # type: ignore[union-attr]
    assert residence.status == "converted" and not residence.confirmed
    assert residence.text() == "Tổ 7, Phường Hòa Cường, Thành phố Đà Nẵng"
    origin = data.addresses.get("place_of_origin")
    assert origin is None or origin.status == "converted"
    driver.send(FieldEdited("purpose", "Kết hôn"))
    _send(driver)
    submit = driver.submissions[0]
    assert submit.form["residence"] == "Tổ 7, Phường Hòa Cường, Thành phố Đà Nẵng"
    assert submit.sources["residence"] == "chip"  # the chip's address, in today's units
    record = submit.addresses["residence"]
    assert record["on_card"] == "Tổ 7, Phường Hòa Cường Bắc, Quận Hải Châu, Đà Nẵng"
    assert record["ward"] == {"name": "Phường Hòa Cường", "code": HOA_CUONG}
    assert record["province"] == {"name": "Thành phố Đà Nẵng", "code": DA_NANG}
    assert record["street"] == "Tổ 7" and record["status"] == "converted"
    assert submit.competent == {"level": "commune", "name": "Phường Hòa Cường",
                                "code": HOA_CUONG,
                                "province": {"name": "Thành phố Đà Nẵng", "code": DA_NANG}}


def test_a_split_ward_must_be_picked_never_guessed(catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_form(driver, SPLIT, "HT-XNHONNHAN")
    residence = driver.visit.data.addresses["residence"]
    assert residence.status == "ambiguous" and residence.place is None
    assert {c.ward.code for c in residence.candidates} == {O_CHO_DUA, DONG_DA}
    driver.send(FieldEdited("purpose", "Kết hôn"))
    driver.send(FormConfirmed())
    assert driver.visit.stage == Stage.FORM  # Continue does not choose for the citizen
    assert driver.visit.data.problems == ("residence",)
    driver.send(AddressPicked("residence", "99999", residence.street))
    assert driver.visit.data.notice == "address_unknown"
    driver.send(AddressPicked("residence", DONG_DA, residence.street))
    _send(driver)
    record = driver.submissions[0].addresses["residence"]
    assert record["status"] == "picked"
    assert record["ward"] == {"name": "Phường Đống Đa", "code": DONG_DA}
    assert record["on_card"].endswith("Phường Ô Chợ Dừa, Quận Đống Đa, Hà Nội")
    assert driver.submissions[0].form["residence"] == (
        "Số 18 Ngõ 42 Trần Quang Diệu, Phường Đống Đa, Thành phố Hà Nội")
    assert driver.submissions[0].sources["residence"] == "typed"


def test_a_card_already_in_today_s_units_passes_through_unchanged(catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_form(driver, POST_2025, "LLTP-PHIEU")  # residence and place of origin on the form
    data = driver.visit.data
    assert driver.visit.stage == Stage.FORM
    for name in ("residence", "place_of_origin"):
        assert data.addresses[name].status == "unchanged" and data.addresses[name].confirmed
    _send(driver)
    submit = driver.submissions[0]
    card = data.identity
    assert card is not None
    assert submit.form["residence"] == card.place_of_residence  # exactly as read
    assert submit.form["place_of_origin"] == card.place_of_origin
    assert submit.sources["residence"] == "chip"
    assert submit.addresses["residence"]["ward"] == {"name": "Phường Sài Gòn", "code": SAI_GON}
    assert submit.competent == {"level": "province", "name": "Thành phố Hồ Chí Minh",
                                "code": HCMC,
                                "province": {"name": "Thành phố Hồ Chí Minh", "code": HCMC}}


def test_this_center_says_before_the_form_where_to_go(catalog: Catalog) -> None:
    # A ward-level center in Hà Nội; the citizen lives in Đà Nẵng.
    driver = Driver(catalog, area=CenterArea(HA_NOI, (O_CHO_DUA,)))
    _to_form(driver, MERGED, "HT-XNHONNHAN")  # only where the citizen resides
    assert driver.visit.stage == Stage.ELSEWHERE
    verdict = driver.visit.data.verdict
    assert verdict is not None and not verdict.accepted
    assert [u.code for u in verdict.go_to] == [HOA_CUONG]
    driver.send(Back())  # choose another procedure, identity kept
    assert driver.visit.stage == Stage.CHOOSE_PROCEDURE
    driver.send(ProcedureChosen("CT-BANSAO"))  # certified copies: at any center
    assert driver.visit.stage == Stage.FORM
    driver.send(Back())
    driver.send(ProcedureChosen("LLTP-PHIEU"))  # provincial, where the citizen resides
    assert driver.visit.stage == Stage.ELSEWHERE
    assert [u.code for u in driver.visit.data.verdict.go_to] == [DA_NANG]  # type: ignore[union-attr]
    driver.send(Continue())  # a plain queue number to ask at a counter, nothing personal
    assert driver.visit.stage == Stage.TICKET
    assert driver.submissions[-1].procedure_code == "QUEUE"
    assert driver.submissions[-1].citizen == {} and driver.submissions[-1].addresses == {}


def test_the_competent_address_typed_on_the_form_is_checked_too(catalog: Catalog) -> None:
    driver = Driver(catalog, area=CenterArea(HA_NOI, (O_CHO_DUA,)))
    _to_form(driver, SPLIT, "CU-TAMTRU")  # where the temporary home is
    assert driver.visit.stage == Stage.FORM
    driver.pick_split_wards()
    driver.send(AddressPicked("temporary_address", HOA_CUONG, "Số 2 Lê Lợi"))
    driver.send(FieldEdited("phone", "0912345678"))
    driver.send(FormConfirmed())
    assert driver.visit.stage == Stage.ELSEWHERE
    assert [u.code for u in driver.visit.data.verdict.go_to] == [HOA_CUONG]  # type: ignore[union-attr]
    driver.send(Back())  # back to the form, to change the address
    assert driver.visit.stage == Stage.FORM
    driver.send(AddressPicked("temporary_address", O_CHO_DUA, "Số 2 Hào Nam"))
    _send(driver)
    assert driver.submissions[0].competent["code"] == O_CHO_DUA  # type: ignore[index]
    assert driver.submissions[0].addresses["temporary_address"]["on_card"] == ""


def test_a_split_ward_whose_candidates_include_this_center_waits_for_the_pick(
        catalog: Catalog) -> None:
    driver = Driver(catalog, area=CenterArea(HA_NOI, (O_CHO_DUA,)))
    _to_form(driver, SPLIT, "HT-XNHONNHAN")
    assert driver.visit.stage == Stage.FORM  # may be this center's ward: ask first
    driver.send(FieldEdited("purpose", "Kết hôn"))
    driver.send(AddressPicked("residence", DONG_DA, "Số 18"))
    driver.send(FormConfirmed())
    assert driver.visit.stage == Stage.ELSEWHERE  # the ward picked is the other one
    driver.send(Back())
    driver.send(AddressPicked("residence", O_CHO_DUA, "Số 18"))
    _send(driver)
    assert driver.submissions[0].addresses["residence"]["ward"]["code"] == O_CHO_DUA
    assert driver.submissions[0].form["residence"].startswith("Số 18, Phường Ô Chợ Dừa")
    assert driver.submissions[0].sources["residence"] == Source.TYPED
