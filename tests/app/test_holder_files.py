"""A citizen taps their card again and the kiosk shows their files (issue 18).

The window is driven by finger taps (:mod:`tests.support.fingers`) and the card is laid
on the reader by the reader's own signal (:mod:`tests.support.rig`: the card emulator
answers the chip read). The look-up is the real one: :class:`HolderFilesLookup` signs
``POST /v1/kiosk/files`` to a real central process (SQLite) on 127.0.0.1, where another
kiosk submitted and a counter accepted the files. Offline is a port nobody listens on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.visit.machine import Stage
from kiosk.simulated.samples import load_sample
from kiosk.sync.holder_files import HolderFilesLookup
from kiosk.ui.kiosk.holder_watch import HolderFilesWatch
from tests.central.desk import CITIZEN, Kiosk, signed_in
from tests.support.central_servers import CentralProcess, free_port
from tests.support.fingers import wait_until
from tests.support.rig import SAMPLE, KioskRig

HOLDER = load_sample(SAMPLE)  # the citizen whose card the rig lays


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralProcess]:
    """A real central service with one file of the card's holder and one of someone else."""
    folder = tmp_path_factory.mktemp("central")
    server = CentralProcess(f"sqlite:///{folder}/central.db", folder)
    counter = Kiosk(server, folder / "counter", role="counter")
    session = signed_in(server, counter)
    for n, (citizen, procedure) in enumerate(((HOLDER, "CU-THUONGTRU"),
                                              (CITIZEN, "HT-KHAISINH"))):
        kiosk = Kiosk(server, folder / f"kiosk-{n}")
        submission = kiosk.submit(citizen, procedure=procedure)
        kiosk.push()
        made = counter.post("/v1/files", {"request_id": str(uuid.uuid4()), "session": session,
                                          "procedure": procedure, "submission": submission})
        assert made.status_code == 201, made.text
    yield server
    server.stop()


def _rig_with_lookup(tmp_path: Path, url: str, central: CentralProcess,
                     orientation: str = "portrait") -> KioskRig:
    rig = KioskRig(tmp_path, orientation)
    lobby = Kiosk(central, tmp_path / "lobby")
    rig.holder_lookup = HolderFilesLookup(url, lobby.ident, timeout=2.0)  # type: ignore[attr-defined]
    rig.holder_watch = HolderFilesWatch(  # type: ignore[attr-defined]
        rig.window.presenter, rig.window.holder_files, rig.tasks, rig.holder_lookup)  # type: ignore[attr-defined]
    return rig


def _texts(rig: KioskRig, name: str) -> str:
    return str(rig.fingers.item(name).property("text")).replace("\u00a0", " ")


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_card_holders_files_show_and_go_when_the_visit_ends(
        central: CentralProcess, tmp_path: Path, qapp: object, orientation: str) -> None:
    rig = _rig_with_lookup(tmp_path, central.url, central, orientation)
    fingers, visit = rig.fingers, rig.window.visit
    try:
        rig.lay_card()  # tapped on the attract screen; the kiosk asks for the card's QR
        wait_until(lambda: visit.stage == Stage.IDENTIFY, 5, "the identify screen")
        rig.show_qr()  # its CAN opens the chip, which gives the identity
        wait_until(lambda: visit.stage == Stage.CHOOSE_PROCEDURE, 10, "the procedures")
        wait_until(lambda: rig.window.holder_files.state == "shown", 10, "the files")
        rig.window.settle()
        row = fingers.item("holder_file_0")
        # on screen, above the procedures (not under the back button, not scrolled away)
        wait_until(lambda: fingers.reachable(row), 3, "the file's row on screen")
        assert row.mapToScene(row.boundingRect().bottomLeft()).y() < fingers.item(
            "back").mapToScene(fingers.item("back").boundingRect().topLeft()).y()
        assert not rig.window.has_item("holder_file_1")  # the other citizen's file: never
        step = _texts(rig, "holder_step_0")
        assert "Đã tiếp nhận" in step and "Đúng hạn" in step  # Vietnamese by default
        shown = str(row.property("Accessible.name") or "") + " " + step
        assert "Đăng ký thường trú" in str(rig.window.holder_files.files[0]["procedure"])
        assert HOLDER.id_number not in shown and HOLDER.full_name not in shown
        fingers.tap("queue_only")  # the way on: the visit never waited for the list
        wait_until(lambda: visit.stage == Stage.TICKET, 10, "the ticket")
        rig.window.presenter.restart()  # the visit ends (as the done screen's wipe does)
        wait_until(lambda: rig.window.holder_files.state == "", 5, "the list wiped")
        assert rig.window.holder_files.files == []
    finally:
        rig.close()
        rig.holder_lookup.close()  # type: ignore[attr-defined]


def test_offline_the_kiosk_says_so_and_the_visit_goes_on(
        central: CentralProcess, tmp_path: Path, qapp: object) -> None:
    rig = _rig_with_lookup(tmp_path, f"http://127.0.0.1:{free_port()}", central)
    fingers, visit = rig.fingers, rig.window.visit
    try:
        fingers.tap("start")
        fingers.tap("choose_en")
        rig.show_qr()  # the card's QR alone, on the welcome screen, in English
        wait_until(lambda: visit.stage == Stage.CHOOSE_PROCEDURE, 10, "the procedures")
        wait_until(lambda: rig.window.holder_files.state == "unavailable", 10, "offline")
        rig.window.settle()
        note = fingers.item("holder_note")
        assert fingers.reachable(note)
        assert "cannot be fetched right now" in _texts(rig, "holder_note")
        fingers.tap("back")  # back to the language screen, then to the start
        fingers.tap("back")
        wait_until(lambda: visit.stage == Stage.ATTRACT, 5, "the attract screen")
        assert rig.window.holder_files.state == ""
    finally:
        rig.close()
        rig.holder_lookup.close()  # type: ignore[attr-defined]
