"""Reader checks through the real PC/SC stack (pcscd + vsmartcard-vpcd + the card emulator).

The checks use the second virtual reader so they never disturb a card test on the first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from kiosk.core.config import KioskConfig, ReaderConfig
from kiosk.diagnostics import Status, run_diagnostics
from kiosk.simulated.samples import build_card, list_samples
from kiosk.simulated.vpcd_slot import virtual_card

from .conftest import SPARE_PORT, options_for

# through the real pcscd and vpcd
pytestmark = [pytest.mark.integration, pytest.mark.pcsc]


def test_no_card_is_a_warning(pcscd_readers: list[str], config: KioskConfig) -> None:
    report = run_diagnostics(options_for(config), ["reader"])
    assert [c.status for c in report.checks] == [Status.OK, Status.OK, Status.WARNING]
    assert report.by_name("reader.card").summary == "No card on the reader"
    assert "thẻ CCCD thử" in report.by_name("reader.card").action_vi


def test_missing_reader_fails(pcscd_readers: list[str], config: KioskConfig) -> None:
    changed = replace(config, reader=ReaderConfig(name="ACS ACR1252 Dual Reader"))
    report = run_diagnostics(options_for(changed), ["reader"])
    device = report.by_name("reader.device")
    assert device.status is Status.FAILED
    assert "USB" in device.action_en
    assert device.facts["connected"] == pcscd_readers


def test_card_present_gives_atr_and_answers_select(pcscd_readers: list[str],
                                                   config: KioskConfig) -> None:
    card = build_card(list_samples()[0])
    with virtual_card(card, port=SPARE_PORT):
        report = run_diagnostics(options_for(config, card_wait_s=5.0), ["reader"])
    assert report.status is Status.OK, report.to_json_dict()
    assert report.by_name("reader.card").facts["atr"] == card.atr.hex(" ").upper()
    assert "ID application answers" in report.by_name("reader.read").summary
    [line] = report.by_name("reader.read").facts["apdu_log"]
    assert "00 A4 04 0C SELECT A0000002471001 → 9000 (0 B," in line


def test_test_card_is_read_in_full_without_personal_data(pcscd_readers: list[str],
                                                         config: KioskConfig) -> None:
    from kiosk.simulated.samples import load_sample

    name = list_samples()[1]
    sample = load_sample(name)
    options = options_for(config, test_card=name, card_wait_s=5.0)
    with virtual_card(build_card(name, pace=True), port=SPARE_PORT):
        report = run_diagnostics(options, ["reader"])
    read = report.by_name("reader.read")
    assert read.status is Status.OK, read
    assert read.facts["access"] == "PACE" and read.facts["apdus"] > 5
    assert read.facts["active"] == "verified"
    assert len(read.facts["apdu_log"]) == read.facts["apdus"]
    assert all("masked" in line for line in read.facts["apdu_log"] if "[SM]" in line)
    text = json.dumps(report.to_json_dict(), ensure_ascii=False)
    assert sample.id_number not in text and sample.full_name not in text


def test_a_card_that_is_not_an_id_card_fails(pcscd_readers: list[str],
                                             config: KioskConfig) -> None:
    card = build_card(list_samples()[0])
    # a bank or transport card: no eMRTD application, every command answers "not found"
    card.process = lambda apdu: bytes.fromhex("6A82")  # type: ignore[method-assign]
    with virtual_card(card, port=SPARE_PORT):
        report = run_diagnostics(options_for(config, card_wait_s=5.0), ["reader"])
    read = report.by_name("reader.read")
    assert read.status is Status.FAILED and read.facts["sw"] == "6A82"
    assert "try another card" in read.action_en


def test_service_down_fails(pcscd_readers: list[str], tmp_path: object) -> None:
    # pcsc-lite's client finds the daemon through this socket path: pointing it at
    # nothing is exactly what the kiosk sees when pcscd is not running.
    script = ("import json; from kiosk.diagnostics import *; "
              "r = run_diagnostics(DiagOptions(), ['reader']); "
              "print(json.dumps(r.to_json_dict()))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "KIOSK_CONFIG": "",
                                           "PCSCLITE_CSOCK_NAME": f"{tmp_path}/no-pcscd"})
    assert proc.returncode == 0, proc.stderr
    checks = json.loads(proc.stdout)["checks"]
    assert [c["name"] for c in checks] == ["reader.service"]
    assert checks[0]["status"] == "failed"
    assert "systemctl start pcscd" in checks[0]["action_en"]
