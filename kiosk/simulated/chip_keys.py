"""DG14 (chip authentication) and DG15 (active authentication) for the emulated cards.

DG14 (tag 6E) is a SET OF SecurityInfo (ICAO 9303-11 §9.2): here a
ChipAuthenticationInfo (id-CA-ECDH-AES-CBC-CMAC-128, version 1) and a
ChipAuthenticationPublicKeyInfo (id-PK-ECDH with the chip's P-256 key), plus an
ActiveAuthenticationInfo (id-AA, ecdsa-plain-SHA256) when the AA key is an EC key.
DG15 (tag 6F) is the Active Authentication public key as a SubjectPublicKeyInfo.
The matching private keys stay in ``kiosk/assets/samples/keys/`` for the sample.
"""

from __future__ import annotations

from asn1crypto import core  # type: ignore[import-untyped,unused-ignore]
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from kiosk.core.errors import KioskError
from kiosk.devices.chip.tlv import encode_tlv

DG14_TAG = 0x6E
DG15_TAG = 0x6F
ID_PK_ECDH = "0.4.0.127.0.7.2.2.1.2"
ID_CA_ECDH_AES_CBC_CMAC_128 = "0.4.0.127.0.7.2.2.3.2.2"
ID_AA = "2.23.136.1.1.5"
ECDSA_PLAIN_SHA256 = "0.4.0.127.0.7.1.1.4.1.3"


def _spki(key: PrivateKeyTypes) -> bytes:
    if not isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
        raise KioskError("Chip keys must be EC or RSA keys.")
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _seq(*parts: bytes) -> bytes:
    return encode_tlv(0x30, b"".join(parts))


def _oid(dotted: str) -> bytes:
    der: bytes = core.ObjectIdentifier(dotted).dump()
    return der


def _int(value: int) -> bytes:
    der: bytes = core.Integer(value).dump()
    return der


def encode_dg14(ca_key: PrivateKeyTypes, aa_key: PrivateKeyTypes | None = None,
                extra_infos: tuple[bytes, ...] = ()) -> bytes:
    """Encode DG14 announcing chip authentication with ``ca_key`` (EC P-256).

    ``extra_infos`` are further DER SecurityInfos, e.g. the PACEInfo that ICAO 9303-11
    wants repeated in DG14 when EF.CardAccess offers PACE.
    """
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise KioskError("The chip authentication key must be an EC key.")
    infos = [
        _seq(_oid(ID_CA_ECDH_AES_CBC_CMAC_128), _int(1)),
        _seq(_oid(ID_PK_ECDH), _spki(ca_key)),
    ]
    if isinstance(aa_key, ec.EllipticCurvePrivateKey):
        infos.append(_seq(_oid(ID_AA), _int(1), _oid(ECDSA_PLAIN_SHA256)))
    infos.extend(extra_infos)
    return encode_tlv(DG14_TAG, encode_tlv(0x31, b"".join(sorted(infos))))


def encode_dg15(aa_key: PrivateKeyTypes) -> bytes:
    """Encode DG15: the Active Authentication public key (SubjectPublicKeyInfo)."""
    return encode_tlv(DG15_TAG, _spki(aa_key))
