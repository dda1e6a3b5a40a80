"""Finding 6 on the kiosk: ``outbox.db`` alone confirms no guessed citizen or comment.

Before, each stored body kept ``hash``, ``prev`` and ``sig`` in clear beside the
encrypted personal fields (and ``meta.last_hash`` the last hash): rebuilding the envelope
with a guessed citizen and hashing it confirmed the guess. Now they are sealed with the
device's data key; an outbox written the old way is upgraded once (schema step 3), and
what goes on the wire stays byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from kiosk.sync.outbox import Outbox
from kiosk.sync.outbox_chain import open_chain
from kiosk.sync.schema import SCHEMA_VERSION
from kiosk.wire.chain import verify_record
from kiosk.wire.protocol import GENESIS_HASH, RecordKind, canonical_json, parse_record
from tests.support.sample_identities import ID_NUMBER, NAME, identity, submission

GUESS = submission()  # what the attacker guesses: the sample citizen, exactly
WRONG = {**GUESS, "citizen": {**GUESS["citizen"], "id_number": "079304009999"}}  # type: ignore[dict-item]


def _files(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("outbox.db*"))


def _confirms(body: dict[str, Any], guess: dict[str, Any]) -> bool:
    """The attacker's test of a guess against one stored row (no key needed)."""
    envelope = {k: v for k, v in body.items() if k not in {"hash", "sig", "$chain"}}
    envelope.setdefault("prev", GENESIS_HASH)  # not in the row any more: the best guess
    envelope["payload"] = {**envelope["payload"], "citizen": guess["citizen"],
                           "form": guess["form"]}
    return hashlib.sha256(canonical_json(envelope)).hexdigest() == body.get("hash")


def _store_as_before(box: Outbox) -> None:
    """Rewrite rows and meta exactly as the code before schema 3 stored them."""
    conn = box.connection
    cipher = box.identity.cipher
    head = ""
    for seq, text in conn.execute("SELECT seq, body FROM records ORDER BY seq").fetchall():
        old = open_chain(cipher, json.loads(text))  # personal fields still encrypted
        conn.execute("UPDATE records SET body = ? WHERE seq = ?",
                     (json.dumps(old, ensure_ascii=False, separators=(",", ":")), seq))
        head = old["hash"]
    conn.execute("UPDATE meta SET value = ? WHERE key = 'last_hash'", (head,))
    conn.execute("PRAGMA user_version = 2")


def _secrets(wires: list[dict[str, Any]]) -> list[bytes]:
    out = [w[name].encode() for w in wires for name in ("hash", "sig")]
    return out + [w["prev"].encode() for w in wires if w["prev"] != GENESIS_HASH]


def test_an_old_outbox_is_sealed_once_and_confirms_no_guess(tmp_path: Path) -> None:
    ident = identity()
    box = Outbox(tmp_path / "outbox.db", ident)
    box.enqueue(RecordKind.SUBMISSION, submission())
    box.enqueue(RecordKind.TICKET, {"number": 1, "service": "A", "center": "HCM-01",
                                    "block": "b"}, "v1")
    box.enqueue(RecordKind.RATING, {"score": 5, "comment": f"{NAME} hài lòng"})
    _store_as_before(box)
    sent_before = [json.dumps(box.wire(r), ensure_ascii=False) for r in box.all_records()]
    box.close()
    wires = [json.loads(w) for w in sent_before]
    assert all(s in _files(tmp_path) for s in _secrets(wires))  # today's form on disk
    stored = box_bodies(tmp_path)
    assert _confirms(stored[0], GUESS) and not _confirms(stored[0], WRONG)  # the attack

    box = Outbox(tmp_path / "outbox.db", ident)  # upgrades, once
    assert box.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [json.dumps(box.wire(r), ensure_ascii=False)
            for r in box.all_records()] == sent_before  # the wire is byte-identical
    nxt = box.enqueue(RecordKind.RATING, {"score": 4})
    record = parse_record(box.wire(next(r for r in box.all_records() if r.id == nxt)))
    verify_record(record, ident.signing_key.public_key())
    assert record.prev == wires[-1]["hash"]  # the chain goes on from the sealed head
    box.close()
    on_disk = _files(tmp_path)
    assert [s for s in _secrets(wires) if s in on_disk] == []
    assert not any(_confirms(b, GUESS) for b in box_bodies(tmp_path))
    for secret in (NAME, ID_NUMBER):
        assert secret.encode() not in on_disk


def test_a_new_outbox_holds_no_raw_hash_prev_or_signature(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "outbox.db", identity())
    for _ in range(5):
        box.enqueue(RecordKind.SUBMISSION, submission())
    wires = [box.wire(r) for r in box.all_records()]
    box.close()
    on_disk = _files(tmp_path)
    assert len(on_disk) > 4096 and [s for s in _secrets(wires) if s in on_disk] == []


def box_bodies(folder: Path) -> list[dict[str, Any]]:
    """The stored bodies, as an attacker with the file reads them."""
    conn = sqlite3.connect(folder / "outbox.db")
    try:
        return [json.loads(b) for (b,) in conn.execute("SELECT body FROM records ORDER BY seq")]
    finally:
        conn.close()
