"""Finding 13: a kiosk whose disk is full still delivers everything it holds.

On a REAL full filesystem: a tmpfs mounted for the test holds the kiosk's data folder;
it is filled by records and then by a filler file until the kernel says ENOSPC. Before,
``kiosk sync flush`` then failed ("the record was not stored because the disk is full")
since claiming a batch needs a write. Now the outbox's disk reserve (``disk_reserve``)
gives the space back for delivery only: the flush, a separate ``kiosk`` process against
a live central, delivers every record exactly once, while new records are refused with
the disk-full message until space returns.

Mounting needs root with CAP_SYS_ADMIN (CI containers have it); where mount is not
permitted the test is skipped with that reason, and the delivery-versus-new-data rule
is still covered by ``test_the_reserve_serves_delivery_only`` (SQLite's page limit
standing in for the full disk, as ``storage_faults`` tests do).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.central.reports import CentralReports
from kiosk.central.storage import Database
from kiosk.sync.enrollment import enroll
from kiosk.sync.errors import OutboxFault, OutboxUnavailableError
from kiosk.sync.outbox import Outbox
from kiosk.sync.stack import outbox_path
from kiosk.wire.protocol import RecordKind
from tests.support.central_servers import CentralProcess, issue_code
from tests.support.sample_identities import identity, submission

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "fs"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs",
                           str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): the "
                    "pragma-based test_the_reserve_serves_delivery_only covers the rule")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(path: Path, leave: int = 0) -> None:
    """Write zeros to ``path`` until only ``leave`` bytes are free (0: until ENOSPC)."""
    with path.open("ab") as filler:
        while True:
            info = os.statvfs(path.parent)
            free = info.f_bavail * info.f_frsize
            if free <= leave:
                return
            try:
                filler.write(b"\0" * min(65536, max(4096, free - leave)))
                filler.flush()
                os.fsync(filler.fileno())
            except OSError:
                return


def _flush(data: Path, server: CentralProcess) -> subprocess.Popen[str]:
    env = {**os.environ, "KIOSK_CONFIG": "", "KIOSK_SYNC_DATA_DIR": str(data),
           "KIOSK_SYNC_CENTRAL_URL": server.url, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "kiosk", "sync", "flush"], env=env,
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def test_a_full_kiosk_drains_itself_exactly_once(small_fs: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/central.db"
    server = CentralProcess(url, tmp_path)
    try:
        data = small_fs / "kiosk"
        ident = enroll(issue_code(url), server.url, data, "")
        box = Outbox(outbox_path(data), ident)
        assert box.reserve.path.stat().st_size == box.reserve.size == 512 * 1024
        _fill(small_fs / "filler-1", leave=2 * 1024 * 1024)
        held = []
        with pytest.raises(OutboxUnavailableError) as full:
            for _ in range(100_000):
                held.append(box.enqueue(RecordKind.SUBMISSION, submission()))
        assert full.value.fault is OutboxFault.DISK_FULL and len(held) > 50
        _fill(small_fs / "filler-2")  # whatever a record could not use, too
        flush = _flush(data, server)
        refused = 0
        while flush.poll() is None:  # meanwhile, new records are refused clearly
            with pytest.raises(OutboxUnavailableError, match="not stored because the disk "
                                                             "is full"):
                box.enqueue(RecordKind.RATING, {"score": 5})
            refused += 1
        out = flush.communicate()[0]
        assert flush.returncode == 0, out
        assert f"Delivered: {len(held)};" in out and "still queued: 0" in out
        assert refused >= 1 and box.depth() == 0 and box.status().delivered == len(held)
        with pytest.raises(OutboxUnavailableError, match="disk is full"):
            box.enqueue(RecordKind.RATING, {"score": 5})  # still full: still refused
        other = Outbox(outbox_path(data), ident)  # e.g. the kiosk app, which saw no fault
        with pytest.raises(OutboxUnavailableError, match="disk is full"):
            other.enqueue(RecordKind.RATING, {"score": 5})  # the reserve is not for records
        other.close()
        db = Database(url, pool_size=1)
        with db.reader() as tx:
            stored = tx.all("SELECT id, COUNT(*) FROM records GROUP BY id")
        chain = CentralReports(db).chain_report(ident.device_id)
        db.close()
        assert sorted(i for i, _ in stored) == sorted(held)  # every record, exactly once
        assert {n for _, n in stored} == {1} and chain is not None and chain["intact"]
        for filler in small_fs.glob("filler-*"):
            filler.unlink()  # a technician frees space: the kiosk takes records again
        assert box.check_writable() and box.accepts_submissions
        box.enqueue(RecordKind.RATING, {"score": 5})
        assert not box.reserve.released
        box.close()
    finally:
        server.stop()


def test_the_reserve_serves_delivery_only(tmp_path: Path) -> None:
    """Without mounting: a released reserve refuses new data but lets delivery write."""
    box = Outbox(tmp_path / "outbox.db", identity())
    ids = [box.enqueue(RecordKind.SUBMISSION, submission()) for _ in range(5)]
    assert not box.reserve.released
    assert box.reserve.release()  # what a delivery write does on a nearly full disk
    box.reserve.path.unlink()
    box.reserve.path.mkdir()  # stands for a disk with no room to re-create the reserve
    with pytest.raises(OutboxUnavailableError, match="not stored because the disk is full"):
        box.enqueue(RecordKind.RATING, {"score": 5})
    assert not box.accepts_submissions
    claimed = box.claim_batch(10)
    assert [r.id for r in claimed] == ids
    box.mark_delivered(ids)
    assert box.depth() == 0 and not box.accepts_submissions
    box.close()
