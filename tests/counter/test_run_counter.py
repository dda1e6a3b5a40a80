"""``kiosk run --mode counter`` as a real subprocess, next to a citizen kiosk's data.

Offscreen Qt, a temporary data folder: the embedded central service starts on SQLite,
the counter enrolls as a device of its own (``<data>/counter``), the demo staff account
exists, and the demo user signs in against it over the signed HTTP API.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.desk.answers import StaffAccount
from kiosk.demo.central import CENTRAL_DB, EmbeddedCentral
from kiosk.demo.staff import DEMO_PIN, DEMO_USER, ensure_demo_staff
from kiosk.sync.counter_client import CounterClient
from kiosk.sync.keys import KeyStore

# the counter command as a process with its embedded central
pytestmark = [pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]


def test_counter_mode_starts_its_central_enrolls_and_has_a_demo_user(tmp_path: Path) -> None:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_SYNC_DATA_DIR": str(tmp_path),
               "KIOSK_LOGGING_LEVEL": "INFO", "KIOSK_CONFIG": ""}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--mode", "counter", "--windowed",
         "--exit-after", "6"], cwd=ROOT, env=environ, capture_output=True, text=True,
        timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    identity = KeyStore.in_data_dir(tmp_path / "counter").load()
    assert identity.role == "counter"  # the demo enrolled the counter as a counter
    assert f"Counter ready: device {identity.device_id}" in done.stdout
    assert f"{DEMO_USER} / PIN {DEMO_PIN}" in done.stdout
    # the console names the folder the virtual printer really used: private, gone at close
    said = re.search(r"ảnh phiếu in ở (\S+), xóa khi đóng quầy", done.stdout)
    assert said is not None, done.stdout
    slips = Path(said.group(1))
    assert slips.name.startswith("kiosk-counter-slips-") and not slips.is_relative_to(tmp_path)
    assert not slips.exists() and not (tmp_path / "counter" / "slips").exists()
    assert not KeyStore.in_data_dir(tmp_path).exists()  # the kiosk's own identity is untouched
    assert (tmp_path / CENTRAL_DB).exists()  # the central database a kiosk here shares
    central = EmbeddedCentral(tmp_path)
    with CounterClient(central.start(), identity) as client:
        try:
            account = client.sign_in(DEMO_USER, DEMO_PIN, "2")
        finally:
            central.stop()
    assert isinstance(account, StaffAccount) and account.counter == "2"
    assert "HT" in account.services


def test_a_kiosk_and_a_counter_share_the_embedded_central_database(tmp_path: Path) -> None:
    """`kiosk run` and `kiosk run --mode counter` from one data folder, side by side."""
    from kiosk.demo.central import ensure_enrolled
    from kiosk.sync.client import CentralClient
    from kiosk.sync.leases import TicketDesk
    from kiosk.sync.outbox import Outbox

    kiosk_central, counter_central = EmbeddedCentral(tmp_path), EmbeddedCentral(tmp_path)
    kiosk_url, counter_url = kiosk_central.start(), counter_central.start()
    try:
        kiosk_id = ensure_enrolled(kiosk_central, tmp_path, "DEMO", "kiosk")
        counter_dir = tmp_path / "counter"
        counter_dir.mkdir()
        counter_id = ensure_enrolled(counter_central, counter_dir, "DEMO", "counter")
        ensure_demo_staff(counter_central.database_url, "DEMO")
        outbox = Outbox(tmp_path / "outbox.db", kiosk_id)
        with CentralClient(kiosk_url, kiosk_id) as client:
            grant = client.lease("HT", 10)
            desk = TicketDesk(outbox, "DEMO")
            desk.add_lease(grant.block, grant.service, grant.day, grant.first, grant.last)
            desk.issue("HT")
            batch = outbox.claim_batch(10)
            client.push([outbox.wire(r) for r in batch])
        outbox.close()
        with CounterClient(counter_url, counter_id) as counter:
            counter.sign_in(DEMO_USER, DEMO_PIN, "1")
            called = counter.call_next("1", ["HT"])
        assert called is not None and called.label == "HT001"
    finally:
        counter_central.stop()
        kiosk_central.stop()
