"""The CSCA trust store folder: PEM, DER, a CSCA master list, CRLs, and bad files."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.devices.chip.passive_auth import PassiveStatus, verify_passive
from kiosk.devices.chip.trust_store import (
    MASTER_LIST_OID,
    CscaMasterList,
    TrustStore,
    TrustStoreError,
    load_master_list,
)
from kiosk.simulated.test_pki import (
    CSCA,
    DS_ECDSA,
    DS_RSA,
    PKI_DIR,
    load_certificate,
    load_private_key,
)

from .helpers import sample_files

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _ml_signer() -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A TEST master-list signer certificate issued by the TEST CSCA (made per test run)."""
    csca = load_certificate(CSCA)
    csca_key = load_private_key(PKI_DIR / f"{CSCA}.key.pem")
    assert isinstance(csca_key, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "TEST-ML-SIGNER")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(csca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
            .not_valid_after(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
            .sign(csca_key, hashes.SHA256()))
    return cert, key


def build_master_list(certs: list[x509.Certificate], tamper: bool = False) -> bytes:
    """A CSCA master list (CMS SignedData of CscaMasterList) signed by a TEST ML signer."""
    content = CscaMasterList({"version": 0, "cert_list": [_asn1(c) for c in certs]}).dump()
    signer_cert, key = _ml_signer()
    attrs = cms.CMSAttributes([
        {"type": "content_type", "values": [MASTER_LIST_OID]},
        {"type": "message_digest", "values": [hashlib.sha256(content).digest()]},
    ])
    signature = key.sign(attrs.dump(), ec.ECDSA(hashes.SHA256()))
    asn1_signer = _asn1(signer_cert)
    signer_info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
            "issuer": asn1_signer.issuer, "serial_number": asn1_signer.serial_number})}),
        "digest_algorithm": {"algorithm": "sha256"},
        "signed_attrs": attrs,
        "signature_algorithm": {"algorithm": "sha256_ecdsa"},
        "signature": signature,
    })
    if tamper:
        content = content[:-1] + bytes((content[-1] ^ 1,))
    signed = cms.SignedData({
        "version": "v3",
        "digest_algorithms": [{"algorithm": "sha256"}],
        "encap_content_info": {"content_type": MASTER_LIST_OID,
                               "content": core.ParsableOctetString(content)},
        "certificates": [asn1_signer],
        "signer_infos": [signer_info],
    })
    der: bytes = cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()
    return der


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def test_master_list_gives_its_certificates() -> None:
    csca = load_certificate(CSCA)
    certs = load_master_list(build_master_list([csca, load_certificate(DS_RSA)]))
    assert csca in certs and len(certs) == 2


def test_tampered_master_list_is_refused() -> None:
    with pytest.raises(TrustStoreError, match="does not match its signed digest"):
        load_master_list(build_master_list([load_certificate(CSCA)], tamper=True))


def test_master_list_rejects_other_cms_content() -> None:
    sod_body = sample_files("dang-thi-ngoc-huong").sod[4:]  # strip 77 82 LL LL
    with pytest.raises(TrustStoreError, match="does not hold a CSCA master list"):
        load_master_list(sod_body)


def test_folder_with_every_kind_of_file(tmp_path: Path) -> None:
    csca = load_certificate(CSCA)
    (tmp_path / "README.md").write_text("not a certificate", encoding="utf-8")
    (tmp_path / "bundle.pem").write_bytes(_pem(load_certificate(DS_ECDSA)) + _pem(csca))
    (tmp_path / "csca.cer").write_bytes(csca.public_bytes(serialization.Encoding.DER))
    (tmp_path / "VN.ml").write_bytes(build_master_list([csca]))
    store = TrustStore.from_folder(tmp_path)
    assert len(store) == 2  # the CSCA (three times, deduplicated) and the DS
    assert store.issuers_of(load_certificate(DS_RSA)) == [csca]
    files = sample_files("nguyen-huu-phuoc-loc")
    assert verify_passive(files.sod, files.data_groups(), store, NOW).status is (
        PassiveStatus.VERIFIED)


def test_master_list_alone_is_enough(tmp_path: Path) -> None:
    (tmp_path / "VN.ml").write_bytes(build_master_list([load_certificate(CSCA)]))
    files = sample_files("le-hoang-bao-ngan")
    result = verify_passive(files.sod, files.data_groups(), TrustStore.from_folder(tmp_path), NOW)
    assert result.status is PassiveStatus.VERIFIED


@pytest.mark.parametrize(("name", "content"), [
    ("broken.pem", b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
    ("broken.der", b"\x30\x03\x02\x01\x00"),
    ("broken.crl", b"\x30\x00"),
    ("broken.ml", b"\x30\x80"),
])
def test_malformed_file_is_named(tmp_path: Path, name: str, content: bytes) -> None:
    (tmp_path / "csca.pem").write_bytes(_pem(load_certificate(CSCA)))
    (tmp_path / name).write_bytes(content)
    with pytest.raises(TrustStoreError, match=f"Trust store file {name} is unusable"):
        TrustStore.from_folder(tmp_path)
    lenient = TrustStore.from_folder(tmp_path, strict=False)
    assert len(lenient) == 1
    assert len(lenient.problems) == 1 and name in lenient.problems[0]


def test_the_shipped_folder_trusts_nobody() -> None:
    """kiosk/assets/trust/ ships with its README only: every genuine card is chain_unverified."""
    from kiosk.devices.chip.trust_store import DEFAULT_TRUST_DIR

    assert (DEFAULT_TRUST_DIR / "README.md").is_file()
    store = TrustStore.from_folder(DEFAULT_TRUST_DIR)
    assert len(store) == 0 and store.crls == () and store.problems == []
    files = sample_files("vu-duc-thang")
    assert verify_passive(files.sod, files.data_groups(), store, NOW).status is (
        PassiveStatus.CHAIN_UNVERIFIED)
