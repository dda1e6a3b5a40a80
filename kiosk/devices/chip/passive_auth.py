"""Passive authentication (ICAO 9303-11 §5.1): are the data groups what the issuer signed?

Steps, every one reported:

1. each data group read must hash to the value EF.SOD lists for it;
2. the signed attributes must name the LDS security object and carry its digest;
3. the document signer (DS) signature over the signed attributes must verify (RSA
   PKCS#1 v1.5, RSASSA-PSS with its parameters, ECDSA in DER or plain form);
4. the DS certificate must be valid **now** and must have been valid when the SOD was
   signed (its signingTime, when present): a DS certificate's validity covers the
   lifetime of the documents it signs, so one that has expired means the document is
   no longer vouched for, and a signature made outside the validity is not acceptable;
5. the DS certificate must be signed by a CSCA of the trust store that is valid now
   and is a CA, and must not be revoked by a CRL of that CSCA (when one is present).

Outcome: ``verified``; ``chain_unverified`` when 1-4 pass but no trusted CSCA has the
DS's issuer name (the honest state while the Vietnamese CSCA is not public);
``failed`` with the first reason, all reasons in ``details``. A DS that names a trusted
CSCA but is signed by none of that name's trusted keys is ``failed`` ("wrong signer"),
not ``chain_unverified``: the store is expected to hold every CSCA key of a country it
trusts (key rollover), so an unknown key under a trusted name is a forgery signal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from enum import StrEnum

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

from kiosk.core.errors import KioskError
from kiosk.devices.chip.sod import LDS_SECURITY_OBJECT_OID, Sod, parse_sod, signature_valid
from kiosk.devices.chip.trust_store import TrustStore

log = logging.getLogger(__name__)


class PassiveStatus(StrEnum):
    """Outcome of passive authentication."""

    VERIFIED = "verified"
    CHAIN_UNVERIFIED = "chain_unverified"
    FAILED = "failed"


@dataclass(frozen=True)
class PassiveResult:
    """Passive authentication outcome: status, first reason, every finding, DGs checked.

    ``checked`` lists the data groups compared with EF.SOD, ``mismatched`` those whose
    hash differed or that EF.SOD does not list. ``signer`` is the DS certificate's
    subject (an authority's name, not personal data).
    """

    status: PassiveStatus
    reason: str
    details: list[str] = field(default_factory=list)
    checked: tuple[int, ...] = ()
    mismatched: tuple[int, ...] = ()
    signer: str | None = None
    signing_time: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        """True when nothing failed (verified or chain_unverified)."""
        return self.status is not PassiveStatus.FAILED


def _check_hashes(sod: Sod, data_groups: dict[int, bytes], failures: list[str],
                  details: list[str]) -> tuple[int, ...]:
    mismatched: list[int] = []
    for number in sorted(data_groups):
        expected = sod.dg_hashes.get(number)
        if expected is None:
            failures.append(f"DG{number} is not listed in EF.SOD.")
            mismatched.append(number)
            continue
        actual = hashlib.new(sod.hash_name, data_groups[number]).digest()
        if not hmac.compare_digest(actual, expected):
            failures.append(f"DG{number} does not match its {sod.hash_name} hash in EF.SOD "
                            "(changed after signing).")
            mismatched.append(number)
    good = [n for n in sorted(data_groups) if n not in mismatched]
    if good:
        details.append("Hashes match EF.SOD for " + ", ".join(f"DG{n}" for n in good) + ".")
    unread = sorted(set(sod.dg_hashes) - set(data_groups))
    if unread:
        details.append("Listed in EF.SOD but not checked (not read): "
                       + ", ".join(f"DG{n}" for n in unread) + ".")
    return tuple(mismatched)


def _check_attributes(sod: Sod, failures: list[str]) -> None:
    if sod.content_type_attr != LDS_SECURITY_OBJECT_OID:
        failures.append("The signed attributes do not name the LDS security object.")
    digest = hashlib.new(sod.digest_name, sod.content).digest()
    if sod.message_digest is None or not hmac.compare_digest(digest, sod.message_digest):
        failures.append("The signed message digest does not match the LDS security object.")


def _signer(sod: Sod, trust: TrustStore | None) -> x509.Certificate | None:
    found = sod.signer_certificate
    if found is None and trust is not None:
        found = next((c for c in trust.certificates if sod.signer_id.matches(c)), None)
    return found


def _check_signature(sod: Sod, ds: x509.Certificate, failures: list[str],
                     details: list[str]) -> None:
    algorithm = sod.signature_algorithm
    if algorithm is None:
        failures.append("EF.SOD names no signature algorithm.")
        return
    try:
        valid = signature_valid(ds.public_key(), algorithm, sod.signature, sod.signed_attrs)
    except (KioskError, ValueError, TypeError) as exc:
        failures.append(f"The document signer's key cannot check the signature: {exc}")
        return
    if valid:
        details.append(f"Document signer signature valid ({algorithm.name}).")
    else:
        failures.append(f"The document signer's {algorithm.name} signature over EF.SOD "
                        "does not verify.")


def _day(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d")


def _check_validity(sod: Sod, ds: x509.Certificate, now: dt.datetime,
                    failures: list[str]) -> None:
    start, end = ds.not_valid_before_utc, ds.not_valid_after_utc
    if now > end:
        failures.append(f"The document signer certificate expired on {_day(end)}.")
    elif now < start:
        failures.append(f"The document signer certificate is not valid before {_day(start)}.")
    when = sod.signing_time
    if when is not None:
        when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        if not start <= when <= end:
            failures.append(f"EF.SOD was signed on {_day(when)}, outside the document signer "
                            f"certificate's validity ({_day(start)} to {_day(end)}).")
    try:
        usage = ds.extensions.get_extension_for_class(x509.KeyUsage).value
    except (x509.ExtensionNotFound, ValueError):
        return
    if not usage.digital_signature:
        failures.append("The document signer certificate is not allowed to sign documents.")


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except (x509.ExtensionNotFound, ValueError):
        return False


def _check_chain(ds: x509.Certificate, trust: TrustStore, now: dt.datetime,
                 failures: list[str], details: list[str]) -> bool:
    """Check the chain to a trusted CSCA. Returns False when no CSCA names the issuer."""
    candidates = trust.issuers_of(ds)
    if not candidates:
        return False
    csca = None
    for candidate in candidates:
        try:
            ds.verify_directly_issued_by(candidate)
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            continue
        csca = candidate
        break
    issuer = ds.issuer.rfc4514_string()
    if csca is None:
        failures.append(f"Wrong signer: the document signer certificate is not signed by the "
                        f"trusted CSCA {issuer}.")
        details.append("A document signer naming a trusted CSCA must be signed by one of its "
                       "keys; keep every CSCA key of that country (key rollover) in the store.")
        return True
    details.append(f"Document signer certificate chains to the trusted CSCA {issuer}.")
    if not _is_ca(csca):
        failures.append("The trusted certificate that signed the document signer is not a CA.")
    if not csca.not_valid_before_utc <= now <= csca.not_valid_after_utc:
        failures.append(f"The CSCA certificate is outside its validity "
                        f"({_day(csca.not_valid_before_utc)} to "
                        f"{_day(csca.not_valid_after_utc)}).")
    crls = trust.crls_of(csca)
    if not crls:
        details.append("No CRL from this CSCA in the trust store: revocation not checked.")
    for crl in crls:
        revoked = crl.get_revoked_certificate_by_serial_number(ds.serial_number)
        if revoked is not None:
            failures.append(f"The document signer certificate was revoked on "
                            f"{_day(revoked.revocation_date_utc)}.")
        else:
            details.append(f"Not revoked (CRL of {_day(crl.last_update_utc)}).")
        next_update = crl.next_update_utc
        if next_update is not None and next_update < now:
            details.append(f"The CRL is out of date since {_day(next_update)}.")
    return True


def verify_passive(
    sod: bytes,
    data_groups: dict[int, bytes],
    trust: TrustStore | None,
    now: dt.datetime | None = None,
) -> PassiveResult:
    """Passive authentication of ``data_groups`` (number → whole file) against EF.SOD.

    Never raises for bad card data: a malformed SOD or certificate is a ``failed``
    result whose reason says what was wrong. ``now`` defaults to the current UTC time.
    """
    when = now or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    checked = tuple(sorted(data_groups))
    try:
        parsed = parse_sod(sod)
    except KioskError as exc:
        log.info("passive authentication failed: EF.SOD unreadable")
        return PassiveResult(PassiveStatus.FAILED, str(exc), [str(exc)], checked, checked)
    failures: list[str] = []
    details: list[str] = []
    if not data_groups:
        failures.append("No data group was given, so nothing was checked against EF.SOD.")
    mismatched = _check_hashes(parsed, data_groups, failures, details)
    _check_attributes(parsed, failures)
    ds = _signer(parsed, trust)
    chained = False
    if ds is None:
        failures.append("EF.SOD carries no document signer certificate matching its signer.")
    else:
        _check_signature(parsed, ds, failures, details)
        _check_validity(parsed, ds, when, failures)
        if trust is not None:
            chained = _check_chain(ds, trust, when, failures, details)
    signer = ds.subject.rfc4514_string() if ds is not None else None

    def result(status: PassiveStatus, reason: str, found: list[str]) -> PassiveResult:
        return PassiveResult(status, reason, found, checked, mismatched, signer,
                             parsed.signing_time)

    if failures:
        log.info("passive authentication failed (%d findings)", len(failures))
        return result(PassiveStatus.FAILED, failures[0], failures + details)
    if not chained:
        issuer = ds.issuer.rfc4514_string() if ds is not None else "?"
        reason = (f"Hashes and signature are valid, but no trusted CSCA for {issuer}: "
                  "the chain is not verified.")
        log.info("passive authentication: chain unverified")
        return result(PassiveStatus.CHAIN_UNVERIFIED, reason, [*details, reason])
    log.info("passive authentication verified")
    return result(PassiveStatus.VERIFIED, "Hashes, signature and chain are valid.", details)
