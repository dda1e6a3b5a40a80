"""The ticket's people ahead and estimated wait, asked of a real central service.

A real central service process on 127.0.0.1 (SQLite) holds the day's records: tickets
issued by an enrolled kiosk, calls and services by an enrolled counter, all signed and
pushed the production way. The kiosk window then runs a whole queue-number visit with
the real effect runner, the virtual printer and :class:`QueuePositionLookup`; the
screen and the printed document are read back. With the central service down the
ticket still prints, and both send the citizen to the hall's display.
"""

from __future__ import annotations

import datetime as dt
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.config import CenterConfig
from kiosk.core.procedures import load_catalog
from kiosk.core.resources import asset
from kiosk.core.visit.machine import Stage
from kiosk.devices.printer.document import Document, Pair, Text
from kiosk.devices.printer.service import PrintOutcome, ReceiptPrinter
from kiosk.slips.layouts import TEMPLATE_DIR
from kiosk.sync.queue_position import (
    QueuePositionLookup,
    estimate,
    mean_service_minutes,
    people_ahead,
    service_minutes,
)
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.kiosk.wiring import EffectRunner
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskRunner
from tests.support.central_servers import CentralProcess, free_port
from tests.support.enrolled_devices import Device, scenario_start
from tests.support.shown import shown
from tests.support.touch import tap

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1

CENTER = "HCM-01"
QR_PICTURES = asset("qr")
T0 = scenario_start(50)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


class RecordingPrinter(ReceiptPrinter):
    """The virtual printer (sim://), keeping each document it was asked to print."""

    def __init__(self) -> None:
        super().__init__("sim://")
        self.documents: list[Document] = []

    def print_document(self, document: Document) -> PrintOutcome:
        self.documents.append(document)
        return super().print_document(document)


def printed_lines(document: Document) -> list[str]:
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, Text):
            lines.append(block.text)
        elif isinstance(block, Pair):
            lines.append(f"{block.label}: {block.value}")
    return lines


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralProcess]:
    server = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    yield server
    server.stop()


@pytest.fixture
def kiosk(central: CentralProcess, tmp_path: Path) -> Iterator[Device]:
    device = Device(central, tmp_path / "kiosk", CENTER)
    yield device
    device.close()


@pytest.fixture
def counter(central: CentralProcess, tmp_path: Path) -> Iterator[Device]:
    device = Device(central, tmp_path / "counter", CENTER, role="counter")
    yield device
    device.close()


def _history(kiosk: Device, counter: Device) -> None:
    """Six TQ tickets; counter 1 served the first three in 4, 6 and 8 minutes."""
    for n in range(6):
        kiosk.issue("TQ", visit=f"v{n}", now=at(n))
    for number, called, served in ((1, 10, 14), (2, 14, 20), (3, 20, 28)):
        counter.event("called", "TQ", number, "1", now=at(called))
        counter.event("served", "TQ", number, now=at(served))
    kiosk.push()
    counter.push()


class Screen:
    """The kiosk window with the real effect runner around a lookup and a printer."""

    def __init__(self, device: Device, lookup: QueuePositionLookup) -> None:
        self.window = KioskWindow(load_catalog(), CenterConfig(code=CENTER), "portrait")
        self.window.view.show()
        self.printer = RecordingPrinter()
        self.tasks = TaskRunner()
        self.runner = EffectRunner(
            self.window.presenter, DeviceBridge(), self.tasks,
            connect_card=lambda: pytest.fail("no card in a queue-number visit"),
            printer=self.printer, outbox=device.outbox, desk=device.desk,
            center=CenterConfig(code=CENTER), status_base_url=device.central.url,
            queue_position=lookup, serving_counters=lookup.counters)

    def take_number(self, qtbot: QtBot, language: str) -> dict[str, Any]:
        visit = self.window.visit
        tap(self.window, "start")
        tap(self.window, f"choose_{language}")
        tap(self.window, "queue_only")
        qtbot.waitUntil(lambda: visit.data.ticket_printed or visit.data.print_fallback,
                        timeout=15000)
        assert visit.stage == Stage.TICKET and visit.data.ticket_printed
        self.window.settle()
        return dict(self.window.presenter.property("view")["ticket"])

    def text(self, name: str) -> str:
        return shown(self.window.item(name))

    def close(self) -> None:
        self.tasks.wait()
        self.window.close()


def test_people_ahead_and_wait_from_the_central_service(
        central: CentralProcess, kiosk: Device, counter: Device, qapp: object,
        qtbot: QtBot) -> None:
    _history(kiosk, counter)
    lookup = QueuePositionLookup(central.url, kiosk.identity, CENTER)
    screen = Screen(kiosk, lookup)
    try:
        ticket = screen.take_number(qtbot, "en")
        # TQ004..TQ006 wait; the new TQ007 has not reached the central service yet
        assert ticket["number"] == "TQ007"
        assert (ticket["ahead"], ticket["wait"]) == (3, 18)  # 3 × mean(4, 6, 8) minutes
        assert lookup.last is not None and lookup.last.basis == "history"
        assert screen.text("ticket_position") == (
            "People ahead of you: 3\nEstimated wait: about 18 minutes")
        lines = printed_lines(screen.printer.documents[-1])
        assert "Đang chờ / Ahead: 3" in lines and "Chờ khoảng / Wait: 18 min" in lines

        # once delivered, the ticket is on the board: still three ahead of it, not four
        kiosk.push()
        assert lookup("TQ", 7) == (3, 18)
    finally:
        screen.close()
        lookup.close()


def _staff_signed_in(central: CentralProcess, counter: Device, desk: str,
                     services: tuple[str, ...]) -> None:
    """A staff member handling ``services`` signs in at counter number ``desk``."""
    from kiosk.central.staff import StaffDirectory
    from kiosk.central.storage import Database
    from kiosk.central.vault import Vault
    from tests.support.central_servers import key_file_of

    db = Database(central.database_url, pool_size=1)
    try:
        StaffDirectory(db, Vault.load(key_file_of(central), create=False)).add(
            "quay", "Nhân Viên Thử", services, "482913", center=counter.center)
    finally:
        db.close()
    counter.client._call("POST", "/v1/staff/sign-in",
                         {"user": "quay", "pin": "482913", "counter": desk})


def test_the_ticket_names_the_counters_serving_its_queue(
        central: CentralProcess, kiosk: Device, counter: Device, qapp: object,
        qtbot: QtBot) -> None:
    """Counter 1 called TQ tickets today; at counter 3 a TQ clerk has just signed in."""
    _history(kiosk, counter)
    _staff_signed_in(central, counter, "3", ("TQ", "HT"))
    lookup = QueuePositionLookup(central.url, kiosk.identity, CENTER)
    screen = Screen(kiosk, lookup)
    try:
        ticket = screen.take_number(qtbot, "vi")
        assert ticket["counter"] == "1, 3"
        assert screen.text("ticket_counter").replace("\xa0", " ") == "Mời đến quầy số 1, 3"
        assert "Quầy / Counter: 1, 3" in printed_lines(screen.printer.documents[-1])
        assert lookup.counters("HT") == "3" and lookup.counters("KD") == ""
    finally:
        screen.close()
        lookup.close()


def test_without_history_the_catalog_minutes_are_used(central: CentralProcess,
                                                      kiosk: Device) -> None:
    for n in range(2):
        kiosk.issue("HT", visit=f"h{n}", now=at(n))
    kiosk.push()
    lookup = QueuePositionLookup(central.url, kiosk.identity, CENTER)
    try:
        found = lookup.position("HT", 99)
        assert found is not None and found.basis == "default"
        assert (found.ahead, found.wait_minutes) == (2, 2 * int(service_minutes()["HT"]))
        assert lookup("KD", 1) == (0, 0)  # an empty queue: nobody ahead
    finally:
        lookup.close()


def test_central_down_the_ticket_prints_and_points_to_the_hall_display(
        tmp_path: Path, central: CentralProcess, kiosk: Device, qapp: object,
        qtbot: QtBot) -> None:
    kiosk.issue("TQ")  # the lease is taken while the central service is up
    central.stop()
    lookup = QueuePositionLookup(central.url, kiosk.identity, CENTER)
    started = time.monotonic()
    assert lookup("TQ", 2) is None
    assert time.monotonic() - started < 5  # the short timeout, never a long wait
    nowhere = QueuePositionLookup(f"http://127.0.0.1:{free_port()}", kiosk.identity, CENTER)
    screen = Screen(kiosk, nowhere)
    try:
        ticket = screen.take_number(qtbot, "vi")
        assert ticket["ahead"] is None and ticket["wait"] is None
        assert screen.text("ticket_position") == (
            "Số người chờ trước bạn được hiển thị trên màn hình tại sảnh.")
        assert ticket["counter"] == ""  # nobody could say which counters serve it
        assert screen.text("ticket_counter").replace("\xa0", " ").startswith(
            "Mời theo dõi màn hình tại sảnh")
        lines = printed_lines(screen.printer.documents[-1])
        assert "Số người chờ: xem màn hình tại sảnh" in lines
        assert "Quầy / Counter: Xem màn hình / See the display" in lines
        assert not any(line.startswith("Đang chờ") for line in lines)
    finally:
        screen.close()
        lookup.close()
        nowhere.close()


def test_estimates_from_board_and_statistics() -> None:
    board = {"services": [{"service": "TQ", "waiting": 4, "next": ["TQ004", "TQ005", "TQ009"]}],
             "recent_calls": [{"counter": "1", "service": "TQ"},
                              {"counter": "2", "service": "HT"}]}
    stats = {"counters": [{"counter": "1", "served": 2, "avg_handling_min": 5.0},
                          {"counter": "2", "served": 9, "avg_handling_min": 20.0},
                          {"counter": "3", "served": 1, "avg_handling_min": 2.0}]}
    assert people_ahead(board, "TQ", 9) == 2  # listed: those before it
    assert people_ahead(board, "TQ", 12) == 4  # not there yet: every waiting ticket
    assert people_ahead(board, "CU", 1) == 0
    assert people_ahead({}, "TQ", 1) is None
    assert mean_service_minutes(board, stats, "TQ") is None  # 2 served: too few to trust
    stats["counters"][0]["served"] = 3
    assert mean_service_minutes(board, stats, "TQ") == 5.0  # counter 2 serves HT
    found = estimate(board, stats, "TQ", 12, {"": 8.0})
    assert found is not None and (found.ahead, found.wait_minutes, found.basis) == (
        4, 20, "history")
    fallback = estimate(board, {}, "TQ", 12, {"": 8.0, "TQ": 2.5})
    assert fallback is not None and (fallback.wait_minutes, fallback.basis) == (10, "default")


def test_the_offline_ticket_template_differs_only_in_the_position() -> None:
    def blocks(name: str) -> list[dict[str, Any]]:
        data = tomllib.loads((TEMPLATE_DIR / f"{name}.toml").read_text(encoding="utf-8"))
        return list(data["block"])

    full, offline = blocks("ticket"), blocks("ticket_no_position")
    position = [b for b in full if b["type"] == "pair"
                and ("{people_ahead}" in b["value"] or "{wait_minutes}" in b["value"])]
    assert len(position) == 2
    at_ = full.index(position[0])
    replaced = offline[at_:at_ + 2]
    assert [b["type"] for b in replaced] == ["text", "text"]
    assert offline[:at_] + offline[at_ + 2:] == [b for b in full if b not in position]


def test_kiosk_run_asks_the_position_and_shows_the_printed_slip(
        tmp_path: Path, qapp: object, qtbot: QtBot) -> None:
    """``kiosk run`` wiring: its embedded central answers; the slip picture reaches the screen."""
    from dataclasses import replace

    from kiosk.core.config import AudioConfig, CameraConfig, KioskConfig, SyncConfig
    from kiosk.demo.central import demo_central
    from kiosk.ui.kiosk.run import KioskRun

    config = replace(KioskConfig(), sync=replace(SyncConfig(), data_dir=str(tmp_path)),
                     camera=replace(CameraConfig(), source=f"sim:{QR_PICTURES}"),
                     audio=AudioConfig(player="none"))
    kiosk = KioskRun(config, central=demo_central(config, role="kiosk"))
    kiosk.start(fullscreen=False)
    try:
        qtbot.waitUntil(lambda: kiosk.effects is not None, timeout=30000)
        assert kiosk.sync is not None and kiosk.queue_lookup is not None
        qtbot.waitUntil(lambda: kiosk.sync is not None and kiosk.sync.desk.remaining("TQ") > 0,
                        timeout=15000)
        visit = kiosk.window.visit
        tap(kiosk.window, "start")
        tap(kiosk.window, "choose_vi")
        tap(kiosk.window, "queue_only")
        qtbot.waitUntil(lambda: visit.data.ticket_printed, timeout=15000)
        assert visit.data.ticket is not None and visit.data.ticket.people_ahead == 0
        assert visit.data.ticket.wait_minutes == 0
        qtbot.waitUntil(lambda: bool(kiosk.window.presenter.property("slip_preview")),
                        timeout=5000)
        url = str(kiosk.window.presenter.property("slip_preview"))
        assert url.startswith("file://") and url.endswith("slips/slip-0001.png")
        kiosk.window.settle()
        assert kiosk.window.item("slip_preview").isVisible()
        assert str(kiosk.window.item("ticket_position").property("text")) == (
            "Không có ai chờ trước bạn.")
        tap(kiosk.window, "action")  # the rating screen: the slip picture is forgotten
        assert kiosk.window.presenter.property("slip_preview") == ""
    finally:
        kiosk.close()
