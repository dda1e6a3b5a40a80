"""The TEST public-key infrastructure that signs the emulated cards' SODs.

Nothing here is trusted by any real system: every key is generated on a developer's
machine, committed under ``kiosk/assets/samples/pki/`` and named ``TEST-…``. The set mirrors a
real country's chain so passive authentication can be exercised end to end:

- ``TEST-CSCA``: the self-signed country signing CA (ECDSA P-256, keyCertSign).
- ``TEST-DS-ECDSA``: a document signer issued by the CSCA (ECDSA P-256).
- ``TEST-DS-RSA``: a document signer issued by the CSCA (RSA 2048; the SOD may be signed
  with PKCS#1 v1.5 or RSASSA-PSS).
- ``TEST-DS-WRONG-SIGNER``: carries the CSCA's name as issuer but is signed by a rogue
  key, so the chain check must fail.
- ``TEST-DS-EXPIRED``: issued by the CSCA, validity ended in 2021.

Per-sample chip keys (Active Authentication for DG15, Chip Authentication for DG14)
live in ``kiosk/assets/samples/keys/``. Regenerate everything with
``python -m kiosk.simulated.test_pki`` (new random keys each time; the SODs are
built at run time so nothing else needs regenerating).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificateIssuerPrivateKeyTypes,
    PrivateKeyTypes,
)
from cryptography.x509.oid import NameOID

from kiosk.core.errors import KioskError
from kiosk.core.resources import asset

log = logging.getLogger(__name__)

SAMPLES_DIR = asset("samples")
PKI_DIR = SAMPLES_DIR / "pki"
KEYS_DIR = SAMPLES_DIR / "keys"

CSCA = "TEST-CSCA"
DS_ECDSA = "TEST-DS-ECDSA"
DS_RSA = "TEST-DS-RSA"
DS_WRONG_SIGNER = "TEST-DS-WRONG-SIGNER"
DS_EXPIRED = "TEST-DS-EXPIRED"
ROGUE_CA = "TEST-ROGUE-CA"
SIGNERS = (DS_ECDSA, DS_RSA, DS_WRONG_SIGNER, DS_EXPIRED)

_ORG = "TEST ONLY - Kiosk card emulator (not a real authority)"


@dataclass(frozen=True)
class Signer:
    """A document signer: its certificate and private key."""

    name: str
    certificate: x509.Certificate
    private_key: PrivateKeyTypes


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORG),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _utc(year: int, month: int = 1, day: int = 1) -> dt.datetime:
    return dt.datetime(year, month, day, tzinfo=dt.UTC)


def _ca_certificate(name: str, key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    public = key.public_key()
    ski = x509.SubjectKeyIdentifier.from_public_key(public)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(_utc(2020))
        .not_valid_after(_utc(2045))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )


def _ds_certificate(
    name: str,
    key: PrivateKeyTypes,
    issuer: x509.Certificate,
    issuer_key: CertificateIssuerPrivateKeyTypes,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.Certificate:
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(issuer.subject)
        .public_key(public)  # type: ignore[arg-type]
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer_key.public_key()
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)  # type: ignore[arg-type]
        .sign(issuer_key, hashes.SHA256())
    )


def _write_key(path: Path, key: PrivateKeyTypes) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def generate_pki(directory: Path = PKI_DIR) -> None:
    """Create the TEST CSCA and the four document signers as PEM files in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    csca_key = ec.generate_private_key(ec.SECP256R1())
    csca = _ca_certificate(CSCA, csca_key)
    rogue_key = ec.generate_private_key(ec.SECP256R1())
    rogue = _ca_certificate(CSCA, rogue_key)  # same name as the CSCA, different key
    _write_cert(directory / f"{CSCA}.cert.pem", csca)
    _write_key(directory / f"{CSCA}.key.pem", csca_key)
    _write_key(directory / f"{ROGUE_CA}.key.pem", rogue_key)

    plan: list[tuple[str, PrivateKeyTypes, x509.Certificate,
                     CertificateIssuerPrivateKeyTypes, dt.datetime, dt.datetime]] = [
        (DS_ECDSA, ec.generate_private_key(ec.SECP256R1()), csca, csca_key,
         _utc(2021), _utc(2041)),
        (DS_RSA, rsa.generate_private_key(65537, 2048), csca, csca_key, _utc(2021), _utc(2041)),
        (DS_WRONG_SIGNER, ec.generate_private_key(ec.SECP256R1()), rogue, rogue_key,
         _utc(2021), _utc(2041)),
        (DS_EXPIRED, ec.generate_private_key(ec.SECP256R1()), csca, csca_key,
         _utc(2020), _utc(2021, 6, 30)),
    ]
    for name, key, issuer, issuer_key, start, end in plan:
        cert = _ds_certificate(name, key, issuer, issuer_key, start, end)
        _write_cert(directory / f"{name}.cert.pem", cert)
        _write_key(directory / f"{name}.key.pem", key)


def generate_chip_keys(sample_names: list[str], directory: Path = KEYS_DIR) -> None:
    """Create each sample's chip keys: ``TEST-<name>-aa.key.pem`` and ``TEST-<name>-ca.key.pem``.

    Active Authentication keys alternate between RSA 1024 and EC P-256 so both kinds are
    exercised; Chip Authentication keys are always EC P-256 (ECDH).
    """
    directory.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(sample_names):
        aa: PrivateKeyTypes = (
            rsa.generate_private_key(65537, 1024) if index % 2 == 0
            else ec.generate_private_key(ec.SECP256R1())
        )
        _write_key(directory / f"TEST-{name}-aa.key.pem", aa)
        _write_key(directory / f"TEST-{name}-ca.key.pem", ec.generate_private_key(ec.SECP256R1()))


def load_private_key(path: Path) -> PrivateKeyTypes:
    """Load an unencrypted PEM private key, with a clear error when it is missing."""
    try:
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError as exc:
        raise KioskError(
            f"Test key {path.name} is missing; run python -m kiosk.simulated.test_pki."
        ) from exc


def load_certificate(name: str, directory: Path = PKI_DIR) -> x509.Certificate:
    """Load the TEST certificate called ``name`` (e.g. ``TEST-CSCA``)."""
    path = directory / f"{name}.cert.pem"
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except FileNotFoundError as exc:
        raise KioskError(
            f"Test certificate {name} is missing; run python -m kiosk.simulated.test_pki."
        ) from exc


def load_signer(name: str, directory: Path = PKI_DIR) -> Signer:
    """Load a TEST document signer (certificate and key) by name."""
    if name not in SIGNERS:
        raise KioskError(f"Unknown test signer {name!r}; known: {', '.join(SIGNERS)}.")
    key = load_private_key(directory / f"{name}.key.pem")
    return Signer(name, load_certificate(name, directory), key)


def main(argv: list[str] | None = None) -> int:
    """Regenerate the TEST PKI and every sample's chip keys."""
    del argv
    from kiosk.simulated.samples import list_samples

    generate_pki()
    generate_chip_keys(list_samples())
    sys.stdout.write(f"TEST PKI written to {PKI_DIR}\nchip keys written to {KEYS_DIR}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
