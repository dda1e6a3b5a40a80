"""Background work and device callbacks reach the UI thread only through signals."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.errors import CardError, KioskError
from kiosk.core.models import FaceImage, Identity
from kiosk.devices.card.reader import ReaderEvent, ReaderEventKind
from kiosk.devices.card.service import AccessInputs, access_plan
from kiosk.devices.chip.card_session import read_card
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskFailedError, TaskRunner


def test_task_result_arrives_on_the_ui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    ui = threading.get_ident()
    seen: dict[str, object] = {}

    def op() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def success(value: int) -> None:
        seen["value"], seen["thread"] = value, threading.get_ident()

    runner.run(op, success, lambda exc: seen.setdefault("error", exc), name="answer")
    qtbot.waitUntil(lambda: "value" in seen, timeout=3000)
    assert seen["value"] == 42 and seen["thread"] == ui and seen["worker"] != ui
    assert runner.busy == 0


@pytest.mark.parametrize(("error", "kind"), [
    (CardError("The card could not be read."), CardError),
    (ZeroDivisionError("boom"), TaskFailedError),
])
def test_task_errors_come_back_typed(qtbot: QtBot, error: Exception, kind: type) -> None:
    runner = TaskRunner()
    failures: list[KioskError] = []

    def op() -> None:
        raise error

    runner.run(op, lambda _: None, failures.append, name="failing")
    qtbot.waitUntil(lambda: bool(failures), timeout=3000)
    assert isinstance(failures[0], kind)
    assert "boom" not in str(failures[0])  # a bug's message may hold personal data


def test_a_real_card_read_on_a_worker_reaches_slots_on_the_ui_thread(qtbot: QtBot) -> None:
    name = list_samples()[0]
    bridge = DeviceBridge()
    runner = TaskRunner()
    ui = threading.get_ident()
    got: list[tuple[str, object, int]] = []
    bridge.identity_ready.connect(
        lambda identity, ok: got.append(("identity", (identity, ok), threading.get_ident())))
    bridge.face_ready.connect(lambda face: got.append(("face", face, threading.get_ident())))
    plan = access_plan(AccessInputs(qr_text=load_sample(name).qr_text))
    listener = bridge.read_listener()
    runner.run(lambda: read_card(LoopbackTransport(build_card(name)), plan, listener=listener),
               lambda _: None, lambda exc: got.append(("error", exc, 0)), name="read")
    qtbot.waitUntil(lambda: len(got) >= 2, timeout=10000)
    kinds = [g[0] for g in got]
    assert kinds == ["identity", "face"]
    identity, ok = got[0][1]  # type: ignore[misc]
    assert isinstance(identity, Identity) and ok is True
    assert isinstance(got[1][1], FaceImage)
    assert all(thread == ui for _, _, thread in got)


def test_reader_events_become_signals(qtbot: QtBot) -> None:
    bridge = DeviceBridge()
    with qtbot.waitSignal(bridge.card_inserted, timeout=2000) as blocker:
        worker = threading.Thread(target=bridge.on_reader_event, args=(
            ReaderEvent(ReaderEventKind.CARD_INSERTED, "Virtual PCD 00 00", b"\x3b"),))
        worker.start()
    worker.join()
    assert blocker.args == ["Virtual PCD 00 00"]
