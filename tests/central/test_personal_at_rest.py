"""Personal fields are sealed in the central store, and everything still reads and verifies."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx
import pytest

from kiosk.central.app import create_app
from kiosk.central.sealed_records import bind_database, load_envelopes, seal_clear_rows
from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.central.vault import Vault, VaultError
from kiosk.core.addresses.current import from_card
from kiosk.core.vn_time import service_day
from kiosk.wire.chain import verify_record
from kiosk.wire.protocol import RecordKind, canonical_json, parse_record
from tests.central.desk import CITIZEN, Kiosk, personal_strings, raw_store
from tests.support.central_servers import CentralProcess, key_file_of

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


def test_the_store_holds_no_personal_bytes_and_records_still_verify(
        server: CentralProcess, tmp_path: Path) -> None:
    kiosk = Kiosk(server, tmp_path / "k")
    home = from_card(CITIZEN.place_of_residence)  # the card's text, today's units, street
    sub_id = kiosk.submit(CITIZEN, extra={"addresses": {"residence": home.as_record()}})
    kiosk.outbox.enqueue(RecordKind.RATING, {"score": 4, "comment": CITIZEN.full_name})
    kiosk.push()
    store = raw_store(server)
    assert len(store) > 1000
    for secret in [*personal_strings(CITIZEN), home.street.encode(), home.text().encode()]:
        assert secret not in store
    # what reads records keeps working without any key
    assert httpx.get(f"{server.url}/v1/health").json() == {"ok": True, "database": "ok"}
    status = httpx.get(f"{server.url}/v1/submissions/{sub_id}").json()
    assert status["status"] == "received"
    stats = httpx.get(f"{server.url}/v1/centers/HCM-01/stats?day={service_day()}").json()
    assert sum(s["submissions"] for s in stats["services"]) >= 1
    assert stats["ratings"]["count"] >= 1
    chain = kiosk.get(f"/v1/devices/{kiosk.ident.device_id}/chain").json()  # signed read
    assert chain["intact"] and chain["head_seq"] == 3
    # opened with the key file, each record is again exactly what the device signed
    db = Database(server.database_url, pool_size=1)
    try:
        vault = Vault.load(key_file_of(server), create=False)
        ids = [r.id for r in kiosk.outbox.all_records()]
        with db.reader() as tx:
            envelopes = load_envelopes(tx, vault, ids)
    finally:
        db.close()
    key = kiosk.ident.signing_key.public_key()
    for sent in kiosk.outbox.all_records():
        envelope = envelopes[sent.id]
        assert canonical_json(envelope) == canonical_json(kiosk.outbox.wire(sent))
        verify_record(parse_record(envelope), key)
    assert envelopes[sub_id]["payload"]["citizen"]["full_name"] == CITIZEN.full_name
    kiosk.close()


def test_the_key_file_is_private_and_a_wrong_key_fails_clearly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/central.db"
    create_app(url)
    key_file = tmp_path / "central.db.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    right = Vault.load(key_file, create=False)
    sealed = right.seal(b'{"full_name": "x"}', "record-1")
    with pytest.raises(VaultError, match="wrong"):
        Vault.generate().open(sealed, "record-1")
    with pytest.raises(VaultError, match="altered"):
        right.open(sealed, "record-2")  # moved to another row
    other = tmp_path / "other.key"
    Vault.load(other)
    with pytest.raises(VaultError, match="sealed under data key"):
        create_app(url, key_file=str(other))
    key_file.chmod(0o644)
    with pytest.raises(VaultError, match="chmod 600"):
        Vault.load(key_file)
    key_file.write_text("{}")
    key_file.chmod(0o600)
    with pytest.raises(VaultError, match="not a valid key file"):
        Vault.load(key_file)


def test_rows_stored_in_clear_before_are_readable_then_sealed_once(tmp_path: Path) -> None:
    """A database from before sealing: clear bodies, no sealed_fields, no meta."""
    from kiosk.sync.outbox import Outbox
    from kiosk.wire.keys import public_key_text
    from tests.support.sample_identities import identity

    path = tmp_path / "central.db"
    db = Database(f"sqlite:///{path}", pool_size=1)
    vault = Vault.for_database(db.url)
    service = CentralService(db, vault)
    ident = identity()
    device = service.enroll({"code": service.issue_code("HCM-01"),
                             "public_key": public_key_text(ident.signing_key.public_key())})
    from dataclasses import replace

    ident = replace(ident, device_id=device["device_id"])
    box = Outbox(tmp_path / "o.db", ident)
    sub_id = box.enqueue(RecordKind.SUBMISSION, {
        "procedure": "1.000123", "form": {"address": CITIZEN.place_of_residence},
        "citizen": {"id_number": CITIZEN.id_number, "full_name": CITIZEN.full_name}}, "v1")
    wire = [box.wire(r) for r in box.all_records()]
    service.intake(device["device_id"], [parse_record(w) for w in wire])
    with db.transaction() as tx:  # turn the row back into a pre-sealing one
        tx.execute("UPDATE records SET body = ? WHERE id = ?",
                   (canonical_json(wire[0]).decode(), sub_id))
        for table in ("sealed_fields", "citizen_index", "central_meta"):
            tx.execute(f"DELETE FROM {table}")
    with db.reader() as tx:
        assert load_envelopes(tx, vault, [sub_id])[sub_id] == wire[0]  # clear rows read
    def raw() -> bytes:
        return b"".join(p.read_bytes() for p in tmp_path.glob("central.db*")
                        if p.suffix != ".key")

    assert CITIZEN.full_name.encode() in raw()  # the test starts from clear bytes on disk
    bind_database(db, vault)  # what every start does: seals them, once
    with db.reader() as tx:
        assert load_envelopes(tx, vault, [sub_id])[sub_id] == wire[0]
        assert tx.one("SELECT COUNT(*) FROM citizen_index") == (1,)
    assert seal_clear_rows(db, vault) == 0
    db.close()
    for secret in personal_strings(CITIZEN):
        assert secret not in raw()
    body = sqlite3.connect(path).execute("SELECT body FROM records").fetchone()[0]
    assert "citizen" not in json.loads(body)["payload"]
    box.close()
