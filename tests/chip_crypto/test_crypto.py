"""Padding, KDF, 3DES, retail MAC and AES primitives against published values."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.errors import ParseError, SecureMessagingError
from kiosk.devices.chip.checkdigit import check_digit
from kiosk.devices.chip.crypto import (
    KDF_ENC,
    KDF_MAC,
    UnsupportedAlgorithmError,
    adjust_des_parity,
    aes_cmac,
    aes_decrypt,
    aes_encrypt,
    des3_decrypt,
    des3_encrypt,
    kdf,
    pad_m2,
    retail_mac,
    unpad_m2,
)

from . import icao_vectors as v


def test_pad_m2_examples() -> None:
    assert pad_m2(b"") == bytes.fromhex("8000000000000000")
    assert pad_m2(bytes.fromhex("011E")) == v.SELECT_DATA_PADDED
    assert pad_m2(bytes.fromhex("0CA4020C")) == v.SELECT_HEADER_PADDED
    assert pad_m2(bytes(8)) == bytes(8) + bytes.fromhex("8000000000000000")
    assert pad_m2(bytes(3), 16) == bytes(3) + b"\x80" + bytes(12)


@given(st.binary(max_size=64), st.sampled_from([8, 16]))
@settings(max_examples=200)
def test_pad_unpad_round_trip(data: bytes, block: int) -> None:
    padded = pad_m2(data, block)
    assert len(padded) % block == 0
    assert unpad_m2(padded) == data


@pytest.mark.parametrize(
    "bad", [b"", bytes(8), bytes.fromhex("0102030405060708"), b"\x80" + bytes(16)]
)
def test_unpad_rejects_bad_padding(bad: bytes) -> None:
    with pytest.raises(SecureMessagingError):
        unpad_m2(bad)


def test_check_digits_d1() -> None:
    assert check_digit(v.DOC_NUMBER) == 3
    assert check_digit(v.DOB) == 1
    assert check_digit(v.EXPIRY) == 6
    # ICAO 9303-3 example: "AB2134<<<" has check digit 5 (see Part 3 §4.9).
    assert check_digit("AB2134<<<") == 5


def test_check_digit_rejects_other_characters() -> None:
    with pytest.raises(ParseError, match="not allowed"):
        check_digit("L898902c<")


def test_kdf_d2_intermediate_values() -> None:
    assert hashlib.sha1(v.MRZ_INFORMATION.encode()).digest() == v.H_SHA1
    assert hashlib.sha1(v.D_ENC).digest() == v.H_ENC
    assert adjust_des_parity(v.KA_ENC_RAW + v.KB_ENC_RAW) == v.K_ENC
    assert hashlib.sha1(v.D_MAC).digest() == v.H_MAC
    assert adjust_des_parity(v.KA_MAC_RAW + v.KB_MAC_RAW) == v.K_MAC
    assert kdf(v.K_SEED, KDF_ENC) == v.K_ENC
    assert kdf(v.K_SEED, KDF_MAC) == v.K_MAC


def test_kdf_d3_session_keys() -> None:
    assert bytes(a ^ b for a, b in zip(v.K_IFD, v.K_ICC, strict=True)) == v.SESSION_SEED
    assert kdf(v.SESSION_SEED, KDF_ENC) == v.KS_ENC
    assert kdf(v.SESSION_SEED, KDF_MAC) == v.KS_MAC


def test_kdf_aes_lengths_and_hashes() -> None:
    seed = bytes(range(32))
    assert kdf(seed, 1, "AES", 128) == hashlib.sha1(seed + b"\0\0\0\1").digest()[:16]
    assert kdf(seed, 1, "AES", 192) == hashlib.sha256(seed + b"\0\0\0\1").digest()[:24]
    assert kdf(seed, 3, "AES", 256) == hashlib.sha256(seed + b"\0\0\0\3").digest()


@pytest.mark.parametrize(("cipher", "bits"), [("DES", 128), ("3DES", 192), ("AES", 64)])
def test_kdf_rejects_unknown_suites(cipher: str, bits: int) -> None:
    with pytest.raises(UnsupportedAlgorithmError):
        kdf(b"seed", 1, cipher, bits)


def test_des_parity_every_byte_odd() -> None:
    for byte in adjust_des_parity(bytes(range(256))):
        assert bin(byte).count("1") % 2 == 1


def test_des3_d3_cryptograms() -> None:
    assert des3_encrypt(v.K_ENC, v.S) == v.E_IFD
    assert des3_decrypt(v.K_ENC, v.E_IFD) == v.S
    assert des3_encrypt(v.K_ENC, v.R) == v.E_ICC
    assert des3_encrypt(v.KS_ENC, v.SELECT_DATA_PADDED) == v.SELECT_ENCRYPTED


def test_des3_rejects_partial_blocks() -> None:
    with pytest.raises(SecureMessagingError):
        des3_decrypt(v.K_ENC, bytes(7))


def test_retail_mac_d3_d4() -> None:
    assert retail_mac(v.K_MAC, pad_m2(v.E_IFD)) == v.M_IFD
    assert retail_mac(v.K_MAC, pad_m2(v.E_ICC)) == v.M_ICC
    assert retail_mac(v.KS_MAC, v.SELECT_N) == v.SELECT_CC
    assert retail_mac(v.KS_MAC, pad_m2(v.SELECT_RESP_K[:-4])) == v.SELECT_RESP_CC
    assert retail_mac(v.KS_MAC, v.READ4_N) == v.READ4_CC
    assert retail_mac(v.KS_MAC, v.READ4_RESP_K) == v.READ4_RESP_CC
    assert retail_mac(v.KS_MAC, v.READ18_N) == v.READ18_CC
    assert retail_mac(v.KS_MAC, v.READ18_RESP_K) == v.READ18_RESP_CC


def test_retail_mac_single_block_equals_3des() -> None:
    block = bytes.fromhex("0123456789ABCDEF")
    assert retail_mac(v.K_MAC, block) == des3_encrypt(v.K_MAC, block)


def test_aes_sp800_38a_cbc_vector() -> None:
    # NIST SP 800-38A F.2.1, CBC-AES128.Encrypt, first block.
    key = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
    iv = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
    plain = bytes.fromhex("6bc1bee22e409f96e93d7e117393172a")
    cipher = bytes.fromhex("7649abac8119b246cee98e9b12e9197d")
    assert aes_encrypt(key, plain, iv) == cipher
    assert aes_decrypt(key, cipher, iv) == plain


def test_aes_cmac_sp800_38b_vector() -> None:
    # NIST SP 800-38B D.1 (AES-128), example 2: 16-byte message.
    key = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
    msg = bytes.fromhex("6bc1bee22e409f96e93d7e117393172a")
    full = bytes.fromhex("070a16b46b4d4144f79bdd9dd04a287c")
    assert aes_cmac(key, msg, 16) == full
    assert aes_cmac(key, msg) == full[:8]


@given(st.text(max_size=40))
@settings(max_examples=300)
def test_check_digit_random_text_digit_or_parse_error(text: str) -> None:
    try:
        digit = check_digit(text)
    except ParseError:
        assert any(c not in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<" for c in text)
    else:
        assert 0 <= digit <= 9
