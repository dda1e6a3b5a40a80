"""Tamper evidence: each device's records form a signed hash chain.

``hash`` is the hex SHA-256 of the canonical JSON of the envelope without ``hash``
and ``sig`` (so it covers ``prev``, the previous record's hash, and the payload in
clear). ``sig`` is the device's Ed25519 signature over the 32 raw hash bytes, in
base64. A record altered anywhere changes its hash; a dropped record leaves a seq gap
and a ``prev`` that matches nothing the central service holds.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from kiosk.wire.errors import ProtocolError
from kiosk.wire.protocol import Record, canonical_json


def record_hash(record: Record) -> str:
    """The hex SHA-256 that chains and identifies ``record``'s content."""
    return hashlib.sha256(canonical_json(record.unsigned())).hexdigest()


def seal_record(record: Record, key: Ed25519PrivateKey) -> Record:
    """Return ``record`` with its ``hash`` and ``sig`` filled in."""
    digest = record_hash(record)
    signature = key.sign(bytes.fromhex(digest))
    return replace(record, hash=digest, sig=base64.b64encode(signature).decode("ascii"))


def verify_record(record: Record, key: Ed25519PublicKey) -> None:
    """Check that ``record``'s hash matches its content and its signature is the device's.

    Raises :class:`ProtocolError` with the reason otherwise.
    """
    if record_hash(record) != record.hash:
        raise ProtocolError(f"record {record.id} does not match its hash: it was altered")
    try:
        signature = base64.b64decode(record.sig, validate=True)
        key.verify(signature, bytes.fromhex(record.hash))
    except (ValueError, InvalidSignature):
        raise ProtocolError(f"record {record.id} has a bad device signature") from None
