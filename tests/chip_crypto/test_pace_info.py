"""EF.CardAccess PACEInfo parsing, OID coding, and the choice of a supported PACEInfo."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.errors import KioskError, ParseError
from kiosk.devices.chip.pace_info import (
    PACE_ALGORITHMS,
    PaceInfo,
    choose_pace_info,
    decode_oid,
    encode_card_access,
    encode_oid,
    parse_card_access,
)
from kiosk.devices.chip.tlv import encode_tlv

# The EF.CardAccess quoted in the project notes (PACE-ECDH-GM-AES-128, v2, P-256).
CCCD_SAMPLE = bytes.fromhex("3114301206 0A04007F00070202040202 020102 02010C".replace(" ", ""))
# ICAO 9303-11 Appendix G.1: the same with brainpoolP256r1 (ID 13).
G1_CARD_ACCESS = bytes.fromhex("31143012060A04007F0007020204020202010202010D")


def test_cccd_sample() -> None:
    infos = parse_card_access(CCCD_SAMPLE)
    assert infos == [PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 12)]
    assert infos[0].algorithm.name == "PACE-ECDH-GM-AES-128"
    assert choose_pace_info(infos) == infos[0]
    assert encode_card_access(infos) == CCCD_SAMPLE


def test_g1_card_access() -> None:
    assert parse_card_access(G1_CARD_ACCESS) == [PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 13)]


def test_other_security_infos_are_skipped() -> None:
    def seq(*parts: bytes) -> bytes:
        return encode_tlv(0x30, b"".join(parts))

    def oid(dotted: str) -> bytes:
        return encode_tlv(0x06, encode_oid(dotted))

    one, thirteen = bytes.fromhex("020101"), bytes.fromhex("02010D")
    chip_auth = seq(oid("0.4.0.127.0.7.2.2.3.2.2"), one, one)  # ChipAuthenticationInfo
    domain = seq(oid("0.4.0.127.0.7.2.2.4.2"), seq(oid("0.4.0.127.0.7.1.2"), thirteen))
    pace_dh = seq(oid("0.4.0.127.0.7.2.2.4.1.2"), bytes.fromhex("020102"), bytes.fromhex("020102"))
    data = encode_tlv(0x31, chip_auth + domain + pace_dh + CCCD_SAMPLE[2:])
    infos = parse_card_access(data)
    assert [i.oid for i in infos] == ["0.4.0.127.0.7.2.2.4.1.2", "0.4.0.127.0.7.2.2.4.2.2"]
    assert infos[0].parameter_id == 2 and not infos[0].supported
    assert choose_pace_info(infos) == infos[1]


def test_no_supported_info_gives_none() -> None:
    assert choose_pace_info([PaceInfo("0.4.0.127.0.7.2.2.4.4.2", 2, 13)]) is None
    assert choose_pace_info([]) is None


def test_pace_info_without_parameter_id() -> None:
    data = bytes.fromhex("3111300F060A04007F00070202040202020102")
    assert parse_card_access(data) == [PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, None)]


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "3000",  # SEQUENCE instead of SET
        "3103020102",  # entry not a SEQUENCE
        "31053003020102",  # SecurityInfo without OID
        "3111300F060A04007F0007020204020204020000",  # version not INTEGER-tagged correctly
        "31143012060A04007F00070202040202020102",  # truncated
    ],
)
def test_malformed_card_access(bad: str) -> None:
    with pytest.raises(ParseError):
        parse_card_access(bytes.fromhex(bad))


def test_oid_coding() -> None:
    assert encode_oid("0.4.0.127.0.7.2.2.4.2.2") == bytes.fromhex("04007F00070202040202")
    assert encode_oid("1.2.840.113549") == bytes.fromhex("2A864886F70D")
    assert decode_oid(bytes.fromhex("2A864886F70D")) == "1.2.840.113549"
    assert decode_oid(bytes.fromhex("8837")) == "2.999"
    for oid in PACE_ALGORITHMS:
        assert decode_oid(encode_oid(oid)) == oid
    with pytest.raises(ParseError):
        decode_oid(bytes.fromhex("2A86"))
    with pytest.raises(ParseError):
        decode_oid(bytes.fromhex("2A8001"))


def test_algorithm_table() -> None:
    assert len(PACE_ALGORITHMS) == 19
    gm = PACE_ALGORITHMS["0.4.0.127.0.7.2.2.4.2.4"]
    assert (gm.mapping, gm.agreement, gm.cipher, gm.key_bits) == ("GM", "ECDH", "AES", 256)
    assert PACE_ALGORITHMS["0.4.0.127.0.7.2.2.4.1.1"].name == "PACE-DH-GM-3DES"


@given(st.binary(max_size=80))
@settings(max_examples=300)
def test_parse_random_bytes_only_typed_errors(data: bytes) -> None:
    with contextlib.suppress(KioskError):
        parse_card_access(data)


@given(
    st.lists(
        st.builds(
            PaceInfo,
            st.sampled_from(sorted(PACE_ALGORITHMS)),
            st.integers(0, 300),
            st.one_of(st.none(), st.integers(0, 300)),
        ),
        max_size=4,
    )
)
@settings(max_examples=200)
def test_encode_parse_round_trip(infos: list[PaceInfo]) -> None:
    assert parse_card_access(encode_card_access(infos)) == infos
