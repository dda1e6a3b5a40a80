"""Files a visit attaches: parts through the outbox, exactly once through a killed sync
worker, joined and checked at the central service, opened by a counter, and wiped from
the kiosk once delivered.

Real central process (uvicorn, fault injector slowing answers) on SQLite and
PostgreSQL, the real sync worker as a process SIGKILLed mid-upload, real counter
sign-in and signed look-up.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from kiosk.sync.attachments import (
    MAX_FILE_BYTES,
    PART_BYTES,
    Attachment,
    AttachmentTooLargeError,
    append_files,
    check_sizes,
    part_payloads,
    sign,
    signature_valid,
    within_caps,
)
from kiosk.sync.keys import KeyStore
from kiosk.sync.outbox import Outbox
from kiosk.wire.errors import ProtocolError
from kiosk.wire.keys import public_key_text
from kiosk.wire.protocol import RecordKind, validate_payload
from tests.support import waiting
from tests.support.central_servers import PYTHON, ROOT, CentralProcess, enrolled_kiosk
from tests.support.enrolled_devices import Device

ID_NUMBER = "079090001234"  # synthetic


def _file(size: int, seed: int = 3) -> bytes:
    return bytes((i * 131 + seed * 7 + i // 251) % 256 for i in range(size))


def test_a_file_goes_in_parts_that_put_it_back_together() -> None:
    data = _file(3 * PART_BYTES + 17)
    item = Attachment("doc-1", "Giấy khai sinh", "application/pdf", data)
    parts = part_payloads(item)
    assert [p["part"] for p in parts] == [0, 1, 2, 3] and {p["parts"] for p in parts} == {4}
    for payload in parts:
        validate_payload(RecordKind.ATTACHMENT, payload)
    assert b"".join(base64.b64decode(p["data"]) for p in parts) == data
    assert {p["sha256"] for p in parts} == {item.sha256} and "signature" not in parts[0]
    empty = part_payloads(Attachment("doc-2", "Trống", "application/pdf", b""))
    assert len(empty) == 1 and empty[0]["size"] == 0


def test_a_part_that_does_not_fit_its_file_is_refused() -> None:
    good = part_payloads(Attachment("doc-1", "Giấy tờ", "application/pdf", b"x"))[0]
    for bad in ({"part": 1}, {"parts": 0}, {"sha256": "abc"}, {"file": "Doc 1"},
                {"size": -1}, {"signature": 5}):
        with pytest.raises(ProtocolError):
            validate_payload(RecordKind.ATTACHMENT, {**good, **bad})


def test_too_large_files_are_refused_with_a_message_a_person_reads() -> None:
    big = Attachment("doc-1", "Sổ hộ khẩu", "application/pdf", bytes(MAX_FILE_BYTES + 1))
    with pytest.raises(AttachmentTooLargeError, match=r"Sổ hộ khẩu.*quá mức 4 MB"):
        check_sizes([big])
    three = [Attachment(f"doc-{n}", "Giấy tờ", "application/pdf", bytes(MAX_FILE_BYTES))
             for n in range(4)]
    with pytest.raises(AttachmentTooLargeError, match=r"Các tệp của hồ sơ.*quá mức 12 MB"):
        check_sizes(three)


def test_files_over_the_caps_are_left_out_largest_first_the_card_sheet_last() -> None:
    sheet = Attachment("card-sheet", "Dữ liệu thẻ", "application/pdf", bytes(MAX_FILE_BYTES),
                       signature="c2ln")  # the largest kept: it is left out last
    huge = Attachment("doc-1", "Sổ hộ khẩu", "application/pdf", bytes(MAX_FILE_BYTES + 1))
    mid = Attachment("doc-2", "Giấy khai sinh", "application/pdf", bytes(MAX_FILE_BYTES - 9))
    small = [Attachment(f"doc-{n}", "Bằng", "application/pdf", bytes(3 * 2**20))
             for n in (3, 4)]
    kept, left = within_caps([sheet, huge, mid, *small])
    assert [f.file for f in left] == ["doc-1", "doc-2"]  # over a file's cap; the largest
    assert [f.file for f in kept] == ["card-sheet", "doc-3", "doc-4"]  # 10 MiB together
    check_sizes(kept)  # what is kept passes the check append_files makes
    assert within_caps(small) == (small, [])


def _sync(folder: Path, url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("ab") as out:
        return subprocess.Popen([PYTHON, "-m", "tests.sync.chaos_kiosk", "sync", str(folder),
                                 url], env=env, cwd=ROOT, stdout=out, stderr=out)


def _delivered_parts(folder: Path) -> int:
    conn = sqlite3.connect(folder / "outbox.db", timeout=30)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM records WHERE kind = 'attachment' "
                                "AND state = 'delivered'").fetchone()[0])
    finally:
        conn.close()


def _sealed_bytes(folder: Path) -> list[bytes]:
    """The encrypted part bytes as the outbox stores them (a slice of each)."""
    conn = sqlite3.connect(folder / "outbox.db", timeout=30)
    try:
        bodies = [json.loads(b) for (b,) in conn.execute(
            "SELECT body FROM records WHERE kind = 'attachment'")]
    finally:
        conn.close()
    return [json.dumps(b["payload"]["data"])[20:80].encode() for b in bodies]


@pytest.mark.integration
@pytest.mark.slow
def test_a_file_arrives_once_and_whole_through_a_killed_worker(
        database_url: str, tmp_path: Path) -> None:
    central = CentralProcess(database_url, tmp_path, faults="rate=0.5,slow=0.6,seed=5")
    kiosk_dir = tmp_path / "kiosk"
    try:
        enrolled_kiosk(central, kiosk_dir, "HCM-01")
        ident = KeyStore.in_data_dir(kiosk_dir).load()
        data = _file(40 * PART_BYTES + 99)  # 41 parts, three or more batches
        sheet = Attachment("card-sheet", "Dữ liệu thẻ căn cước (chip)", "application/pdf",
                           data, sign(data, ident.signing_key))
        box = Outbox(kiosk_dir / "outbox.db", ident)
        with box.transaction() as conn:
            box.append(conn, RecordKind.SUBMISSION, {
                "procedure": "CT-BANSAO", "form": {},
                "citizen": {"id_number": ID_NUMBER, "full_name": "Phạm Văn Mẫu",
                            "identified_by": "chip"}}, "visit-a1")
            append_files(box, conn, "visit-a1", [sheet])
        box.close()
        sealed = _sealed_bytes(kiosk_dir)
        before = b"".join(p.read_bytes() for p in kiosk_dir.rglob("*") if p.is_file())
        assert len(sealed) == 41 and all(piece in before for piece in sealed)
        log = tmp_path / "sync.log"
        worker = _sync(kiosk_dir, central.url, log)
        waiting.wait_until(lambda: _delivered_parts(kiosk_dir) >= 5, 60, 0.05,
                           "some parts delivered")
        worker.send_signal(signal.SIGKILL)  # mid-upload
        worker.wait(10)
        assert _delivered_parts(kiosk_dir) < 41
        worker = _sync(kiosk_dir, central.url, log)
        try:
            waiting.wait_until(lambda: _delivered_parts(kiosk_dir) == 41, 120, 0.2,
                               "every part delivered")
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        # the kiosk keeps no part's bytes: not in the database, its WAL or anything else
        stored = b"".join(p.read_bytes() for p in kiosk_dir.rglob("*") if p.is_file())
        assert not any(piece in stored for piece in sealed)
        counter = Device(central, tmp_path / "counter", "HCM-01", role="counter")
        session = counter.sign_in_staff("2")
        found = counter.client._call("POST", "/v1/counters/lookup",
                                     {"id_number": ID_NUMBER, "session": session})
        entry = found["submissions"][0]
        assert entry["attachments"] == [{
            "file": "card-sheet", "name": "Dữ liệu thẻ căn cước (chip)",
            "media": "application/pdf", "size": len(data), "sha256": sheet.sha256,
            "parts": 41, "complete": True}]
        opened = counter.client._call("POST", "/v1/counters/attachment", {
            "session": session, "submission": entry["record_id"], "file": "card-sheet"})
        assert base64.b64decode(opened["data"]) == data  # byte-identical, once
        assert opened["public_key"] == public_key_text(ident.signing_key.public_key())
        assert signature_valid(data, opened["signature"], opened["public_key"])
        tampered = data[:100] + bytes([data[100] ^ 1]) + data[101:]
        assert not signature_valid(tampered, opened["signature"], opened["public_key"])
        counter.close()
    finally:
        central.stop()
