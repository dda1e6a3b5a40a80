"""The documents step: after the form, each paper the procedure asks for is taken by
the document camera or brought as the original; the chip covers the ID card itself.

Real chip reads of the emulated cards and the real QR parser (:mod:`tests.visit.driver`);
the pictures stay in the app, the visit holds page ids only.
"""

from __future__ import annotations

import pytest

from kiosk.core.procedures import Catalog, load_catalog
from kiosk.core.visit.documents import (
    BlackWhiteToggled,
    DocumentCamera,
    DocumentSelected,
    DropPages,
    OriginalChosen,
    PageDeleted,
    PageTaken,
    TakePage,
    TakePageNow,
)
from kiosk.core.visit.events import (
    Back,
    ConsentGiven,
    Continue,
    FieldEdited,
    FormConfirmed,
    LanguageChosen,
    ProcedureChosen,
    Restart,
    SubmitPressed,
    Touched,
    Wiped,
)
from kiosk.core.visit.machine import Visit
from kiosk.core.visit.state import Stage
from kiosk.simulated.samples import build_card
from tests.visit.driver import Driver

NAME = "le-hoang-bao-ngan"  # an address that converts without a pick
CERTIFY = "CT-BANSAO"  # the original to certify, and its copy "(nếu có)"
FILLED = {CERTIFY: {"document_name": "Bằng tốt nghiệp", "copies": "2"}}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _to_documents(catalog: Catalog, code: str = CERTIFY, chip: bool = True) -> Driver:
    driver = Driver(catalog)
    driver.visit = Visit(catalog, now=driver.now, capture_documents=True)
    driver.send(Touched())
    driver.send(LanguageChosen("vi"))
    driver.send(ProcedureChosen(code))
    if chip:
        driver.tap(build_card(NAME, pace=True))
    driver.show_qr(NAME)
    driver.pick_split_wards()
    for name, value in FILLED.get(code, {}).items():
        driver.send(FieldEdited(name, value))
    driver.send(FormConfirmed())
    return driver


def test_the_papers_follow_the_form_and_the_camera_goes_on_and_off(catalog: Catalog) -> None:
    driver = _to_documents(catalog)
    visit = driver.visit
    assert visit.stage == Stage.DOCUMENTS
    assert DocumentCamera(on=True) in driver.effects
    names = [slot.name_vi for slot in visit.data.documents]
    assert names == [d.vi for d in catalog.get(CERTIFY).documents]
    assert [slot.status for slot in visit.data.documents] == ["missing", "none"]
    driver.send(Continue())  # the original to certify is missing: stay and say so
    assert visit.stage == Stage.DOCUMENTS and visit.data.notice == "documents_missing"
    driver.send(TakePage())
    assert driver.effects[-1] == TakePageNow()
    driver.send(PageTaken("p1"))
    driver.send(PageTaken("p2"))
    assert visit.data.documents[0].pages == ["p1", "p2"]
    driver.send(PageDeleted("p1"))  # the citizen retakes the first page
    assert driver.effects[-1] == DropPages(("p1",)) and visit.data.documents[0].pages == ["p2"]
    driver.send(Continue())
    assert visit.stage == Stage.REVIEW and DocumentCamera(on=False) in driver.effects
    driver.send(Back())  # review → the papers, pages kept
    assert visit.stage == Stage.DOCUMENTS and visit.data.documents[0].pages == ["p2"]
    driver.send(Continue())
    driver.send(ConsentGiven(True))
    driver.send(SubmitPressed())
    [submit] = driver.submissions
    first, second = submit.documents
    assert (first.file, first.status, first.pages) == ("doc-1", "attached", ("p2",))
    assert (second.status, second.pages, second.black_white) == ("none", (), False)


def test_bringing_the_original_drops_its_pages_and_moves_on(catalog: Catalog) -> None:
    driver = _to_documents(catalog)
    visit = driver.visit
    driver.send(PageTaken("p1"))
    driver.send(OriginalChosen())
    assert driver.effects[-1] == DropPages(("p1",))
    assert visit.data.documents[0].status == "original"
    driver.send(DocumentSelected(1))
    driver.send(BlackWhiteToggled())  # a text page: black and white
    driver.send(PageTaken("p9"))  # the optional copy, taken after all
    assert visit.data.documents[1].black_white
    assert visit.data.documents[1].pages == ["p9"]
    driver.send(Continue())
    assert visit.stage == Stage.REVIEW


def test_the_chip_stands_for_the_id_card_itself(catalog: Catalog) -> None:
    code = "CC-XACNHANCMND"  # asks for the card itself, nothing to type
    assert "Thẻ căn cước (xuất trình)" in [d.vi for d in catalog.get(code).documents]
    driver = _to_documents(catalog, code)
    statuses = {s.name_vi: s.status for s in driver.visit.data.documents}
    assert statuses["Thẻ căn cước (xuất trình)"] == "chip"
    qr_only = _to_documents(catalog, code, chip=False)
    statuses = {s.name_vi: s.status for s in qr_only.visit.data.documents}
    assert statuses["Thẻ căn cước (xuất trình)"] == "missing"


def test_leaving_the_visit_takes_the_pages_and_the_camera_with_it(catalog: Catalog) -> None:
    driver = _to_documents(catalog)
    driver.send(PageTaken("p1"))
    effects = driver.visit.handle(Restart(), driver.now + 1)
    assert DocumentCamera(on=False) in effects and isinstance(effects[-1], Wiped)
    assert driver.visit.data.documents == []


def test_without_a_document_camera_the_form_goes_to_review(catalog: Catalog) -> None:
    driver = Driver(catalog)  # capture_documents off: today's kiosks without the camera
    driver.send(Touched())
    driver.send(LanguageChosen("vi"))
    driver.send(ProcedureChosen(CERTIFY))
    driver.tap(build_card(NAME, pace=True))
    driver.show_qr(NAME)
    for name, value in FILLED[CERTIFY].items():
        driver.send(FieldEdited(name, value))
    driver.send(FormConfirmed())
    assert driver.visit.stage == Stage.REVIEW
    assert not any(isinstance(e, DocumentCamera) for e in driver.effects)
