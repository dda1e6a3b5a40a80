"""The record chain at rest: keyed digests instead of hashes that confirm a guess.

A record's ``hash`` is SHA-256 over its envelope with the personal fields in clear, and
``sig`` is the device's Ed25519 signature over that hash. Stored as they are, either
one turns a stolen database into an oracle: guess a citizen (or a form, a rating
comment), rebuild the envelope from the rest of the row, hash it, compare (or check the
signature with the device's public key from ``devices``). So at rest:

* ``records.hash`` and ``records.prev`` hold ``HMAC-SHA256(chain key, raw hex hash)``
  (:meth:`Vault.chain_digest`); the chain key is derived from the key file's index key
  with its own label, so no key file changes and a digest never equals a blind index;
* ``devices.chain_hash`` (the head) is keyed the same way; a device with no record yet
  keeps the public ``GENESIS_HASH``, which :func:`head_digest` maps to its digest;
* ``prev`` and ``sig`` themselves are sealed with the personal fields (one
  ``sealed_fields`` row for every record, see ``sealed_records``); the body keeps
  neither.

Intake still verifies each raw hash and signature first (``chain.verify_record``); then
duplicates are recognised by equal digests, and the chain advances and flags a broken
link by comparing digests (``prev_k`` of n+1 against ``hash_k`` of n). Whoever holds
the key file can check everything end to end (``chain_verify``).

:func:`key_chain_rows` rewrites rows stored before this existed, once per database
(remembered in ``central_meta``), then checkpoints SQLite (``secure_delete`` zeroes the
old bytes) or vacuums the rewritten PostgreSQL tables. PostgreSQL's own WAL keeps old
row images until the server recycles it: an operator matter outside the tables.
"""

from __future__ import annotations

import json
import logging

from kiosk.central.sealed_records import open_envelope, split_envelope
from kiosk.central.storage import Database, Tx
from kiosk.central.vault import Vault
from kiosk.wire.protocol import GENESIS_HASH, RecordKind

log = logging.getLogger(__name__)

_MIGRATED = "chain_digests_keyed"


def head_digest(vault: Vault, stored_head: str) -> str:
    """The keyed digest of a device's chain head as stored (genesis stays public)."""
    return vault.chain_digest(GENESIS_HASH) if stored_head == GENESIS_HASH else stored_head


def _rewrite_page(tx: Tx, vault: Vault, after: str, page: int) -> tuple[int, str | None]:
    """Rewrite one page of records (by id) still in the raw form; (how many, last id)."""
    rows = tx.all("SELECT r.id, r.kind, r.body, s.sealed FROM records r LEFT JOIN "
                  "sealed_fields s ON s.record_id = r.id WHERE r.id > ? ORDER BY r.id "
                  f"LIMIT {page}", (after,))
    moved = 0
    for record_id, kind, body, sealed in rows:
        if "hash" not in json.loads(body):
            continue  # already keyed
        envelope = open_envelope(vault, str(record_id), str(body), sealed)
        new_body, new_sealed = split_envelope(vault, str(record_id), RecordKind(kind), envelope)
        tx.execute("UPDATE records SET body = ?, hash = ?, prev = ? WHERE id = ?",
                   (new_body, vault.chain_digest(envelope["hash"]),
                    vault.chain_digest(envelope["prev"]), record_id))
        tx.execute("INSERT INTO sealed_fields (record_id, key_id, sealed) VALUES (?, ?, ?) "
                   "ON CONFLICT (record_id) DO UPDATE SET key_id = excluded.key_id, "
                   "sealed = excluded.sealed", (record_id, vault.key_id, new_sealed))
        moved += 1
    return moved, (str(rows[-1][0]) if len(rows) == page else None)


def key_chain_rows(db: Database, vault: Vault, page: int = 500) -> int:
    """Key the stored hashes, seal ``prev``/``sig``, key the chain heads; once per database.

    Returns how many records were rewritten (0 when already done).
    """
    moved = 0
    with db.transaction() as tx:
        if tx.postgres:
            tx.execute("SELECT pg_advisory_xact_lock(8474)")
        if tx.one("SELECT value FROM central_meta WHERE name = ?", (_MIGRATED,)) is not None:
            return 0
        after: str | None = ""
        while after is not None:
            count, after = _rewrite_page(tx, vault, after, page)
            moved += count
        heads = tx.all("SELECT device_id, chain_hash FROM devices WHERE chain_hash <> ?",
                       (GENESIS_HASH,))
        tx.executemany("UPDATE devices SET chain_hash = ? WHERE device_id = ?",
                       [(vault.chain_digest(str(h)), d) for d, h in heads])
        tx.execute("INSERT INTO central_meta (name, value) VALUES (?, ?)", (_MIGRATED, "1"))
    if moved or heads:
        _scrub(db)
        log.warning("keyed the chain digests of %d record(s) and %d device head(s)",
                    moved, len(heads))
    return moved


def _scrub(db: Database) -> None:
    """Leave no old row image in the database files (SQLite WAL, PostgreSQL dead tuples)."""
    with db.reader() as tx:
        if tx.postgres:
            tx.execute("VACUUM (FULL) records, sealed_fields, devices")
        else:
            tx.one("PRAGMA wal_checkpoint(TRUNCATE)")


__all__ = ["head_digest", "key_chain_rows"]
