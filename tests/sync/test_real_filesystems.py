"""Disk full and read-only on real (tmpfs) filesystems, when the test may mount them.

Needs root with CAP_SYS_ADMIN (CI containers have it); skipped otherwise. The
pragma-based variants in ``test_outbox.py`` run everywhere.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.sync.errors import OutboxFault, OutboxUnavailableError
from kiosk.sync.outbox import Outbox
from kiosk.wire.protocol import RecordKind
from tests.support.sample_identities import identity, submission


@pytest.fixture
def tiny_fs(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "fs"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)],
                          capture_output=True)
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _remount(mount: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(mount)], check=True)


def test_a_full_disk_refuses_records_and_loses_none(tiny_fs: Path) -> None:
    ident = identity()
    faults: list[OutboxFault | None] = []
    box = Outbox(tiny_fs / "outbox.db", ident, on_fault=faults.append)
    acknowledged = []
    with pytest.raises(OutboxUnavailableError) as error:
        for _ in range(10_000):
            acknowledged.append(box.enqueue(RecordKind.SUBMISSION, submission()))
    assert error.value.fault is OutboxFault.DISK_FULL and len(acknowledged) > 5
    assert not box.accepts_submissions and faults == [OutboxFault.DISK_FULL]
    assert not box.check_writable()
    _remount(tiny_fs, "size=8m")  # a technician frees space
    assert box.check_writable() and box.accepts_submissions
    box.enqueue(RecordKind.RATING, {"score": 5})
    box.close()
    again = Outbox(tiny_fs / "outbox.db", ident)
    assert again.integrity_ok()
    assert set(acknowledged) <= {r.id for r in again.all_records()}
    again.close()


def test_a_read_only_filesystem_is_reported_as_such(tiny_fs: Path) -> None:
    ident = identity()
    box = Outbox(tiny_fs / "outbox.db", ident)
    kept = box.enqueue(RecordKind.RATING, {"score": 4})
    box.close()
    _remount(tiny_fs, "ro")
    with pytest.raises(OutboxUnavailableError) as error:
        Outbox(tiny_fs / "outbox.db", ident)
    assert error.value.fault is OutboxFault.READ_ONLY
    assert "read-only" in str(error.value)
    _remount(tiny_fs, "rw")
    box = Outbox(tiny_fs / "outbox.db", ident)
    assert [r.id for r in box.all_records()] == [kept]
    box.close()
