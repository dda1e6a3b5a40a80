"""Fuzzing the SOD/CMS, DG14 and DG15 parsers and the checks built on them.

Random bytes and mutations of the emulator's valid files: only the project's typed
errors may escape the parsers, the checks never raise, and a mutated SOD or DG15 is
never reported ``verified`` unless what it asserts is unchanged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.errors import KioskError
from kiosk.devices.chip.active_auth import perform_active_auth
from kiosk.devices.chip.authenticity import AuthStatus
from kiosk.devices.chip.chip_auth import ChipAuthCardSide, perform_chip_auth
from kiosk.devices.chip.passive_auth import PassiveStatus, verify_passive
from kiosk.devices.chip.security_infos import load_public_key, parse_dg14, parse_dg15
from kiosk.devices.chip.sod import Sod, parse_sod
from kiosk.devices.chip.trust_store import TrustStore, TrustStoreError, load_master_list
from kiosk.simulated.samples import list_samples, load_sample
from kiosk.simulated.test_pki import CSCA, load_certificate, load_private_key

from .helpers import MiniChip, connect, sample_files, session_pair

pytestmark = [pytest.mark.slow]  # property-based fuzzing

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SAMPLES = list_samples()
#: 250 examples in CI; set KIOSK_FUZZ_EXAMPLES for a longer local run.
FUZZ = settings(max_examples=int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "250")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def mutated(draw: st.DrawFn, originals: list[bytes]) -> tuple[int, bytes]:
    """One of ``originals`` (its index) with 1-4 byte flips, inserts, deletions or a cut."""
    index = draw(st.integers(0, len(originals) - 1))
    data = bytearray(originals[index])
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        op = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate"]))
        pos = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            data[pos] = draw(st.sampled_from([0x00, 0x7F, 0x80, 0x81, 0x82, 0x84, 0xFF]))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=4))
        elif op == "delete":
            del data[pos]
        else:
            del data[pos:]
    return index, bytes(data)


SODS = [sample_files(n).sod for n in SAMPLES]
DG14S = [sample_files(n).dg14 or b"" for n in SAMPLES]
DG15S = [sample_files(n).dg15 or b"" for n in SAMPLES]
STORE = TrustStore([load_certificate(CSCA)])


@FUZZ
@given(st.binary(max_size=400))
def test_sod_random_bytes(data: bytes) -> None:
    with contextlib.suppress(KioskError):
        assert isinstance(parse_sod(data), Sod)
    assert verify_passive(data, {1: b"x"}, None, NOW).status is PassiveStatus.FAILED


@FUZZ
@given(mutated(SODS))
def test_sod_mutations(case: tuple[int, bytes]) -> None:
    index, data = case
    with contextlib.suppress(KioskError):
        assert isinstance(parse_sod(data), Sod)
    files = sample_files(SAMPLES[index])
    result = verify_passive(data, files.data_groups(), STORE, NOW)
    if result.status is PassiveStatus.VERIFIED:
        # Only bytes outside what the signature vouches for may have changed.
        original, changed = parse_sod(SODS[index]), parse_sod(data)
        assert changed.dg_hashes == original.dg_hashes
        assert changed.signed_attrs == original.signed_attrs
        assert changed.content == original.content


@FUZZ
@given(st.one_of(st.binary(max_size=300), mutated(DG14S).map(lambda c: c[1])))
def test_dg14(data: bytes) -> None:
    try:
        infos = parse_dg14(data)
    except KioskError:
        return
    for key in infos.chip_auth_keys:
        with contextlib.suppress(KioskError):
            assert load_public_key(key.spki, "DG14 key") is not None


@FUZZ
@given(st.one_of(st.binary(max_size=300), mutated(DG15S).map(lambda c: c[1])))
def test_dg15(data: bytes) -> None:
    with contextlib.suppress(KioskError):
        assert parse_dg15(data) is not None


@FUZZ
@given(mutated(DG15S))
def test_mutated_dg15_never_verifies_another_key(case: tuple[int, bytes]) -> None:
    index, data = case
    name = SAMPLES[index]
    chip = MiniChip(None, load_private_key(load_sample(name).aa_key_path), aa_hash="sha256")
    result = perform_active_auth(chip, data, dg14=sample_files(name).dg14)
    if result.status is AuthStatus.VERIFIED:
        assert parse_dg15(data).public_numbers() == parse_dg15(DG15S[index]).public_numbers()


@FUZZ
@given(st.binary(max_size=300))
def test_master_list_random_bytes(data: bytes) -> None:
    with contextlib.suppress(TrustStoreError):
        assert isinstance(load_master_list(data), list)


@settings(max_examples=int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "120")), deadline=None)
@given(mutated([DG14S[SAMPLES.index("vu-duc-thang")]]))
def test_mutated_dg14_never_authenticates_another_key(case: tuple[int, bytes]) -> None:
    """Chip authentication with a mutated DG14 against the genuine chip: never a crash,
    and ``verified`` only when the mutation left the chip's key and protocol intact."""
    _, data = case
    key = load_private_key(load_sample("vu-duc-thang").ca_key_path)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    original = parse_dg14(DG14S[SAMPLES.index("vu-duc-thang")])
    reader, card = session_pair()
    chip = MiniChip(card, chip_auth=ChipAuthCardSide(key, original.chip_auth[0].protocol))
    _, result = perform_chip_auth(connect(chip, reader), data)
    assert result.status in (AuthStatus.VERIFIED, AuthStatus.FAILED, AuthStatus.NOT_SUPPORTED)
    if result.status is AuthStatus.VERIFIED:
        infos = parse_dg14(data)
        loaded = load_public_key(infos.chip_auth_keys[0].spki, "k")
        assert isinstance(loaded, ec.EllipticCurvePublicKey)
        assert loaded.public_numbers() == key.public_key().public_numbers()
