"""Finding 6: the stored chain confirms no guess, and still checks end to end with the key.

The database is first put exactly in the form today's code (before keyed digests) stored:
raw ``hash``/``prev`` columns, ``hash``/``prev``/``sig`` in each body, ``sealed_fields``
only for records with personal fields (holding just those), a raw chain head. From that
file, the offline attack works: rebuild a submission's envelope from its row with a
guessed citizen and form, hash it, compare. Then the central starts on it (the migration
runs once at start) and the same attack finds nothing to compare with, while intake,
duplicates, the chain report, look-ups and ``verify-chain`` all keep working. On SQLite
(the file and its WAL, byte for byte) and on PostgreSQL (every row of every table).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.central.chain_verify import verify_chains
from kiosk.central.reports import CentralReports
from kiosk.central.sealed_records import _split
from kiosk.central.storage import Database
from kiosk.central.vault import Vault
from kiosk.wire.protocol import GENESIS_HASH, RecordKind, canonical_json
from tests.central.conftest import PG_URL, reset_postgres
from tests.central.desk import CITIZEN, OTHER, Kiosk, raw_store, signed_in
from tests.support.central_servers import CentralProcess, key_file_of

pytestmark = [pytest.mark.integration]  # central service processes (uvicorn) on 127.0.0.1

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def database(request: pytest.FixtureRequest, tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "sqlite":
        monkeypatch.delenv("KIOSK_CENTRAL_KEY_FILE", raising=False)
        yield f"sqlite:///{tmp_path}/central.db"
        return
    if not PG_URL:
        pytest.skip("KIOSK_TEST_POSTGRES_URL is not set")
    reset_postgres()
    monkeypatch.setenv("KIOSK_CENTRAL_KEY_FILE", str(tmp_path / "central.key"))
    yield PG_URL


def _store_as_before(url: str, vault: Vault) -> None:
    """Rewrite every record, sealed part and head exactly as the code before this stored them."""
    db = Database(url, pool_size=1)
    from kiosk.central.sealed_records import load_envelopes

    with db.transaction() as tx:
        ids = [str(r[0]) for r in tx.all("SELECT id FROM records")]
        envelopes = load_envelopes(tx, vault, ids)
        tx.execute("DELETE FROM sealed_fields")
        for record_id, envelope in envelopes.items():
            body, sealed = _split(vault, record_id, RecordKind(envelope["kind"]), envelope)
            tx.execute("UPDATE records SET hash = ?, prev = ?, body = ? WHERE id = ?",
                       (envelope["hash"], envelope["prev"], body, record_id))
            if sealed is not None:
                tx.execute("INSERT INTO sealed_fields (record_id, key_id, sealed) "
                           "VALUES (?, ?, ?)", (record_id, vault.key_id, sealed))
        for device, top in tx.all("SELECT device_id, MAX(seq) FROM records GROUP BY device_id"):
            head = next(e["hash"] for e in envelopes.values()
                        if e["device"] == device and e["seq"] == top)
            tx.execute("UPDATE devices SET chain_hash = ? WHERE device_id = ?", (head, device))
        tx.execute("DELETE FROM central_meta WHERE name = 'chain_digests_keyed'")
    if not db.postgres:
        with db.reader() as tx:
            tx.one("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def _rows(url: str) -> list[tuple[Any, ...]]:
    db = Database(url, pool_size=1)
    with db.reader() as tx:
        rows = tx.all("SELECT id, kind, hash, body FROM records ORDER BY device_id, seq")
    db.close()
    return rows


def _confirms(row: tuple[Any, ...], citizen: dict[str, Any], form: dict[str, Any]) -> bool:
    """The attacker's test of a guess against one stored submission row (no key needed)."""
    _id, _kind, stored_hash, body = row
    envelope = json.loads(body)
    envelope.pop("hash", None)
    envelope.pop("sig", None)
    envelope.setdefault("prev", GENESIS_HASH)  # not in the row any more: the best guess
    envelope["payload"] = {**envelope["payload"], "citizen": citizen, "form": form}
    return hashlib.sha256(canonical_json(envelope)).hexdigest() == stored_hash


def _guess(citizen: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return ({"id_number": citizen.id_number, "full_name": citizen.full_name,
             "identified_by": "chip"},
            {"id_number": citizen.id_number, "full_name": citizen.full_name,
             "place_of_residence": citizen.place_of_residence})


def _chain_secrets(kiosk: Kiosk) -> list[bytes]:
    """Every raw hash, prev and signature the kiosk sent (genesis is public)."""
    out: list[bytes] = []
    for stored in kiosk.outbox.all_records():
        wire = kiosk.outbox.wire(stored)
        out += [wire["hash"].encode(), wire["sig"].encode()]
        out += [] if wire["prev"] == GENESIS_HASH else [wire["prev"].encode()]
        assert base64.b64decode(wire["sig"])  # a real signature
    return out


def _verify_cli(server: CentralProcess, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_CONFIG": "", "KIOSK_CENTRAL_DATABASE_URL": server.database_url,
           "KIOSK_CENTRAL_KEY_FILE": str(key_file_of(server)), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kiosk", "central", "verify-chain", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
                          check=False)


def _fill(server: CentralProcess, folder: Path) -> Kiosk:
    kiosk = Kiosk(server, folder)
    kiosk.submit(CITIZEN)
    kiosk.submit(OTHER)
    kiosk.outbox.enqueue(RecordKind.RATING, {"score": 4, "comment": "rất hài lòng"})
    kiosk.push()
    return kiosk


def test_a_stolen_database_confirms_no_guess_and_the_chain_still_verifies(
        database: str, tmp_path: Path) -> None:
    server = CentralProcess(database, tmp_path)
    kiosk = _fill(server, tmp_path / "kiosk")
    server.stop()
    vault = Vault.load(key_file_of(server), create=False)
    _store_as_before(database, vault)
    secrets = _chain_secrets(kiosk)
    before = raw_store(server)
    assert all(s in before for s in secrets)  # the test starts from today's raw form
    submissions = [r for r in _rows(database) if r[1] == "submission"]
    assert _confirms(submissions[0], *_guess(CITIZEN))  # the attack worked before
    assert not _confirms(submissions[0], *_guess(OTHER))

    server = CentralProcess(database, tmp_path)  # start-up migrates, once
    try:
        after = raw_store(server)
        assert [s for s in secrets if s in after] == []
        assert not any(_confirms(r, *_guess(c)) for r in _rows(database)
                       if r[1] == "submission" for c in (CITIZEN, OTHER))
        db = Database(database, pool_size=1)
        try:
            report = CentralReports(db).chain_report(kiosk.ident.device_id)
            assert report is not None and report["intact"] and report["head_seq"] == 5
            assert all(c.ok for c in verify_chains(db, vault))
        finally:
            db.close()
        with_dupes = kiosk.outbox.all_records()
        from kiosk.sync.client import CentralClient

        with CentralClient(server.url, kiosk.ident) as client:
            answer = client.push([kiosk.outbox.wire(r) for r in with_dupes])
        assert {r.status for r in answer} == {"duplicate"}
        kiosk.server = server
        kiosk.submit(CITIZEN)  # the chain goes on from the keyed head
        kiosk.push()
        counter = Kiosk(server, tmp_path / "counter", role="counter")
        session = signed_in(server, counter)
        found = counter.post("/v1/counters/lookup", {"id_number": CITIZEN.id_number,
                                                      "session": session}).json()
        assert len(found["submissions"]) == 2
        assert found["submissions"][0]["citizen"]["full_name"] == CITIZEN.full_name
        cli = _verify_cli(server, "--device", kiosk.ident.device_id)
        assert cli.returncode == 0 and "7 record(s), OK" in cli.stdout, cli.stdout + cli.stderr
        _alter_a_rating(database)
        cli = _verify_cli(server)
        assert cli.returncode == 1 and "does not open or verify" in cli.stdout
        kiosk.close()
        counter.close()
    finally:
        server.stop()


def _alter_a_rating(url: str) -> None:
    db = Database(url, pool_size=1)
    with db.transaction() as tx:
        assert tx.execute("UPDATE records SET body = REPLACE(body, '\"score\":4', "
                          "'\"score\":1') WHERE kind = 'rating'") == 1
    db.close()
