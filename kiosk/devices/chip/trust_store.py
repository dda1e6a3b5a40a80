"""The CSCA trust store: country signing CA certificates and their CRLs, from a folder.

A folder (``kiosk/assets/trust/`` by default) may hold, in any mix:

- certificates as PEM (several per file allowed) or DER: ``*.pem``, ``*.crt``, ``*.cer``,
  ``*.der``;
- CSCA master lists (ICAO 9303-12 §8: CMS SignedData of ``CscaMasterList``, content
  type 2.23.136.1.1.2): ``*.ml`` (DER) — every certificate of the list is trusted;
- certificate revocation lists, PEM or DER: ``*.crl``.

Other files (README, dotfiles) are ignored. Trust in a master list comes from where
the operator got it: the kiosk checks its signature against the signer certificate it
embeds (catching corruption), not against an outside root.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path

from asn1crypto import cms, core  # type: ignore[import-untyped,unused-ignore]
from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped,unused-ignore]
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from kiosk.core.errors import KioskError
from kiosk.core.resources import asset
from kiosk.devices.chip.sod import (
    CERTIFICATE_ERRORS,
    _attributes,
    _certificates,
    _hash_name,
    _signature_algorithm,
    _signer_id,
    checked_now,
    load_certificate,
    signature_valid,
)

log = logging.getLogger(__name__)

#: The folder the kiosk ships (holding only a README: no real CSCA is public yet).
DEFAULT_TRUST_DIR = asset("trust")
MASTER_LIST_OID = "2.23.136.1.1.2"
CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der")
CRL_SUFFIXES = (".crl",)
MASTER_LIST_SUFFIXES = (".ml",)
_PEM_CERT = b"-----BEGIN CERTIFICATE-----"
_PEM_CRL = b"-----BEGIN X509 CRL-----"
_SHA256 = hashes.SHA256()


class TrustStoreError(KioskError):
    """A file of the trust store folder is unreadable or malformed (the message names it)."""


class CscaMasterList(core.Sequence):  # type: ignore[misc]
    """CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }."""

    _fields = [("version", core.Integer),  # noqa: RUF012
               ("cert_list", core.SetOf, {"spec": asn1_x509.Certificate})]


def load_master_list(data: bytes) -> list[x509.Certificate]:
    """The certificates of a CSCA master list, after checking its CMS signature.

    Raises TrustStoreError when the structure is malformed or the signature fails.
    """
    try:
        info = cms.ContentInfo.load(data, strict=True)
        if info["content_type"].native != "signed_data":
            raise TrustStoreError("The master list is not CMS SignedData.")
        signed = info["content"]
        encap = signed["encap_content_info"]
        if encap["content_type"].dotted != MASTER_LIST_OID:
            raise TrustStoreError("The CMS file does not hold a CSCA master list.")
        content = encap["content"].native
        if not isinstance(content, bytes):
            raise TrustStoreError("The master list has no content.")
        listed = CscaMasterList.load(content, strict=True)
        ders = [cert.dump() for cert in listed["cert_list"]]
        signer = signed["signer_infos"][0]
        digest = _hash_name(signer["digest_algorithm"], "master list digest")
        attrs, _ctype, message_digest, _when = _attributes(signer)
        algorithm = _signature_algorithm(signer["signature_algorithm"], digest)
        signature = signer["signature"].native
        sid = _signer_id(signer["sid"])
        embedded = _certificates(signed)
    except KioskError as exc:
        raise TrustStoreError(f"The master list is malformed: {exc}") from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
            RecursionError) as exc:
        raise TrustStoreError(f"The master list is malformed ({type(exc).__name__}).") from None
    if message_digest != hashlib.new(digest, content).digest():
        raise TrustStoreError("The master list's content does not match its signed digest.")
    ml_signer = next((c for c in embedded if sid.matches(c)), None)
    if ml_signer is None:
        raise TrustStoreError("The master list does not carry its signer's certificate.")
    try:
        valid = signature_valid(ml_signer.public_key(), algorithm, signature, attrs)
    except KioskError as exc:
        raise TrustStoreError(f"The master list's signature is unusable: {exc}") from None
    if not valid:
        raise TrustStoreError("The master list's signature does not verify.")
    try:
        return [load_certificate(der, "A certificate of the master list") for der in ders]
    except KioskError as exc:
        raise TrustStoreError(str(exc)) from None


def _load_certificates(data: bytes) -> list[x509.Certificate]:
    if _PEM_CERT in data:
        certs = x509.load_pem_x509_certificates(data)
    else:
        certs = [x509.load_der_x509_certificate(data)]
    for cert in certs:
        checked_now(cert)
    return certs


def _load_crl(data: bytes) -> x509.CertificateRevocationList:
    crl = x509.load_pem_x509_crl(data) if _PEM_CRL in data else x509.load_der_x509_crl(data)
    # Read the lazily decoded fields now, so a malformed CRL is refused at load time.
    _ = (crl.issuer.rfc4514_string(), crl.last_update_utc, crl.next_update_utc,
         crl.signature, crl.tbs_certlist_bytes)
    for revoked in crl:
        _ = (revoked.serial_number, revoked.revocation_date_utc)
    return crl


def _key_id_matches(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """False only when both key identifiers exist and differ."""
    try:
        aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
        ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    except (x509.ExtensionNotFound, ValueError):
        return True
    return aki.key_identifier is None or aki.key_identifier == ski.digest


class TrustStore:
    """Trusted CSCA certificates and CRLs (see the module text for the folder layout)."""

    def __init__(
        self,
        certificates: Iterable[x509.Certificate] = (),
        crls: Iterable[x509.CertificateRevocationList] = (),
    ) -> None:
        self.certificates: tuple[x509.Certificate, ...] = tuple(certificates)
        self.crls: tuple[x509.CertificateRevocationList, ...] = tuple(crls)
        self.problems: list[str] = []

    def __len__(self) -> int:
        return len(self.certificates)

    def __repr__(self) -> str:
        return f"TrustStore({len(self.certificates)} CSCA, {len(self.crls)} CRL)"

    @classmethod
    def from_folder(cls, folder: Path | str, strict: bool = True) -> TrustStore:
        """Load every certificate, master list and CRL of ``folder``.

        A missing folder gives an empty store (the honest state while no CSCA is
        public). A malformed file raises TrustStoreError naming it when ``strict``;
        otherwise it is skipped, logged, and listed in :attr:`problems`.
        """
        store = cls()
        root = Path(folder)
        if not root.is_dir():
            log.info("trust store folder %s does not exist: no CSCA trusted", root)
            return store
        certs: list[x509.Certificate] = []
        crls: list[x509.CertificateRevocationList] = []
        for path in sorted(root.iterdir()):
            suffix = path.suffix.lower()
            if path.name.startswith(".") or not path.is_file():
                continue
            try:
                data = path.read_bytes()
                if suffix in CERT_SUFFIXES:
                    certs.extend(_load_certificates(data))
                elif suffix in CRL_SUFFIXES:
                    crls.append(_load_crl(data))
                elif suffix in MASTER_LIST_SUFFIXES:
                    certs.extend(load_master_list(data))
            except (TrustStoreError, OSError, *CERTIFICATE_ERRORS) as exc:
                problem = f"Trust store file {path.name} is unusable: {exc}"
                if strict:
                    raise TrustStoreError(problem) from None
                log.warning("%s", problem)
                store.problems.append(problem)
        unique = {cert.fingerprint(_SHA256): cert for cert in certs}
        store.certificates = tuple(unique.values())
        store.crls = tuple(crls)
        log.info("trust store: %d CSCA certificates, %d CRLs", len(store.certificates),
                 len(store.crls))
        return store

    def issuers_of(self, cert: x509.Certificate) -> list[x509.Certificate]:
        """Trusted certificates whose subject is ``cert``'s issuer.

        Those whose key identifier matches ``cert``'s authority key identifier come
        first; the others follow, so that a certificate naming a trusted CSCA but
        signed by another key is checked, and fails, rather than being set aside.
        """
        named = [ca for ca in self.certificates if ca.subject == cert.issuer]
        return sorted(named, key=lambda ca: not _key_id_matches(cert, ca))

    def crls_of(self, issuer: x509.Certificate) -> list[x509.CertificateRevocationList]:
        """CRLs issued by ``issuer`` whose signature verifies with its key."""
        found = []
        for crl in self.crls:
            if crl.issuer != issuer.subject:
                continue
            try:
                valid = crl.is_signature_valid(issuer.public_key())  # type: ignore[arg-type]
            except CERTIFICATE_ERRORS:
                valid = False
            if valid:
                found.append(crl)
            else:
                log.warning("a CRL naming a trusted CSCA has an invalid signature; ignored")
        return found

