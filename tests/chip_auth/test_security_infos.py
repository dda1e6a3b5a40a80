"""DG14 SecurityInfos and the public keys of DG14/DG15 (named and explicit EC curves)."""

from __future__ import annotations

import pytest
from asn1crypto import core, keys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.core.errors import ParseError
from kiosk.devices.chip.ecc_curves import CURVES
from kiosk.devices.chip.security_infos import (
    ID_AA,
    ID_CA,
    ID_PK_ECDH,
    chip_auth_protocol,
    load_public_key,
    parse_dg14,
    parse_dg15,
)
from kiosk.devices.chip.tlv import encode_tlv

from .helpers import sample_files


def _explicit_spki(key: ec.EllipticCurvePublicKey, parameter_id: int) -> bytes:
    """The SubjectPublicKeyInfo of ``key`` with explicit domain parameters (as eMRTDs do)."""
    curve = CURVES[parameter_id]
    size = curve.size
    params = keys.ECDomainParameters(name="specified", value=keys.SpecifiedECDomain({
        "version": "ecdpVer1",
        "field_id": {"field_type": "prime_field", "parameters": curve.p},
        "curve": {"a": curve.a.to_bytes(size, "big"), "b": curve.b.to_bytes(size, "big")},
        "base": curve.encode(curve.generator),
        "order": curve.n,
        "cofactor": curve.h,
    }))
    point = key.public_bytes(serialization.Encoding.X962,
                             serialization.PublicFormat.UncompressedPoint)
    der: bytes = keys.PublicKeyInfo({
        "algorithm": {"algorithm": "ec", "parameters": params},
        "public_key": point,
    }).dump()
    return der


@pytest.mark.parametrize(("parameter_id", "curve"), [(12, ec.SECP256R1()),
                                                     (13, ec.BrainpoolP256R1()),
                                                     (15, ec.SECP384R1())])
def test_explicit_parameters_are_matched_to_the_named_curve(parameter_id: int,
                                                            curve: ec.EllipticCurve) -> None:
    public = ec.generate_private_key(curve).public_key()
    loaded = load_public_key(_explicit_spki(public, parameter_id), "test key")
    assert isinstance(loaded, ec.EllipticCurvePublicKey)
    assert loaded.curve.name == curve.name and loaded.public_numbers() == public.public_numbers()


def test_explicit_parameters_with_a_wrong_base_point_are_refused() -> None:
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    spki = bytearray(_explicit_spki(public, 12))
    generator = CURVES[12].encode(CURVES[12].generator)
    at = bytes(spki).index(generator)
    other = CURVES[12].encode(CURVES[12].multiply(2, CURVES[12].generator))
    spki[at:at + len(generator)] = other
    with pytest.raises(ParseError, match="another base point"):
        load_public_key(bytes(spki), "test key")


def test_unknown_algorithm_and_garbage_are_named() -> None:
    unknown = encode_tlv(0x30, encode_tlv(0x30, core.ObjectIdentifier("1.2.3.4").dump())
                         + encode_tlv(0x03, b"\x00\x01"))
    with pytest.raises(ParseError, match=r"unknown algorithm OID 1\.2\.3\.4"):
        load_public_key(unknown, "DG15 public key")
    with pytest.raises(ParseError, match="not a well-formed SubjectPublicKeyInfo"):
        load_public_key(b"\x30\x03\x02\x01\x00", "DG15 public key")
    with pytest.raises(ParseError, match="DG15"):
        parse_dg15(b"\x6e\x00")


def test_sample_dg14() -> None:
    files = sample_files("le-hoang-bao-ngan")
    assert files.dg14 is not None
    infos = parse_dg14(files.dg14)
    assert [i.protocol.name for i in infos.chip_auth] == ["CA-ECDH-AES-CBC-CMAC-128"]
    assert infos.chip_auth_keys[0].oid == ID_PK_ECDH
    assert isinstance(load_public_key(infos.chip_auth_keys[0].spki, "k"),
                      ec.EllipticCurvePublicKey)
    assert infos.active_auth is not None and infos.active_auth.hash_name == "sha256"


def test_other_security_infos_are_kept_by_oid() -> None:
    pace = bytes.fromhex("3012060A04007F0007020204020202010202010C")
    future_ca = encode_tlv(0x30, core.ObjectIdentifier(f"{ID_CA}.2.9").dump() + b"\x02\x01\x01")
    dg14 = encode_tlv(0x6E, encode_tlv(0x31, pace + future_ca))
    infos = parse_dg14(dg14)
    assert infos.other_oids == ("0.4.0.127.0.7.2.2.4.2.2", f"{ID_CA}.2.9")
    assert infos.chip_auth == () and infos.chip_auth_keys == ()


@pytest.mark.parametrize(("data", "message"), [
    (b"\x6e\x03\x30\x01\x00", "not a single SET"),
    (b"\x6e\x04\x31\x02\x02\x00", "not a SecurityInfo"),
    (b"\x6e\x07\x31\x05\x30\x03\x02\x01\x00", "fewer than two fields"),
    (b"\x6e\x05\x31\x03\x30\x01\x00", "DG14 is malformed: TLV truncated"),
    (encode_tlv(0x6E, encode_tlv(0x31, encode_tlv(0x30, core.ObjectIdentifier(ID_AA).dump()
                                                  + b"\x02\x01\x01"))), "needs three fields"),
    (encode_tlv(0x6E, encode_tlv(0x31, encode_tlv(0x30, core.ObjectIdentifier(
        f"{ID_CA}.2.2").dump() + b"\x02\x09" + bytes(9)))), "implausibly large"),
    (encode_tlv(0x6E, encode_tlv(0x31, encode_tlv(0x30, b"\x06\x01\x81\x02\x01\x01"))),
     "malformed OBJECT IDENTIFIER"),
])
def test_malformed_dg14_is_named(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_dg14(data)


def test_protocol_names() -> None:
    assert chip_auth_protocol(f"{ID_CA}.1.1") is not None
    assert chip_auth_protocol(f"{ID_CA}.2.5") is None
    assert chip_auth_protocol("1.2.3") is None
    assert chip_auth_protocol(f"{ID_CA}.2") is None
