"""The central service's rules, independent of HTTP: enrollment, intake, numbering.

Intake is idempotent and all-or-nothing per request: a replayed record (same id, same
hash) is acknowledged as ``duplicate`` and not stored again; a batch holding any
record that is invalid, badly signed, from another device, or that reuses an id or a
sequence number with different content is refused whole (nothing changes) and the
refusal names each offending record. Each device's chain head advances over
contiguous records; a ``prev`` that does not match is flagged, a missing sequence
number shows as a gap in :meth:`CentralReports.chain_report`.

Personal payload fields are stored sealed under the central's data key, apart from the
rest of the record (see ``sealed_records`` and ``vault``); submissions get a blind-index
row so counters can find a citizen's submissions by ID number. Hashes are stored and
compared as keyed digests, never raw (see ``chain_at_rest``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.central.board_events import BoardEvents
from kiosk.central.chain_at_rest import head_digest
from kiosk.central.roles import KIOSK, parse_role, refused_records
from kiosk.central.sealed_records import index_row, split_record, store_index
from kiosk.central.storage import Database, Tx
from kiosk.central.vault import Vault
from kiosk.core.errors import KioskError
from kiosk.core.vn_time import service_day
from kiosk.wire.chain import verify_record
from kiosk.wire.errors import ProtocolError, PublicKeyError, SignatureError
from kiosk.wire.httpsig import MAX_SKEW_S
from kiosk.wire.keys import load_public_key
from kiosk.wire.protocol import (
    GENESIS_HASH,
    MAX_TICKET_NUMBER,
    Record,
    RecordKind,
    parse_time,
)

log = logging.getLogger(__name__)

_CENTER = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MAX_LEASE = 500
MAX_DAYS_AHEAD = 7


class RefusedError(KioskError):
    """A request the service refuses: ``status`` is the HTTP status to answer.

    ``retry_after`` (seconds) is sent as ``Retry-After`` when set (429 answers).
    """

    def __init__(self, status: int, message: str, rejected: list[dict[str, str]] | None = None,
                 retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.rejected = rejected or []
        self.retry_after = retry_after


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


@dataclass
class _Batch:
    """Work in progress of one intake."""

    results: list[dict[str, str]]
    rejected: list[dict[str, str]]
    rows: list[tuple[Any, ...]]
    sealed: list[tuple[str, str, str]]


class CentralService:
    """Enrollment, signed intake, ticket leases and the look-ups, over one database."""

    def __init__(self, db: Database, vault: Vault | None = None) -> None:
        self.db = db
        self._vault = vault
        self._keys: dict[str, Ed25519PublicKey] = {}
        self._keys_lock = threading.Lock()
        self._nonce_purge_at = 0.0
        self.events = BoardEvents(db)  # wakes the board streams of a changed center

    # -- enrollment -----------------------------------------------------------------------

    def issue_code(self, center: str, ttl_s: float = 86400.0, role: str = KIOSK) -> str:
        """Mint a one-time code for a ``role`` device of ``center`` (shown once, stored hashed).

        ``ttl_s`` must be finite, above 0 and at most a week (ProtocolError otherwise).
        """
        from kiosk.central.enroll_limits import check_code_ttl  # it imports RefusedError
        ttl_s = check_code_ttl(ttl_s)
        if not _CENTER.match(center):
            raise ProtocolError("center code must be 1-32 letters, digits, dashes or underscores")
        try:
            parse_role(role)
        except ValueError as exc:
            raise ProtocolError(str(exc)) from None
        raw = "".join(_CODE_ALPHABET[b % len(_CODE_ALPHABET)] for b in os.urandom(12))
        code = "-".join(raw[i:i + 4] for i in range(0, 12, 4))
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT INTO enroll_codes (code_hash, center, expires_at, role) "
                "VALUES (?, ?, ?, ?)",
                (_code_hash(code), center, time.time() + ttl_s, role),
            )
        return code

    def enroll(self, body: Any) -> dict[str, str]:
        """Redeem a code for a new device id bound to the given public key."""
        if not isinstance(body, dict) or set(body) != {"code", "public_key"}:
            raise RefusedError(400, 'enrollment needs exactly "code" and "public_key"')
        code, key_text = body["code"], body["public_key"]
        if not isinstance(code, str) or not isinstance(key_text, str) or len(code) > 64:
            raise RefusedError(400, "enrollment code and public key must be short strings")
        try:
            load_public_key(key_text)
        except PublicKeyError as exc:
            raise RefusedError(400, str(exc)) from None
        device_id = "k-" + uuid.uuid4().hex[:16]
        with self.db.transaction() as tx:
            suffix = " FOR UPDATE" if tx.postgres else ""
            row = tx.one(
                "SELECT center, expires_at, used_by, role FROM enroll_codes WHERE code_hash = ?"
                + suffix,
                (_code_hash(code),),
            )
            if row is None or row[2] is not None or row[1] < time.time():
                raise RefusedError(403, "the enrollment code is unknown, used or expired")
            tx.execute("UPDATE enroll_codes SET used_by = ? WHERE code_hash = ?",
                       (device_id, _code_hash(code)))
            tx.execute(
                "INSERT INTO devices (device_id, center, public_key, enrolled_at, chain_hash, "
                "role) VALUES (?, ?, ?, ?, ?, ?)",
                (device_id, row[0], key_text, time.time(), GENESIS_HASH, row[3] or KIOSK),
            )
        log.info("device %s enrolled", device_id)
        return {"device_id": device_id, "center": str(row[0]), "role": str(row[3] or KIOSK)}

    @property
    def vault(self) -> Vault:
        """The data and index keys (the database's default key file when none was given)."""
        if self._vault is None:
            from kiosk.central.sealed_records import bind_database

            vault = Vault.for_database(self.db.url)
            bind_database(self.db, vault)
            self._vault = vault
        return self._vault

    # -- request authentication -----------------------------------------------------------

    def public_key(self, device_id: str) -> Ed25519PublicKey | None:
        """The device's public key, or None for an unknown device."""
        with self._keys_lock:
            if device_id in self._keys:
                return self._keys[device_id]
        with self.db.reader() as tx:
            row = tx.one("SELECT public_key FROM devices WHERE device_id = ?", (device_id,))
        if row is None:
            return None
        key = load_public_key(str(row[0]))
        with self._keys_lock:
            self._keys[device_id] = key
        return key

    def use_nonce(self, device_id: str, nonce: str) -> None:
        """Remember a request nonce; a nonce seen before means a replayed request."""
        now = time.time()
        with self.db.transaction() as tx:
            changed = tx.execute(
                "INSERT INTO nonces (device_id, nonce, seen_at) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (device_id, nonce, now),
            )
            if changed == 0:
                raise SignatureError("this signed request was already received (replay)")
            if now > self._nonce_purge_at:
                tx.execute("DELETE FROM nonces WHERE seen_at < ?", (now - 3 * MAX_SKEW_S,))
                self._nonce_purge_at = now + 60

    # -- intake ---------------------------------------------------------------------------

    def _check(self, tx: Tx, device: tuple[Any, ...], records: list[Record]) -> _Batch:
        # the key comes from the locked device row: asking the pool for a second
        # connection inside a transaction could deadlock when the pool is exhausted
        device_id, center = str(device[0]), str(device[1])
        key = load_public_key(str(device[2]))
        ids = [r.id for r in records]
        marks = ",".join("?" * len(records))
        known = dict(tx.all(f"SELECT id, hash FROM records WHERE id IN ({marks})", ids))
        taken = dict(tx.all(
            f"SELECT seq, id FROM records WHERE device_id = ? AND seq IN ({marks})",
            [device_id, *[r.seq for r in records]],
        ))
        vault = self.vault
        batch = _Batch([], [], [], [])
        seen: dict[str, str] = {}
        now = time.time()
        for record in records:
            try:
                if record.device != device_id:
                    raise ProtocolError("record belongs to another device than the signer")
                verify_record(record, key)
            except ProtocolError as exc:
                batch.rejected.append({"id": record.id, "reason": str(exc)})
                continue
            digest = vault.chain_digest(record.hash)  # keyed: see chain_at_rest
            earlier = known.get(record.id, seen.get(record.id))
            if earlier is not None:
                if earlier == digest:
                    batch.results.append({"id": record.id, "status": "duplicate"})
                else:
                    batch.rejected.append({"id": record.id, "reason":
                                           "record id already used with different content"})
                continue
            if taken.get(record.seq, record.id) != record.id:
                batch.rejected.append({"id": record.id, "reason":
                                       "sequence number already used by another record"})
                continue
            seen[record.id] = digest
            taken[record.seq] = record.id
            batch.results.append({"id": record.id, "status": "stored"})
            body, sealed = split_record(vault, record)
            batch.rows.append((
                record.id, device_id, record.seq, str(record.kind), record.visit,
                record.created_at, now, digest, vault.chain_digest(record.prev), body,
                center, service_day(parse_time(record.created_at)),
            ))
            batch.sealed.append((record.id, vault.key_id, sealed))
        return batch

    def _side_effects(self, tx: Tx, center: str, device_id: str, record: Record) -> None:
        payload = record.payload
        if record.kind is RecordKind.TICKET:
            day = service_day(parse_time(record.created_at))
            number, service, block = payload["number"], payload["service"], payload["block"]
            stored = tx.execute(
                "INSERT INTO tickets (center, service, day, number, record_id, device_id, block) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (center, service, day, number, record.id, device_id, block),
            )
            problem = None if stored else "duplicate_number"
            lease = tx.one(
                "SELECT 1 FROM leases WHERE block = ? AND device_id = ? AND service = ? "
                "AND day = ? AND first_number <= ? AND last_number >= ?",
                (block, device_id, service, day, number, number),
            )
            if problem is None and lease is None:
                problem = "outside_lease"
            if problem is not None:
                tx.execute(
                    "INSERT INTO ticket_flags (record_id, center, day, problem) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (record.id, center, day, problem),
                )
        elif record.kind is RecordKind.SUBMISSION:
            tx.execute(
                "INSERT INTO submissions (id, device_id, procedure_code, status, received_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (record.id, device_id, payload["procedure"], "received", time.time()),
            )
            store_index(tx, index_row(self.vault, center, record.id, record.created_at,
                                      payload))
        elif record.kind is RecordKind.DEVICE_HEALTH:
            tx.execute(
                "INSERT INTO device_health (device_id, status, checks, reported_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
                "status = excluded.status, checks = excluded.checks, "
                "reported_at = excluded.reported_at",
                (device_id, payload["status"], json.dumps(payload["checks"]), record.created_at),
            )

    def _advance_chain(self, tx: Tx, device_id: str, head_seq: int, head_hash: str) -> None:
        while True:  # walk forward over contiguous records, a page at a time
            rows = tx.all(
                "SELECT seq, hash, prev FROM records WHERE device_id = ? AND seq > ? "
                "ORDER BY seq LIMIT 1000",
                (device_id, head_seq),
            )
            start = head_seq
            for seq, digest, prev in rows:
                if seq != head_seq + 1:
                    break
                if prev != head_hash:
                    tx.execute(
                        "INSERT INTO chain_flags (device_id, seq, problem, detail) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        (device_id, seq, "prev_mismatch",
                         "prev does not match the hash of the record before it"),
                    )
                head_seq, head_hash = seq, digest
            if len(rows) < 1000 or head_seq - start < len(rows):
                break
        tx.execute(
            "UPDATE devices SET chain_seq = ?, chain_hash = ?, last_seen = ? WHERE device_id = ?",
            (head_seq, head_hash, time.time(), device_id),
        )

    def intake(self, device_id: str, records: list[Record]) -> list[dict[str, str]]:
        """Store a signed batch from ``device_id``; return one result per record."""
        _ = self.vault  # bound before the transaction: binding uses a connection of its own
        with self.db.transaction() as tx:
            device = tx.lock_device(device_id)
            if device is None:
                raise RefusedError(401, "the signing device is not enrolled")
            role = tx.one("SELECT role FROM devices WHERE device_id = ?", (device_id,))
            refused = refused_records(str((role[0] if role else None) or KIOSK), str(device[1]),
                                      records)
            if refused:
                raise RefusedError(403, f"{len(refused)} record(s) are not this device's to "
                                   "send; nothing was stored", refused)
            batch = self._check(tx, device, records)
            if batch.rejected:
                conflict = any("already used" in r["reason"] for r in batch.rejected)
                raise RefusedError(409 if conflict else 422,
                              f"{len(batch.rejected)} record(s) refused; nothing was stored",
                              batch.rejected)
            tx.executemany(
                "INSERT INTO records (id, device_id, seq, kind, visit, created_at, received_at, "
                "hash, prev, body, center, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                batch.rows,
            )
            tx.executemany(
                "INSERT INTO sealed_fields (record_id, key_id, sealed) VALUES (?, ?, ?)",
                batch.sealed,
            )
            stored = {row[0] for row in batch.rows}
            for record in records:
                if record.id in stored:
                    self._side_effects(tx, str(device[1]), device_id, record)
            self._advance_chain(tx, device_id, int(device[3]),
                                head_digest(self.vault, str(device[4])))
            self.events.announce(tx, {str(device[1])})
        self.events.committed({str(device[1])})
        return batch.results

    # -- ticket numbering -----------------------------------------------------------------

    def lease(self, device_id: str, body: Any) -> dict[str, Any]:
        """Grant ``device_id`` the next block of ticket numbers for a service and day.

        ``day`` defaults to today (Vietnam time) and may be up to ``MAX_DAYS_AHEAD``
        days later, so kiosks can hold numbers for a morning that starts offline.
        """
        from kiosk.central.lease_request import parse_lease  # it imports RefusedError

        service, size, day = parse_lease(body)
        block = str(uuid.uuid4())
        with self.db.transaction() as tx:
            device = tx.lock_device(device_id)
            if device is None:
                raise RefusedError(401, "the signing device is not enrolled")
            center = str(device[1])
            tx.execute(
                "INSERT INTO ticket_counters (center, service, day, next_number) "
                "VALUES (?, ?, ?, 1) ON CONFLICT DO NOTHING",
                (center, service, day),
            )
            row = tx.one(
                "UPDATE ticket_counters SET next_number = next_number + ? "
                "WHERE center = ? AND service = ? AND day = ? RETURNING next_number",
                (size, center, service, day),
            )
            assert row is not None
            last = int(row[0]) - 1
            first = last - size + 1
            if last > MAX_TICKET_NUMBER:  # the transaction rolls back: nothing is leased
                raise RefusedError(409, f"the day's ticket numbers of {service} are used up "
                                        f"(at most {MAX_TICKET_NUMBER})")
            tx.execute(
                "INSERT INTO leases (block, device_id, center, service, day, first_number, "
                "last_number, granted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (block, device_id, center, service, day, first, last, time.time()),
            )
        return {"block": block, "service": service, "day": day, "first": first, "last": last}
