"""An independent SOD checker for the tests, written straight from ICAO 9303-10/-11.

It deliberately does not use the kiosk's passive-authentication code: the emulator's
SOD must verify with plain asn1crypto + cryptography.
"""

from __future__ import annotations

import hashlib

from asn1crypto import cms, core
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from kiosk.devices.chip.tlv import expect_single


class DataGroupHash(core.Sequence):
    _fields = [("number", core.Integer), ("value", core.OctetString)]  # noqa: RUF012


class DataGroupHashes(core.SequenceOf):
    _child_spec = DataGroupHash


class LdsSecurityObject(core.Sequence):
    _fields = [  # noqa: RUF012
        ("version", core.Integer),
        ("hash_algorithm", cms.DigestAlgorithm),
        ("hashes", DataGroupHashes),
    ]


def verify_sod(sod: bytes, data_groups: dict[int, bytes]) -> x509.Certificate:
    """Check every DG hash and the signature; return the document signer certificate."""
    info = cms.ContentInfo.load(expect_single(sod, 0x77, "SOD").value)
    assert info["content_type"].native == "signed_data"
    signed = info["content"]
    encap = signed["encap_content_info"]
    assert encap["content_type"].dotted == "2.23.136.1.1.1"
    content = encap["content"].native
    lds = LdsSecurityObject.load(content)
    assert lds["version"].native == 0
    hash_name = lds["hash_algorithm"]["algorithm"].native
    listed = {h["number"].native: h["value"].native for h in lds["hashes"]}
    assert set(listed) == set(data_groups)
    for number, data in data_groups.items():
        assert listed[number] == hashlib.new(hash_name, data).digest(), f"DG{number}"
    signer_info = signed["signer_infos"][0]
    attrs = {a["type"].native: a["values"][0] for a in signer_info["signed_attrs"]}
    assert attrs["content_type"].dotted == "2.23.136.1.1.1"
    assert attrs["message_digest"].native == hashlib.new(hash_name, content).digest()
    assert "signing_time" in attrs
    cert = x509.load_der_x509_certificate(signed["certificates"][0].chosen.dump())
    sid = signer_info["sid"].chosen
    assert sid["serial_number"].native == cert.serial_number
    signed_bytes = signer_info["signed_attrs"].dump(force=True)
    signed_bytes = b"\x31" + signed_bytes[1:]  # [0] IMPLICIT → SET OF for the signature
    algorithm = signer_info["signature_algorithm"]
    signature = signer_info["signature"].native
    public = cert.public_key()
    chosen = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}
    digest = chosen[signer_info["digest_algorithm"]["algorithm"].native]
    name = algorithm["algorithm"].native
    if isinstance(public, ec.EllipticCurvePublicKey):
        assert name.endswith("ecdsa")
        public.verify(signature, signed_bytes, ec.ECDSA(digest))
    else:
        assert isinstance(public, rsa.RSAPublicKey)
        if name == "rsassa_pss":
            salt = algorithm["parameters"]["salt_length"].native
            pss = padding.PSS(padding.MGF1(digest), salt)
            public.verify(signature, signed_bytes, pss, digest)
        else:
            public.verify(signature, signed_bytes, padding.PKCS1v15(), digest)
    return cert


def chain_ok(ds: x509.Certificate, csca: x509.Certificate) -> bool:
    """Whether ``ds`` carries a valid signature by ``csca``."""
    try:
        ds.verify_directly_issued_by(csca)
    except (ValueError, TypeError, Exception):
        return False
    return True
