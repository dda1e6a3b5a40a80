"""A device's public key as it travels: raw Ed25519, base64 (enrollment, verification)."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.wire.errors import PublicKeyError


def public_key_text(key: Ed25519PublicKey) -> str:
    """The raw 32-byte public key in base64 (how it travels at enrollment)."""
    return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")


def load_public_key(text: str) -> Ed25519PublicKey:
    """Parse a public key written by :func:`public_key_text`."""
    try:
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise PublicKeyError("public key must be 32 bytes of Ed25519 in base64") from None
