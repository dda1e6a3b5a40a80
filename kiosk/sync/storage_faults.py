"""How SQLite failures map to the outbox's faults (disk full, read-only, damaged, I/O)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from kiosk.sync.errors import OutboxFault

FAULTS = {
    sqlite3.SQLITE_FULL: OutboxFault.DISK_FULL,
    sqlite3.SQLITE_READONLY: OutboxFault.READ_ONLY,
    sqlite3.SQLITE_CORRUPT: OutboxFault.CORRUPT,
    sqlite3.SQLITE_NOTADB: OutboxFault.CORRUPT,
    sqlite3.SQLITE_IOERR: OutboxFault.IO_ERROR,
    sqlite3.SQLITE_CANTOPEN: OutboxFault.IO_ERROR,
}
FAULT_TEXT = {
    OutboxFault.DISK_FULL: "the disk is full",
    OutboxFault.READ_ONLY: "the database is read-only",
    OutboxFault.CORRUPT: "the database file is damaged",
    OutboxFault.IO_ERROR: "the disk reported an input/output error",
}


def _read_only_fs(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def fault_of(exc: sqlite3.Error, folder: Path | None = None) -> OutboxFault:
    """Classify a SQLite error; ``folder`` lets a read-only filesystem be recognised."""
    if folder is not None and _read_only_fs(folder):
        return OutboxFault.READ_ONLY  # EROFS surfaces as I/O or cannot-open errors
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        fault = FAULTS.get(code & 0xFF)
        if fault is not None:
            return fault
    text = str(exc).lower()
    if "full" in text:
        return OutboxFault.DISK_FULL
    if "readonly" in text or "read-only" in text:
        return OutboxFault.READ_ONLY
    if "malformed" in text or "not a database" in text:
        return OutboxFault.CORRUPT
    return OutboxFault.IO_ERROR


CITIZEN_NOTICE = (
    "Ki-ốt tạm thời không nhận hồ sơ. Quý khách vẫn có thể lấy số thứ tự; "
    "xin vui lòng đến quầy để được hỗ trợ.",
    "This kiosk cannot take submissions right now. You can still take a queue ticket; "
    "please go to a counter for help.",
)


def citizen_notice(fault: OutboxFault) -> tuple[str, str]:
    """What the screen tells a citizen while the outbox is in ``fault`` (Vietnamese, English).

    Citizens need the consequence, not the cause: the same notice serves every fault;
    technicians read the cause in ``kiosk sync status``.
    """
    return CITIZEN_NOTICE
