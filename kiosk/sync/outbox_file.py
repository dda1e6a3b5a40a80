"""Opening the outbox's SQLite file: private, WAL, migrated, even on a full disk."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from kiosk.core.private_files import prepare_sqlite
from kiosk.sync.crypto import FieldCipher
from kiosk.sync.disk_reserve import DiskReserve
from kiosk.sync.errors import OutboxFault, OutboxUnavailableError
from kiosk.sync.schema import SCHEMA_VERSION, migrate
from kiosk.sync.storage_faults import FAULT_TEXT, fault_of

log = logging.getLogger(__name__)


def _connect(path: Path, cipher: FieldCipher) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA secure_delete=ON")  # rewritten rows leave no old bytes
        if migrate(conn, cipher) < SCHEMA_VERSION:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # nor in the WAL
        conn.execute("SELECT COUNT(*) FROM meta").fetchone()  # maps the -shm now
    except BaseException:
        conn.close()
        raise
    return conn


def open_outbox_file(path: Path, cipher: FieldCipher, reserve: DiskReserve
                     ) -> sqlite3.Connection:
    """Open (creating or upgrading) the outbox database at ``path``.

    The file is made 0600 in a 0700 folder first (``core.private_files``). When the
    disk is too full to open it, the disk reserve is released and the open tried once
    more, so the records held can still be delivered. Raises
    :class:`OutboxUnavailableError` with the fault otherwise.
    """
    try:  # 0600 file, 0700 data folder, whatever the umask (finding 5)
        prepare_sqlite(path)
    except OSError as exc:  # a full or read-only disk: SQLite's open below says which
        log.warning("could not make the outbox files private: %s", exc.strerror)
    for last_try in (False, True):
        try:
            return _connect(path, cipher)
        except sqlite3.Error as exc:
            fault = fault_of(exc, path.parent)
            room = fault in {OutboxFault.DISK_FULL, OutboxFault.IO_ERROR}
            if last_try or not room or not reserve.release():
                raise OutboxUnavailableError(
                    f"the outbox cannot be opened: {FAULT_TEXT[fault]}", fault) from None
    raise AssertionError("unreachable")  # pragma: no cover
