"""End-to-end check of every device's chain, for whoever holds the central's key file.

The database alone cannot confirm anything about a record's content (see
``chain_at_rest``); with the key file it can be checked completely. For each device,
in ``seq`` order from genesis, :func:`verify_chains` opens each record (body + sealed
part), recomputes its raw hash, and checks:

* the device's Ed25519 signature over that hash (``chain.verify_record``): any change
  to the body, the sealed part or the personal fields breaks it;
* the stored keyed digests: ``records.hash`` = digest(hash), ``records.prev`` =
  digest(prev);
* the link: ``prev`` equals the raw hash of the record before (from genesis), and a
  missing ``seq`` is reported as a gap;
* the head: ``devices.chain_hash`` is the digest of the record at ``chain_seq``.

Records moved to archive files by ``retention`` are not walked: the walk starts after
the device's last archived record (``chain_archived``), whose hash digest the first
remaining record's ``prev`` must match.

Records are read a page at a time, so memory stays bounded whatever the chain length.
``kiosk central verify-chain [--device D]`` prints the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.central.chain_at_rest import head_digest
from kiosk.central.sealed_records import open_envelope
from kiosk.central.storage import Database
from kiosk.central.vault import Vault, VaultError
from kiosk.wire.chain import verify_record
from kiosk.wire.errors import ProtocolError, PublicKeyError
from kiosk.wire.keys import load_public_key
from kiosk.wire.protocol import GENESIS_HASH, parse_record

PAGE = 500


@dataclass
class ChainCheck:
    """What :func:`verify_chains` found for one device."""

    device_id: str
    records: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every record and the head check out."""
        return not self.problems


@dataclass
class _Walk:
    """Where the walk along one chain is."""

    seq: int = 0
    raw: str = GENESIS_HASH
    head_raw: str | None = None
    digest: str = ""  # after archived records: the keyed digest of the last one


def _check_row(vault: Vault, key: Any, row: tuple[Any, ...], walk: _Walk,
               check: ChainCheck) -> None:
    record_id, seq, body, hash_k, prev_k, sealed = row
    seq = int(seq)

    def flag(problem: str) -> None:
        check.problems.append({"seq": seq, "record_id": str(record_id), "problem": problem})

    try:
        record = parse_record(open_envelope(vault, str(record_id), str(body), sealed))
        verify_record(record, key)
    except (ProtocolError, VaultError, ValueError, KeyError, TypeError) as exc:
        flag(f"the record does not open or verify: {exc}")
        walk.seq, walk.raw = seq, ""
        return
    if vault.chain_digest(record.hash) != hash_k:
        flag("the stored hash digest does not match the record")
    if vault.chain_digest(record.prev) != prev_k:
        flag("the stored prev digest does not match the record")
    if seq != walk.seq + 1:
        flag(f"records {walk.seq + 1} to {seq - 1} are missing")
    elif walk.raw and record.prev != walk.raw:
        flag("prev does not match the hash of the record before it")
    elif walk.digest and prev_k != walk.digest:
        flag("prev does not match the hash of the last archived record")
    walk.seq, walk.raw, walk.digest = seq, record.hash, ""


def verify_device(db: Database, vault: Vault, device_id: str) -> ChainCheck:
    """Walk one device's chain from genesis and check everything (see the module doc)."""
    check = ChainCheck(device_id)
    with db.reader() as tx:
        device = tx.one("SELECT public_key, chain_seq, chain_hash FROM devices "
                        "WHERE device_id = ?", (device_id,))
    if device is None:
        check.problems.append({"seq": 0, "record_id": "", "problem": "no such device"})
        return check
    try:
        key = load_public_key(str(device[0]))
    except PublicKeyError as exc:
        check.problems.append({"seq": 0, "record_id": "", "problem": str(exc)})
        return check
    walk = _archived(db, device_id)
    while True:
        with db.reader() as tx:
            rows = tx.all(
                "SELECT r.id, r.seq, r.body, r.hash, r.prev, s.sealed FROM records r "
                "LEFT JOIN sealed_fields s ON s.record_id = r.id WHERE r.device_id = ? "
                f"AND r.seq > ? ORDER BY r.seq LIMIT {PAGE}", (device_id, walk.seq))
        for row in rows:
            _check_row(vault, key, row, walk, check)
            check.records += 1
            if walk.seq == int(device[1]):
                walk.head_raw = walk.raw
        if len(rows) < PAGE:
            break
    head = GENESIS_HASH if int(device[1]) == 0 else walk.head_raw
    if walk.digest and walk.seq == int(device[1]):  # every record is archived
        intact = head_digest(vault, str(device[2])) == walk.digest
    else:
        intact = head is not None and head_digest(vault, str(device[2])) == vault.chain_digest(
            head)
    if not intact:
        check.problems.append({"seq": int(device[1]), "record_id": "",
                               "problem": "the stored chain head does not match the records"})
    return check


def _archived(db: Database, device_id: str) -> _Walk:
    """Where the walk starts: genesis, or after the records moved to archives
    (``kiosk.central.retention``)."""
    with db.reader() as tx:
        row = tx.one("SELECT seq, hash FROM chain_archived WHERE device_id = ?", (device_id,))
    return _Walk() if row is None else _Walk(seq=int(row[0]), raw="", digest=str(row[1]))


def verify_chains(db: Database, vault: Vault, device_id: str | None = None
                  ) -> list[ChainCheck]:
    """Check every device's chain (or only ``device_id``'s), in device id order."""
    if device_id is not None:
        return [verify_device(db, vault, device_id)]
    with db.reader() as tx:
        ids = [str(r[0]) for r in tx.all("SELECT device_id FROM devices ORDER BY device_id")]
    return [verify_device(db, vault, d) for d in ids]


__all__ = ["ChainCheck", "verify_chains", "verify_device"]
