"""DG14 SecurityInfos (ICAO 9303-11 §9.2) and the public keys of DG14 and DG15.

DG14 (tag 6E) holds a DER ``SET OF SecurityInfo``; each is
``SEQUENCE { protocol OID, requiredData ANY, optionalData ANY OPTIONAL }``. Read here:

- ChipAuthenticationInfo: id-CA-(EC)DH-<cipher> OID, version, optional key ID;
- ChipAuthenticationPublicKeyInfo: id-PK-(EC)DH, SubjectPublicKeyInfo, optional key ID;
- ActiveAuthenticationInfo: id-AA, version, the ECDSA signature algorithm OID.

Other SecurityInfos (PACEInfo, Terminal Authentication, ...) are kept by OID only.
Public keys come as SubjectPublicKeyInfo, EC keys with a named curve or with explicit
domain parameters (common on eMRTDs); explicit parameters are matched against the
standardized curves of :mod:`kiosk.devices.chip.ecc_curves`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from asn1crypto import keys as asn1_keys  # type: ignore[import-untyped,unused-ignore]
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kiosk.core.errors import ParseError
from kiosk.devices.chip.ecc_curves import CURVES
from kiosk.devices.chip.pace_info import decode_oid
from kiosk.devices.chip.tlv import Tlv, expect_single, parse_tlv

DG14_TAG = 0x6E
DG15_TAG = 0x6F

ID_CA = "0.4.0.127.0.7.2.2.3"
ID_PK = "0.4.0.127.0.7.2.2.1"
ID_PK_DH = f"{ID_PK}.1"
ID_PK_ECDH = f"{ID_PK}.2"
ID_AA = "2.23.136.1.1.5"
ID_ECDSA_PLAIN = "0.4.0.127.0.7.1.1.4.1"

#: BSI TR-03111 ecdsa-plain-signatures OIDs → hash name.
ECDSA_PLAIN_HASHES: dict[str, str] = {
    f"{ID_ECDSA_PLAIN}.1": "sha1",
    f"{ID_ECDSA_PLAIN}.2": "sha224",
    f"{ID_ECDSA_PLAIN}.3": "sha256",
    f"{ID_ECDSA_PLAIN}.4": "sha384",
    f"{ID_ECDSA_PLAIN}.5": "sha512",
}
#: X9.62 ecdsa-with-SHA* OIDs (also seen in ActiveAuthenticationInfo) → hash name.
ECDSA_X962_HASHES: dict[str, str] = {
    "1.2.840.10045.4.1": "sha1",
    "1.2.840.10045.4.3.1": "sha224",
    "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384",
    "1.2.840.10045.4.3.4": "sha512",
}

_SUITES: dict[int, tuple[str, int]] = {1: ("3DES", 128), 2: ("AES", 128), 3: ("AES", 192),
                                       4: ("AES", 256)}
_AGREEMENTS = {1: "DH", 2: "ECDH"}

#: cryptography's curve classes by the names used in ``ecc_curves``.
_CRYPTO_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "secp192r1": ec.SECP192R1,
    "secp224r1": ec.SECP224R1,
    "secp256r1": ec.SECP256R1,
    "secp384r1": ec.SECP384R1,
    "secp521r1": ec.SECP521R1,
    "brainpoolP256r1": ec.BrainpoolP256R1,
    "brainpoolP384r1": ec.BrainpoolP384R1,
    "brainpoolP512r1": ec.BrainpoolP512R1,
}

PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey


@dataclass(frozen=True)
class ChipAuthProtocol:
    """What an id-CA OID selects: key agreement, cipher and key length."""

    oid: str
    agreement: str  # "DH" or "ECDH"
    cipher: str  # "3DES" or "AES"
    key_bits: int

    @property
    def name(self) -> str:
        """Readable name such as "CA-ECDH-AES-CBC-CMAC-128"."""
        suite = "3DES-CBC-CBC" if self.cipher == "3DES" else f"AES-CBC-CMAC-{self.key_bits}"
        return f"CA-{self.agreement}-{suite}"


def chip_auth_protocol(oid: str) -> ChipAuthProtocol | None:
    """The protocol an id-CA-* OID names, or None when it is not one."""
    prefix = ID_CA + "."
    if not oid.startswith(prefix):
        return None
    parts = oid[len(prefix):].split(".")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    agreement, suite = _AGREEMENTS.get(int(parts[0])), _SUITES.get(int(parts[1]))
    if agreement is None or suite is None:
        return None
    return ChipAuthProtocol(oid, agreement, suite[0], suite[1])


#: The id-CA protocol a card implies when DG14 has no ChipAuthenticationInfo (9303-11 §6.2).
DEFAULT_CA_ECDH = ChipAuthProtocol(f"{ID_CA}.2.1", "ECDH", "3DES", 128)
DEFAULT_CA_DH = ChipAuthProtocol(f"{ID_CA}.1.1", "DH", "3DES", 128)


@dataclass(frozen=True)
class ChipAuthenticationInfo:
    """A ChipAuthenticationInfo: protocol, version and optional key ID."""

    protocol: ChipAuthProtocol
    version: int
    key_id: int | None = None


@dataclass(frozen=True)
class ChipAuthenticationPublicKeyInfo:
    """A ChipAuthenticationPublicKeyInfo: the chip's static key (SPKI DER) and key ID."""

    oid: str
    spki: bytes = field(repr=False)
    key_id: int | None = None

    @property
    def agreement(self) -> str:
        """"ECDH" for id-PK-ECDH, "DH" for id-PK-DH."""
        return "ECDH" if self.oid == ID_PK_ECDH else "DH"


@dataclass(frozen=True)
class ActiveAuthenticationInfo:
    """An ActiveAuthenticationInfo: version and the ECDSA signature algorithm OID."""

    version: int
    signature_algorithm: str

    @property
    def hash_name(self) -> str | None:
        """The hash the card uses for ECDSA Active Authentication, None when unknown."""
        return ECDSA_PLAIN_HASHES.get(self.signature_algorithm) or ECDSA_X962_HASHES.get(
            self.signature_algorithm
        )


@dataclass(frozen=True)
class SecurityInfos:
    """The SecurityInfos of DG14 the kiosk understands, plus the OIDs of the others."""

    chip_auth: tuple[ChipAuthenticationInfo, ...] = ()
    chip_auth_keys: tuple[ChipAuthenticationPublicKeyInfo, ...] = ()
    active_auth: ActiveAuthenticationInfo | None = None
    other_oids: tuple[str, ...] = ()


def _integer(tlv: Tlv, what: str) -> int:
    if tlv.tag != 0x02 or not tlv.value:
        raise ParseError(f"DG14: the {what} is not an INTEGER.")
    if len(tlv.value) > 8:
        raise ParseError(f"DG14: the {what} is implausibly large ({len(tlv.value)} bytes).")
    return int.from_bytes(tlv.value, "big", signed=True)


def _oid(tlv: Tlv, what: str) -> str:
    if tlv.tag != 0x06:
        raise ParseError(f"DG14: the {what} is not an OBJECT IDENTIFIER.")
    try:
        return decode_oid(tlv.value)
    except ParseError:
        raise ParseError(f"DG14: the {what} is a malformed OBJECT IDENTIFIER.") from None


def parse_security_infos(content: bytes, what: str = "DG14") -> SecurityInfos:
    """Parse a DER SET OF SecurityInfo (DG14's value, or EF.CardSecurity's content).

    Raises ParseError naming ``what`` and the fault (bad TLV, missing field, ...).
    """
    try:
        return _parse_security_infos(content, what)
    except ParseError as exc:
        text = str(exc)
        if text.startswith(what) or f" {what}" in text:
            raise
        raise ParseError(f"{what} is malformed: {text}") from None


def _parse_security_infos(content: bytes, what: str) -> SecurityInfos:
    top = parse_tlv(content)
    if len(top) != 1 or top[0].tag != 0x31:
        raise ParseError(f"{what} is not a single SET OF SecurityInfo.")
    ca: list[ChipAuthenticationInfo] = []
    keys: list[ChipAuthenticationPublicKeyInfo] = []
    aa: ActiveAuthenticationInfo | None = None
    others: list[str] = []
    for entry in top[0].children():
        if entry.tag != 0x30:
            raise ParseError(f"{what} holds an entry that is not a SecurityInfo SEQUENCE.")
        fields = entry.children()
        if len(fields) < 2:
            raise ParseError(f"A SecurityInfo in {what} has fewer than two fields.")
        oid = _oid(fields[0], "protocol of a SecurityInfo")
        if oid.startswith(ID_CA + "."):
            protocol = chip_auth_protocol(oid)
            if protocol is None:
                others.append(oid)  # a future id-CA variant: named, not used
                continue
            if len(fields) > 3:
                raise ParseError(f"A ChipAuthenticationInfo in {what} has too many fields.")
            key_id = _integer(fields[2], "CA key ID") if len(fields) == 3 else None
            ca.append(ChipAuthenticationInfo(protocol, _integer(fields[1], "CA version"),
                                             key_id))
        elif oid in (ID_PK_DH, ID_PK_ECDH):
            if len(fields) > 3 or fields[1].tag != 0x30:
                raise ParseError(f"A ChipAuthenticationPublicKeyInfo in {what} is malformed.")
            key_id = _integer(fields[2], "CA public key ID") if len(fields) == 3 else None
            keys.append(ChipAuthenticationPublicKeyInfo(oid, fields[1].encode(), key_id))
        elif oid == ID_AA:
            if len(fields) != 3:
                raise ParseError(f"The ActiveAuthenticationInfo in {what} needs three fields.")
            if aa is not None:
                raise ParseError(f"{what} holds two ActiveAuthenticationInfos.")
            aa = ActiveAuthenticationInfo(_integer(fields[1], "AA version"),
                                          _oid(fields[2], "AA signature algorithm"))
        else:
            others.append(oid)
    return SecurityInfos(tuple(ca), tuple(keys), aa, tuple(others))


def parse_dg14(dg14: bytes) -> SecurityInfos:
    """Parse the DG14 file (tag 6E around a SET OF SecurityInfo)."""
    return parse_security_infos(expect_single(dg14, DG14_TAG, "DG14").value)


def _curve_from_specified(params: asn1_keys.SpecifiedECDomain) -> ec.EllipticCurve:
    """Match explicit EC domain parameters against the standardized curves."""
    p = params["field_id"]["parameters"].native
    a = int.from_bytes(params["curve"]["a"].native, "big")
    b = int.from_bytes(params["curve"]["b"].native, "big")
    n = params["order"].native
    base = params["base"].native
    for curve in CURVES.values():
        if (curve.p, curve.a, curve.b, curve.n) != (p, a, b, n):
            continue
        if curve.decode(base) != curve.generator:
            raise ParseError(f"Explicit {curve.name} parameters carry another base point.")
        cls = _CRYPTO_CURVES.get(curve.crypto_name)
        if cls is None:
            raise ParseError(f"The curve {curve.name} is not supported for chip keys.")
        return cls()
    raise ParseError("The key's explicit elliptic-curve parameters match no known curve.")


def _ec_key(info: asn1_keys.PublicKeyInfo, what: str) -> ec.EllipticCurvePublicKey:
    params = info["algorithm"]["parameters"]
    if params.name == "named":
        name = params.chosen.native
        cls = _CRYPTO_CURVES.get(_ALIASES.get(name, name))
        if cls is None:
            raise ParseError(f"The {what} uses the unsupported curve {name}.")
        curve: ec.EllipticCurve = cls()
    elif params.name == "specified":
        curve = _curve_from_specified(params.chosen)
    else:
        raise ParseError(f"The {what} has implicitly-CA curve parameters, which are unusable.")
    point = bytes(info["public_key"].native)
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(curve, point)
    except ValueError:
        raise ParseError(f"The {what} is not a valid point on {curve.name}.") from None


_ALIASES = {"brainpoolp256r1": "brainpoolP256r1", "brainpoolp384r1": "brainpoolP384r1",
            "brainpoolp512r1": "brainpoolP512r1"}


def _spki_algorithm(spki: bytes, what: str) -> str:
    """The algorithm OID of a SubjectPublicKeyInfo, read before asn1crypto sees it."""
    try:
        outer = expect_single(spki, 0x30, what).children()
        algorithm = outer[0].children() if outer and outer[0].tag == 0x30 else []
        if not algorithm or algorithm[0].tag != 0x06:
            raise ParseError(f"The {what} names no algorithm.")
        return decode_oid(algorithm[0].value)
    except ParseError:
        raise ParseError(f"The {what} is not a well-formed SubjectPublicKeyInfo.") from None


def load_public_key(spki: bytes, what: str) -> PublicKey:
    """Load a SubjectPublicKeyInfo (RSA, or EC with named or explicit parameters).

    ``what`` names the key in errors ("DG15 public key"). Raises ParseError for a
    malformed structure, an unknown algorithm OID or an unsupported curve.
    """
    algorithm = _spki_algorithm(spki, what)
    try:
        info = asn1_keys.PublicKeyInfo.load(spki, strict=True)
        if algorithm == "1.2.840.10045.2.1":
            return _ec_key(info, what)
        if algorithm in ("1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10"):
            key = serialization.load_der_public_key(spki)
            if not isinstance(key, rsa.RSAPublicKey):
                raise ParseError(f"The {what} is not an RSA key despite its OID.")
            return key
    except ParseError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError):
        raise ParseError(f"The {what} is not a well-formed SubjectPublicKeyInfo.") from None
    raise ParseError(f"The {what} uses the unknown algorithm OID {algorithm}.")


def parse_dg15(dg15: bytes) -> PublicKey:
    """The Active Authentication public key of DG15 (tag 6F around a SubjectPublicKeyInfo)."""
    return load_public_key(expect_single(dg15, DG15_TAG, "DG15").value, "DG15 public key")
