"""Active authentication: ISO 9796-2 (published vector), RSA and ECDSA chips, clones."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kiosk.devices.chip.active_auth import (
    ActiveAuthError,
    internal_authenticate,
    perform_active_auth,
    recover_iso9796_2,
    sign_active_auth,
    verify_active_auth,
    verify_iso9796_2,
)
from kiosk.devices.chip.authenticity import AuthStatus
from kiosk.devices.chip.security_infos import parse_dg15
from kiosk.simulated.samples import load_sample
from kiosk.simulated.test_pki import load_private_key

from .helpers import MiniChip, connect, sample_files, session_pair

RSA_SAMPLE = "dang-thi-ngoc-huong"  # AA key RSA 1024, no ActiveAuthenticationInfo
EC_SAMPLE = "le-hoang-bao-ngan"  # AA key EC P-256, DG14 names ecdsa-plain-SHA256

# ISO/IEC 9796-2 (edition 1) example with e = 3, as published in Bouncy Castle's
# ISO9796Test ("mod3", "msg5", "sig5"): partial recovery, RIPEMD-160, implicit trailer.
ISO_MOD = int("ffffffff78f6c55506c59785e871211ee120b0b5dd644aa796d82413a47b24573f1be5745b5c"
              "d9950f6b389b52350d4e01e90009669a8720bf265a2865994190a661dea3c7828e2e7ca1b19651"
              "adc2d5", 16)
ISO_MSG = bytes.fromhex("fedcba9876543210" * 14)
ISO_SIG = bytes.fromhex(
    "5cf9a01854dbacaec83aae8efc563d74538192e95466babacd361d7c86000fe42dcb4581e48e4feb862d0469"
    "8da9203b1803b262105104d510b365ee9c660857ba1c001aa57abfd1c8de92e47c275cae")


def _iso_key() -> rsa.RSAPublicKey:
    return rsa.RSAPublicNumbers(3, ISO_MOD).public_key()


def test_iso9796_2_published_vector_recovers_byte_for_byte() -> None:
    rep = recover_iso9796_2(_iso_key(), ISO_SIG)
    m1 = ISO_MSG[:58]
    digest = hashlib.new("ripemd160", ISO_MSG).digest()
    assert rep == b"\x6a" + m1 + digest + b"\xbc"
    assert digest.hex() == "71df2f2c3fff1e35df6920b45115fac5998ba88e"
    ok, algorithm = verify_iso9796_2(_iso_key(), ISO_SIG, ISO_MSG[58:], implicit_hash="ripemd160")
    assert ok and algorithm == "rsa-iso9796-2-ripemd160"


def test_iso9796_2_vector_with_another_message_or_signature_fails() -> None:
    ok, reason = verify_iso9796_2(_iso_key(), ISO_SIG, ISO_MSG[58:-1] + b"\x00", "ripemd160")
    assert not ok and "does not cover the challenge" in reason
    bad = ISO_SIG[:-1] + bytes((ISO_SIG[-1] ^ 1,))
    ok, reason = verify_iso9796_2(_iso_key(), bad, ISO_MSG[58:], "ripemd160")
    assert not ok


def test_both_recovery_candidates_are_accepted() -> None:
    """ISO 9796-2 lets the signer send n - J^d; the representative still ends in BC."""
    key = load_private_key(load_sample(RSA_SAMPLE).aa_key_path)
    assert isinstance(key, rsa.RSAPrivateKey)
    n = key.public_key().public_numbers().n
    challenge = bytes(range(8))
    signature = sign_active_auth(key, challenge)
    other = (n - int.from_bytes(signature, "big")).to_bytes(len(signature), "big")
    for candidate in (signature, other):
        assert verify_active_auth(key.public_key(), challenge, candidate) == (
            True, "rsa-iso9796-2-sha1")


@pytest.mark.parametrize(("hash_name", "trailer"), [
    ("sha1", "bc"), ("sha224", "38cc"), ("sha256", "34cc"), ("sha384", "36cc"),
    ("sha512", "35cc"),
])
def test_rsa_card_side_layout(hash_name: str, trailer: str) -> None:
    key = load_private_key(load_sample(RSA_SAMPLE).aa_key_path)
    assert isinstance(key, rsa.RSAPrivateKey)
    challenge = bytes.fromhex("0123456789abcdef")
    m1_bytes = iter([b"\x11" * 200])
    signature = sign_active_auth(key, challenge, hash_name, rng=lambda n: next(m1_bytes)[:n])
    rep = recover_iso9796_2(key.public_key(), signature)
    size = hashlib.new(hash_name).digest_size
    m1 = rep[1:len(rep) - size - len(trailer) // 2]
    assert rep[0] == 0x6A and set(m1) == {0x11} and rep.hex().endswith(trailer)
    assert rep[1 + len(m1):1 + len(m1) + size] == hashlib.new(hash_name, m1 + challenge).digest()
    assert verify_active_auth(key.public_key(), challenge, signature)[0]


def test_the_challenge_goes_out_exactly_as_icao_says() -> None:
    files = sample_files(RSA_SAMPLE)
    chip = MiniChip(None, load_private_key(load_sample(RSA_SAMPLE).aa_key_path))
    challenge = bytes.fromhex("4608F91988702212")
    assert files.dg15 is not None
    result = perform_active_auth(chip, files.dg15, challenge)
    assert result.status is AuthStatus.VERIFIED
    assert chip.plain_commands[0].to_bytes() == bytes.fromhex("008800000846 08F9198870221200")
    assert internal_authenticate(challenge).to_bytes().hex() == "00880000084608f9198870221200"


@pytest.mark.parametrize(("name", "algorithm"), [(RSA_SAMPLE, "rsa-iso9796-2-sha1"),
                                                 (EC_SAMPLE, "ecdsa-plain-sha256")])
def test_genuine_chip_passes_under_secure_messaging(name: str, algorithm: str) -> None:
    files = sample_files(name)
    assert files.dg15 is not None and files.dg14 is not None
    reader, card = session_pair()
    hash_name = "sha256" if name == EC_SAMPLE else "sha1"
    chip = MiniChip(card, load_private_key(load_sample(name).aa_key_path), aa_hash=hash_name)
    result = perform_active_auth(connect(chip, reader), files.dg15, dg14=files.dg14)
    assert result.status is AuthStatus.VERIFIED, result.reason
    assert result.algorithm == algorithm
    challenge = chip.plain_commands[0].data
    assert len(challenge) == 8
    second = MiniChip(card, chip.aa_key, aa_hash=hash_name)
    perform_active_auth(connect(second, reader), files.dg15, dg14=files.dg14)
    assert second.plain_commands[0].data != challenge  # a fresh challenge every time


@pytest.mark.parametrize("name", [RSA_SAMPLE, EC_SAMPLE])
def test_cloned_chip_fails(name: str) -> None:
    """A clone copies the files but not the private key: it signs with another one."""
    files = sample_files(name)
    assert files.dg15 is not None
    original = load_private_key(load_sample(name).aa_key_path)
    other: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey = (
        rsa.generate_private_key(65537, 1024) if isinstance(original, rsa.RSAPrivateKey)
        else ec.generate_private_key(ec.SECP256R1()))
    chip = MiniChip(None, other, aa_hash="sha256")
    result = perform_active_auth(chip, files.dg15, dg14=files.dg14)
    assert result.status is AuthStatus.FAILED
    assert result.reason.endswith("(cloned chip or wrong key).")


def test_ecdsa_without_dg14_tries_the_usual_hashes() -> None:
    files = sample_files(EC_SAMPLE)
    assert files.dg15 is not None
    chip = MiniChip(None, load_private_key(load_sample(EC_SAMPLE).aa_key_path), aa_hash="sha384")
    result = perform_active_auth(chip, files.dg15)
    assert result.status is AuthStatus.VERIFIED and result.algorithm == "ecdsa-plain-sha384"
    # With DG14 naming SHA-256, a SHA-384 answer is not accepted.
    chip = MiniChip(None, chip.aa_key, aa_hash="sha384")
    assert perform_active_auth(chip, files.dg15, dg14=files.dg14).status is AuthStatus.FAILED


@pytest.mark.parametrize("answer", [b"", b"\x00" * 64, b"\x01" * 63, b"\xff" * 128,
                                    b"\x00" * 128])
def test_garbage_answers_fail(answer: bytes) -> None:
    for name in (RSA_SAMPLE, EC_SAMPLE):
        files = sample_files(name)
        assert files.dg15 is not None
        chip = MiniChip(None, load_private_key(load_sample(name).aa_key_path), aa_answer=answer)
        assert perform_active_auth(chip, files.dg15).status is AuthStatus.FAILED


def test_refusal_fails_with_the_status_word() -> None:
    files = sample_files(RSA_SAMPLE)
    assert files.dg15 is not None
    result = perform_active_auth(MiniChip(None), files.dg15)
    assert result.status is AuthStatus.FAILED
    assert result.reason == "The chip refused INTERNAL AUTHENTICATE (6D00)."


def test_malformed_dg15_fails_without_sending_anything() -> None:
    chip = MiniChip(None)
    result = perform_active_auth(chip, b"\x6f\x03\x30\x01\x00")
    assert result.status is AuthStatus.FAILED and chip.plain_commands == []


def test_card_side_input_errors_are_typed() -> None:
    key = load_private_key(load_sample(EC_SAMPLE).aa_key_path)
    with pytest.raises(ActiveAuthError):
        sign_active_auth(key, b"12345678", "md5")
    with pytest.raises(ActiveAuthError):
        internal_authenticate(b"short")


def test_dg15_keys_of_the_samples() -> None:
    assert isinstance(parse_dg15(sample_files(RSA_SAMPLE).dg15 or b""), rsa.RSAPublicKey)
    assert isinstance(parse_dg15(sample_files(EC_SAMPLE).dg15 or b""), ec.EllipticCurvePublicKey)
