"""Encryption at rest of a record's personal fields (AES-256-GCM).

Each personal field is replaced in the stored payload by ``{"$enc": "<base64>"}``
where the bytes are a 12-byte random nonce followed by the GCM ciphertext and tag of
the field's canonical JSON. The associated data binds the ciphertext to its record
and field (``<record id>/<field>``), so a ciphertext moved to another record or
field fails to decrypt instead of silently changing meaning.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.sync.errors import KeyStoreError
from kiosk.wire.protocol import canonical_json

NONCE_BYTES = 12
KEY_BYTES = 32
ENC_MARK = "$enc"


class FieldCipher:
    """Encrypts and decrypts the personal fields of payloads with one data key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise KeyStoreError("the data key must be 32 bytes (AES-256)")
        self._aead = AESGCM(key)

    def seal(self, value: Any, aad: bytes, nonce: bytes | None = None) -> str:
        """Encrypt one JSON value; ``nonce`` is only for known-answer tests."""
        nonce = os.urandom(NONCE_BYTES) if nonce is None else nonce
        sealed = self._aead.encrypt(nonce, canonical_json(value), aad)
        return base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, token: str, aad: bytes) -> Any:
        """Decrypt one value sealed by :meth:`seal`."""
        try:
            raw = base64.b64decode(token, validate=True)
            plain = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad)
        except (ValueError, InvalidTag):
            raise KeyStoreError(
                "a stored record could not be decrypted: wrong key or altered data"
            ) from None
        return json.loads(plain)

    def encrypt_fields(
        self, record_id: str, payload: dict[str, Any], personal: Iterable[str]
    ) -> dict[str, Any]:
        """Return a copy of ``payload`` with each personal field present sealed."""
        out = dict(payload)
        for name in personal:
            if name in out:
                aad = f"{record_id}/{name}".encode()
                out[name] = {ENC_MARK: self.seal(out[name], aad)}
        return out

    def decrypt_fields(self, record_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Return a copy of ``payload`` with every sealed field opened."""
        out = dict(payload)
        for name, value in payload.items():
            if isinstance(value, dict) and set(value) == {ENC_MARK}:
                out[name] = self.open(value[ENC_MARK], f"{record_id}/{name}".encode())
        return out
