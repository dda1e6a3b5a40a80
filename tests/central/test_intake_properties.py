"""Property: however batches are split, repeated and reordered, intake stores each record once.

Runs on an in-memory SQLite with a one-connection pool, which also guards against
intake asking the pool for a second connection inside its transaction (a deadlock).
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.central.reports import CentralReports
from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.sync.keys import DeviceIdentity
from kiosk.sync.outbox import Outbox
from kiosk.wire.chain import seal_record
from kiosk.wire.keys import public_key_text
from kiosk.wire.protocol import GENESIS_HASH, Record, RecordKind, parse_record
from tests.support.sample_identities import identity

RECORDS = 12


def _device_records() -> tuple[DeviceIdentity, list[Record]]:
    ident = identity()
    with tempfile.TemporaryDirectory() as folder:
        box = Outbox(Path(folder) / "o.db", ident)
        for n in range(RECORDS):
            box.enqueue(RecordKind.RATING, {"score": 1 + n % 5}, visit=f"v{n % 3}")
        records = [parse_record(box.wire(r)) for r in box.all_records()]
        box.close()
    return ident, records


IDENT, RECORDS_OF_DEVICE = _device_records()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, RECORDS - 1), min_size=1, max_size=6), max_size=12))
def test_any_delivery_pattern_stores_each_record_once(batches: list[list[int]]) -> None:
    db = Database("sqlite://:memory:")
    service = CentralService(db)
    code = service.issue_code("HCM-01")
    device = service.enroll({"code": code,
                             "public_key": public_key_text(IDENT.signing_key.public_key())})
    # re-seal for the device id the service gave (the id is inside the signed content)
    prev = GENESIS_HASH
    sealed = []
    for record in RECORDS_OF_DEVICE:
        record = seal_record(replace(record, device=device["device_id"], prev=prev),
                             IDENT.signing_key)
        sealed.append(record)
        prev = record.hash
    # arbitrary batches (with repeats and any order), then a final complete delivery
    for indexes in [*batches, list(range(RECORDS))]:
        results = service.intake(device["device_id"], [sealed[i] for i in indexes])
        assert {r["status"] for r in results} <= {"stored", "duplicate"}
    reports = CentralReports(db)
    assert reports.record_count() == RECORDS
    chain = reports.chain_report(device["device_id"])
    assert chain is not None and chain["intact"] and chain["head_seq"] == RECORDS
    db.close()
