"""EF.SOD parsing: what the sample SODs hold, and every malformation named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from asn1crypto import cms, core

from kiosk.core.errors import ParseError
from kiosk.devices.chip.passive_auth import PassiveStatus, verify_passive
from kiosk.devices.chip.sod import SodError, parse_sod
from kiosk.devices.chip.tlv import encode_tlv, expect_single

from .helpers import sample_files

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SOD = sample_files("dang-thi-ngoc-huong").sod
DGS = sample_files("dang-thi-ngoc-huong").data_groups()


def _edit(change: Callable[[cms.SignedData], None], sod: bytes = SOD) -> bytes:
    """Re-encode EF.SOD after ``change`` edits its SignedData (asn1crypto objects)."""
    info = cms.ContentInfo.load(expect_single(sod, 0x77, "SOD").value)
    signed = info["content"]
    change(signed)
    der: bytes = cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()
    return encode_tlv(0x77, der)


def _lds(edit: Callable[[bytes], bytes]) -> Callable[[cms.SignedData], None]:
    def change(signed: cms.SignedData) -> None:
        content = signed["encap_content_info"]["content"].native
        signed["encap_content_info"]["content"] = core.ParsableOctetString(edit(content))
    return change


@pytest.mark.parametrize("name", ["dang-thi-ngoc-huong", "le-hoang-bao-ngan",
                                  "nguyen-huu-phuoc-loc"])
def test_sample_sods(name: str) -> None:
    sod = parse_sod(sample_files(name).sod)
    assert sod.lds_version == 0 and sod.hash_name == "sha256" and sod.digest_name == "sha256"
    assert sorted(sod.dg_hashes) == [1, 2, 3, 13, 14, 15]
    assert sod.signer_certificate is not None and sod.signing_time is not None
    assert sod.signed_attrs[0] == 0x31


def test_rsa_pss_parameters_are_read() -> None:
    algorithm = parse_sod(sample_files("le-hoang-bao-ngan").sod).signature_algorithm
    assert algorithm is not None
    assert (algorithm.scheme, algorithm.hash_name, algorithm.mgf_hash, algorithm.salt_length) == (
        "rsa-pss", "sha256", "sha256", 32)


def test_unknown_signature_algorithm_is_named() -> None:
    def change(signed: cms.SignedData) -> None:
        signed["signer_infos"][0]["signature_algorithm"] = {"algorithm": "1.2.3.4.5"}
    sod = _edit(change)
    with pytest.raises(SodError, match=r"unknown signature algorithm OID 1\.2\.3\.4\.5"):
        parse_sod(sod)
    result = verify_passive(sod, DGS, None, NOW)
    assert result.status is PassiveStatus.FAILED and "1.2.3.4.5" in result.reason


def test_unknown_hash_algorithm_is_named() -> None:
    def change(signed: cms.SignedData) -> None:
        signed["signer_infos"][0]["digest_algorithm"] = {"algorithm": "1.2.840.113549.2.5"}
    with pytest.raises(SodError, match=r"unknown hash algorithm OID 1\.2\.840\.113549\.2\.5"):
        parse_sod(_edit(change))


def test_unknown_lds_hash_is_named() -> None:
    sha256 = bytes.fromhex("300B0609608648016503040201")
    md5 = bytes.fromhex("300A06082A864886F70D0205")

    def swap(content: bytes) -> bytes:
        return encode_tlv(0x30, expect_single(content, 0x30, "LDS").value.replace(sha256, md5, 1))
    with pytest.raises(SodError, match=r"LDS security object uses the unknown hash algorithm "
                                       r"OID 1\.2\.840\.113549\.2\.5"):
        parse_sod(_edit(_lds(swap)))


def test_malformed_certificate_is_named() -> None:
    def change(signed: cms.SignedData) -> None:
        signed["certificates"] = cms.CertificateSet.load(encode_tlv(0x31, b"\x30\x03\x02\x01\x00"))
    with pytest.raises(SodError, match="an embedded certificate is malformed"):
        parse_sod(_edit(change))


def test_no_signer_info() -> None:
    def change(signed: cms.SignedData) -> None:
        signed["signer_infos"] = cms.SignerInfos([])
    with pytest.raises(SodError, match="carries no SignerInfo"):
        parse_sod(_edit(change))


def test_missing_signer_certificate_fails_verification() -> None:
    def change(signed: cms.SignedData) -> None:
        signed["certificates"] = cms.CertificateSet([])
    result = verify_passive(_edit(change), DGS, None, NOW)
    assert result.status is PassiveStatus.FAILED
    assert result.reason == "EF.SOD carries no document signer certificate matching its signer."


def test_other_content_type_is_refused() -> None:
    def change(signed: cms.SignedData) -> None:
        signed["encap_content_info"]["content_type"] = "1.2.3"
    with pytest.raises(SodError, match="not an LDS security object"):
        parse_sod(_edit(change))


@pytest.mark.parametrize(("data", "message"), [
    (b"", "expected one TLV object"),
    (b"\x77\x84\xff\xff\xff\xff", "declares"),  # oversized length
    (b"\x77\x85\x01\x00\x00\x00\x00", "at most 4 allowed"),
    (b"\x60\x00", "expected tag 0x77"),
    (b"\x77\x04\x30\x84\x7f\xff", "EF.SOD is malformed"),
    (b"\x77\x02\x30\x00", "EF.SOD is malformed"),
])
def test_structural_garbage_is_a_typed_error(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_sod(data)


def test_duplicate_and_impossible_data_groups() -> None:
    sod = parse_sod(SOD)
    entry = encode_tlv(0x30, b"\x02\x01\x01" + encode_tlv(0x04, sod.dg_hashes[1]))
    bad = encode_tlv(0x30, b"\x02\x01\x11" + encode_tlv(0x04, sod.dg_hashes[1]))
    head = bytes.fromhex("020100300B0609608648016503040201")
    for entries, message in (([entry, entry], "lists data group 1 twice"),
                             ([bad], "data group 17, which cannot exist"),
                             ([], "lists no data group hash")):
        lds = encode_tlv(0x30, head + encode_tlv(0x30, b"".join(entries)))
        with pytest.raises(SodError, match=message):
            parse_sod(_edit(_lds(_constant(lds))))


def _constant(value: bytes) -> Callable[[bytes], bytes]:
    return lambda _content: value


def test_rsa_pss_with_other_parameters_does_not_verify() -> None:
    """The PSS parameters are part of what is checked: another salt length fails."""
    files = sample_files("le-hoang-bao-ngan")

    def change(signed: cms.SignedData) -> None:
        algorithm = signed["signer_infos"][0]["signature_algorithm"]
        params = algorithm["parameters"]
        params["salt_length"] = 20
        algorithm["parameters"] = params
    sod = _edit(change, files.sod)
    parsed = parse_sod(sod)
    assert parsed.signature_algorithm is not None
    assert parsed.signature_algorithm.salt_length == 20
    result = verify_passive(sod, files.data_groups(), None, NOW)
    assert result.status is PassiveStatus.FAILED
    assert result.reason == ("The document signer's rsa-pss-sha256 signature over EF.SOD does "
                             "not verify.")


def test_plain_ecdsa_and_bare_ec_oid_signatures() -> None:
    """Issuers also use id-ecPublicKey as signature OID, or BSI plain r||s signatures."""
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    files = sample_files("dang-thi-ngoc-huong")

    def bare(signed: cms.SignedData) -> None:
        signed["signer_infos"][0]["signature_algorithm"] = {"algorithm": "1.2.840.10045.2.1"}

    def plain(signed: cms.SignedData) -> None:
        info = signed["signer_infos"][0]
        r, s = decode_dss_signature(info["signature"].native)
        info["signature_algorithm"] = {"algorithm": "0.4.0.127.0.7.1.1.4.1.3"}
        info["signature"] = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    for change, name in ((bare, "ecdsa-sha256"), (plain, "ecdsa-plain-sha256")):
        result = verify_passive(_edit(change, files.sod), files.data_groups(), None, NOW)
        assert result.status is PassiveStatus.CHAIN_UNVERIFIED, result.details
        assert f"Document signer signature valid ({name})." in result.details


def test_signature_algorithm_not_fitting_the_key_fails() -> None:
    files = sample_files("dang-thi-ngoc-huong")  # EC document signer

    def change(signed: cms.SignedData) -> None:
        signed["signer_infos"][0]["signature_algorithm"] = {"algorithm": "sha256_rsa"}
    result = verify_passive(_edit(change, files.sod), files.data_groups(), None, NOW)
    assert result.status is PassiveStatus.FAILED
    assert "needs an RSA key" in result.reason
