"""The SOD the emulator builds verifies with plain cryptography, for every TEST signer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509

from kiosk.core.errors import KioskError
from kiosk.simulated.sod_builder import build_sod, lds_security_object
from kiosk.simulated.test_pki import (
    CSCA,
    DS_ECDSA,
    DS_EXPIRED,
    DS_RSA,
    DS_WRONG_SIGNER,
    load_certificate,
    load_signer,
)

from .sod_check import chain_ok, verify_sod
from .synthetic import synthetic_files

DGS = synthetic_files().data_groups()


@pytest.mark.parametrize(
    ("signer", "scheme"),
    [(DS_ECDSA, "ecdsa"), (DS_RSA, "rsa-pkcs1v15"), (DS_RSA, "rsa-pss"),
     (DS_WRONG_SIGNER, "ecdsa"), (DS_EXPIRED, "ecdsa")],
)
def test_sod_verifies(signer: str, scheme: str) -> None:
    sod = build_sod(DGS, load_signer(signer), scheme)
    cert = verify_sod(sod, DGS)
    assert cert == load_signer(signer).certificate


def test_chain_to_the_test_csca() -> None:
    csca = load_certificate(CSCA)
    assert csca.subject == csca.issuer
    ca = csca.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert ca.ca
    assert csca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    assert chain_ok(load_certificate(DS_ECDSA), csca)
    assert chain_ok(load_certificate(DS_RSA), csca)
    assert chain_ok(load_certificate(DS_EXPIRED), csca)
    wrong = load_certificate(DS_WRONG_SIGNER)
    assert wrong.issuer == csca.subject and not chain_ok(wrong, csca)


def test_expired_signer_is_expired() -> None:
    cert = load_certificate(DS_EXPIRED)
    assert cert.not_valid_after_utc < dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    for name in (DS_ECDSA, DS_RSA):
        assert load_certificate(name).not_valid_after_utc > dt.datetime(2040, 1, 1, tzinfo=dt.UTC)


def test_every_test_name_is_marked_test() -> None:
    for name in (CSCA, DS_ECDSA, DS_RSA, DS_WRONG_SIGNER, DS_EXPIRED):
        assert name.startswith("TEST-")
        assert "TEST" in load_certificate(name).subject.rfc4514_string()


def test_tampered_dg_fails_the_hash_check() -> None:
    sod = build_sod(DGS, load_signer(DS_ECDSA))
    tampered = dict(DGS)
    tampered[1] = DGS[1][:-1] + b"X"
    with pytest.raises(AssertionError, match="DG1"):
        verify_sod(sod, tampered)


def test_lds_security_object_bytes() -> None:
    """Byte-exact DER for one DG: SEQ{INT 0, SEQ{OID sha256}, SEQ{SEQ{INT 1, OCTET hash}}}."""
    der = lds_security_object({1: b""})
    empty_sha256 = bytes.fromhex(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    expected = (bytes.fromhex("3039020100300b0609608648016503040201302730250201010420")
                + empty_sha256)
    assert der == expected


def test_unknown_signer_and_hash_are_typed_errors() -> None:
    with pytest.raises(KioskError, match="Unknown test signer"):
        load_signer("TEST-DS-NOPE")
    with pytest.raises(KioskError, match="Unsupported SOD hash"):
        lds_security_object({1: b""}, "md5")


def test_regenerating_the_pki_gives_a_working_chain(tmp_path: Path) -> None:
    from kiosk.simulated.test_pki import generate_chip_keys, generate_pki

    generate_pki(tmp_path)
    csca = load_certificate(CSCA, tmp_path)
    for name in (DS_ECDSA, DS_RSA, DS_EXPIRED):
        assert chain_ok(load_certificate(name, tmp_path), csca)
    assert not chain_ok(load_certificate(DS_WRONG_SIGNER, tmp_path), csca)
    sod = build_sod(DGS, load_signer(DS_RSA, tmp_path), "rsa-pss")
    assert verify_sod(sod, DGS) == load_certificate(DS_RSA, tmp_path)
    generate_chip_keys(["someone"], tmp_path / "keys")
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == [
        "TEST-someone-aa.key.pem", "TEST-someone-ca.key.pem"]
