"""The kiosk shows a card holder their files (issue 18): a real central process on SQLite
and PostgreSQL, a kiosk and a counter enrolled with it, signed requests over HTTP."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import httpx

from kiosk.central.holder_files import BURST
from kiosk.core.vn_time import today_vn
from tests.central.desk import CITIZEN, OTHER, Kiosk, signed_in
from tests.support.central_servers import CentralProcess


def _file_for(server: CentralProcess, tmp_path: Path, citizen: object, name: str,
              procedure: str = "CU-THUONGTRU") -> dict[str, object]:
    kiosk = Kiosk(server, tmp_path / f"k-{name}")
    submission = kiosk.submit(citizen, procedure=procedure)  # type: ignore[arg-type]
    kiosk.push()
    counter = Kiosk(server, tmp_path / f"c-{name}", role="counter")
    session = signed_in(server, counter, f"quay-{name}")
    made = counter.post("/v1/files", {"request_id": str(uuid.uuid4()), "session": session,
                                      "procedure": procedure, "submission": submission})
    assert made.status_code == 201, made.text
    file: dict[str, object] = made.json()
    asked = counter.post(f"/v1/files/{file['file_id']}/events", {
        "event_id": str(uuid.uuid4()), "kind": "additional_documents_requested",
        "session": session, "reason": "Thiếu bản sao giấy khai sinh"})
    assert asked.status_code == 201, asked.text
    return file


def test_a_kiosk_sees_only_that_holders_files_and_nothing_personal(
        server: CentralProcess, tmp_path: Path) -> None:
    mine = _file_for(server, tmp_path, CITIZEN, "mine")
    _file_for(server, tmp_path, OTHER, "other", procedure="HT-KHAISINH")
    lobby = Kiosk(server, tmp_path / "lobby")
    answer = lobby.post("/v1/kiosk/files", {"id_number": CITIZEN.id_number})
    assert answer.status_code == 200, answer.text
    files = answer.json()["files"]
    assert len(files) == 1  # the other holder's file is never shown
    shown = files[0]
    assert shown["procedure"] == "CU-THUONGTRU" and shown["procedure_name"]["vi"]
    assert shown["step"] == "additional_documents_requested"
    assert shown["standing"] == "paused" and shown["due"] == mine["due"]
    assert shown["received"] == today_vn().isoformat()
    assert shown["file_code"] and len(shown["file_code"]) == 9  # "K7QM-3FXA"
    for private in (CITIZEN.full_name, CITIZEN.id_number, CITIZEN.place_of_residence,
                    str(mine["code"]), str(mine["file_id"]), "quay-mine", "khai sinh"):
        assert private not in answer.text
    nobody = lobby.post("/v1/kiosk/files", {"id_number": "001099000001"})
    assert nobody.status_code == 200 and nobody.json() == {"files": []}


def test_the_id_number_is_not_stored_in_clear(server: CentralProcess, tmp_path: Path) -> None:
    _file_for(server, tmp_path, CITIZEN, "stored")
    if not server.database_url.startswith("sqlite"):
        return  # the same code on PostgreSQL; the bytes of the SQLite file are checked here
    path = server.database_url[len("sqlite:///"):]
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT holder, file_code FROM file_holders").fetchall()
        conn.execute("PRAGMA wal_checkpoint(FULL)")
    assert rows and all(len(holder) == 64 and CITIZEN.id_number not in holder
                        for holder, _code in rows)
    assert CITIZEN.id_number.encode() not in Path(path).read_bytes()


def test_only_kiosks_may_look_up_and_at_a_persons_pace(server: CentralProcess,
                                                       tmp_path: Path) -> None:
    counter = Kiosk(server, tmp_path / "counter-only", role="counter")
    assert counter.post("/v1/kiosk/files", {"id_number": CITIZEN.id_number}).status_code == 403
    unsigned = httpx.post(f"{server.url}/v1/kiosk/files", json={"id_number": CITIZEN.id_number},
                          timeout=10)
    assert unsigned.status_code == 401
    guesser = Kiosk(server, tmp_path / "guesser")
    answers = [guesser.post("/v1/kiosk/files", {"id_number": f"0010990000{i:02d}"})
               for i in range(BURST + 3)]
    assert [a.status_code for a in answers[:BURST]] == [200] * BURST
    limited = answers[BURST:]
    assert all(a.status_code == 429 for a in limited)
    assert int(limited[0].headers["retry-after"]) >= 1
    other_kiosk = Kiosk(server, tmp_path / "neighbour")  # the limit is per device
    assert other_kiosk.post("/v1/kiosk/files",
                            {"id_number": CITIZEN.id_number}).status_code == 200
    for bad in ({"id_number": "12345"}, {"id_number": 1}, {"id": CITIZEN.id_number}, []):
        fresh = Kiosk(server, tmp_path / f"bad-{uuid.uuid4().hex[:6]}")
        assert fresh.post("/v1/kiosk/files", bad).status_code == 400


def test_the_kiosks_client_reads_the_files_and_gives_none_when_refused(
        server: CentralProcess, tmp_path: Path) -> None:
    from kiosk.sync.holder_files import HolderFilesLookup

    _file_for(server, tmp_path, CITIZEN, "client")
    lobby = Kiosk(server, tmp_path / "client-lobby")
    lookup = HolderFilesLookup(server.url, lobby.ident)
    try:
        found = lookup(CITIZEN.id_number)
        assert found is not None and found[0]["procedure"] == "CU-THUONGTRU"
        answers = [lookup(CITIZEN.id_number) for _ in range(BURST)]
        assert answers[-1] is None  # rate-limited: "cannot be fetched now", no exception
        counter = Kiosk(server, tmp_path / "client-counter", role="counter")
        assert HolderFilesLookup(server.url, counter.ident)(CITIZEN.id_number) is None
    finally:
        lookup.close()


def test_files_accepted_before_the_migration_are_linked_by_it(tmp_path: Path) -> None:
    """A database at v0005 with an accepted file and its submission's index row: the
    upgrade links the file to its holder (SQLite; the SQL is the same on PostgreSQL)."""
    from kiosk.central.migrate import LOG_TABLE, upgrade
    from kiosk.central.storage import Database
    from kiosk.central.vault import Vault

    db = Database(f"sqlite:///{tmp_path}/old.db", pool_size=1)
    vault = Vault.generate()
    try:
        with db.transaction() as tx:  # back to v0005: the two newer migrations undone
            tx.execute("DROP TABLE onegate_notices")
            tx.execute("DROP TABLE file_holders")
            tx.execute(f"DELETE FROM {LOG_TABLE} WHERE migration_id IN "
                       "('v0006_file_holders', 'v0007_onegate_notices')")
            tx.execute("INSERT INTO files (file_id, code, request_id, center, procedure_code, "
                       "unit, working_days, submission_id, device_id, created_at) VALUES "
                       "('f-old', 'C', 'r-old', 'HCM-01', 'CU-THUONGTRU', 'u', 7, 's-old', "
                       "'k', 1.0)")
            tx.execute("INSERT INTO citizen_index (record_id, center, id_hmac, created_at) "
                       "VALUES ('s-old', 'HCM-01', ?, '2026-12-01T00:00:00Z')",
                       (vault.blind_index(CITIZEN.id_number),))
        assert upgrade(db) == ["v0006_file_holders", "v0007_onegate_notices"]
        with db.reader() as tx:
            assert tx.all("SELECT file_id, holder, file_code FROM file_holders") == [
                ("f-old", vault.blind_index(CITIZEN.id_number), None)]
    finally:
        db.close()
