"""Space kept back so a full kiosk can still drain its outbox (finding 13).

Delivering records needs writes too: opening SQLite (its ``-shm``), claiming a batch
(``in_flight``) and recording the central's acknowledgement (``delivered``) all append
to the WAL. On a disk filled by new records those writes failed, so a full kiosk could
not send what it held until someone freed space by hand.

Design (chosen over keeping claims in memory, which still needs the ``delivered``
write, and over deleting delivered rows, which frees nothing until a page empties): a
*reserve file* ``outbox.db.reserve`` next to the outbox, allocated while there is room
(``posix_fallocate``: real blocks, not a sparse file), of ``RESERVE_BYTES`` capped at a
sixteenth of the filesystem so a small disk keeps most of its room for records.

* New data (records, tickets, leases, the writability probe) is written only while the
  reserve is whole: once released, a new record first re-creates it, which needs twice
  the reserve's size free (the reserve, and as much again for records); otherwise it is
  refused with the usual disk-full fault. The space given back therefore serves
  delivery only, in every process sharing the outbox.
* Delivery writes (recover, claim, delivered/retry/dead marks, purge) first *make room*:
  when less than the reserve's size is free, the reserve is released (truncated to 0
  bytes; the empty file records "released" for every process sharing the outbox).
* Opening the outbox on a disk too full for SQLite's ``-shm`` releases it and retries.

Without a reserve (never creatable: the disk was already full at first start) the
outbox behaves as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

RESERVE_BYTES = 8 * 1024 * 1024
MIN_RESERVE_BYTES = 32 * 1024


def _free_bytes(folder: Path) -> int:
    info = os.statvfs(folder)
    return info.f_bavail * info.f_frsize


class DiskReserve:
    """The reserve file of one outbox."""

    def __init__(self, path: Path, size: int = RESERVE_BYTES) -> None:
        self.path = path
        try:
            info = os.statvfs(path.parent)
            total = info.f_blocks * info.f_frsize
        except OSError:
            total = size * 16
        self.size = max(MIN_RESERVE_BYTES, min(size, total // 16))

    def _length(self) -> int | None:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return None

    @property
    def released(self) -> bool:
        """True while the reserve has been given up for delivery and not re-created."""
        length = self._length()
        return length is not None and length < self.size

    def _allocate(self) -> bool:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
        except OSError:
            return False
        try:
            os.posix_fallocate(fd, 0, self.size)
            os.fsync(fd)
            return True
        except OSError:
            os.ftruncate(fd, 0)  # what was allocated goes back; "released" stays recorded
            return False
        finally:
            os.close(fd)

    def ready(self) -> bool:
        """Whether new data may be written: the reserve is whole (re-created if possible).

        A reserve that cannot be made at all (a disk full from the start) does not block.
        """
        length = self._length()
        if length is not None and length >= self.size:
            return True
        if length is None:
            if not self._allocate():
                with contextlib.suppress(OSError):
                    self.path.unlink()
            return True
        try:  # room for the reserve and as much again: not just what delivery was given
            roomy = _free_bytes(self.path.parent) >= 2 * self.size
        except OSError:
            roomy = False
        if roomy and self._allocate():
            log.info("the outbox's disk reserve is back (%d bytes)", self.size)
            return True
        return False

    def release(self) -> bool:
        """Give the reserve's space back for delivery; True if there was any to give."""
        length = self._length()
        if not length:
            return False
        with contextlib.suppress(OSError):
            os.truncate(self.path, 0)
            log.warning("disk nearly full: released the outbox's %d-byte reserve so queued "
                        "records can still be delivered", length)
            return True
        return False

    def make_room(self) -> None:
        """Before a delivery write: release the reserve when less than its size is free."""
        try:
            low = _free_bytes(self.path.parent) < self.size
        except OSError:
            low = True
        if low:
            self.release()
