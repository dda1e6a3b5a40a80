"""EF.SOD (ICAO 9303-10 §4.6.2): a CMS SignedData over the LDS security object.

:func:`parse_sod` reads the whole structure eagerly with asn1crypto and returns plain
values (:class:`Sod`), so nothing malformed surfaces later: a bad length, an unknown
algorithm OID or a malformed certificate raises :class:`SodError` naming what was wrong.
Verifying (hashes, signature, chain) is :mod:`kiosk.devices.chip.passive_auth`'s job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from asn1crypto import algos, cms, core  # type: ignore[import-untyped,unused-ignore]
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from kiosk.core.errors import ParseError
from kiosk.devices.chip.tlv import encode_length, expect_single

SOD_TAG = 0x77
LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"
SIGNED_DATA_OID = "1.2.840.113549.1.7.2"

#: Hash algorithm OIDs accepted in the LDS security object and the signer info.
HASH_OIDS: dict[str, str] = {
    "1.3.14.3.2.26": "sha1",
    "2.16.840.1.101.3.4.2.4": "sha224",
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
}
DIGEST_SIZES = {"sha1": 20, "sha224": 28, "sha256": 32, "sha384": 48, "sha512": 64}

#: Signature algorithm OIDs → (scheme, hash; None = the signer info's digest algorithm).
_SIGNATURE_OIDS: dict[str, tuple[str, str | None]] = {
    "1.2.840.10045.4.1": ("ecdsa", "sha1"),
    "1.2.840.10045.4.3.1": ("ecdsa", "sha224"),
    "1.2.840.10045.4.3.2": ("ecdsa", "sha256"),
    "1.2.840.10045.4.3.3": ("ecdsa", "sha384"),
    "1.2.840.10045.4.3.4": ("ecdsa", "sha512"),
    "1.2.840.10045.2.1": ("ecdsa", None),  # id-ecPublicKey, used by some issuers
    "0.4.0.127.0.7.1.1.4.1.1": ("ecdsa-plain", "sha1"),
    "0.4.0.127.0.7.1.1.4.1.2": ("ecdsa-plain", "sha224"),
    "0.4.0.127.0.7.1.1.4.1.3": ("ecdsa-plain", "sha256"),
    "0.4.0.127.0.7.1.1.4.1.4": ("ecdsa-plain", "sha384"),
    "0.4.0.127.0.7.1.1.4.1.5": ("ecdsa-plain", "sha512"),
    "1.2.840.113549.1.1.1": ("rsa-pkcs1v15", None),  # rsaEncryption
    "1.2.840.113549.1.1.5": ("rsa-pkcs1v15", "sha1"),
    "1.2.840.113549.1.1.14": ("rsa-pkcs1v15", "sha224"),
    "1.2.840.113549.1.1.11": ("rsa-pkcs1v15", "sha256"),
    "1.2.840.113549.1.1.12": ("rsa-pkcs1v15", "sha384"),
    "1.2.840.113549.1.1.13": ("rsa-pkcs1v15", "sha512"),
}
RSASSA_PSS_OID = "1.2.840.113549.1.1.10"
_MGF1_OID = "1.2.840.113549.1.1.8"


class SodError(ParseError):
    """EF.SOD is malformed or uses an algorithm the kiosk does not know."""


class DataGroupHash(core.Sequence):  # type: ignore[misc]
    """DataGroupHash ::= SEQUENCE { dataGroupNumber INTEGER, dataGroupHashValue OCTET STRING }."""

    _fields = [("number", core.Integer), ("value", core.OctetString)]  # noqa: RUF012


class DataGroupHashes(core.SequenceOf):  # type: ignore[misc]
    """SEQUENCE OF DataGroupHash."""

    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):  # type: ignore[misc]
    """LDSVersionInfo ::= SEQUENCE { ldsVersion, unicodeVersion } (LDS 1.8, SO version 1)."""

    _fields = [("lds_version", core.PrintableString),  # noqa: RUF012
               ("unicode_version", core.PrintableString)]


class LdsSecurityObject(core.Sequence):  # type: ignore[misc]
    """LDSSecurityObject (ICAO 9303-10 §4.6.2.2)."""

    _fields = [  # noqa: RUF012
        ("version", core.Integer),
        ("hash_algorithm", cms.DigestAlgorithm),
        ("hashes", DataGroupHashes),
        ("version_info", LdsVersionInfo, {"optional": True}),
    ]


@dataclass(frozen=True)
class SignatureAlgorithm:
    """How the document signer signed: scheme, hash, and for RSA-PSS its parameters."""

    oid: str
    scheme: str  # "ecdsa" (DER), "ecdsa-plain" (r||s), "rsa-pkcs1v15" or "rsa-pss"
    hash_name: str
    mgf_hash: str | None = None
    salt_length: int | None = None

    @property
    def name(self) -> str:
        """Readable name such as "ecdsa-sha256" or "rsa-pss-sha256"."""
        return f"{self.scheme}-{self.hash_name}"


@dataclass(frozen=True)
class SignerId:
    """The SignerInfo's sid: issuer DER and serial, or a subject key identifier."""

    issuer: bytes | None = None
    serial: int | None = None
    key_identifier: bytes | None = None

    def matches(self, cert: x509.Certificate) -> bool:
        """Whether ``cert`` is the certificate this sid designates."""
        if self.key_identifier is not None:
            try:
                ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
            except (x509.ExtensionNotFound, ValueError):
                return False
            return ski.value.digest == self.key_identifier
        return cert.serial_number == self.serial and cert.issuer.public_bytes() == self.issuer


@dataclass(frozen=True)
class Sod:
    """The parsed EF.SOD. ``signed_attrs`` is the DER SET the signature covers."""

    lds_version: int
    hash_name: str
    dg_hashes: dict[int, bytes] = field(hash=False)
    content: bytes = field(repr=False)
    digest_name: str = "sha256"
    signed_attrs: bytes = field(default=b"", repr=False)
    content_type_attr: str | None = None
    message_digest: bytes | None = field(default=None, repr=False)
    signing_time: dt.datetime | None = None
    signature_algorithm: SignatureAlgorithm | None = None
    signature: bytes = field(default=b"", repr=False)
    signer_id: SignerId = field(default_factory=SignerId)
    certificates: tuple[x509.Certificate, ...] = ()

    @property
    def signer_certificate(self) -> x509.Certificate | None:
        """The embedded certificate the SignerInfo designates, if any."""
        return next((c for c in self.certificates if self.signer_id.matches(c)), None)


def _hash_name(algorithm: cms.DigestAlgorithm, what: str) -> str:
    oid = algorithm["algorithm"].dotted
    name = HASH_OIDS.get(oid)
    if name is None:
        raise SodError(f"EF.SOD: the {what} uses the unknown hash algorithm OID {oid}.")
    return name


def _signature_algorithm(algorithm: cms.SignedDigestAlgorithm, digest: str) -> SignatureAlgorithm:
    oid = algorithm["algorithm"].dotted
    if oid == RSASSA_PSS_OID:
        params = algorithm["parameters"]
        if not isinstance(params, algos.RSASSAPSSParams):
            raise SodError("EF.SOD: the RSASSA-PSS signature lacks its parameters.")
        hash_name = _hash_name(params["hash_algorithm"], "RSASSA-PSS hash")
        mgf = params["mask_gen_algorithm"]
        if mgf["algorithm"].dotted != _MGF1_OID:
            raise SodError(f"EF.SOD: unknown RSASSA-PSS mask generation {mgf['algorithm'].dotted}.")
        mgf_hash = _hash_name(mgf["parameters"], "RSASSA-PSS MGF1 hash")
        if params["trailer_field"].native not in (1, "trailer_field_bc"):
            raise SodError("EF.SOD: the RSASSA-PSS trailer field is not 1 (BC).")
        salt = int(params["salt_length"].native)
        if not 0 <= salt <= 512:
            raise SodError(f"EF.SOD: the RSASSA-PSS salt length {salt} is implausible.")
        return SignatureAlgorithm(oid, "rsa-pss", hash_name, mgf_hash, salt)
    known = _SIGNATURE_OIDS.get(oid)
    if known is None:
        raise SodError(f"EF.SOD: unknown signature algorithm OID {oid}.")
    return SignatureAlgorithm(oid, known[0], known[1] or digest)


def _lds(content: bytes) -> tuple[int, str, dict[int, bytes]]:
    lds = LdsSecurityObject.load(content, strict=True)
    version = lds["version"].native
    if version not in (0, 1):
        raise SodError(f"EF.SOD: LDS security object version {version} is unknown.")
    hash_name = _hash_name(lds["hash_algorithm"], "LDS security object")
    hashes: dict[int, bytes] = {}
    for entry in lds["hashes"]:
        number, value = entry["number"].native, entry["value"].native
        if not 1 <= number <= 16:
            raise SodError(f"EF.SOD lists a hash for data group {number}, which cannot exist.")
        if number in hashes:
            raise SodError(f"EF.SOD lists data group {number} twice.")
        if len(value) != DIGEST_SIZES[hash_name]:
            raise SodError(f"EF.SOD: the DG{number} hash is {len(value)} bytes, not a "
                           f"{hash_name} digest.")
        hashes[number] = value
    if not hashes:
        raise SodError("EF.SOD lists no data group hash.")
    if lds["version_info"].native is not None and version != 1:
        raise SodError("EF.SOD: LDS version info present in a version 0 security object.")
    return version, hash_name, hashes


def _signer_id(sid: cms.SignerIdentifier) -> SignerId:
    if sid.name == "subject_key_identifier":
        return SignerId(key_identifier=sid.chosen.native)
    chosen = sid.chosen
    return SignerId(issuer=chosen["issuer"].dump(), serial=chosen["serial_number"].native)


def _attributes(signer: cms.SignerInfo) -> tuple[bytes, str | None, bytes | None,
                                                  dt.datetime | None]:
    attrs = signer["signed_attrs"]
    if not attrs.contents:
        raise SodError("EF.SOD: the SignerInfo has no signed attributes.")
    der = b"\x31" + encode_length(len(attrs.contents)) + attrs.contents
    content_type = digest = when = None
    for attr in attrs:
        values = attr["values"]
        if len(values) != 1:
            raise SodError(f"EF.SOD: signed attribute {attr['type'].dotted} must have one value.")
        kind = attr["type"].native
        if kind == "content_type":
            content_type = values[0].dotted
        elif kind == "message_digest":
            digest = values[0].native
        elif kind == "signing_time":
            when = values[0].native
    return der, content_type, digest, when


def _certificates(signed: cms.SignedData) -> tuple[x509.Certificate, ...]:
    certs: list[x509.Certificate] = []
    for choice in signed["certificates"] or []:
        if choice.name != "certificate":
            continue  # attribute / other certificate formats carry no X.509 signer
        certs.append(load_certificate(choice.chosen.dump(), "EF.SOD: an embedded certificate"))
    return tuple(certs)


#: What ``cryptography`` raises for a malformed certificate or CRL.
CERTIFICATE_ERRORS = (ValueError, TypeError, UnsupportedAlgorithm, x509.InvalidVersion,
                      x509.DuplicateExtension)


def load_certificate(der: bytes, what: str) -> x509.Certificate:
    """Load a DER certificate and read every field the checks use, so that a malformed
    one fails here (SodError "<what> is malformed") and not in the middle of a check.
    """
    try:
        cert = x509.load_der_x509_certificate(der)
        checked_now(cert)
    except CERTIFICATE_ERRORS:
        raise SodError(f"{what} is malformed.") from None
    return cert


def checked_now(cert: x509.Certificate) -> None:
    """Parse ``cert``'s lazily decoded fields; raises ValueError when one is malformed."""
    _ = (cert.subject.rfc4514_string(), cert.issuer.rfc4514_string(), cert.serial_number,
         cert.not_valid_before_utc, cert.not_valid_after_utc, cert.public_key(),
         cert.signature, cert.tbs_certificate_bytes, cert.issuer.public_bytes())
    for _extension in cert.extensions:
        pass


def _parse(body: bytes) -> Sod:
    info = cms.ContentInfo.load(body, strict=True)
    if info["content_type"].dotted != SIGNED_DATA_OID:
        raise SodError(f"EF.SOD does not hold SignedData (content type "
                       f"{info['content_type'].dotted}).")
    signed = info["content"]
    encap = signed["encap_content_info"]
    if encap["content_type"].dotted != LDS_SECURITY_OBJECT_OID:
        raise SodError(f"EF.SOD signs content of type {encap['content_type'].dotted}, "
                       "not an LDS security object.")
    content = encap["content"].native
    if not isinstance(content, bytes):
        raise SodError("EF.SOD: the LDS security object is missing.")
    version, hash_name, hashes = _lds(content)
    signer_infos = signed["signer_infos"]
    if len(signer_infos) == 0:
        raise SodError("EF.SOD carries no SignerInfo.")
    signer = signer_infos[0]
    digest = _hash_name(signer["digest_algorithm"], "signer's digest algorithm")
    signed_attrs, content_type, message_digest, when = _attributes(signer)
    if when is not None and not isinstance(when, dt.datetime):
        raise SodError("EF.SOD: the signing time is not a time.")
    return Sod(
        lds_version=version,
        hash_name=hash_name,
        dg_hashes=hashes,
        content=content,
        digest_name=digest,
        signed_attrs=signed_attrs,
        content_type_attr=content_type,
        message_digest=message_digest if isinstance(message_digest, bytes) else None,
        signing_time=when,
        signature_algorithm=_signature_algorithm(signer["signature_algorithm"], digest),
        signature=signer["signature"].native,
        signer_id=_signer_id(signer["sid"]),
        certificates=_certificates(signed),
    )


def parse_sod(sod: bytes) -> Sod:
    """Parse EF.SOD (tag 77 around a ContentInfo); raise SodError saying what is wrong."""
    body = expect_single(sod, SOD_TAG, "EF.SOD").value
    try:
        return _parse(body)
    except SodError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
            RecursionError, UnicodeDecodeError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise SodError(f"EF.SOD is malformed ({detail}).") from None


_HASH_CLASSES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
    "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}


def hash_algorithm(name: str) -> hashes.HashAlgorithm:
    """The ``cryptography`` hash object for a name such as "sha256"."""
    try:
        return _HASH_CLASSES[name]()
    except KeyError:
        raise SodError(f"The hash algorithm {name!r} is not supported.") from None


def plain_to_der(signature: bytes) -> bytes:
    """Convert a plain ECDSA signature r||s (BSI TR-03111) to its DER form."""
    if not signature or len(signature) % 2:
        raise SodError("A plain ECDSA signature must have two halves of equal length.")
    half = len(signature) // 2
    return encode_dss_signature(int.from_bytes(signature[:half], "big"),
                                int.from_bytes(signature[half:], "big"))


def signature_valid(
    public_key: object, algorithm: SignatureAlgorithm, signature: bytes, data: bytes
) -> bool:
    """Whether ``signature`` over ``data`` verifies with ``public_key`` under ``algorithm``.

    Raises SodError when the algorithm does not fit the key type (an EC algorithm with
    an RSA key, say): that is a malformed SOD, not just a wrong signature.
    """
    digest = hash_algorithm(algorithm.hash_name)
    try:
        if algorithm.scheme in ("ecdsa", "ecdsa-plain"):
            if not isinstance(public_key, ec.EllipticCurvePublicKey):
                raise SodError(f"The {algorithm.name} signature needs an EC key.")
            der = plain_to_der(signature) if algorithm.scheme == "ecdsa-plain" else signature
            public_key.verify(der, data, ec.ECDSA(digest))
            return True
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise SodError(f"The {algorithm.name} signature needs an RSA key.")
        if algorithm.scheme == "rsa-pss":
            mgf = padding.MGF1(hash_algorithm(algorithm.mgf_hash or algorithm.hash_name))
            salt = algorithm.salt_length if algorithm.salt_length is not None else 20
            public_key.verify(signature, data, padding.PSS(mgf, salt), digest)
            return True
        public_key.verify(signature, data, padding.PKCS1v15(), digest)
        return True
    except InvalidSignature:
        return False
    except ValueError:  # e.g. a DER signature cut short
        return False
