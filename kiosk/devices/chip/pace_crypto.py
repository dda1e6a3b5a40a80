"""The computations of PACE with ECDH generic mapping (ICAO 9303-11 §4.4), shared by the
reader side and the card side: password keys, nonce encryption, mapping, key agreement,
session keys and authentication tokens.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from kiosk.core.errors import ParseError, SecureMessagingError
from kiosk.devices.chip.bac import BacKey
from kiosk.devices.chip.crypto import (
    AES_BLOCK,
    DES_BLOCK,
    KDF_ENC,
    KDF_MAC,
    KDF_PASSWORD,
    aes_cmac,
    aes_decrypt,
    aes_encrypt,
    des3_decrypt,
    des3_encrypt,
    kdf,
    pad_m2,
    retail_mac,
)
from kiosk.devices.chip.ecc_point import Curve, InvalidPointError, Point
from kiosk.devices.chip.pace_info import PaceAlgorithm, encode_oid
from kiosk.devices.chip.sm import SecureMessaging
from kiosk.devices.chip.tlv import encode_tlv


class PasswordKind(IntEnum):
    """PACE password references (MSE:Set AT tag 83)."""

    MRZ = 1
    CAN = 2


@dataclass(frozen=True, repr=False)
class PacePassword:
    """A PACE password: which kind, and K = f(π) before the KDF.

    For the MRZ, K is SHA-1 of the MRZ information (the whole 20 bytes, unlike the BAC
    key seed); for the CAN, K is the CAN's ASCII digits.
    """

    kind: PasswordKind
    secret: bytes

    @classmethod
    def from_mrz(cls, key: BacKey) -> PacePassword:
        """The MRZ password made from the same fields as the BAC key."""
        return cls(PasswordKind.MRZ, hashlib.sha1(key.mrz_information().encode("ascii")).digest())

    @classmethod
    def from_can(cls, can: str) -> PacePassword:
        """The CAN password (the card access number: digits printed on the card)."""
        if not can.isascii() or not can.isdigit() or not 1 <= len(can) <= 12:
            raise ParseError("The card access number must be 1 to 12 digits.")
        return cls(PasswordKind.CAN, can.encode("ascii"))

    def password_key(self, algorithm: PaceAlgorithm) -> bytes:
        """K_π = KDF_π(f(π)) for the algorithm's cipher and key length."""
        return kdf(self.secret, KDF_PASSWORD, algorithm.cipher, algorithm.key_bits)

    def __repr__(self) -> str:
        # The secret is personal data (it derives from the MRZ or the CAN).
        return f"PacePassword({self.kind.name}, <hidden>)"


def block_size(algorithm: PaceAlgorithm) -> int:
    """Cipher block size in bytes (8 for 3DES, 16 for AES)."""
    return DES_BLOCK if algorithm.cipher == "3DES" else AES_BLOCK


def encrypt_nonce(algorithm: PaceAlgorithm, k_pi: bytes, nonce: bytes) -> bytes:
    """z = E(K_π, s), CBC with a zero IV (card side)."""
    if algorithm.cipher == "3DES":
        return des3_encrypt(k_pi, nonce)
    return aes_encrypt(k_pi, nonce)


def decrypt_nonce(algorithm: PaceAlgorithm, k_pi: bytes, z: bytes) -> bytes:
    """s = D(K_π, z), CBC with a zero IV (reader side)."""
    if not z or len(z) % block_size(algorithm):
        raise SecureMessagingError("The card's encrypted nonce is not a whole number of blocks.")
    if algorithm.cipher == "3DES":
        return des3_decrypt(k_pi, z)
    return aes_decrypt(k_pi, z)


def random_scalar(curve: Curve, rng: Callable[[int], bytes]) -> int:
    """A private key in [1, n-1], drawn from ``rng`` by rejection sampling."""
    mask = (1 << curve.n.bit_length()) - 1
    for _ in range(1000):
        k = int.from_bytes(rng(curve.size), "big") & mask
        if 1 <= k < curve.n:
            return k
    raise ValueError("the random source never produced a usable private key")


def map_generator(curve: Curve, nonce: bytes, shared: Point) -> tuple[int, int]:
    """Generic mapping: G^ = s·G + H, where H is the mapping ECDH point."""
    if shared is None:
        raise InvalidPointError("The mapping key agreement gave the point at infinity.")
    mapped = curve.add(curve.multiply(int.from_bytes(nonce, "big"), curve.generator), shared)
    if mapped is None:
        raise InvalidPointError("The mapped generator is the point at infinity.")
    return mapped


def shared_secret(curve: Curve, private: int, public: tuple[int, int]) -> bytes:
    """K = x-coordinate of private·public, as a field-size big-endian string."""
    point = curve.multiply(private, public)
    if point is None:
        raise InvalidPointError("The key agreement gave the point at infinity.")
    return point[0].to_bytes(curve.size, "big")


def session_keys(algorithm: PaceAlgorithm, secret: bytes) -> tuple[bytes, bytes]:
    """(KS_enc, KS_mac) from the shared secret K."""
    return (
        kdf(secret, KDF_ENC, algorithm.cipher, algorithm.key_bits),
        kdf(secret, KDF_MAC, algorithm.cipher, algorithm.key_bits),
    )


def token_input(algorithm: PaceAlgorithm, encoded_point: bytes) -> bytes:
    """The public-key data object 7F49 { 06 OID, 86 point } that tokens authenticate."""
    body = encode_tlv(0x06, encode_oid(algorithm.oid)) + encode_tlv(0x86, encoded_point)
    return encode_tlv(0x7F49, body)


def auth_token(algorithm: PaceAlgorithm, ks_mac: bytes, encoded_point: bytes) -> bytes:
    """T = MAC(KS_mac, 7F49 template of the other side's ephemeral key), 8 bytes.

    3DES uses the retail MAC over the padded template, AES the CMAC truncated to 8.
    """
    data = token_input(algorithm, encoded_point)
    if algorithm.cipher == "3DES":
        return retail_mac(ks_mac, pad_m2(data))
    return aes_cmac(ks_mac, data, 8)


def secure_messaging(algorithm: PaceAlgorithm, ks_enc: bytes, ks_mac: bytes) -> SecureMessaging:
    """The session PACE establishes: its cipher, SSC starting at zero."""
    return SecureMessaging(ks_enc, ks_mac, 0, algorithm.cipher)
