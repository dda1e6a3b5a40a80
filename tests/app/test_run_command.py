"""``kiosk run``: the whole kiosk as one command, and the parts it starts besides the window.

The command runs as a real subprocess (offscreen Qt, a temporary data folder): the
embedded central service is served by uvicorn on a free port, the kiosk enrolls with it
over HTTP and the sync worker leases ticket numbers from it. The chip test lays a
sample citizen's emulated card on the virtual reader (vpcd) through the real pcscd and
shows its QR picture to the simulated camera; it needs pcscd and vsmartcard-vpcd
(installed in CI) and is skipped where they are missing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.core.config import CameraConfig, CenterConfig, KioskConfig, SyncConfig
from kiosk.core.procedures import QUEUE_CODE, load_catalog
from kiosk.core.resources import asset
from kiosk.core.visit.machine import Stage
from kiosk.core.vn_time import service_day
from kiosk.demo.central import CENTRAL_DB, EmbeddedCentral, RunError, demo_central, ensure_enrolled
from kiosk.devices.card.pcsc_service import VPCD_CONFIG
from kiosk.simulated.sample_devices import SampleDeviceError, qr_image
from kiosk.simulated.samples import list_samples, load_sample
from kiosk.slips.jobs import TicketData
from kiosk.slips.layouts import ticket_document
from kiosk.slips.printers import PreviewPrinter
from kiosk.sync.keys import KeyStore
from kiosk.ui.kiosk.run import KioskRun, queue_services
from kiosk.ui.kiosk.window import KioskWindow

# the kiosk command as a process, its embedded central and pcscd
pytestmark = [pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]


def tap(window: KioskWindow, name: str) -> None:
    """Touch the middle of the item named ``name``, as a finger would."""
    window.tap(name)


def run_kiosk(data: Path, seconds: float, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_SYNC_DATA_DIR": str(data),
               "KIOSK_LOGGING_LEVEL": "INFO", "KIOSK_CONFIG": "", **env}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--windowed", "--exit-after", str(seconds)],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)


def central_knows(data: Path, device_id: str) -> bool:
    db = Database(f"sqlite:///{data / CENTRAL_DB}", pool_size=1)
    try:
        return CentralService(db).public_key(device_id) is not None
    finally:
        db.close()


def test_kiosk_run_starts_its_central_enrolls_and_exits_cleanly(tmp_path: Path) -> None:
    done = run_kiosk(tmp_path, 8)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stdout, done.stderr
    identity = KeyStore.in_data_dir(tmp_path).load()
    assert f"Kiosk ready: device {identity.device_id}" in done.stdout
    assert identity.central_url.startswith("http://127.0.0.1:")
    assert central_knows(tmp_path, identity.device_id)
    assert "/v1/tickets/leases" in done.stderr  # the sync worker leased ticket numbers
    # A second start keeps the identity and serves the same central database again.
    again = run_kiosk(tmp_path, 3)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"Kiosk ready: device {identity.device_id}" in again.stdout


def test_kiosk_run_rejects_a_bad_exit_after(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--exit-after", "0"], cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_SYNC_DATA_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--exit-after must be a positive number" in done.stdout


@pytest.mark.skipif(not VPCD_CONFIG.exists() or os.geteuid() != 0,
                    reason="needs pcscd with vsmartcard-vpcd, started as root")
def test_kiosk_run_reads_a_tapped_card_through_pcscd(tmp_path: Path) -> None:
    sample = list_samples()[0]
    done = run_kiosk(tmp_path, 16, KIOSK_READER_SIM=sample,
                     KIOSK_CAMERA_SOURCE=f"sim:{qr_image(sample)}")
    assert done.returncode == 0, done.stdout + done.stderr
    log = done.stdout + done.stderr
    assert "Traceback" not in done.stderr, log
    assert "simulated card laid on the reader" in done.stderr, log
    assert "PACE established" in done.stderr, log
    # The visit got the identity from the chip (read through pcscd) and moved on.
    assert "stage=choose_procedure identity=chip" in done.stderr, done.stderr
    assert sample not in done.stderr and sample not in done.stdout  # nothing personal
    # what the card's family showed is kept with the device for the next start
    [families] = tmp_path.rglob("card_families.json")
    facts = json.loads(families.read_text(encoding="utf-8"))
    assert len(facts) == 1 and next(iter(facts.values()))["card_access"]
    assert load_sample(sample).id_number not in families.read_text(encoding="utf-8")
    assert families.stat().st_mode & 0o777 == 0o600  # owner-only, as all data at rest


def test_embedded_central_enrolls_once_and_refuses_a_stranger(tmp_path: Path) -> None:
    mine, other = tmp_path / "mine", tmp_path / "other"
    mine.mkdir()
    other.mkdir()
    central = EmbeddedCentral(mine)
    central.start()
    try:
        first = ensure_enrolled(central, mine, "DEMO", "kiosk")
        assert ensure_enrolled(central, mine, "DEMO", "kiosk").device_id == first.device_id
        assert first.center == "DEMO"
    finally:
        central.stop()
    stranger = EmbeddedCentral(other)
    stranger.start()
    try:
        with pytest.raises(RunError, match="enrolled with another central service"):
            ensure_enrolled(stranger, mine, "DEMO", "kiosk")
    finally:
        stranger.stop()


def test_preview_printer_saves_each_printed_slip(tmp_path: Path) -> None:
    seen: list[Path] = []
    printer = PreviewPrinter("sim://", "TM-T20II", "auto", tmp_path / "slips", seen.append)
    ticket = TicketData("LL001", "Lý lịch tư pháp", "Judicial record",
                        dt.datetime(2026, 1, 5, 2, tzinfo=dt.UTC), 0, 0, "LL",
                        "https://example.invalid/q/LL001")
    outcome = printer.print_document(ticket_document(ticket, CenterConfig()))
    assert outcome.printed
    assert seen == [tmp_path / "slips" / "slip-0001.png"]
    assert seen[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out = PreviewPrinter("sim://?paper=out", "TM-T20II", "auto", tmp_path / "out")
    assert not out.print_document(ticket_document(ticket, CenterConfig())).printed
    assert not (tmp_path / "out").exists()


def test_queue_services_and_qr_pictures_come_from_the_data() -> None:
    services = queue_services(load_catalog())
    assert services and all(s.isupper() for s in services)
    for sample in list_samples():
        assert qr_image(sample).is_file()
    with pytest.raises(SampleDeviceError, match="no QR picture"):
        qr_image("nobody")


def test_queue_visit_gets_a_leased_number_prints_and_syncs(tmp_path: Path, qapp: object,
                                                            qtbot: QtBot) -> None:
    """The whole loop in one process: lease, ticket, printed slip, delivered, status URL."""
    config = replace(KioskConfig(), sync=replace(SyncConfig(), data_dir=str(tmp_path)),
                     camera=replace(CameraConfig(), source=f"sim:{asset('qr')}"))
    kiosk = KioskRun(config, central=demo_central(config, role="kiosk"))
    kiosk.start(fullscreen=False)
    try:
        qtbot.waitUntil(lambda: kiosk.effects is not None, timeout=30000)
        assert kiosk.sync is not None
        desk, outbox = kiosk.sync.desk, kiosk.sync.outbox
        service = load_catalog().get(QUEUE_CODE).queue_service
        qtbot.waitUntil(lambda: desk.remaining(service) > 0, timeout=15000)
        visit = kiosk.window.visit
        tap(kiosk.window, "start")
        tap(kiosk.window, "choose_vi")
        tap(kiosk.window, "queue_only")
        qtbot.waitUntil(lambda: visit.data.ticket_printed or visit.data.print_fallback,
                        timeout=15000)
        assert visit.data.ticket_printed and visit.stage == Stage.TICKET
        assert (tmp_path / "slips" / "slip-0001.png").is_file()
        ticket = visit.data.ticket
        assert ticket is not None and ticket.status_url.startswith(kiosk.central_url)
        qtbot.waitUntil(lambda: outbox.depth() == 0, timeout=20000)  # delivered
        issued = httpx.get(f"{kiosk.central_url}/v1/centers/DEMO/tickets/{service_day()}",
                           timeout=5).json()
        assert str(ticket.number) in json.dumps(issued)
        status = httpx.get(ticket.status_url, timeout=5)  # the ticket's QR resolves
        assert status.status_code == 200
        assert status.json()["services"][service]["issued"] >= 1
    finally:
        kiosk.close()


@pytest.mark.parametrize("key, modifier", [
    (Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier),
])
def test_developer_key_shows_a_sample_qr_to_the_simulated_camera(
        tmp_path: Path, qapp: object, qtbot: QtBot, key: Qt.Key,
        modifier: Qt.KeyboardModifier) -> None:
    """F5 (or Ctrl+5): sample 1's QR picture, read by the real camera decoder."""
    config = replace(KioskConfig(), sync=replace(SyncConfig(), data_dir=str(tmp_path)),
                     camera=replace(CameraConfig(), source=f"sim:{asset('qr')}"))
    kiosk = KioskRun(config, central=demo_central(config, role="kiosk"))
    kiosk.start(fullscreen=False)
    try:
        kiosk.window.settle()
        visit = kiosk.window.visit
        assert str(visit.stage) == "attract"
        QTest.keyClick(kiosk.window.view, key, modifier)
        qtbot.waitUntil(lambda: visit.data.identity_source == "qr", timeout=15000)
        assert visit.data.qr_identity is not None
        assert visit.stage == Stage.CHOOSE_PROCEDURE
    finally:
        kiosk.close()


def test_the_demo_console_names_the_paper_keys_with_the_simulated_desk(tmp_path: Path) -> None:
    from argparse import Namespace
    from types import SimpleNamespace

    from kiosk.commands.run import _console_lines
    from kiosk.core.config import DocumentsConfig

    plain_config = replace(KioskConfig(), sync=SyncConfig(data_dir=str(tmp_path)))
    desk = replace(plain_config, documents=DocumentsConfig(camera="sim:desk"))
    station = SimpleNamespace(reader=object())  # only its reader is asked: present
    lines = _console_lines(Namespace(mode="kiosk"), desk, station)  # type: ignore[arg-type]
    said = "\n".join(lines)
    assert "F1–F4" in said and "F5–F8" in said
    assert "F9–F12 đặt một tờ giấy" in said and "lay a paper under the document camera" in said
    plain = _console_lines(Namespace(mode="kiosk"), plain_config, station)  # type: ignore[arg-type]
    assert "F9" not in "\n".join(plain)  # no simulated desk: no paper keys named
