"""Symmetric primitives of ICAO Doc 9303 Part 11: padding, key derivation, 3DES, AES, MACs.

Everything here is a thin, typed layer over ``cryptography``. The protocols (BAC, PACE,
secure messaging) build on these names only.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, modes
from cryptography.hazmat.primitives.ciphers.algorithms import AES

from kiosk.core.errors import CardError, SecureMessagingError

try:  # cryptography >= 43 moved TripleDES to the "decrepit" package.
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # pragma: no cover - older cryptography
    from cryptography.hazmat.primitives.ciphers.algorithms import (  # type: ignore[attr-defined,no-redef,unused-ignore]
        TripleDES,
    )

DES_BLOCK = 8
AES_BLOCK = 16

#: KDF counters of ICAO 9303-11 §9.7.1.
KDF_ENC = 1
KDF_MAC = 2
KDF_PASSWORD = 3

CIPHERS = ("3DES", "AES")


class UnsupportedAlgorithmError(CardError):
    """The card asked for a cipher or key length the kiosk does not implement."""


def pad_m2(data: bytes, block: int = DES_BLOCK) -> bytes:
    """Pad with ISO/IEC 9797-1 method 2: one 0x80 byte, then zeros to a whole block."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % block)


def unpad_m2(data: bytes) -> bytes:
    """Remove ISO/IEC 9797-1 method 2 padding; raise SecureMessagingError when it is bad."""
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80:
        raise SecureMessagingError("The decrypted data has no valid ISO 9797-1 padding.")
    if len(data) - len(stripped) >= 16:
        # Padding never spans more than one (AES) block: longer zero runs mean garbage.
        raise SecureMessagingError("The decrypted data has an over-long padding.")
    return stripped[:-1]


def adjust_des_parity(key: bytes) -> bytes:
    """Set the low bit of every byte so each byte has odd parity (DES key convention)."""
    out = bytearray()
    for byte in key:
        high = byte & 0xFE
        out.append(high | (bin(high).count("1") + 1) % 2)
    return bytes(out)


def kdf(seed: bytes, counter: int, cipher: str = "3DES", key_bits: int = 128) -> bytes:
    """Derive a key from a shared secret (ICAO 9303-11 §9.7.1).

    ``cipher`` is "3DES" or "AES"; ``key_bits`` 128 (3DES, AES-128), 192 or 256 (AES).
    SHA-1 serves 3DES and AES-128, SHA-256 AES-192/256. 3DES keys get DES parity.
    """
    if cipher not in CIPHERS:
        raise UnsupportedAlgorithmError(f"The cipher {cipher!r} is not supported.")
    if not 0 <= counter < 2**32:
        raise ValueError("KDF counter must fit 32 bits")
    data = seed + counter.to_bytes(4, "big")
    if cipher == "3DES":
        if key_bits != 128:
            raise UnsupportedAlgorithmError("3DES is supported with two-key (128-bit) keys only.")
        return adjust_des_parity(hashlib.sha1(data).digest()[:16])
    if key_bits == 128:
        return hashlib.sha1(data).digest()[:16]
    if key_bits in (192, 256):
        return hashlib.sha256(data).digest()[: key_bits // 8]
    raise UnsupportedAlgorithmError(f"AES with {key_bits}-bit keys is not supported.")


def _check_blocks(data: bytes, block: int) -> None:
    if len(data) % block:
        raise SecureMessagingError(
            f"Encrypted data of {len(data)} bytes is not a whole number of {block}-byte blocks."
        )


def _des3_key(key: bytes) -> bytes:
    """Expand a single-DES or two-key 3DES key to the 24-byte K1 K2 K3 form."""
    if len(key) == 8:
        return key * 3
    if len(key) == 16:
        return key + key[:8]
    if len(key) == 24:
        return key
    raise ValueError(f"3DES key must be 8, 16 or 24 bytes, got {len(key)}")


def des3_encrypt(key: bytes, data: bytes, iv: bytes = bytes(DES_BLOCK)) -> bytes:
    """Encrypt block-aligned ``data`` with 3DES-CBC (16-byte key = two-key 3DES)."""
    _check_blocks(data, DES_BLOCK)
    enc = Cipher(TripleDES(_des3_key(key)), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def des3_decrypt(key: bytes, data: bytes, iv: bytes = bytes(DES_BLOCK)) -> bytes:
    """Decrypt block-aligned ``data`` with 3DES-CBC (16-byte key = two-key 3DES)."""
    _check_blocks(data, DES_BLOCK)
    dec = Cipher(TripleDES(_des3_key(key)), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 with DES over already padded ``data``; 8 bytes.

    Single-DES CBC with K1 over all blocks, then the last block decrypted with K2 and
    encrypted with K1 again. That final step equals two-key 3DES (EDE) of the last
    chained block, which is how it is computed here.
    """
    if len(key) != 16:
        raise ValueError(f"retail MAC key must be 16 bytes, got {len(key)}")
    if not data or len(data) % DES_BLOCK:
        raise ValueError("retail MAC input must be a non-empty multiple of 8 bytes")
    k1 = key[:8]
    chain = bytes(DES_BLOCK)
    if len(data) > DES_BLOCK:
        chain = des3_encrypt(k1, data[:-DES_BLOCK])[-DES_BLOCK:]
    last = bytes(a ^ b for a, b in zip(chain, data[-DES_BLOCK:], strict=True))
    return des3_encrypt(key, last)


def _aes_key(key: bytes) -> bytes:
    if len(key) not in (16, 24, 32):
        raise ValueError(f"AES key must be 16, 24 or 32 bytes, got {len(key)}")
    return key


def aes_encrypt(key: bytes, data: bytes, iv: bytes = bytes(AES_BLOCK)) -> bytes:
    """Encrypt block-aligned ``data`` with AES-CBC."""
    _check_blocks(data, AES_BLOCK)
    enc = Cipher(AES(_aes_key(key)), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def aes_decrypt(key: bytes, data: bytes, iv: bytes = bytes(AES_BLOCK)) -> bytes:
    """Decrypt block-aligned ``data`` with AES-CBC."""
    _check_blocks(data, AES_BLOCK)
    dec = Cipher(AES(_aes_key(key)), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def aes_cmac(key: bytes, data: bytes, length: int = 8) -> bytes:
    """AES-CMAC of ``data`` truncated to ``length`` bytes (8 in ICAO secure messaging)."""
    mac = cmac.CMAC(AES(_aes_key(key)))
    mac.update(data)
    return mac.finalize()[:length]
