"""Whole visits in the real window with real parts off the UI thread.

The chip is the emulated card reached in-process (LoopbackTransport: the APDUs a
reader would carry; pcscd is not needed here), the printer is the virtual printer
(``sim://``), the outbox is the real SQLite outbox with a leased ticket block. No
network: the sync worker is not started, so every visit completes offline and the
outbox grows. The QR camera is the one part posted by hand (its decoder has its own
tests): the test posts what the camera worker would.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Q_ARG, QMetaObject
from pytestqt.qtbot import QtBot

from kiosk.core.visit.machine import Stage
from kiosk.simulated.card import Faults
from kiosk.simulated.samples import build_card
from kiosk.sync.attachments import signature_valid
from kiosk.wire.keys import public_key_text
from tests.support.rig import KioskRig
from tests.support.touch import tap

# A card whose old addresses map one to one onto today's units: no ward to pick. (A card
# whose old ward was split takes one tap more, to choose: tests/visit/test_addresses.py.)
NAME = "le-hoang-bao-ngan"
PNG_FACE = bytes.fromhex("89504E470D0A1A0A") + bytes(64)  # a PNG signature: not a card's face


@pytest.fixture
def kiosk(tmp_path: Path, qapp: object) -> Iterator[KioskRig]:
    made = KioskRig(tmp_path, printer_url="sim://")
    yield made
    made.close()


def test_chip_visit_to_ticket_in_four_touches(kiosk: KioskRig, qtbot: QtBot) -> None:
    visit = kiosk.window.visit
    kiosk.lay_card(build_card(NAME))
    assert visit.stage == Stage.IDENTIFY  # the screen asks for the card's QR
    kiosk.show_qr(NAME)
    qtbot.waitUntil(lambda: visit.stage == Stage.CHOOSE_PROCEDURE, timeout=10000)
    qtbot.waitUntil(lambda: visit.data.face is not None, timeout=10000)
    assert visit.data.identity_source == "chip"
    # One swipe brings the procedure into view (a touch, but not an intention).
    codes = kiosk.window.procedures.codes()
    QMetaObject.invokeMethod(kiosk.window.item("procedure_list"), "positionViewAtIndex",
                             Q_ARG(int, codes.index("LLTP-PHIEU")), Q_ARG(int, 1))
    tap(kiosk.window, "procedure_LLTP-PHIEU")
    assert kiosk.window.item("field_full_name").property("text") == visit.data.identity.full_name  # type: ignore[union-attr]
    tap(kiosk.window, "action")
    tap(kiosk.window, "consent")
    tap(kiosk.window, "action")
    qtbot.waitUntil(lambda: visit.data.ticket_printed or visit.data.print_fallback,
                    timeout=10000)
    assert visit.data.ticket_printed, (visit.stage, visit.data.notice, kiosk.kinds())
    assert visit.stage == Stage.TICKET and visit.touches == 4
    assert kiosk.window.item("ticket_number").property("text") == "LL001"
    kinds = kiosk.kinds()
    parts = kinds.count("attachment")
    assert kinds == ["submission", *["attachment"] * parts, "ticket"] and parts >= 1
    records = [kiosk.outbox.wire(r) for r in kiosk.outbox.all_records()]
    submission, ticket = records[0], records[-1]
    # The counter sees how the chip proved the card genuine; submission and ticket
    # share a visit id that no later start of the kiosk can reuse.
    assert submission["payload"]["authenticity"]["passive"] in ("verified", "chain_unverified")
    # The chip's card data sheet goes with it, a PDF signed by this kiosk's key.
    sheet = b"".join(base64.b64decode(r["payload"]["data"]) for r in records[1:-1])
    first = records[1]["payload"]
    assert sheet.startswith(b"%PDF") and first["file"] == "card-sheet"
    assert submission["payload"]["files"] == [{"file": "card-sheet", "name": first["name"],
                                                "size": len(sheet), "sha256": first["sha256"]}]
    assert all(r["visit"] == submission["visit"] for r in records[1:-1])
    key = public_key_text(kiosk.outbox.identity.signing_key.public_key())
    assert signature_valid(sheet, first["signature"], key)
    assert submission["visit"] == ticket["visit"]
    assert submission["visit"].startswith("visit-") and len(submission["visit"]) == 38
    tap(kiosk.window, "action")
    tap(kiosk.window, "star_4")
    qtbot.waitUntil(lambda: kiosk.kinds()[-1:] == ["rating"], timeout=5000)
    assert visit.stage == Stage.DONE


def test_queue_number_offline_and_printer_out(tmp_path: Path, qapp: object,
                                               qtbot: QtBot) -> None:
    kiosk = KioskRig(tmp_path, printer_url="sim://?paper=out")
    try:
        visit = kiosk.window.visit
        tap(kiosk.window, "start")
        tap(kiosk.window, "choose_vi")
        tap(kiosk.window, "queue_only")
        qtbot.waitUntil(lambda: visit.data.print_fallback, timeout=10000)
        assert visit.stage == Stage.TICKET
        assert kiosk.window.item("print_notice").isVisible()
        qtbot.waitUntil(lambda: "device_health" in kiosk.kinds(), timeout=5000)
        assert kiosk.kinds() == ["ticket", "device_health"]  # nothing personal
    finally:
        kiosk.close()


def test_cloned_card_is_routed_to_a_counter(kiosk: KioskRig, qtbot: QtBot) -> None:
    visit = kiosk.window.visit
    kiosk.show_qr(NAME)
    kiosk.lay_card(build_card(NAME, faults=Faults(cloned=True)))
    qtbot.waitUntil(lambda: visit.stage == Stage.COUNTER, timeout=10000)
    assert visit.data.identity is None
    assert "stage_counter" in {kiosk.window.item("screen").property("item").objectName()}


def test_card_pulled_mid_read(kiosk: KioskRig, qtbot: QtBot) -> None:
    visit = kiosk.window.visit
    kiosk.show_qr(NAME)
    kiosk.lay_card(build_card(NAME, faults=Faults(pull_after=4)))
    qtbot.waitUntil(lambda: visit.stage == Stage.CARD_PULLED, timeout=10000)
    assert kiosk.outbox.depth() == 0


def test_malformed_face_keeps_the_identity(kiosk: KioskRig, qtbot: QtBot) -> None:
    """A DG2 image that is not JPEG/JPEG 2000: identity delivered, face marked unreadable."""
    visit = kiosk.window.visit
    kiosk.show_qr(NAME)
    kiosk.lay_card(build_card(NAME, face_image=PNG_FACE))
    qtbot.waitUntil(lambda: visit.data.face_unreadable, timeout=10000)
    assert visit.data.identity_source == "chip" and visit.data.identity is not None
    assert visit.data.face is None
    assert visit.stage == Stage.CHOOSE_PROCEDURE
    assert kiosk.window.presenter._view_map()["face_unreadable"] is True
    # the read completed: its authenticity (and why there is no photo) reaches the counter
    qtbot.waitUntil(lambda: kiosk.runner._authenticity is not None, timeout=10000)
    assert kiosk.runner._authenticity["face"] == "unreadable"  # type: ignore[index]
