"""CounterRun as ``kiosk run --mode counter`` builds it, in-process, on the real stack.

The embedded central service (uvicorn on 127.0.0.1, SQLite), the counter's own
enrollment and outbox, the demo staff account, pcscd with the virtual reader: the
sample citizen's emulated card is laid on the counter's slot (vpcd, "Virtual PCD 00
01") and read through pcscd with the CAN the officer types. Needs pcscd and
vsmartcard-vpcd started as root (as in CI); skipped elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.config import CameraConfig, KioskConfig, SyncConfig
from kiosk.demo.central import demo_central
from kiosk.demo.staff import DEMO_PIN, DEMO_USER
from kiosk.devices.card.pcsc_service import VPCD_CONFIG
from kiosk.simulated.samples import list_samples, load_sample, sample_can
from kiosk.ui.counter.run import CounterRun
from kiosk.wire.protocol import RecordKind
from tests.support.enrolled_devices import Device

pytestmark = [pytest.mark.integration]  # the embedded central (uvicorn) and pcscd with vpcd

SAMPLE = list_samples()[1]


@dataclass
class _Central:
    """What ``tests.support.enrolled_devices.Device`` needs of a central service."""

    url: str
    database_url: str
    tls: None = None


@pytest.fixture
def run(tmp_path: Path, qapp: object, qtbot: QtBot) -> Iterator[CounterRun]:
    config = KioskConfig(camera=CameraConfig(source=""),
                         sync=SyncConfig(data_dir=str(tmp_path / "data")))
    counter = CounterRun(config, central=demo_central(config, role="counter"))
    counter.start(fullscreen=False)
    qtbot.waitUntil(lambda: counter.effects is not None or counter.failure is not None,
                    timeout=30000)
    assert counter.failure is None
    yield counter
    counter.close()


@pytest.mark.skipif(not VPCD_CONFIG.exists() or os.geteuid() != 0,
                    reason="needs pcscd with vsmartcard-vpcd, started as root")
def test_card_on_the_counter_reader_with_its_can(run: CounterRun, tmp_path: Path,
                                                 qtbot: QtBot) -> None:
    assert run.central is not None
    kiosk = Device(_Central(run.central.url, run.central.database_url),  # type: ignore[arg-type]
                   tmp_path / "kiosk", "DEMO")
    try:
        sample = load_sample(SAMPLE)
        kiosk.record(RecordKind.SUBMISSION, {
            "procedure": "LLTP-PHIEU", "citizen": {"id_number": sample.id_number,
                                                  "full_name": sample.full_name,
                                                  "identified_by": "chip"},
            "form": {"full_name": sample.full_name, "id_number": sample.id_number}}, "v-1")
        kiosk.issue("LL", "v-1")
        kiosk.push()
    finally:
        kiosk.close()
    p = run.presenter
    p.sign_in(DEMO_USER, DEMO_PIN, "1")
    qtbot.waitUntil(lambda: p.signed_in, timeout=15000)
    run.tap_card(SAMPLE)
    assert run.reader is not None
    # the slot's lock makes another program's card wait for ours (up to 30 s)
    qtbot.waitUntil(lambda: run.reader is not None and run.reader.sample == SAMPLE,
                    timeout=40000)
    qtbot.waitUntil(lambda: p.card_present, timeout=30000)
    assert p.lookup_state == "need_can"
    p.look_up(sample_can(SAMPLE))
    qtbot.waitUntil(lambda: p.lookup_state in ("found", "none", "failed"), timeout=60000)
    assert p.lookup_state == "found", p.message
    assert p.citizen["id_number"] == sample.id_number
    assert p.citizen["ticket"] == "LL001"
    run.tap_card(SAMPLE)  # lifted
    qtbot.waitUntil(lambda: not p.card_present, timeout=30000)


@pytest.mark.skipif(not VPCD_CONFIG.exists() or os.geteuid() != 0,
                    reason="needs pcscd with vsmartcard-vpcd, started as root")
def test_receipt_pictures_stay_private_and_go_with_the_counter(
        tmp_path: Path, qapp: object, qtbot: QtBot) -> None:
    """A receipt names the citizen: the virtual printer's pictures are never kept."""
    config = KioskConfig(camera=CameraConfig(source=""),
                         sync=SyncConfig(data_dir=str(tmp_path / "data")))
    counter = CounterRun(config, central=demo_central(config, role="counter"))
    counter.start(fullscreen=False)
    qtbot.waitUntil(lambda: counter.effects is not None or counter.failure is not None,
                    timeout=30000)
    slips = counter._slips
    try:
        assert counter.failure is None and slips is not None and slips.is_dir()
        assert not slips.is_relative_to(tmp_path / "data")  # not in the data folder
        assert slips.stat().st_mode & 0o077 == 0  # nobody else may read it
    finally:
        counter.close()
    assert not slips.exists()
