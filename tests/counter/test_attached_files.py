"""The chip's card data sheet at the counter: listed with the submission, opened, its
kiosk signature checked (verified, or NOT verified when a byte differs), and gone with
the citizen.

A real central process (uvicorn on 127.0.0.1), a kiosk device pushing its records the
production way, the counter window driven by mouse clicks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.file_code import file_code
from kiosk.core.models import FaceImage, Identity
from kiosk.devices.documents.card_sheet import SHEET_NAME, sheet_pdf
from kiosk.devices.documents.enhance import clean, flatten
from kiosk.devices.documents.page import find_page
from kiosk.devices.documents.pdf import make_pdf
from kiosk.simulated.document_photos import scene
from kiosk.simulated.samples import list_samples, load_sample
from kiosk.sync.attachments import Attachment, append_files, sign
from kiosk.wire.protocol import RecordKind
from tests.support.enrolled_devices import Device
from tests.support.shown import plain

from .harness import Counter

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

SAMPLE = load_sample(list_samples()[0])


def _sheet(kiosk: Device, tamper: bool) -> Attachment:
    identity = Identity(id_number=SAMPLE.id_number, full_name=SAMPLE.full_name,
                        date_of_birth=SAMPLE.date_of_birth, sex=SAMPLE.sex,
                        place_of_residence=SAMPLE.place_of_residence,
                        issue_date=SAMPLE.issue_date, expiry_date=SAMPLE.expiry_date)
    face = FaceImage(SAMPLE.face_format, 0, 0, SAMPLE.face_bytes())
    pdf = sheet_pdf(identity, face, {"passive": "verified", "active": "verified",
                                     "chip": "not_supported"},
                    kiosk.identity.device_id, dt.datetime.now(dt.UTC))
    signature = sign(pdf, kiosk.identity.signing_key)
    if tamper:  # one byte of the PDF changed after the kiosk signed it
        pdf = pdf[:-40] + bytes([pdf[-40] ^ 0x20]) + pdf[-39:]
    return Attachment("card-sheet", SHEET_NAME, "application/pdf", pdf, signature)


def _paper() -> Attachment:
    """A paper the documents step took: a synthetic photo, flattened and cleaned."""
    photo = scene(2003)
    page = clean(flatten(photo.photo, find_page(photo.photo)))  # type: ignore[arg-type]
    name = "Bản chính giấy tờ cần chứng thực / Original document to certify"
    return Attachment("doc-1", name, "application/pdf", make_pdf([page], name))


def _submit(kiosk: Device, visit: str, tamper: bool) -> None:
    citizen = {"id_number": SAMPLE.id_number, "full_name": SAMPLE.full_name,
               "identified_by": "chip"}
    sheet = _sheet(kiosk, tamper)
    paper = _paper()
    with kiosk.outbox.transaction() as conn:
        kiosk.outbox.append(conn, RecordKind.SUBMISSION, {
            "procedure": "CT-BANSAO", "citizen": citizen, "form": {}, "language": "vi",
            "file_code": file_code(visit),
            "authenticity": {"passive": "verified", "active": "verified", "chip": "not_run"},
            "files": [{"file": sheet.file, "name": sheet.name, "size": len(sheet.data),
                       "sha256": sheet.sha256}]}, visit)
        append_files(kiosk.outbox, conn, visit, [sheet, paper])
    while kiosk.push():
        pass


def _open(counter: Counter, qtbot: QtBot) -> dict[str, object]:
    counter.click("file_card-sheet")
    qtbot.waitUntil(lambda: "name" in counter.presenter.file_view, timeout=15000)
    counter.window.settle()
    return dict(counter.presenter.file_view)


def test_the_sheet_is_verified_and_a_tampered_one_is_not(
        counter: Counter, kiosk: Device, qtbot: QtBot, tmp_path: Path) -> None:
    _submit(kiosk, "visit-sheet-bad", tamper=True)
    _submit(kiosk, "visit-sheet-good", tamper=False)  # the newest: shown first
    counter.sign_in()
    qtbot.waitUntil(lambda: counter.presenter.signed_in, timeout=10000)
    counter.show_qr(SAMPLE.qr_text)
    qtbot.waitUntil(lambda: counter.presenter.lookup_state == "found", timeout=10000)
    assert counter.presenter.citizen["file_code"] == file_code("visit-sheet-good")
    assert [f["file"] for f in counter.presenter.citizen["files"]] == ["card-sheet", "doc-1"]
    view = _open(counter, qtbot)
    assert view["signature"] == "verified" and view["name"] == SHEET_NAME
    assert len(view["pages"]) == 1 and str(view["pages"][0]).startswith("data:image/png")
    seal = counter.window.item("file_signature")
    assert plain(str(seal.property("sealText"))).startswith("Chữ ký ki-ốt hợp lệ")
    page = counter.window.item("file_page_0")  # the page drawn, as wide as the viewer
    qtbot.waitUntil(lambda: page.isVisible() and page.property("paintedHeight")
                    > page.property("width"), timeout=10000)
    counter.window.view.grabWindow().save(str(tmp_path / "counter-sheet-verified.png"))
    counter.click("file_close")
    assert counter.presenter.file_view == {}
    counter.click("file_doc-1")  # the paper taken at the kiosk: its page, drawn
    qtbot.waitUntil(lambda: counter.presenter.file_view.get("name", "").startswith(
        "Bản chính"), timeout=15000)
    assert counter.presenter.file_view["signature"] == "unsigned"
    assert len(counter.presenter.file_view["pages"]) == 1
    counter.window.settle()
    drawn = counter.window.item("file_page_0")
    qtbot.waitUntil(lambda: drawn.property("paintedHeight") > drawn.property("width"),
                    timeout=10000)
    counter.window.view.grabWindow().save(str(tmp_path / "counter-paper.png"))
    counter.click("file_close")
    counter.click("history_1")  # the other submission: its sheet was changed after signing
    view = _open(counter, qtbot)
    assert view["signature"] == "not_verified"
    assert plain(str(counter.window.item("file_signature").property("sealText"))).startswith(
        "Chữ ký KHÔNG hợp lệ")
    counter.window.view.grabWindow().save(str(tmp_path / "counter-sheet-not-verified.png"))
    counter.click("clear_citizen")  # the citizen leaves: nothing of theirs stays
    assert counter.presenter.file_view == {} and counter.presenter.opened is None
