"""Build EF.SOD for the emulated cards: a CMS SignedData over the LDS security object.

ICAO 9303-10 §4.6.2: EF.SOD (tag 77) wraps a ContentInfo holding SignedData whose
encapsulated content (type id-icao-mrtd-security-ldsSecurityObject, 2.23.136.1.1.1)
is the LDSSecurityObject listing a hash of every data group. The signer info carries
the signed attributes contentType, messageDigest and signingTime and is signed by a
TEST document signer (:mod:`kiosk.simulated.test_pki`).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from asn1crypto import algos, cms, core  # type: ignore[import-untyped,unused-ignore]
from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped,unused-ignore]
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from kiosk.core.errors import KioskError
from kiosk.devices.chip.tlv import encode_tlv
from kiosk.simulated.test_pki import Signer

LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"
SOD_TAG = 0x77
SCHEMES = ("ecdsa", "rsa-pkcs1v15", "rsa-pss")
_HASHES: dict[str, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]] = {
    "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}
#: DER contents of the NIST hash algorithm OIDs 2.16.840.1.101.3.4.2.{1,2,3}.
_HASH_OIDS = {
    "sha256": bytes.fromhex("608648016503040201"),
    "sha384": bytes.fromhex("608648016503040202"),
    "sha512": bytes.fromhex("608648016503040203"),
}


def _der_sequence(*parts: bytes) -> bytes:
    return encode_tlv(0x30, b"".join(parts))


def lds_security_object(data_groups: dict[int, bytes], hash_name: str = "sha256") -> bytes:
    """DER of the LDSSecurityObject (version 0) hashing each data group's whole file.

    ``SEQUENCE { version INTEGER 0, hashAlgorithm AlgorithmIdentifier,
    dataGroupHashValues SEQUENCE OF SEQUENCE { dataGroupNumber INTEGER,
    dataGroupHashValue OCTET STRING } }``
    """
    if hash_name not in _HASHES:
        raise KioskError(f"Unsupported SOD hash {hash_name!r}; use one of {', '.join(_HASHES)}.")
    hashes_der = b"".join(
        _der_sequence(encode_tlv(0x02, bytes((number,))),
                      encode_tlv(0x04, hashlib.new(hash_name, content).digest()))
        for number, content in sorted(data_groups.items())
    )
    algorithm = _der_sequence(encode_tlv(0x06, _HASH_OIDS[hash_name]))
    return _der_sequence(encode_tlv(0x02, b"\x00"), algorithm, encode_tlv(0x30, hashes_der))


def _signature_algorithm(scheme: str, hash_name: str) -> algos.SignedDigestAlgorithm:
    if scheme == "ecdsa":
        return algos.SignedDigestAlgorithm({"algorithm": f"{hash_name}_ecdsa"})
    if scheme == "rsa-pkcs1v15":
        return algos.SignedDigestAlgorithm({"algorithm": f"{hash_name}_rsa"})
    return algos.SignedDigestAlgorithm({
        "algorithm": "rsassa_pss",
        "parameters": algos.RSASSAPSSParams({
            "hash_algorithm": {"algorithm": hash_name},
            "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": hash_name}},
            "salt_length": _HASHES[hash_name].digest_size,
        }),
    })


def _sign(signer: Signer, scheme: str, hash_name: str, message: bytes) -> bytes:
    algorithm = _HASHES[hash_name]()
    key = signer.private_key
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(message, ec.ECDSA(algorithm))
    if isinstance(key, rsa.RSAPrivateKey):
        if scheme == "rsa-pss":
            pss = padding.PSS(padding.MGF1(_HASHES[hash_name]()), algorithm.digest_size)
            return key.sign(message, pss, algorithm)
        return key.sign(message, padding.PKCS1v15(), algorithm)
    raise KioskError(f"Test signer {signer.name} has an unsupported key type.")


def effective_scheme(signer: Signer, requested: str) -> str:
    """The signature scheme actually usable with the signer's key type."""
    if requested not in SCHEMES:
        raise KioskError(f"Unknown signature scheme {requested!r}; use one of {SCHEMES}.")
    if isinstance(signer.private_key, ec.EllipticCurvePrivateKey):
        return "ecdsa"
    return requested if requested.startswith("rsa") else "rsa-pkcs1v15"


def build_sod(
    data_groups: dict[int, bytes],
    signer: Signer,
    scheme: str = "ecdsa",
    signing_time: dt.datetime | None = None,
    hash_name: str = "sha256",
) -> bytes:
    """Build EF.SOD (tag 77) signing the hashes of ``data_groups`` (number → file bytes)."""
    scheme = effective_scheme(signer, scheme)
    when = signing_time or dt.datetime.now(dt.UTC)
    content = lds_security_object(data_groups, hash_name)
    attrs = cms.CMSAttributes([
        {"type": "content_type", "values": [LDS_SECURITY_OBJECT_OID]},
        {"type": "message_digest", "values": [hashlib.new(hash_name, content).digest()]},
        {"type": "signing_time", "values": [cms.Time({"utc_time": when})]},
    ])
    signature = _sign(signer, scheme, hash_name, attrs.dump())
    cert = asn1_x509.Certificate.load(
        signer.certificate.public_bytes(serialization.Encoding.DER)
    )
    signer_info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({
            "issuer_and_serial_number": cms.IssuerAndSerialNumber({
                "issuer": cert.issuer,
                "serial_number": cert.serial_number,
            })
        }),
        "digest_algorithm": {"algorithm": hash_name},
        "signed_attrs": attrs,
        "signature_algorithm": _signature_algorithm(scheme, hash_name),
        "signature": signature,
    })
    signed_data = cms.SignedData({
        "version": "v3",
        "digest_algorithms": [{"algorithm": hash_name}],
        "encap_content_info": {
            "content_type": LDS_SECURITY_OBJECT_OID,
            "content": core.ParsableOctetString(content),
        },
        "certificates": [cert],
        "signer_infos": [signer_info],
    })
    info = cms.ContentInfo({"content_type": "signed_data", "content": signed_data})
    der: bytes = info.dump()
    return encode_tlv(SOD_TAG, der)
