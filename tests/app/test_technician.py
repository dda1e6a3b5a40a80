"""The technician's way in, menu and live diagnostics, in the real kiosk window (offscreen).

Nothing is mocked: the PIN gate hashes with scrypt, the checks are the real diagnostics
runner on the simulated devices (virtual printer, pcscd + vpcd with the card emulator,
a central URL nobody listens on), the health report goes through a real outbox and sync
worker to a real central service over HTTP.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QCoreApplication, QPointF, Qt, QTimer
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.config import (
    CameraConfig,
    KioskConfig,
    PrinterConfig,
    ReaderConfig,
    SyncConfig,
    TechnicianConfig,
)
from kiosk.core.errors import NoCardError
from kiosk.core.visit.events import QrDecoded
from kiosk.core.visit.machine import Stage
from kiosk.demo.central import demo_central
from kiosk.devices.card.reader import connect_card
from kiosk.devices.card.service import AccessInputs, access_plan
from kiosk.devices.chip.card_session import read_card
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.diagnostics.technician_pin import DEV_PIN, LOCKOUT_S, MAX_ATTEMPTS, make_pin_hash
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.simulated.vpcd_slot import virtual_card
from kiosk.sync.client import CentralClient
from kiosk.sync.errors import PermanentSyncError
from kiosk.ui.kiosk.audio.focus_speech import describe
from kiosk.ui.kiosk.run import KioskRun
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.qt.tasks import TaskRunner
from kiosk.ui.technician.presenter import ARM_S
from kiosk.ui.technician.wiring import TechnicianWiring
from tests.app.conftest import ManualClock
from tests.support.keypad import KeypadHands

# every technician screen, gestures held and PIN lockouts, in both orientations
pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PIN = "135790"
PIN_HASH = make_pin_hash(PIN)  # once: scrypt takes a moment
SPARE_READER = "Virtual PCD 00 01"  # the diagnostics tests' reader (card socket 35964)
SPARE_PORT = 35964


def _config(tmp_path: Path, **sections: object) -> KioskConfig:
    config = KioskConfig(
        reader=ReaderConfig(name=SPARE_READER),
        camera=CameraConfig(source="sim:qr"),
        printer=PrinterConfig(url="sim://"),
        sync=SyncConfig(data_dir=str(tmp_path / "data"), central_url="http://127.0.0.1:9"),
        technician=TechnicianConfig(pin_hash=PIN_HASH),
    )
    return replace(config, **sections)  # type: ignore[arg-type]


class Kiosk:
    """A kiosk window with its technician wiring, as the running app builds it."""

    def __init__(self, window: KioskWindow, config: KioskConfig, clock: ManualClock,
                 fullscreen: bool = False, families: tuple[str, ...] = ()) -> None:
        self.window = window
        self.tasks = TaskRunner()
        self.quits = 0
        extra = {"families": families} if families else {}
        self.wiring = TechnicianWiring(window, config, self.tasks, quit_app=self._quit,
                                       fullscreen=lambda: fullscreen, clock=clock, **extra)
        self.tech = self.wiring.presenter
        window.settle()

    def _quit(self) -> None:
        self.quits += 1
        QCoreApplication.quit()

    def tap(self, name: str) -> None:
        """Touch the middle of the item named ``name`` as a finger would."""
        self.window.settle()
        item = self.window.item(name)
        assert item.isVisible(), name
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
        QTest.mouseClick(self.window.view, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, centre)
        self.window.settle()

    def type_pin(self, qtbot: QtBot, pin: str) -> None:
        """Tap the PIN's digits and ✓, and wait for the check (off the UI thread)."""
        for key in pin:
            self.tap(f"pin_key_{key}")
        self.tap("pin_key_ok")
        qtbot.waitUntil(lambda: not self.tech.checking, timeout=10000)
        self.window.settle()

    def open_pin_pad(self) -> None:
        """The gesture without its three-second hold (the hold has its own test)."""
        self.tech.hold_done()
        self.tap("technician_corner")
        assert self.tech.mode == "pin"

    def text(self, name: str) -> str:
        return str(self.window.item(name).property("text"))

    def close(self) -> None:
        self.tasks.wait()
        self.wiring.close()


@pytest.fixture
def kiosk(window: KioskWindow, clock: ManualClock, tmp_path: Path) -> Iterator[Kiosk]:
    k = Kiosk(window, _config(tmp_path), clock)
    yield k
    k.close()


def _start_visit_with_identity(window: KioskWindow) -> None:
    p = window.presenter
    p.start()
    p.choose_language("vi")
    p.choose_procedure("HT-XNHONNHAN")
    p.post(QrDecoded(parse_cccd_qr(load_sample(list_samples()[0]).qr_text, strict=False)))
    window.settle()
    assert window.visit.data.qr_identity is not None


# -- the way in ------------------------------------------------------------------------

def test_gesture_hold_then_corner_opens_the_pin_pad(kiosk: Kiosk, clock: ManualClock) -> None:
    window = kiosk.window
    # Without the hold the corner is the language switch, as for every citizen.
    kiosk.tap("switch_en")
    assert window.visit.language == "en" and kiosk.tech.mode == ""
    assert not window.item("technician_corner").isVisible()
    # A short press on the emblem does not arm anything.
    hold = window.item("technician_hold")
    centre = hold.mapToScene(QPointF(hold.width() / 2, hold.height() / 2)).toPoint()
    QTest.mouseClick(window.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     centre)
    window.settle()
    assert not kiosk.tech.armed
    # Hold three seconds, let go, tap the top-right corner: the PIN pad.
    QTest.mousePress(window.view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     centre)
    window.settle(3300)
    QTest.mouseRelease(window.view, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, centre)
    window.settle()
    assert kiosk.tech.armed
    kiosk.tap("technician_corner")
    assert kiosk.tech.mode == "pin"
    assert window.item("pin_pad").isVisible()
    assert kiosk.text("pin_message") == "Enter the technician PIN, then ✓"
    kiosk.tap("pin_cancel")
    assert kiosk.tech.mode == "" and window.visit.language == "en"
    # Armed but too late: the corner tap does nothing.
    kiosk.tech.hold_done()
    clock.now += ARM_S + 0.5
    kiosk.tech.corner_tapped()
    assert kiosk.tech.mode == ""


def test_wrong_pins_are_refused_then_locked_out(kiosk: Kiosk, clock: ManualClock,
                                                qtbot: QtBot) -> None:
    _start_visit_with_identity(kiosk.window)
    kiosk.open_pin_pad()
    kiosk.tap("pin_key_1")
    kiosk.tap("pin_key_2")
    assert kiosk.tech.pin_length == 2
    assert "1" not in kiosk.text("pin_message")  # only dots show, never the digits
    kiosk.tap("pin_key_erase")
    assert kiosk.tech.pin_length == 1
    kiosk.tap("pin_key_erase")
    for attempt in range(1, MAX_ATTEMPTS):
        kiosk.type_pin(qtbot, "0000")
        assert kiosk.tech.mode == "pin" and kiosk.tech.pin_message == "wrong"
        assert kiosk.text("pin_message") == (
            f"Sai mã PIN. Còn {MAX_ATTEMPTS - attempt} lần thử trước khi khóa 5 phút.")
    # The visit under the pad is untouched by wrong PINs.
    assert kiosk.window.visit.data.qr_identity is not None
    kiosk.type_pin(qtbot, "0000")
    assert kiosk.tech.pin_message == "locked"
    assert kiosk.text("pin_message") == "Nhập sai quá nhiều lần: đã khóa. Thử lại sau 5:00."
    # Locked: the keys take nothing, and even the right PIN is refused.
    kiosk.tap("pin_key_1")
    assert kiosk.tech.pin_length == 0
    assert str(kiosk.wiring.gate.attempt(PIN).verdict) == "locked"
    clock.now += LOCKOUT_S / 2
    kiosk.tech.touched()  # a technician watching the countdown keeps the pad open
    kiosk.tech.tick()
    kiosk.window.settle()
    assert kiosk.text("pin_message").endswith("2:30.")
    clock.now += LOCKOUT_S / 2 + 1
    kiosk.tech.touched()
    kiosk.tech.tick()
    assert kiosk.tech.pin_message == ""
    kiosk.type_pin(qtbot, PIN)
    assert kiosk.tech.mode == "menu"


def test_right_pin_opens_the_menu_and_wipes_the_visit(kiosk: Kiosk, qtbot: QtBot) -> None:
    window = kiosk.window
    _start_visit_with_identity(window)
    assert window.visit.stage != Stage.ATTRACT
    kiosk.open_pin_pad()
    kiosk.type_pin(qtbot, PIN)
    assert kiosk.tech.mode == "menu"
    assert window.item("technician_menu").isVisible()
    # The citizen's visit is gone before the technician sees anything.
    assert window.visit.stage == Stage.ATTRACT
    assert window.visit.data.qr_identity is None and window.visit.data.form is None
    for name in ("tech_diagnostics", "tech_citizen", "tech_exit"):
        assert window.item(name).isVisible()
    kiosk.tap("tech_citizen")
    assert kiosk.tech.mode == ""
    assert not window.item("technician_panel").isVisible()


def test_left_alone_the_menu_closes_itself(kiosk: Kiosk, clock: ManualClock,
                                           qtbot: QtBot) -> None:
    kiosk.open_pin_pad()
    kiosk.type_pin(qtbot, PIN)
    assert kiosk.tech.mode == "menu"
    clock.now += 181
    kiosk.tech.tick()
    assert kiosk.tech.mode == ""
    kiosk.open_pin_pad()
    clock.now += 31
    kiosk.tech.tick()
    assert kiosk.tech.mode == ""


def test_without_a_pin_hash_full_screen_cannot_open_the_menu(
        window: KioskWindow, clock: ManualClock, tmp_path: Path, qtbot: QtBot) -> None:
    config = _config(tmp_path, technician=TechnicianConfig(pin_hash=""))
    locked = Kiosk(window, config, clock, fullscreen=True)
    try:
        locked.open_pin_pad()
        assert locked.tech.pin_message == "not_set"
        assert "kiosk diag pin-hash" in locked.text("pin_message")
        locked.tap("pin_key_2")
        assert locked.tech.pin_length == 0  # the keys are dead
        locked.tech.submit_pin()
        assert locked.tech.mode == "pin"
        locked.tap("pin_cancel")
    finally:
        locked.close()


def test_a_development_window_without_a_pin_hash_takes_the_dev_pin(
        window: KioskWindow, clock: ManualClock, tmp_path: Path, qtbot: QtBot) -> None:
    config = _config(tmp_path, technician=TechnicianConfig(pin_hash=""))
    dev = Kiosk(window, config, clock, fullscreen=False)
    try:
        dev.open_pin_pad()
        assert DEV_PIN in dev.text("pin_message")
        dev.type_pin(qtbot, DEV_PIN)
        assert dev.tech.mode == "menu"
    finally:
        dev.close()


def test_exit_quits_the_app_loop(kiosk: Kiosk, qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert app is not None
    _start_visit_with_identity(kiosk.window)

    def technician_exits() -> None:
        kiosk.open_pin_pad()
        kiosk.type_pin(qtbot, PIN)
        kiosk.tap("tech_exit")

    QTimer.singleShot(0, technician_exits)
    safety = QTimer()  # a safety net (the test fails with 3), stopped once the loop is over
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: app.exit(3))
    safety.start(30000)
    try:
        code = app.exec()
    finally:
        safety.stop()
    assert code == 0
    assert kiosk.quits == 1
    assert kiosk.window.visit.stage == Stage.ATTRACT
    assert kiosk.window.visit.data.qr_identity is None


# -- diagnostics -------------------------------------------------------------------------

def _open_diagnostics(k: Kiosk, qtbot: QtBot) -> None:
    k.open_pin_pad()
    k.type_pin(qtbot, PIN)
    k.tap("tech_diagnostics")
    assert k.tech.mode == "diagnostics"
    qtbot.waitUntil(lambda: not k.tech.busy and k.tech.runs > 0, timeout=60000)
    k.window.settle()


def _reader_empty() -> bool:
    try:
        connect_card(SPARE_READER, timeout=0.2).close()
    except NoCardError:
        return True
    return False


def _badge(k: Kiosk, name: str) -> str:
    badge = k.window.item(f"status_{name}")
    return str(badge.property("status"))


@pytest.mark.pcsc
def test_diagnostics_show_the_real_checks_with_advice(
        pcscd_readers: list[str], window: KioskWindow, clock: ManualClock, tmp_path: Path,
        qtbot: QtBot) -> None:
    config = _config(tmp_path, printer=PrinterConfig(url="sim://?paper=out"),
                     reader=ReaderConfig(name="ACS ACR1252 Dual Reader"))
    k = Kiosk(window, config, clock)
    try:
        _open_diagnostics(k, qtbot)
        assert window.item("diagnostics").isVisible()
        # printer out of paper (the virtual printer's status bytes say so)
        assert _badge(k, "printer.paper") == "failed"
        assert k.text("advice_printer.paper") == "Lắp cuộn giấy mới vào máy in."
        # no such reader on the PC/SC service
        assert _badge(k, "reader.device") == "failed"
        assert "đầu đọc" in k.text("advice_reader.device")
        # the central service does not answer
        assert _badge(k, "central.reachable") == "failed"
        assert "mạng" in k.text("advice_central.reachable")
        # and what works shows as working
        assert _badge(k, "system.versions") == "ok"
        assert _badge(k, "camera.decode") == "ok"
        names = [row["name"] for row in k.tech.checks]
        assert names[:2] == ["reader.service", "reader.device"]
        # The technician reads the advice in their language.
        window.presenter.switch_language("en")
        window.settle()
        assert k.text("advice_printer.paper") == "Load a new paper roll."
        assert k.text("advice_central.reachable").startswith("The central service cannot")
    finally:
        k.close()


@pytest.mark.pcsc
def test_rerun_runs_the_check_again_and_the_apdu_log_shows_a_real_read_masked(
        pcscd_readers: list[str], window: KioskWindow, clock: ManualClock, tmp_path: Path,
        qtbot: QtBot) -> None:
    k = Kiosk(window, _config(tmp_path), clock, families=("reader", "printer"))
    sample = list_samples()[0]
    citizen = load_sample(sample)
    try:
        # Hold the spare reader's slot for the whole test (no other run lays a card on it),
        # starting with the card off the reader.
        with virtual_card(build_card(sample, pace=True), port=SPARE_PORT) as slot:
            slot.remove()
            qtbot.waitUntil(_reader_empty, timeout=10000)
            _open_diagnostics(k, qtbot)
            assert _badge(k, "reader.card") == "warning"  # no card on the reader
            assert window.item("apdu_lines").property("count") == 0
            slot.insert()
            runs = k.tech.runs
            k.tap("rerun_reader.card")  # (it may already be done: the read takes ~50 ms)
            qtbot.waitUntil(lambda: k.tech.runs == runs + 1 and not k.tech.busy, timeout=30000)
            window.settle()
            assert _badge(k, "reader.card") == "ok"
            assert _badge(k, "reader.read") == "ok"
            assert _badge(k, "printer.paper") == "ok"  # the printer was not re-run
            assert k.tech.runs == runs + 1
            # A citizen's card read, as the app does it: the transport logs into the
            # technician's APDU log (kiosk run wraps its card connection the same way).
            with connect_card(SPARE_READER, timeout=5) as transport:
                plan = access_plan(AccessInputs(qr_text=citizen.qr_text))
                read_card(k.wiring.logged(transport), plan)
        k.tech.tick()
        window.settle()
        lines = [str(line) for line in k.tech.apdu_lines]
        assert window.item("apdu_lines").property("count") == len(lines) > 10
        text = "\n".join(lines)
        assert "SELECT A0000002471001" in text  # identifiers of the application show
        assert "READ BINARY [SM]" in text and "bytes masked›" in text
        for secret in (citizen.id_number, citizen.full_name, citizen.id_number[-6:],
                       *citizen.full_name.split()):
            assert secret not in text
        assert not re.search(r"(?<![0-9A-F])\d{12}(?![0-9A-F])", text)  # no ID-like number
    finally:
        k.close()


# -- health to the central service --------------------------------------------------------

def test_a_kiosk_out_of_paper_is_listed_on_the_central_stats(tmp_path: Path, qapp: object,
                                                              qtbot: QtBot) -> None:
    config = replace(
        KioskConfig(), sync=replace(SyncConfig(), data_dir=str(tmp_path)),
        camera=replace(CameraConfig(), source=f"sim:{ROOT / 'assets' / 'qr'}"),
        printer=PrinterConfig(url="sim://?paper=out"),
        technician=TechnicianConfig(health_interval_s=1.0))
    kiosk = KioskRun(config, central=demo_central(config, role="kiosk"))
    kiosk.start(fullscreen=False)
    try:
        qtbot.waitUntil(lambda: kiosk.sync is not None, timeout=30000)
        assert kiosk.sync is not None and kiosk.technician.health is not None
        device = kiosk.sync.identity.device_id
        identity = kiosk.sync.identity
        report: dict[str, object] = {}

        def listed() -> bool:  # the kiosk's own health report: a signed read
            with CentralClient(kiosk.central_url, identity) as client:
                try:
                    report.update(client._call("GET", f"/v1/devices/{device}/health"))
                except PermanentSyncError:
                    return False  # not reported yet (404)
            return report.get("status") == "failed"

        qtbot.waitUntil(listed, timeout=30000)
        assert report["checks"]["printer.paper"]["status"] == "failed"  # type: ignore[index]
        assert kiosk.technician.health.sent >= 1
        page = httpx.get(f"{kiosk.central_url}/stats/{config.center.code}", timeout=5)
        assert page.status_code == 200
    finally:
        kiosk.close()
    assert kiosk.technician.health is None  # stopped with the kiosk


def test_every_technician_screen_renders_in_both_orientations(tmp_path: Path,
                                                               qapp: object) -> None:
    from kiosk.demo.technician_screenshots import render_technician_screenshots

    files = render_technician_screenshots(tmp_path, config=_config(tmp_path))
    names = {f.name for f in files}
    for screen in ("t1-pin", "t2-pin-locked", "t3-menu", "t4-diagnostics"):
        for orientation in ("portrait", "landscape"):
            for language in ("vi", "en"):
                assert f"{screen}-{language}-{orientation}.png" in names
    assert all(f.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for f in files)


# -- the PIN pad by the tactile keypad (docs/accessibility.md) ---------------------------

def test_the_pin_pad_by_keys(kiosk: Kiosk, qtbot: QtBot) -> None:
    hands = KeypadHands(kiosk.window)
    kiosk.open_pin_pad()
    hands.press("down")  # the pad is modal: its first key, nothing of the visit beneath
    controls = [c.objectName() for c in kiosk.window.keypad.navigator.controls()]
    assert controls == [f"pin_key_{k}" for k in "123456789"] + [
        "pin_key_erase", "pin_key_0", "pin_key_ok", "pin_cancel"]
    item = kiosk.window.keypad.navigator.property("item")
    assert isinstance(item, QQuickItem) and item.objectName() == "pin_key_1"
    public, private = describe(item)
    assert "1" not in public and "1" in private  # the loudspeaker hears "button" only
    for digit in PIN:
        hands.focus(f"pin_key_{digit}")
        hands.press("select")
    assert kiosk.tech.pin_length == len(PIN)
    hands.focus("pin_key_ok", "up")
    hands.press("select")
    qtbot.waitUntil(lambda: not kiosk.tech.checking, timeout=10000)
    assert kiosk.tech.mode == "menu"
