"""The kiosk process killed mid-enqueue a hundred times: nothing acknowledged is lost.

Each round forks a real process that opens the outbox and enqueues records as fast as
it can, writing each id to a pipe only after ``enqueue`` returned (that is the
acknowledgement the citizen would see); the parent SIGKILLs it at a random moment.
A SIGKILL is not a power cut (the kernel's page cache survives it); the durability
against power loss rests on SQLite's WAL with ``synchronous=FULL`` (fsync per commit).
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from kiosk.sync.outbox import Outbox
from kiosk.wire.chain import verify_record
from kiosk.wire.protocol import GENESIS_HASH, RecordKind, parse_record
from tests.support.sample_identities import identity, submission

pytestmark = [pytest.mark.integration, pytest.mark.slow]  # a hundred processes killed mid-write

ROUNDS = 100


def _child(path: Path, ident: object, write_fd: int) -> None:
    try:
        box = Outbox(path, ident)  # type: ignore[arg-type]
        n = 0
        while True:
            kind = RecordKind.SUBMISSION if n % 3 == 0 else RecordKind.RATING
            payload = submission() if kind is RecordKind.SUBMISSION else {"score": 1 + n % 5}
            record_id = box.enqueue(kind, payload, visit=f"v{n % 7}")
            os.write(write_fd, (record_id + "\n").encode())
            n += 1
    finally:
        os._exit(0)


def test_hundred_kills_mid_enqueue_lose_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "outbox.db"
    ident = identity()
    rng = random.Random(2026)
    acknowledged: list[str] = []
    for _ in range(ROUNDS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(path, ident, write_fd)
        os.close(write_fd)
        time.sleep(rng.uniform(0.002, 0.06))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd, "rb") as pipe:
            acknowledged += [line.decode() for line in pipe.read().splitlines() if line]
    assert len(acknowledged) > ROUNDS  # the kills really landed mid-stream
    box = Outbox(path, ident)
    assert box.integrity_ok()
    stored = box.all_records()
    ids = [r.id for r in stored]
    assert set(acknowledged) <= set(ids)
    assert len(ids) == len(set(ids))
    assert [r.seq for r in stored] == list(range(1, len(stored) + 1))
    prev = GENESIS_HASH
    for item in stored:  # every record decrypts, verifies, and links to the one before
        record = parse_record(box.wire(item))
        verify_record(record, ident.signing_key.public_key())
        assert record.prev == prev
        prev = record.hash
