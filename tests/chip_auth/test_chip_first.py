"""Chip authentication first: DG15 and active authentication only when it cannot run,
and the new keys confirmed by the next command's answer (kiosk.devices.chip.chip_first)."""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.devices.chip.apdu import CommandApdu
from kiosk.devices.chip.chip_auth import CONFIRM_COMMAND, ChipAuthCardSide
from kiosk.devices.chip.chip_first import NOT_NEEDED, authenticate_chip_first, settle_pending
from kiosk.devices.chip.security_infos import parse_dg14
from kiosk.devices.chip.trust_store import TrustStore
from kiosk.simulated.samples import load_sample
from kiosk.simulated.test_pki import load_private_key

from .helpers import MiniChip, connect, sample_files, session_pair

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
NAME = "dang-thi-ngoc-huong"


def _chip(ca_key: object | None = None, *, chip_auth: bool = True) -> tuple[MiniChip, object]:
    files = sample_files(NAME)
    sample = load_sample(NAME)
    protocol = parse_dg14(files.dg14 or b"").chip_auth[0].protocol
    key = ca_key if ca_key is not None else load_private_key(sample.ca_key_path)
    side = ChipAuthCardSide(key, protocol) if chip_auth else None  # type: ignore[arg-type]
    reader, card = session_pair()
    chip = MiniChip(card, load_private_key(sample.aa_key_path), side)
    return chip, connect(chip, reader)


class _Dg15Reads:
    """Counts how often the check asked for DG15 (it must not when CA settles it)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> bytes | None:
        self.calls += 1
        return sample_files(NAME).dg15


def _groups_without_dg15() -> dict[int, bytes]:
    return {n: data for n, data in sample_files(NAME).data_groups().items() if n != 15}


def test_verified_chip_needs_no_dg15_and_no_active_authentication(
        csca_store: TrustStore) -> None:
    chip, transport = _chip()
    dg15 = _Dg15Reads()
    after, result, pending = authenticate_chip_first(
        transport, sample_files(NAME).sod, _groups_without_dg15(), csca_store,  # type: ignore[arg-type]
        dg15, confirm_later=False, now=NOW)
    assert (result.passive, result.chip, result.active) == ("verified", "verified", "not_run")
    assert f"Active: {NOT_NEEDED}" in result.details and result.genuine
    assert pending is None and dg15.calls == 0
    # MSE, GENERAL AUTHENTICATE, then the confirming read (no INTERNAL AUTHENTICATE)
    assert [c.ins for c in chip.plain_commands] == [0x22, 0x86, 0xB0]
    assert after.transmit(CONFIRM_COMMAND).ok  # the session goes on under the new keys


def test_the_next_read_confirms_the_keys(csca_store: TrustStore) -> None:
    chip, transport = _chip()
    after, result, pending = authenticate_chip_first(
        transport, sample_files(NAME).sod, _groups_without_dg15(), csca_store,  # type: ignore[arg-type]
        _Dg15Reads(), confirm_later=True, now=NOW)
    assert pending is not None and [c.ins for c in chip.plain_commands] == [0x22, 0x86]
    # the caller's next command (here EF.COM's first bytes, at the kiosk the face)
    assert after.transmit(CommandApdu(0x00, 0xB0, 0x9E, 0x00, b"", 4)).ok
    _, settled = settle_pending(pending, result)
    assert settled.chip == "verified"
    assert len(chip.plain_commands) == 3  # no confirming read of its own


def test_a_clone_fails_when_the_next_read_does_not_confirm(csca_store: TrustStore) -> None:
    """Files copied from a genuine card: the copy cannot derive the new keys, so its
    answer to the next command does not pass secure messaging and the confirming read
    fails too: the chip's check is failed, never left provisional."""
    _, transport = _chip(ec.generate_private_key(ec.SECP256R1()))
    after, result, pending = authenticate_chip_first(
        transport, sample_files(NAME).sod, _groups_without_dg15(), csca_store,  # type: ignore[arg-type]
        _Dg15Reads(), confirm_later=True, now=NOW)
    assert pending is not None and result.chip == "verified"  # provisional until settled
    assert not after.transmit(CommandApdu(0x00, 0xB0, 0x9E, 0x00, b"", 4)).ok
    _, settled = settle_pending(pending, result)
    assert (settled.chip, settled.active) == ("failed", "not_run")
    assert settled.failed and not settled.genuine
    assert not any(NOT_NEEDED in d for d in settled.details)


def test_a_chip_refusing_chip_authentication_gets_active_authentication(
        csca_store: TrustStore) -> None:
    chip, transport = _chip(chip_auth=False)
    dg15 = _Dg15Reads()
    _, result, pending = authenticate_chip_first(
        transport, sample_files(NAME).sod, _groups_without_dg15(), csca_store,  # type: ignore[arg-type]
        dg15, confirm_later=True, now=NOW)
    assert pending is None and dg15.calls == 1
    assert result.active == "verified" and result.chip == "failed", result.details
    assert any(d.startswith("Chip: The chip refused") for d in result.details)
    assert 0x88 in [c.ins for c in chip.plain_commands]  # INTERNAL AUTHENTICATE
    assert result.passive == "verified"  # DG15's hash checked too


def test_without_dg14_dg15_is_read_for_active_authentication(csca_store: TrustStore) -> None:
    _, transport = _chip()
    dg15 = _Dg15Reads()
    groups = {n: d for n, d in _groups_without_dg15().items() if n != 14}
    _, result, pending = authenticate_chip_first(
        transport, sample_files(NAME).sod, groups, csca_store, dg15,  # type: ignore[arg-type]
        confirm_later=True, now=NOW)
    assert pending is None and dg15.calls == 1
    assert (result.chip, result.active) == ("not_supported", "verified")
