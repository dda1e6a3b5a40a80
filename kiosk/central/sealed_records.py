"""Records at rest: personal fields and chain values sealed apart, opened only when asked.

A record arrives signed over its whole envelope, personal fields in clear (inside TLS).
At intake the central service verifies it, then stores it in parts:

* ``records.body`` — the wire envelope without ``hash``, ``prev`` and ``sig`` and without
  the kind's personal payload fields (``KIND_SPECS[kind].personal``: a submission's
  ``citizen`` and ``form``, a rating's ``comment``), so every statistic works without
  any key;
* ``records.hash`` / ``records.prev`` — *keyed digests* of the raw hashes (HMAC under the
  central's chain-digest key, see ``chain_at_rest``): a raw hash stored beside the rest
  would confirm a guessed citizen or comment offline;
* ``sealed_fields`` — one row for every record: the personal fields (if any), ``prev``
  and ``sig`` as canonical JSON ``{"fields", "prev", "sig"}``, AES-GCM sealed under the
  data key and bound to the record id (see :mod:`kiosk.central.vault`).

:func:`open_envelope` puts the parts back together into exactly the envelope the device
signed (``hash`` recomputed from it), so the hash and the Ed25519 signature verify again
(``chain.verify_record``). A submission whose ``citizen.id_number`` is a 12-digit number
also gets a blind-index row (``citizen_index``: HMAC of the number, the device's center,
``created_at``).

Migration: rows stored before sealing existed hold their personal fields in the body;
:func:`open_envelope` reads them as they are, and :func:`seal_clear_rows` (run once per
database at start, remembered in ``central_meta``) moves them into ``sealed_fields``,
adds their blind index, and checkpoints SQLite (whose ``secure_delete`` zeroes the old
bytes). Rows stored before keyed digests (raw ``hash``/``prev``/``sig`` in the body,
``sealed_fields`` holding only personal fields) are read too and rewritten once by
``chain_at_rest.key_chain_rows``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from kiosk.central.storage import Database, Tx
from kiosk.central.vault import Vault, VaultError
from kiosk.wire.protocol import KIND_SPECS, Record, RecordKind, canonical_json

log = logging.getLogger(__name__)

_MIGRATED = "clear_rows_sealed"
_KEY_ID = "data_key_id"
_SEALED_KINDS = tuple(str(k) for k, spec in KIND_SPECS.items() if spec.personal)


_CHAIN_FIELDS = ("hash", "prev", "sig")


def split_record(vault: Vault, record: Record) -> tuple[str, str]:
    """The body to store and the sealed part (personal fields, ``prev`` and ``sig``)."""
    return split_envelope(vault, record.id, record.kind, record.to_wire())


def split_envelope(vault: Vault, record_id: str, kind: RecordKind, envelope: dict[str, Any]
                   ) -> tuple[str, str]:
    """:func:`split_record` for a whole wire envelope (personal fields in clear)."""
    payload = dict(envelope["payload"])
    personal = {name: payload.pop(name) for name in sorted(KIND_SPECS[kind].personal)
                if name in payload}
    body = {k: v for k, v in envelope.items() if k not in _CHAIN_FIELDS}
    sealed = {"fields": personal, "prev": envelope["prev"], "sig": envelope["sig"]}
    return (canonical_json({**body, "payload": payload}).decode("utf-8"),
            vault.seal(canonical_json(sealed), record_id))


def _split(vault: Vault, record_id: str, kind: RecordKind, envelope: dict[str, Any]
           ) -> tuple[str, str | None]:
    personal_names = KIND_SPECS[kind].personal
    payload = dict(envelope["payload"])
    personal = {name: payload.pop(name) for name in sorted(personal_names) if name in payload}
    if not personal:
        return canonical_json(envelope).decode("utf-8"), None
    body = canonical_json({**envelope, "payload": payload}).decode("utf-8")
    return body, vault.seal(canonical_json(personal), record_id)


def open_envelope(vault: Vault, record_id: str, body: str, sealed: str | None
                  ) -> dict[str, Any]:
    """The envelope exactly as the device signed it (personal fields decrypted)."""
    envelope: dict[str, Any] = json.loads(body)
    if sealed is None:  # stored before sealing, never migrated
        return envelope
    opened = json.loads(vault.open(sealed, record_id))
    if "hash" in envelope:  # sealed personal fields only (before keyed digests)
        envelope["payload"] = {**envelope["payload"], **opened}
        return envelope
    envelope["payload"] = {**envelope["payload"], **opened["fields"]}
    envelope["prev"], envelope["sig"] = opened["prev"], opened["sig"]
    envelope["hash"] = hashlib.sha256(canonical_json(
        {k: v for k, v in envelope.items() if k not in {"hash", "sig"}})).hexdigest()
    return envelope


def load_envelopes(tx: Tx, vault: Vault, record_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Whole envelopes of the given records (those that exist), decrypted."""
    if not record_ids:
        return {}
    marks = ",".join("?" * len(record_ids))
    rows = tx.all(
        f"SELECT r.id, r.body, s.sealed FROM records r LEFT JOIN sealed_fields s "
        f"ON s.record_id = r.id WHERE r.id IN ({marks})", record_ids)
    return {str(i): open_envelope(vault, str(i), str(b), s) for i, b, s in rows}


def index_row(vault: Vault, center: str, record_id: str, created_at: str,
              payload: dict[str, Any]) -> tuple[str, str, str, str] | None:
    """The blind-index row of a submission payload, if it names a valid ID number."""
    citizen = payload.get("citizen")
    number = citizen.get("id_number") if isinstance(citizen, dict) else None
    if not isinstance(number, str):
        return None
    try:
        return (record_id, center, vault.blind_index(number), created_at)
    except ValueError:
        return None


def store_index(tx: Tx, row: tuple[str, str, str, str] | None) -> None:
    """Insert a blind-index row (idempotent)."""
    if row is not None:
        tx.execute("INSERT INTO citizen_index (record_id, center, id_hmac, created_at) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", row)


def bind_database(db: Database, vault: Vault) -> None:
    """Check that ``vault`` is this database's key, then seal any clear rows once.

    Raises :class:`VaultError` when the database was sealed under another key.
    """
    with db.transaction() as tx:
        if tx.postgres:
            tx.execute("SELECT pg_advisory_xact_lock(8472)")
        tx.execute("INSERT INTO central_meta (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                   (_KEY_ID, vault.key_id))
        row = tx.one("SELECT value FROM central_meta WHERE name = ?", (_KEY_ID,))
        done = tx.one("SELECT value FROM central_meta WHERE name = ?", (_MIGRATED,))
    if row is not None and str(row[0]) != vault.key_id:
        raise VaultError(f"this central database was sealed under data key {row[0]}, but the "
                         f"key file {vault.source} holds key {vault.key_id}")
    if done is None:
        seal_clear_rows(db, vault)
    from kiosk.central.chain_at_rest import key_chain_rows

    key_chain_rows(db, vault)  # once per database (remembered in central_meta)


def seal_clear_rows(db: Database, vault: Vault, page: int = 500) -> int:
    """Move personal fields still stored in clear into ``sealed_fields``; return how many."""
    moved = 0
    with db.transaction() as tx:
        if tx.postgres:
            tx.execute("SELECT pg_advisory_xact_lock(8473)")
        marks = ",".join("?" * len(_SEALED_KINDS))
        last = ""
        while True:
            rows = tx.all(
                f"SELECT r.id, r.kind, r.body, d.center FROM records r "
                f"LEFT JOIN sealed_fields s ON s.record_id = r.id "
                f"LEFT JOIN devices d ON d.device_id = r.device_id "
                f"WHERE r.kind IN ({marks}) AND s.record_id IS NULL AND r.id > ? "
                f"ORDER BY r.id LIMIT {page}", [*_SEALED_KINDS, last])
            for record_id, kind, body, center in rows:
                envelope = json.loads(body)
                new_body, sealed = _split(vault, record_id, RecordKind(kind), envelope)
                if sealed is None:
                    continue
                tx.execute("UPDATE records SET body = ? WHERE id = ?", (new_body, record_id))
                tx.execute("INSERT INTO sealed_fields (record_id, key_id, sealed) "
                           "VALUES (?, ?, ?)", (record_id, vault.key_id, sealed))
                if kind == RecordKind.SUBMISSION and center is not None:
                    store_index(tx, index_row(vault, str(center), record_id,
                                              str(envelope["created_at"]), envelope["payload"]))
                moved += 1
            if len(rows) < page:
                break
            last = str(rows[-1][0])
        tx.execute("INSERT INTO central_meta (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                   (_MIGRATED, "1"))
    if moved and not db.postgres:
        with db.reader() as tx:
            tx.one("PRAGMA wal_checkpoint(TRUNCATE)")
    if moved:
        log.warning("sealed the personal fields of %d record(s) stored in clear", moved)
    return moved


__all__ = ["VaultError", "bind_database", "index_row", "load_envelopes", "open_envelope",
           "seal_clear_rows", "split_envelope", "split_record", "store_index"]
