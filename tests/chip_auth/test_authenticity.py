"""The combined authenticity result, as ``kiosk card read --json`` shows it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kiosk.devices.chip.active_auth import perform_active_auth
from kiosk.devices.chip.apdu import Transport
from kiosk.devices.chip.authenticity import Authenticity, AuthStatus, authenticate_card
from kiosk.devices.chip.chip_auth import ChipAuthCardSide, perform_chip_auth
from kiosk.devices.chip.passive_auth import verify_passive
from kiosk.devices.chip.security_infos import parse_dg14
from kiosk.devices.chip.trust_store import TrustStore
from kiosk.simulated.samples import load_sample
from kiosk.simulated.test_pki import load_private_key

from .helpers import MiniChip, connect, sample_files, session_pair

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_default_is_not_run_and_json_shape() -> None:
    empty = Authenticity()
    assert empty.to_json_dict() == {"passive": "not_run", "active": "not_run",
                                    "chip": "not_run", "details": []}
    assert not empty.genuine and not empty.failed


def test_all_three_checks_on_one_card(csca_store: TrustStore) -> None:
    """A genuine sample card: passive, then chip authentication, then AA in the new session."""
    name = "le-hoang-bao-ngan"
    files = sample_files(name)
    assert files.dg14 is not None and files.dg15 is not None
    sample = load_sample(name)
    passive = verify_passive(files.sod, files.data_groups(), csca_store, NOW)
    reader, card = session_pair()
    ca_key = load_private_key(sample.ca_key_path)
    protocol = parse_dg14(files.dg14).chip_auth[0].protocol
    chip = MiniChip(card, load_private_key(sample.aa_key_path),
                    ChipAuthCardSide(ca_key, protocol), aa_hash="sha256")  # type: ignore[arg-type]
    transport, chip_result = perform_chip_auth(connect(chip, reader), files.dg14)
    active = perform_active_auth(transport, files.dg15, dg14=files.dg14)
    combined = Authenticity.from_results(passive, active, chip_result)
    document = json.loads(json.dumps(combined.to_json_dict(), ensure_ascii=False))
    assert document["passive"] == "verified"
    assert document["active"] == "verified"
    assert document["chip"] == "verified"
    assert any(d.startswith("Passive: Hashes match") for d in document["details"])
    assert any(d.startswith("Active: Chip signed a fresh challenge") for d in document["details"])
    assert any(d.startswith("Chip: Chip proved") for d in document["details"])
    assert combined.genuine
    vi, en = combined.summary()
    assert "xác thực" in vi and "verified" in en


def test_failure_is_never_hidden() -> None:
    files = sample_files("dang-thi-ngoc-huong")
    tampered = {**files.data_groups(), 1: files.dg1[:-1] + b"X"}
    passive = verify_passive(files.sod, tampered, None, NOW)
    combined = Authenticity.from_results(passive)
    assert combined.passive == "failed" and combined.failed and not combined.genuine
    assert "Passive: DG1 does not match its sha256 hash in EF.SOD (changed after signing)." in (
        combined.details)
    vi, en = combined.summary()
    assert vi.startswith("Cảnh báo") and en.startswith("Warning")


def test_chain_unverified_is_said_plainly() -> None:
    files = sample_files("vu-duc-thang")
    combined = Authenticity.from_results(verify_passive(files.sod, files.data_groups(), None, NOW))
    assert combined.passive == "chain_unverified" and not combined.failed
    assert not combined.genuine
    assert "chứng thư gốc" in combined.summary()[0]


def test_chip_key_without_passive_confirmation_is_noted() -> None:
    from kiosk.devices.chip.chip_auth import ChipAuthResult

    chip = ChipAuthResult(AuthStatus.VERIFIED, "ok", ["ok"], "CA-ECDH-AES-CBC-CMAC-128")
    combined = Authenticity.from_results(None, None, chip)
    assert combined.passive == "not_run" and combined.chip == "verified"
    assert "Chip: the DG14 key was not confirmed by passive authentication." in combined.details


def test_statuses_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown"):
        Authenticity(passive="ok")
    with pytest.raises(ValueError, match="passive authentication only"):
        Authenticity(active="chain_unverified")


def _chip_for(name: str, ca_key: object | None = None) -> tuple[MiniChip, Transport]:
    files = sample_files(name)
    assert files.dg14 is not None
    sample = load_sample(name)
    protocol = parse_dg14(files.dg14).chip_auth[0].protocol
    key = ca_key if ca_key is not None else load_private_key(sample.ca_key_path)
    hash_name = "sha256" if name == "le-hoang-bao-ngan" else "sha1"
    reader, card = session_pair()
    chip = MiniChip(card, load_private_key(sample.aa_key_path),
                    ChipAuthCardSide(key, protocol), aa_hash=hash_name)  # type: ignore[arg-type]
    return chip, connect(chip, reader)


@pytest.mark.parametrize("name", ["le-hoang-bao-ngan", "dang-thi-ngoc-huong"])
def test_authenticate_card_runs_everything(name: str, csca_store: TrustStore) -> None:
    files = sample_files(name)
    chip, transport = _chip_for(name)
    after, result = authenticate_card(transport, files.sod, files.data_groups(), csca_store,
                                      now=NOW)
    assert result.to_json_dict()["passive"] == "verified"
    assert (result.active, result.chip) == ("verified", "verified"), result.details
    assert after is not transport and chip.sessions_started == 1
    # CA, then AA, whose answer under the new keys confirms them: no confirming read
    assert [c.ins for c in chip.plain_commands] == [0x22, 0x86, 0x88]


def test_authenticate_card_with_a_cloned_chip(csca_store: TrustStore) -> None:
    """Files copied from a genuine card: passive passes, the chip cannot prove its key."""
    from cryptography.hazmat.primitives.asymmetric import ec

    files = sample_files("le-hoang-bao-ngan")
    _, transport = _chip_for("le-hoang-bao-ngan", ec.generate_private_key(ec.SECP256R1()))
    _, result = authenticate_card(transport, files.sod, files.data_groups(), csca_store, now=NOW)
    assert (result.passive, result.chip, result.active) == ("verified", "failed", "not_run")
    assert result.failed and not result.genuine


def test_an_active_auth_refusal_still_gets_chip_auth_confirmed(csca_store: TrustStore) -> None:
    """AA's answer confirms the chip-authentication keys only when it comes back 9000;
    a genuine chip that refuses INTERNAL AUTHENTICATE gets the confirming read instead."""
    name = "dang-thi-ngoc-huong"
    files = sample_files(name)
    sample = load_sample(name)
    protocol = parse_dg14(files.dg14 or b"").chip_auth[0].protocol
    reader, card = session_pair()
    chip = MiniChip(card, None, ChipAuthCardSide(load_private_key(sample.ca_key_path),
                                                 protocol))  # type: ignore[arg-type]
    _, result = authenticate_card(connect(chip, reader), files.sod, files.data_groups(),
                                  csca_store, now=NOW)
    assert (result.chip, result.active) == ("verified", "failed"), result.details
    assert [c.ins for c in chip.plain_commands] == [0x22, 0x86, 0x88, 0xB0]


def test_authenticate_card_without_dg14_dg15_or_secure_messaging() -> None:
    files = sample_files("vu-duc-thang")
    dgs = {n: files.data_groups()[n] for n in (1, 2, 13)}
    _, result = authenticate_card(MiniChip(None), files.sod, dgs, None, now=NOW)
    assert (result.passive, result.chip, result.active) == (
        "chain_unverified", "not_supported", "not_supported")
    _, plain = authenticate_card(MiniChip(None), files.sod, files.data_groups(), None, now=NOW,
                                 active=False)
    assert (plain.chip, plain.active) == ("not_run", "not_run")
    assert "Chip: Chip authentication needs a BAC or PACE session." in plain.details
