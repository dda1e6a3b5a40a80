"""A typed ID number opens the chip on the reader with its CAN (PACE), through the
pure visit and real chip reads of the emulated card (see driver.py).

The card's last six ID digits are its card access number. A typed ID gives no BAC key
(that needs the date of birth and the card's dates), so a card without PACE asks for
its QR instead; a number that does not match the card says so and keeps what was typed.
"""

from __future__ import annotations

import pytest

from kiosk.core.forms import Source
from kiosk.core.procedures import Catalog, load_catalog
from kiosk.core.visit.events import (
    AddressPicked,
    CardRemoved,
    ConsentGiven,
    Continue,
    FieldEdited,
    FormConfirmed,
    LanguageChosen,
    ManualIdEntered,
    ProcedureChosen,
    RatingGiven,
    StartCardRead,
    SubmitPressed,
    Touched,
)
from kiosk.core.visit.machine import Stage
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.ui.kiosk.visit_view import visit_view

from .driver import Driver

NAME, OTHER = list_samples()[:2]
O_CHO_DUA = "00190"  # Phường Ô Chợ Dừa, Thành phố Hà Nội (official code)
PROCEDURE = "HT-XNHONNHAN"  # chip fields and one only the citizen knows ("purpose")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _id(name: str) -> str:
    return load_sample(name).id_number


def _to_identify(driver: Driver) -> None:
    driver.send(Touched())
    driver.send(LanguageChosen("vi"))
    driver.send(ProcedureChosen(PROCEDURE))
    assert driver.visit.stage == Stage.IDENTIFY


def _reads(driver: Driver) -> list[StartCardRead]:
    return [e for e in driver.effects if isinstance(e, StartCardRead)]


def test_typed_id_with_the_card_on_the_reader_opens_the_chip(catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_identify(driver)
    driver.tap(build_card(NAME, pace=True))
    assert driver.visit.stage == Stage.IDENTIFY  # nothing to open it with yet
    driver.send(ManualIdEntered(_id(NAME)))
    # Exactly as after a QR: the chip read, the form filled from it and marked "chip".
    reads = _reads(driver)
    assert len(reads) == 1 and reads[0].qr is None
    assert reads[0].access_fields() == (_id(NAME), None, None)
    data = driver.visit.data
    assert driver.visit.stage == Stage.FORM, data.notice
    assert data.identity is not None and data.identity_source == "chip"
    assert data.face is not None
    form = data.form
    assert form is not None
    assert form.get("full_name").value == data.identity.full_name
    assert form.get("full_name").source == Source.CHIP
    assert form.get("id_number").value == _id(NAME)
    assert form.get("id_number").source == Source.CHIP
    assert form.get("residence").source == Source.CHIP


def test_typed_id_without_a_card_is_the_manual_path(catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_identify(driver)
    driver.send(ManualIdEntered(_id(NAME)))
    assert driver.visit.stage == Stage.FORM
    assert _reads(driver) == []
    form = driver.visit.data.form
    assert form is not None and form.get("id_number").source == Source.TYPED
    assert form.get("full_name").value == ""
    assert driver.visit.data.identity_source == "typed"


def test_a_card_laid_on_the_form_after_typing_is_opened_and_keeps_what_was_typed(
        catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_identify(driver)
    driver.send(ManualIdEntered(_id(NAME)))
    assert driver.visit.stage == Stage.FORM
    driver.send(FieldEdited("purpose", "Kết hôn"))
    driver.send(FieldEdited("full_name", "tên gõ tay"))
    driver.tap(build_card(NAME, pace=True))
    data = driver.visit.data
    assert driver.visit.stage == Stage.FORM, data.notice
    assert data.identity_source == "chip"
    form = data.form
    assert form is not None
    # The chip's signed value replaces the typed one; what only the citizen knows stays.
    assert form.get("full_name").value == data.identity.full_name  # type: ignore[union-attr]
    assert form.get("full_name").source == Source.CHIP
    assert (form.get("purpose").value, form.get("purpose").source) == ("Kết hôn", Source.TYPED)
    driver.pick_split_wards()
    driver.send(FormConfirmed())
    driver.send(ConsentGiven(True))
    driver.send(SubmitPressed())
    assert driver.visit.stage == Stage.TICKET
    submit = driver.submissions[0]
    assert submit.citizen["identified_by"] == "chip"
    assert submit.sources["full_name"] == "chip" and submit.sources["purpose"] == "typed"


def test_a_wrong_id_says_so_and_keeps_the_number_for_correcting(catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_identify(driver)
    driver.tap(build_card(NAME, pace=True))
    driver.send(ManualIdEntered(_id(OTHER)))
    data = driver.visit.data
    assert driver.visit.stage == Stage.IDENTIFY
    assert data.notice == "read_failed:can_refused"
    assert data.identity is None and data.procedure is not None
    assert visit_view(driver.visit)["typed_id"] == _id(OTHER)  # shown again in the field
    driver.send(ManualIdEntered(_id(NAME)))  # corrected, the card still there
    assert driver.visit.stage == Stage.FORM
    assert driver.visit.data.identity_source == "chip"


def test_a_wrong_id_after_the_form_loses_nothing(catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_identify(driver)
    driver.send(ManualIdEntered(_id(OTHER)))
    driver.send(FieldEdited("purpose", "Kết hôn"))
    driver.tap(build_card(NAME, pace=True))  # not the card of the number typed
    assert driver.visit.stage == Stage.IDENTIFY
    assert driver.visit.data.notice == "read_failed:can_refused"
    driver.send(ManualIdEntered(_id(NAME)))
    assert driver.visit.stage == Stage.FORM
    form = driver.visit.data.form
    assert form is not None and form.get("purpose").value == "Kết hôn"
    assert form.get("id_number").source == Source.CHIP


def test_a_card_without_pace_asks_for_its_qr(catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_identify(driver)
    driver.tap(build_card(NAME, pace=False))  # BAC only: the ID number alone cannot open it
    driver.send(ManualIdEntered(_id(NAME)))
    assert driver.visit.stage == Stage.IDENTIFY
    assert driver.visit.data.notice == "read_failed:needs_qr"
    driver.show_qr(NAME)  # the QR gives the dates: BAC opens it
    assert driver.visit.stage == Stage.FORM
    assert driver.visit.data.identity_source == "chip"


def test_lifting_the_card_after_a_refusal_continues_by_hand(catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_identify(driver)
    driver.tap(build_card(NAME, pace=False))
    driver.send(ManualIdEntered(_id(NAME)))
    assert driver.visit.data.notice == "read_failed:needs_qr"
    driver.send(CardRemoved())
    driver.send(ManualIdEntered(_id(NAME)))
    assert driver.visit.stage == Stage.FORM
    assert driver.visit.data.identity_source == "typed"


def test_the_card_left_on_the_reader_is_reminded_until_lifted(catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_identify(driver)
    driver.tap(build_card(NAME, pace=True))
    driver.send(ManualIdEntered(_id(NAME)))
    assert visit_view(driver.visit)["take_card_back"] is False  # not before the end
    driver.send(FieldEdited("purpose", "Kết hôn"))
    driver.pick_split_wards()
    driver.send(FormConfirmed())
    driver.send(ConsentGiven(True))
    driver.send(SubmitPressed())
    assert driver.visit.stage == Stage.TICKET
    assert visit_view(driver.visit)["take_card_back"] is True
    driver.send(Continue())
    assert visit_view(driver.visit)["take_card_back"] is False  # the rating screen
    driver.send(RatingGiven(5))
    assert driver.visit.stage == Stage.DONE
    assert visit_view(driver.visit)["take_card_back"] is True
    driver.send(CardRemoved())
    assert visit_view(driver.visit)["take_card_back"] is False


def test_no_reminder_when_no_card_was_laid(catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_identify(driver)
    driver.send(ManualIdEntered(_id(NAME)))
    driver.send(FieldEdited("full_name", "Trần Thị Mẫu"))
    driver.send(FieldEdited("date_of_birth", "01/02/1990"))
    driver.send(FieldEdited("sex", "Nữ"))
    driver.send(AddressPicked("residence", O_CHO_DUA, "Số 3 ngõ 12"))
    driver.send(FieldEdited("purpose", "Kết hôn"))
    driver.pick_split_wards()
    driver.send(FormConfirmed())
    driver.send(ConsentGiven(True))
    driver.send(SubmitPressed())
    assert driver.visit.stage == Stage.TICKET
    assert visit_view(driver.visit)["take_card_back"] is False


def test_a_card_laid_on_the_review_goes_back_to_the_form_to_be_checked(
        catalog: Catalog) -> None:
    driver = Driver(catalog)
    _to_identify(driver)
    driver.send(ManualIdEntered(_id(NAME)))
    for name, value in (("full_name", "Trần Thị Mẫu"), ("date_of_birth", "01/02/1990"),
                        ("sex", "Nữ"), ("purpose", "Kết hôn")):
        driver.send(FieldEdited(name, value))
    driver.send(AddressPicked("residence", O_CHO_DUA, "Số 3 ngõ 12"))
    driver.pick_split_wards()
    driver.send(FormConfirmed())
    driver.send(ConsentGiven(True))
    assert driver.visit.stage == Stage.REVIEW
    driver.tap(build_card(NAME, pace=True))
    data = driver.visit.data
    # The chip's values replace what was typed for them: the citizen sees them again and
    # gives consent again for what is now sent.
    assert driver.visit.stage == Stage.FORM and data.identity_source == "chip"
    assert data.consent is False
    assert data.form is not None and data.form.get("purpose").value == "Kết hôn"
    assert data.form.get("full_name").source == Source.CHIP
