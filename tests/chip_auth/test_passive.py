"""Passive authentication against the emulator's files: every verdict and its reason."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.devices.chip.passive_auth import PassiveStatus, verify_passive
from kiosk.devices.chip.trust_store import TrustStore
from kiosk.simulated.card import Faults
from kiosk.simulated.samples import build_card, list_samples
from kiosk.simulated.test_pki import (
    CSCA,
    DS_ECDSA,
    DS_EXPIRED,
    DS_WRONG_SIGNER,
    PKI_DIR,
    ROGUE_CA,
    load_certificate,
    load_private_key,
)

from .helpers import sample_files

SAMPLES = list_samples()
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _card_dgs(name: str, faults: Faults) -> tuple[bytes, dict[int, bytes]]:
    """EF.SOD and the data groups as the emulated card serves them (faults applied)."""
    card = build_card(name, faults=faults)
    numbers = {1: "DG1", 2: "DG2", 13: "DG13", 14: "DG14", 15: "DG15"}
    return card.fs.content("SOD"), {n: card.fs.content(f) for n, f in numbers.items()}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_verifies_against_the_test_csca(name: str, csca_store: TrustStore) -> None:
    files = sample_files(name)
    result = verify_passive(files.sod, files.data_groups(), csca_store, NOW)
    assert result.status is PassiveStatus.VERIFIED, result.details
    assert result.checked == (1, 2, 3, 13, 14, 15)
    assert result.mismatched == ()
    assert result.signer is not None and "TEST-DS" in result.signer
    assert any("chains to the trusted CSCA" in d for d in result.details)
    assert any("revocation not checked" in d for d in result.details)


@pytest.mark.parametrize("name", SAMPLES)
def test_without_a_trusted_csca_the_chain_is_unverified(name: str) -> None:
    files = sample_files(name)
    for trust in (TrustStore(), None):
        result = verify_passive(files.sod, files.data_groups(), trust, NOW)
        assert result.status is PassiveStatus.CHAIN_UNVERIFIED
        assert "no trusted CSCA" in result.reason
        assert result.ok


def test_empty_folder_and_missing_folder_trust_nothing(tmp_path: Path) -> None:
    assert len(TrustStore.from_folder(tmp_path)) == 0
    assert len(TrustStore.from_folder(tmp_path / "absent")) == 0


@pytest.mark.parametrize(("file", "number"), [("DG1", 1), ("DG13", 13), ("DG2", 2),
                                              ("DG15", 15)])
def test_a_data_group_changed_after_signing_fails_naming_it(
    file: str, number: int, csca_store: TrustStore
) -> None:
    sod, dgs = _card_dgs("dang-thi-ngoc-huong", Faults(corrupt_file=file, corrupt_offset=7))
    result = verify_passive(sod, dgs, csca_store, NOW)
    assert result.status is PassiveStatus.FAILED
    assert result.reason.startswith(f"DG{number} does not match")
    assert result.mismatched == (number,)
    # The other data groups are still reported as matching: the failure is specific.
    assert any(d.startswith("Hashes match EF.SOD for DG1") or "DG2" in d
               for d in result.details if d.startswith("Hashes match"))


def test_a_truncated_data_group_fails(csca_store: TrustStore) -> None:
    sod, dgs = _card_dgs("vu-duc-thang", Faults(truncate_file="DG13"))
    result = verify_passive(sod, dgs, csca_store, NOW)
    assert result.status is PassiveStatus.FAILED and result.mismatched == (13,)


def test_a_data_group_not_listed_in_the_sod_fails(csca_store: TrustStore) -> None:
    files = sample_files("le-hoang-bao-ngan")
    dgs = {**files.data_groups(), 11: b"\x6b\x00"}
    result = verify_passive(files.sod, dgs, csca_store, NOW)
    assert result.status is PassiveStatus.FAILED
    assert result.reason == "DG11 is not listed in EF.SOD."


def test_partial_read_reports_unchecked_groups(csca_store: TrustStore) -> None:
    files = sample_files("le-hoang-bao-ngan")
    dgs = {n: files.data_groups()[n] for n in (1, 13)}
    result = verify_passive(files.sod, dgs, csca_store, NOW)
    assert result.status is PassiveStatus.VERIFIED
    assert result.checked == (1, 13)
    assert "Listed in EF.SOD but not checked (not read): DG2, DG3, DG14, DG15." in result.details


def test_no_data_group_is_not_a_verification(csca_store: TrustStore) -> None:
    files = sample_files("le-hoang-bao-ngan")
    result = verify_passive(files.sod, {}, csca_store, NOW)
    assert result.status is PassiveStatus.FAILED
    assert "nothing was checked" in result.reason


def test_a_corrupted_signature_fails(csca_store: TrustStore) -> None:
    files = sample_files("nguyen-huu-phuoc-loc")  # RSA PKCS#1 v1.5
    sod = files.sod[:-5] + bytes((files.sod[-5] ^ 0x01,)) + files.sod[-4:]
    result = verify_passive(sod, files.data_groups(), csca_store, NOW)
    assert result.status is PassiveStatus.FAILED
    assert result.reason == ("The document signer's rsa-pkcs1v15-sha256 signature over EF.SOD "
                             "does not verify.")


def test_wrong_signer_fails_against_the_csca_and_is_unverifiable_without_it(
    csca_store: TrustStore,
) -> None:
    """TEST-DS-WRONG-SIGNER names TEST-CSCA as issuer but was signed by a rogue key.

    With the TEST CSCA trusted the signature check of the DS certificate fails:
    ``failed``. With no CSCA trusted the kiosk cannot tell this DS from a genuine one
    whose CSCA it lacks (hashes and SOD signature are fine): ``chain_unverified``.
    """
    files = sample_files("dang-thi-ngoc-huong", DS_WRONG_SIGNER)
    result = verify_passive(files.sod, files.data_groups(), csca_store, NOW)
    assert result.status is PassiveStatus.FAILED
    assert result.reason.startswith("Wrong signer: the document signer certificate is not "
                                    "signed by the trusted CSCA")
    unknown = verify_passive(files.sod, files.data_groups(), TrustStore(), NOW)
    assert unknown.status is PassiveStatus.CHAIN_UNVERIFIED


def test_expired_document_signer_fails_with_the_date(csca_store: TrustStore) -> None:
    files = sample_files("vu-duc-thang", DS_EXPIRED)  # SOD signed in 2024, DS ended 2021
    for trust in (csca_store, TrustStore()):
        result = verify_passive(files.sod, files.data_groups(), trust, NOW)
        assert result.status is PassiveStatus.FAILED
        assert result.reason == "The document signer certificate expired on 2021-06-30."
        assert any(d.startswith("EF.SOD was signed on 2024-09-10, outside the document "
                                "signer certificate's validity") for d in result.details)


def test_validity_is_checked_at_the_given_time(csca_store: TrustStore) -> None:
    files = sample_files("dang-thi-ngoc-huong")
    later = verify_passive(files.sod, files.data_groups(), csca_store,
                           dt.datetime(2042, 1, 1, tzinfo=dt.UTC))
    assert later.status is PassiveStatus.FAILED
    assert later.reason == "The document signer certificate expired on 2041-01-01."
    naive = verify_passive(files.sod, files.data_groups(), csca_store, dt.datetime(2026, 1, 1))
    assert naive.status is PassiveStatus.VERIFIED


def _crl(serials: list[int], key_name: str = CSCA, next_update_days: int = 30,
         when: dt.datetime = NOW) -> x509.CertificateRevocationList:
    """A CRL issued under the TEST CSCA's name, signed by ``key_name``'s key."""
    csca = load_certificate(CSCA)
    key = load_private_key(PKI_DIR / f"{key_name}.key.pem")
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    builder = (x509.CertificateRevocationListBuilder().issuer_name(csca.subject)
               .last_update(when - dt.timedelta(days=1))
               .next_update(when + dt.timedelta(days=next_update_days)))
    for serial in serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial)
            .revocation_date(dt.datetime(2025, 3, 1, tzinfo=dt.UTC)).build())
    return builder.sign(key, hashes.SHA256())


def test_revoked_document_signer_fails(csca_folder: Path, tmp_path: Path) -> None:
    ds = load_certificate(DS_ECDSA)
    folder = tmp_path / "trust"
    shutil.copytree(csca_folder, folder)
    (folder / "TEST-CSCA.crl").write_bytes(
        _crl([ds.serial_number]).public_bytes(serialization.Encoding.DER))
    store = TrustStore.from_folder(folder)
    assert len(store.crls) == 1
    files = sample_files("dang-thi-ngoc-huong")  # signed by TEST-DS-ECDSA
    result = verify_passive(files.sod, files.data_groups(), store, NOW)
    assert result.status is PassiveStatus.FAILED
    assert result.reason == "The document signer certificate was revoked on 2025-03-01."
    other = sample_files("nguyen-huu-phuoc-loc")  # TEST-DS-RSA: not on the CRL
    fine = verify_passive(other.sod, other.data_groups(), store, NOW)
    assert fine.status is PassiveStatus.VERIFIED
    assert "Not revoked (CRL of 2025-12-31)." in fine.details


def test_a_crl_with_a_bad_signature_is_ignored() -> None:
    ds = load_certificate(DS_ECDSA)
    store = TrustStore([load_certificate(CSCA)], [_crl([ds.serial_number], ROGUE_CA)])
    files = sample_files("dang-thi-ngoc-huong")
    result = verify_passive(files.sod, files.data_groups(), store, NOW)
    assert result.status is PassiveStatus.VERIFIED
    assert any("revocation not checked" in d for d in result.details)


def test_an_out_of_date_crl_is_reported() -> None:
    store = TrustStore([load_certificate(CSCA)],
                       [_crl([], when=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))])
    files = sample_files("dang-thi-ngoc-huong")
    result = verify_passive(files.sod, files.data_groups(), store, NOW)
    assert result.status is PassiveStatus.VERIFIED
    assert "The CRL is out of date since 2024-01-31." in result.details


def test_an_expired_csca_fails() -> None:
    """A trust store holding a CSCA past its validity cannot vouch for anything."""
    files = sample_files("dang-thi-ngoc-huong")
    store = TrustStore([load_certificate(CSCA)])
    result = verify_passive(files.sod, files.data_groups(), store,
                            dt.datetime(2046, 1, 1, tzinfo=dt.UTC))
    assert result.status is PassiveStatus.FAILED
    assert any(d.startswith("The CSCA certificate is outside its validity")
               for d in result.details)


def test_a_trusted_document_signer_is_not_a_csca() -> None:
    """Trusting a non-CA certificate by mistake does not make a chain."""
    files = sample_files("dang-thi-ngoc-huong")
    store = TrustStore([load_certificate(DS_ECDSA)])
    result = verify_passive(files.sod, files.data_groups(), store, NOW)
    assert result.status is PassiveStatus.CHAIN_UNVERIFIED
