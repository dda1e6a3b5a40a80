"""A center's day parsed once per worker: new, late and replaced records still show.

Boards, statistics and call-next read through ``kiosk.central.parsed_records``, which
keeps what each stored record parses to under its chain hash. Real intake of signed
records on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.central import parsed_records
from kiosk.central.queue_day import load_day
from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.central.vault import Vault
from kiosk.core.vn_time import VIETNAM
from kiosk.wire.protocol import Record, RecordKind
from tests.central.city_support import BACKENDS, Signer, clean_database

DAY = "2026-03-02"
MORNING = dt.datetime(2026, 3, 2, 8, 0, tzinfo=VIETNAM)


@pytest.fixture(params=BACKENDS)
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CentralService]:
    parsed_records.forget_all()
    with clean_database(request.param, tmp_path) as url:
        db = Database(url, pool_size=2)
        yield CentralService(db, Vault(os.urandom(32), os.urandom(32)))
        db.close()


def _tickets(kiosk: Signer, numbers: range, at: dt.datetime) -> list[Record]:
    return [kiosk.record(RecordKind.TICKET, {"number": n, "service": "A", "center": "Q1",
                                             "block": "b"}, at + dt.timedelta(minutes=n))
            for n in numbers]


def test_a_known_record_is_not_parsed_again_and_new_ones_always_show(
        central: CentralService) -> None:
    kiosk = Signer(central, "Q1")
    assert {r["status"] for r in central.intake(
        kiosk.device_id, _tickets(kiosk, range(1, 4), MORNING))} == {"stored"}
    assert [t.number for t in load_day(central.db, "Q1", DAY).tickets] == [1, 2, 3]
    # Proof that the body is not read again: change it under the worker's feet (never
    # done by the service; records are only inserted). The parsed ticket stays.
    with central.db.transaction() as tx:
        tx.execute("UPDATE records SET body = '{}' WHERE kind = 'ticket'")
    assert [t.number for t in load_day(central.db, "Q1", DAY).tickets] == [1, 2, 3]
    # A record that arrives later but happened earlier (a late commit, a kiosk that was
    # offline): its hash is new, so it is fetched and takes its place in time order.
    earlier = _tickets(kiosk, range(4, 6), MORNING - dt.timedelta(hours=1))
    assert {r["status"] for r in central.intake(kiosk.device_id, earlier)} == {"stored"}
    assert [t.number for t in load_day(central.db, "Q1", DAY).tickets] == [4, 5, 1, 2, 3]


def test_a_reset_database_reusing_ids_is_read_afresh(central: CentralService) -> None:
    kiosk = Signer(central, "Q1")
    first = _tickets(kiosk, range(1, 3), MORNING)
    central.intake(kiosk.device_id, first)
    assert [t.number for t in load_day(central.db, "Q1", DAY).tickets] == [1, 2]
    central.db.reset()
    again = Signer(central, "Q1")
    resigned = again.record(RecordKind.TICKET, {"number": 7, "service": "B", "center": "Q1",
                                                "block": "b"}, MORNING)
    assert {r["status"] for r in central.intake(again.device_id, [resigned])} == {"stored"}
    with central.db.transaction() as tx:  # give it the old record's id, as a reset test may
        tx.execute("UPDATE records SET id = ? WHERE id = ?", (first[0].id, resigned.id))
    assert [(t.service, t.number) for t in load_day(central.db, "Q1", DAY).tickets] == [("B", 7)]
