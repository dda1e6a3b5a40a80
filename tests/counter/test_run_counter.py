"""``kiosk run --mode counter`` as a real subprocess, next to a citizen kiosk's data.

Offscreen Qt, a temporary data folder: the embedded central service starts on SQLite,
the counter enrolls as a device of its own (``<data>/counter``), the demo staff account
exists, and the demo user signs in against it over the signed HTTP API.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kiosk.counter.answers import StaffAccount
from kiosk.counter.client import CounterClient
from kiosk.counter.demo_staff import DEMO_PIN, DEMO_USER
from kiosk.run_stack import CENTRAL_DB, EmbeddedCentral
from kiosk.sync.keys import KeyStore

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
    assert f"Counter ready: device {identity.device_id}" in done.stdout
    assert f"{DEMO_USER} / PIN {DEMO_PIN}" in done.stdout
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
