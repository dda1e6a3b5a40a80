"""The outbox's chain values at rest: sealed, so ``outbox.db`` alone confirms no guess.

A record's ``hash`` is SHA-256 over the envelope with the personal fields in clear; its
``sig`` is the device's signature over that hash, and the next record's ``prev`` (and
the ``last_hash`` meta value) repeat it. Stored in clear beside the encrypted personal
fields, any of them would confirm a guessed citizen, form or comment offline: rebuild
the envelope with the guess, hash, compare. So the outbox stores each record's body
without ``hash``, ``prev`` and ``sig``, and holds the three under ``"$chain"``, sealed
with the device's data key (AES-256-GCM, bound to ``<record id>/$chain``); the
``last_hash`` meta value is sealed the same way (bound to ``meta/last_hash``).
:meth:`Outbox.wire` puts them back, so the envelope sent to the central service is
byte-identical to before.

:func:`seal_existing_rows` is the outbox's schema step 3: it rewrites rows (and the
meta value) stored in the old form, once; ``secure_delete`` on the outbox's connection
zeroes the old bytes, and the outbox checkpoints its WAL afterwards.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from kiosk.sync.crypto import FieldCipher

CHAIN_MARK = "$chain"
_CHAIN_FIELDS = ("prev", "hash", "sig")  # the order of the wire envelope
_HEAD_AAD = b"meta/last_hash"


def seal_chain(cipher: FieldCipher, envelope: dict[str, Any]) -> dict[str, Any]:
    """The body to store: ``envelope`` with ``hash``, ``prev`` and ``sig`` sealed."""
    chain = {name: envelope[name] for name in _CHAIN_FIELDS}
    body = {k: v for k, v in envelope.items() if k not in _CHAIN_FIELDS}
    body[CHAIN_MARK] = cipher.seal(chain, f"{envelope['id']}/{CHAIN_MARK}".encode())
    return body


def open_chain(cipher: FieldCipher, body: dict[str, Any]) -> dict[str, Any]:
    """A stored body with ``hash``, ``prev`` and ``sig`` back in clear (old rows as they are)."""
    if CHAIN_MARK not in body:
        return dict(body)
    out = {k: v for k, v in body.items() if k != CHAIN_MARK}
    chain = cipher.open(body[CHAIN_MARK], f"{body['id']}/{CHAIN_MARK}".encode())
    for name in _CHAIN_FIELDS:  # in the wire order: the JSON sent stays byte-identical
        out[name] = chain[name]
    return out


def seal_head(cipher: FieldCipher, raw_hash: str) -> str:
    """The ``last_hash`` meta value to store."""
    return cipher.seal(raw_hash, _HEAD_AAD)


def open_head(cipher: FieldCipher, stored: str) -> str:
    """The raw hash of the last record from its stored ``last_hash`` meta value."""
    return str(cipher.open(stored, _HEAD_AAD))


def seal_existing_rows(conn: sqlite3.Connection, cipher: FieldCipher) -> int:
    """Seal the chain values of rows (and the head) stored in clear; return how many rows.

    Runs inside the migration's transaction.
    """
    moved = 0
    for seq, text in conn.execute("SELECT seq, body FROM records").fetchall():
        body = json.loads(text)
        if CHAIN_MARK in body or not all(name in body for name in _CHAIN_FIELDS):
            continue  # sealed already, or nothing to seal
        conn.execute("UPDATE records SET body = ? WHERE seq = ?",
                     (json.dumps(seal_chain(cipher, body), ensure_ascii=False,
                                 separators=(",", ":")), seq))
        moved += 1
    row = conn.execute("SELECT value FROM meta WHERE key = 'last_hash'").fetchone()
    if row is not None and len(str(row[0])) == 64:  # a raw hex hash
        conn.execute("UPDATE meta SET value = ? WHERE key = 'last_hash'",
                     (seal_head(cipher, str(row[0])),))
    return moved
