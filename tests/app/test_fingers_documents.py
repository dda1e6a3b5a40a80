"""The documents step under a citizen's fingers: papers laid on the simulated desk are
taken by the real document scanner, one deleted and taken again, one taken with
"Chụp ngay", and the submission carries each paper as an A4 PDF; nothing stays.

The desk (``kiosk.simulated.document_desk``) plays the synthetic photos (perspective,
shadows, busy desk) as camera frames; the scanner, the page store, the effect runner
and the outbox are the real ones.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from kiosk.core.visit.machine import Stage
from kiosk.simulated.document_desk import SimulatedDesk
from kiosk.sync import attachments
from tests.support.fingers import wait_until
from tests.support.form_typing import pick_split_wards, submit_from_review, type_into
from tests.support.keypad import KeypadHands
from tests.support.rig import KioskRig

CERTIFY = "CT-BANSAO"  # the original to certify, and its copy (if any)
PLAIN, BUSY = 2003, 2011  # synthetic paper photos whose sheets are found


@pytest.fixture(params=["portrait", "landscape"])
def rig(tmp_path: Path, request: pytest.FixtureRequest, qapp: object
        ) -> Iterator[tuple[KioskRig, SimulatedDesk]]:
    desk = SimulatedDesk()
    made = KioskRig(tmp_path, request.param, paper_desk=desk)
    yield made, desk
    made.close()


@pytest.fixture
def portrait(tmp_path: Path, qapp: object) -> Iterator[tuple[KioskRig, SimulatedDesk]]:
    """One orientation: the layouts are the whole-visit test's business."""
    desk = SimulatedDesk()
    made = KioskRig(tmp_path, "portrait", paper_desk=desk)
    yield made, desk
    made.close()


def _pages(rig: KioskRig, index: int) -> list[str]:
    return list(rig.window.visit.data.documents[index].pages)


def _to_documents(rig: KioskRig) -> None:
    fingers, visit = rig.fingers, rig.window.visit
    fingers.tap("start")
    fingers.tap("choose_vi")
    fingers.swipe_into_view(f"procedure_{CERTIFY}")
    fingers.tap(f"procedure_{CERTIFY}")
    wait_until(lambda: visit.stage == Stage.IDENTIFY, 5, "the identify screen")
    rig.lay_card()
    rig.show_qr()
    wait_until(lambda: visit.stage == Stage.FORM, 15, "the form after the chip read")
    type_into(fingers, "document_name", "Bằng tốt nghiệp")
    type_into(fingers, "copies", "2")
    fingers.hide_keyboard()
    fingers.swipe_into_view("action")
    fingers.tap("action")
    wait_until(lambda: visit.stage == Stage.REVIEW or visit.stage == Stage.DOCUMENTS
               or visit.data.problems, 5, "the next screen")
    if visit.stage == Stage.FORM:  # the card's old ward was split: the citizen picks
        pick_split_wards(rig)
        fingers.swipe_into_view("action")
        fingers.tap("action")
    wait_until(lambda: visit.stage == Stage.DOCUMENTS, 5, "the documents screen")


def test_papers_taken_deleted_and_retaken_reach_the_outbox_as_pdfs(
        rig: tuple[KioskRig, SimulatedDesk], tmp_path: Path) -> None:
    kiosk, desk = rig
    fingers, visit = kiosk.fingers, kiosk.window.visit
    _to_documents(kiosk)
    assert [s.status for s in visit.data.documents] == ["missing", "none"]
    fingers.tap("paper_continue")  # nothing laid yet: the screen says what is missing
    assert visit.stage == Stage.DOCUMENTS and visit.data.notice == "documents_missing"
    desk.lay(PLAIN)  # the citizen lays the original down: taken once it lies still
    wait_until(lambda: len(_pages(kiosk, 0)) == 1, 20, "the page taken by itself")
    kiosk.window.view.grabWindow().save(str(tmp_path / "documents-taken.png"))
    first = _pages(kiosk, 0)[0]
    fingers.tap("page_delete_0")  # the wrong paper: deleted
    assert _pages(kiosk, 0) == [] and kiosk.window.pages.pages((first,)) == []
    desk.lay(BUSY)  # the right one, on a busy desk
    wait_until(lambda: len(_pages(kiosk, 0)) == 1, 20, "the new page taken")
    fingers.tap("paper_1")  # the optional copy: the same sheet, taken at once
    fingers.tap("paper_black_white")  # a text page: black and white
    fingers.tap("paper_take")
    wait_until(lambda: len(_pages(kiosk, 1)) == 1, 20, "the page taken on the button")
    fingers.tap("paper_continue")
    submit_from_review(kiosk)
    [payload] = kiosk.submitted()
    assert [d["status"] for d in payload["documents"]] == ["attached", "attached"]
    records = [kiosk.outbox.wire(r) for r in kiosk.outbox.all_records()
               if str(r.kind) == "attachment"]
    files: dict[str, bytes] = {}
    for record in records:
        part = record["payload"]
        files[part["file"]] = files.get(part["file"], b"") + base64.b64decode(part["data"])
    assert set(files) == {"card-sheet", "doc-1", "doc-2"}
    for name in ("doc-1", "doc-2"):
        assert files[name].startswith(b"%PDF") and b"/MediaBox" in files[name]
    assert len(files["doc-1"]) < 400_000  # one cleaned A4 page in colour (JPEG)
    assert len(files["doc-2"]) < 60_000 and b"/DeviceGray" in files["doc-2"]  # 1 bit a pixel
    assert len(kiosk.window.pages) == 0  # the pictures left memory with the submission


def test_going_back_to_another_procedure_or_leaving_drops_the_pages(
        portrait: tuple[KioskRig, SimulatedDesk]) -> None:
    kiosk, desk = portrait
    fingers, visit = kiosk.fingers, kiosk.window.visit
    _to_documents(kiosk)
    desk.lay(PLAIN)
    wait_until(lambda: len(_pages(kiosk, 0)) == 1, 20, "the page taken by itself")
    fingers.tap("back")  # to the form: the page is kept for when the citizen returns
    wait_until(lambda: visit.stage == Stage.FORM, 5, "the form")
    assert len(kiosk.window.pages) == 1
    fingers.tap("back")  # to the procedures: another one asks for other papers
    wait_until(lambda: visit.stage == Stage.CHOOSE_PROCEDURE, 5, "the procedures")
    fingers.swipe_into_view("procedure_LLTP-PHIEU")
    fingers.tap("procedure_LLTP-PHIEU")
    wait_until(lambda: len(kiosk.window.pages) == 0, 5, "the page dropped")
    assert visit.data.documents == []
    # The visit wiped (the idle countdown ran out, or the session ended): the wiring
    # forgets every page it still holds.
    kiosk.window.pages.add(np.zeros((10, 10, 3), np.uint8))
    kiosk.window.presenter.effects.emit(visit.wipe())
    assert len(kiosk.window.pages) == 0


def test_the_documents_step_by_the_tactile_keypad_alone(
        portrait: tuple[KioskRig, SimulatedDesk]) -> None:
    """A citizen who cannot see the screen: the keypad reaches every control of the
    step (issue 21): the second paper chosen, a page taken with "take now", deleted,
    and the original chosen instead."""
    kiosk, desk = portrait
    visit = kiosk.window.visit
    _to_documents(kiosk)
    hands = KeypadHands(kiosk.window)
    desk.lay(BUSY)
    wait_until(lambda: len(_pages(kiosk, 0)) == 1, 20, "the page taken by itself")
    hands.focus("paper_1")
    hands.press("select")
    assert visit.data.document_index == 1
    hands.focus("paper_take")
    hands.press("select")
    wait_until(lambda: len(_pages(kiosk, 1)) == 1, 20, "the page taken on select")
    hands.focus("page_delete_0")
    hands.press("select")
    wait_until(lambda: _pages(kiosk, 1) == [], 5, "the page deleted")
    hands.focus("paper_original")
    hands.press("select")
    assert visit.data.documents[1].status == "original"
    hands.focus("paper_continue")
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.REVIEW, 5, "the review screen")


def test_papers_over_the_size_cap_are_left_for_the_counter_and_the_citizen_is_told(
        portrait: tuple[KioskRig, SimulatedDesk], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A visit's papers larger than the caps (docs/attachments.md): the submission still
    goes, without them, and the ticket screen says in Vietnamese (the visit's language)
    which papers to bring as originals. The visit's cap is lowered for the test, between
    the card data sheet (~210 KB) and it with a colour page (~450 KB): a real 12 MiB takes
    dozens of pages; everything else is the real path."""
    monkeypatch.setattr(attachments, "MAX_VISIT_BYTES", 300_000)
    kiosk, desk = portrait
    fingers, visit = kiosk.fingers, kiosk.window.visit
    _to_documents(kiosk)
    desk.lay(PLAIN)
    wait_until(lambda: len(_pages(kiosk, 0)) == 1, 20, "the page taken by itself")
    name = visit.data.documents[0].name_vi
    fingers.tap("paper_continue")
    submit_from_review(kiosk)
    [payload] = kiosk.submitted()
    assert payload["documents"][0]["status"] == "original"  # brought to the counter
    sent = {kiosk.outbox.wire(r)["payload"]["file"] for r in kiosk.outbox.all_records()
            if str(r.kind) == "attachment"}
    assert sent == {"card-sheet"}  # the chip's data sheet is small: it still goes
    assert visit.stage == Stage.TICKET and visit.data.too_large == ("doc-1",)
    notice = fingers.item("too_large_notice")
    wait_until(lambda: notice.isVisible(), 5, "the notice on the ticket screen")
    assert fingers.reachable(notice)
    words = str(notice.childItems()[0].property("text"))
    assert name in words and "quá lớn" in words and "mang bản gốc đến quầy" in words
    kiosk.window.view.grabWindow().save(str(tmp_path / "documents-too-large.png"))
    assert len(kiosk.window.pages) == 0
