"""Complete visits through the pure state machine, with real chip reads and printing.

No Qt: the visit is driven the way the app will drive it (see driver.py).
"""

from __future__ import annotations

import pytest

from kiosk.core.forms import Source
from kiosk.core.procedures import Catalog, load_catalog
from kiosk.core.visit.events import (
    Back,
    CardTapped,
    ConsentGiven,
    Continue,
    Countdown,
    FieldEdited,
    FormConfirmed,
    LanguageChosen,
    LanguageSwitched,
    ManualIdEntered,
    ProcedureChosen,
    RatingGiven,
    RatingSkipped,
    Restart,
    Submit,
    SubmitPressed,
    Tick,
    Touched,
    Wiped,
)
from kiosk.core.visit.machine import Stage, VisitData, VisitError
from kiosk.devices.chip.card_session import ReadOptions, read_card
from kiosk.simulated.card import Faults
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, list_samples

from .driver import Driver, sample_qr

SAMPLES = list_samples()
NAME = SAMPLES[0]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _submit(driver: Driver) -> Submit:
    assert len(driver.submissions) == 1
    return driver.submissions[0]


def _review_and_send(driver: Driver) -> int:
    """From the form to the ticket; the number of split wards picked on the way."""
    picked = driver.pick_split_wards()
    driver.send(FormConfirmed())
    assert driver.visit.stage == Stage.REVIEW, driver.visit.data.problems
    driver.send(ConsentGiven(True))
    driver.send(SubmitPressed())
    return picked


@pytest.mark.parametrize("name", SAMPLES)
def test_chip_path_takes_four_touches_from_card_tap_to_ticket(
    catalog: Catalog, name: str
) -> None:
    driver = Driver(catalog)
    driver.tap(build_card(name))
    # A card alone gives no access key: the screen asks for the QR on its front.
    assert driver.visit.stage == Stage.IDENTIFY and driver.visit.data.card_on_reader
    driver.show_qr(name)  # laid face up under the camera: no touch
    assert driver.visit.stage == Stage.CHOOSE_PROCEDURE
    data = driver.visit.data
    assert data.identity is not None and data.identity_source == "chip"
    assert data.face is not None  # the photo followed the identity
    driver.send(ProcedureChosen("LLTP-PHIEU"))
    assert driver.visit.stage == Stage.FORM
    form = data.form
    assert form is not None
    assert form.get("full_name") == form.get("full_name").__class__(
        data.identity.full_name, Source.CHIP)
    assert form.get("id_number").value == data.identity.id_number
    assert form.get("certificate_type").source == Source.DEFAULT
    picked = _review_and_send(driver)
    assert driver.visit.stage == Stage.TICKET
    # choose, continue, consent, submit (and a pick where the card's old ward was split)
    assert driver.visit.touches == 4 + picked
    submit = _submit(driver)
    assert submit.procedure_code == "LLTP-PHIEU" and submit.queue_service == "LL"
    assert submit.citizen["identified_by"] == "chip"
    assert submit.citizen["id_number"] == data.identity.id_number
    assert submit.sources["place_of_origin"] == "chip"
    assert driver.visit.data.ticket_printed and not driver.visit.data.print_fallback
    driver.send(Continue())
    driver.send(RatingGiven(5, ("fast",)))
    assert driver.visit.stage == Stage.DONE
    assert [(r.stars, r.ticket_number) for r in driver.ratings] == [(5, 1)]
    driver.send(Tick(), after=9)  # the thank-you screen wipes itself
    assert driver.visit.stage == Stage.ATTRACT
    assert driver.visit.data == VisitData()


def test_qr_path_marks_fields_qr_and_explains_missing_ones(catalog: Catalog) -> None:
    driver = Driver(catalog)
    driver.send(Touched())
    driver.send(LanguageChosen("vi"))
    driver.send(ProcedureChosen("HT-XNHONNHAN"))
    assert driver.visit.stage == Stage.IDENTIFY
    driver.show_qr(NAME)
    assert driver.visit.stage == Stage.FORM
    form = driver.visit.data.form
    assert form is not None
    qr = sample_qr(NAME)
    assert form.get("full_name").value == qr.full_name
    assert form.get("full_name").source == Source.QR
    assert form.get("residence").source == Source.QR
    driver.send(FormConfirmed())
    assert driver.visit.stage == Stage.FORM
    # the purpose is empty, and the QR's residence names a ward since split in two
    assert driver.visit.data.problems == ("purpose", "residence")
    assert driver.visit.data.notice == "form_invalid"
    driver.send(FieldEdited("purpose", "Bổ sung hồ sơ xin việc"))
    driver.pick_split_wards()
    driver.send(FormConfirmed())
    assert driver.visit.stage == Stage.REVIEW
    driver.send(SubmitPressed())  # no consent yet
    assert driver.visit.stage == Stage.REVIEW
    assert driver.visit.data.notice == "consent_needed"
    driver.send(ConsentGiven(True))
    driver.send(SubmitPressed())
    assert driver.visit.stage == Stage.TICKET
    submit = _submit(driver)
    assert submit.citizen["identified_by"] == "qr"
    assert submit.sources["purpose"] == "typed" and submit.sources["full_name"] == "qr"


def test_manual_path_with_a_typed_id(catalog: Catalog) -> None:
    driver = Driver(catalog)
    driver.send(Touched())
    driver.send(LanguageChosen("en"))
    driver.send(ProcedureChosen("CT-BANSAO"))
    driver.send(ManualIdEntered("12345"))
    assert driver.visit.stage == Stage.IDENTIFY
    assert driver.visit.data.notice == "id_invalid"
    driver.send(ManualIdEntered("001090012345"))
    assert driver.visit.stage == Stage.FORM
    form = driver.visit.data.form
    assert form is not None and form.get("id_number").source == Source.TYPED
    driver.send(FieldEdited("full_name", "Trần Thị Mẫu"))
    driver.send(FieldEdited("document_name", "Bằng tốt nghiệp"))
    driver.send(FieldEdited("copies", "2"))
    _review_and_send(driver)
    assert driver.visit.stage == Stage.TICKET
    submit = _submit(driver)
    assert submit.citizen == {"id_number": "001090012345", "full_name": "Trần Thị Mẫu",
                              "identified_by": "typed"}
    assert submit.language == "en"


def test_queue_number_only_sends_nothing_personal(catalog: Catalog) -> None:
    driver = Driver(catalog)
    driver.send(Touched())
    driver.send(LanguageChosen("vi"))
    driver.send(ProcedureChosen("QUEUE"))
    assert driver.visit.stage == Stage.TICKET
    assert driver.visit.touches == 3
    submit = _submit(driver)
    assert (submit.procedure_code, submit.citizen, submit.form) == ("QUEUE", {}, {})
    driver.send(Continue())
    driver.send(RatingSkipped())
    assert driver.visit.stage == Stage.DONE and driver.ratings == []


def test_idle_shows_a_countdown_then_wipes(catalog: Catalog) -> None:
    driver = Driver(catalog)
    driver.tap(build_card(NAME))
    driver.show_qr(NAME)
    driver.send(ProcedureChosen("LLTP-PHIEU"))
    assert driver.visit.data.form is not None
    seen: list[int] = []
    for _ in range(44):
        driver.send(Tick())
    assert not any(isinstance(e, Countdown) for e in driver.effects)
    for _ in range(10):
        before = len(driver.effects)
        driver.send(Tick())
        seen += [e.seconds for e in driver.effects[before:] if isinstance(e, Countdown)]
        assert driver.visit.stage == Stage.FORM
    assert seen == [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    driver.send(Tick())
    assert isinstance(driver.effects[-1], Wiped)
    assert driver.visit.stage == Stage.ATTRACT
    assert driver.visit.data == VisitData()
    assert driver.visit.language == "vi" and driver.visit.touches == 0


def test_a_touch_during_the_countdown_cancels_it(catalog: Catalog) -> None:
    driver = Driver(catalog)
    driver.send(Touched())
    driver.send(Tick(), after=47)
    assert driver.visit.countdown(driver.now) == 8
    driver.send(LanguageSwitched("en"))
    assert Countdown(0) in driver.effects
    assert driver.visit.countdown(driver.now) == 0
    driver.send(Tick(), after=40)
    assert driver.visit.stage == Stage.LANGUAGE and driver.visit.language == "en"


def _identity_apdus(name: str) -> int:
    result = read_card(LoopbackTransport(build_card(name)), _plan(name),
                       ReadOptions(read_face=False))
    return result.identity_stats[0]


def _plan(name: str):  # type: ignore[no-untyped-def]
    from kiosk.devices.card.service import AccessInputs, access_plan

    qr = sample_qr(name)
    return access_plan(AccessInputs(id_number=qr.id_number, date_of_birth=qr.date_of_birth,
                                    issue_date=qr.issue_date))


def test_card_pulled_before_identity_then_put_back(catalog: Catalog) -> None:
    driver = Driver(catalog)
    card = build_card(NAME, faults=Faults(pull_after=4))
    driver.show_qr(NAME)
    assert driver.visit.stage == Stage.CHOOSE_PROCEDURE
    driver.tap(card)
    assert driver.visit.stage == Stage.CARD_PULLED
    assert driver.visit.data.identity is None
    card.reinsert()
    driver.tap(card)
    assert driver.visit.stage == Stage.CHOOSE_PROCEDURE
    assert driver.visit.data.identity_source == "chip"


def test_card_pulled_before_identity_citizen_restarts(catalog: Catalog) -> None:
    driver = Driver(catalog)
    driver.show_qr(NAME)
    driver.tap(build_card(NAME, faults=Faults(pull_after=4)))
    assert driver.visit.stage == Stage.CARD_PULLED
    driver.send(Back())  # use the QR instead
    assert driver.visit.stage == Stage.IDENTIFY
    driver.send(Restart())
    assert driver.visit.stage == Stage.ATTRACT and driver.visit.data == VisitData()


def test_card_pulled_before_identity_continues_with_the_qr(catalog: Catalog) -> None:
    driver = Driver(catalog)
    driver.show_qr(NAME)
    driver.tap(build_card(NAME, faults=Faults(pull_after=4)))
    assert driver.visit.stage == Stage.CARD_PULLED
    driver.send(Continue())  # "continue with what was read": the QR's details
    data = driver.visit.data
    assert driver.visit.stage == Stage.CHOOSE_PROCEDURE and data.identity is None
    driver.send(ProcedureChosen("LLTP-PHIEU"))
    assert driver.visit.stage == Stage.FORM and data.form is not None
    assert data.form.get("full_name").source == Source.QR
    assert data.identity_source == "qr" and not driver.submissions


def test_card_pulled_after_identity_continues_without_photo(catalog: Catalog) -> None:
    driver = Driver(catalog)
    card = build_card(NAME, faults=Faults(pull_after=_identity_apdus(NAME) + 2))
    driver.tap(card)
    driver.show_qr(NAME)
    data = driver.visit.data
    assert driver.visit.stage == Stage.CHOOSE_PROCEDURE
    assert data.identity is not None and data.face is None
    assert data.card_removed_after_identity and data.notice == "card_removed_kept"
    driver.send(ProcedureChosen("LLTP-PHIEU"))
    _review_and_send(driver)
    assert driver.visit.stage == Stage.TICKET
    assert _submit(driver).citizen["identified_by"] == "chip"


def test_printer_out_of_paper_falls_back_to_the_screen(catalog: Catalog) -> None:
    driver = Driver(catalog, printer_url="sim://?paper=out")
    driver.send(Touched())
    driver.send(LanguageChosen("vi"))
    driver.send(ProcedureChosen("QUEUE"))
    data = driver.visit.data
    assert driver.visit.stage == Stage.TICKET
    assert data.ticket is not None and data.ticket.number == 1
    assert data.print_fallback and not data.ticket_printed
    assert driver.alerts == ["printer:paper_out"]


def test_authenticity_failure_is_routed_to_a_counter(catalog: Catalog) -> None:
    driver = Driver(catalog)
    driver.show_qr(NAME)
    driver.tap(build_card(NAME, faults=Faults(cloned=True)))
    data = driver.visit.data
    assert driver.visit.stage == Stage.COUNTER
    assert data.notice == "authenticity_failed"
    assert data.identity is None and data.qr_identity is None  # nothing kept
    driver.send(Continue())  # take a number for the counter
    assert driver.visit.stage == Stage.TICKET
    submit = _submit(driver)
    assert (submit.procedure_code, submit.citizen, submit.form) == ("QUEUE", {}, {})


def test_language_switch_keeps_the_screen(catalog: Catalog) -> None:
    driver = Driver(catalog)
    driver.send(Touched())
    driver.send(LanguageChosen("vi"))
    driver.send(LanguageSwitched("en"))
    assert driver.visit.stage == Stage.CHOOSE_PROCEDURE and driver.visit.language == "en"
    with pytest.raises(VisitError):
        driver.send(LanguageSwitched("fr"))


def test_impossible_rating_is_a_typed_error(catalog: Catalog) -> None:
    driver = Driver(catalog)
    driver.send(Touched())
    driver.send(LanguageChosen("vi"))
    driver.send(ProcedureChosen("QUEUE"))
    driver.send(Continue())
    with pytest.raises(VisitError, match="one to five"):
        driver.send(RatingGiven(6))


def test_stale_events_are_ignored(catalog: Catalog) -> None:
    driver = Driver(catalog)
    for event in (SubmitPressed(), FormConfirmed(), Continue(), RatingGiven(3)):
        driver.send(event)
        assert driver.visit.stage == Stage.ATTRACT
    assert driver.submissions == [] and driver.ratings == []


def test_card_tapped_on_the_form_of_a_qr_changes_nothing_but_presence(
        catalog: Catalog) -> None:
    # (A card laid on the form of a typed ID is opened with its CAN: test_typed_id.py.)
    driver = Driver(catalog)
    driver.send(Touched())
    driver.send(LanguageChosen("vi"))
    driver.send(ProcedureChosen("CT-BANSAO"))
    driver.show_qr(NAME)
    assert driver.visit.stage == Stage.FORM
    driver.send(CardTapped())
    assert driver.visit.stage == Stage.FORM and driver.visit.data.card_on_reader


def test_repr_never_shows_personal_data(catalog: Catalog) -> None:
    driver = Driver(catalog)
    driver.tap(build_card(NAME))
    driver.show_qr(NAME)
    driver.send(ProcedureChosen("LLTP-PHIEU"))
    identity = driver.visit.data.identity
    assert identity is not None
    text = repr(driver.visit) + repr(driver.visit.data.form) + repr(driver.effects)
    for secret in (identity.full_name, identity.id_number, identity.place_of_residence):
        assert secret not in text
