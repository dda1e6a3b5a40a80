"""Staff PIN attempts: reserved before the PIN is checked, so a burst cannot race them.

Each sign-in first *reserves* its attempt: one write transaction counts the user's
attempts in the last ``WINDOW_S`` seconds and, when the limits allow, inserts a row
for this one; only then is the PIN checked. Concurrent guesses serialise on that
transaction (SQLite's write lock, a PostgreSQL advisory lock per user name), so at
most ``PER_DEVICE`` attempts per user and device, and ``PER_USER`` per user across all
devices, are ever evaluated in a window, however many arrive together. A wrong PIN
leaves its row (the failure); a correct one clears that device's rows for the user.
Sign-ins from another center's device never get here (see ``staff``), so they never
count against anyone.

The PIN check itself (scrypt, 16 MiB each) runs under :data:`SCRYPT_SLOTS`, a
process-wide semaphore: a request that waits longer than ``SLOT_WAIT_S`` for a slot
gets 503 with ``Retry-After`` and its reservation is released.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kiosk.central.service import RefusedError
from kiosk.central.storage import Database

WINDOW_S = 300.0
PER_DEVICE = 5
PER_USER = 20
SLOT_WAIT_S = 5.0
SCRYPT_SLOTS = threading.BoundedSemaphore(2)
_LOCK_SPACE = 8472  # pg_advisory_xact_lock(space, hashtext(user)): one lock per user name


def reserve(db: Database, user: str, device_id: str, now: float) -> None:
    """Record an attempt of ``user`` at ``device_id``; 429 when the limits are reached."""
    since = now - WINDOW_S
    with db.transaction() as tx:
        if tx.postgres:
            tx.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", (_LOCK_SPACE, user))
        rows = tx.all("SELECT device_id, attempted_at FROM pin_attempts "
                      "WHERE username = ? AND attempted_at > ?", (user, since))
        here = [float(at) for device, at in rows if device == device_id]
        for counted, limit in ((here, PER_DEVICE), ([float(r[1]) for r in rows], PER_USER)):
            if len(counted) >= limit:
                wait = math.ceil(sorted(counted)[-limit] + WINDOW_S - now)
                raise RefusedError(429, "too many wrong PINs for this user; wait five minutes",
                                   retry_after=max(1, wait))
        tx.execute("DELETE FROM pin_attempts WHERE attempted_at < ?", (since,))
        tx.execute("INSERT INTO pin_attempts (username, device_id, attempted_at) "
                   "VALUES (?, ?, ?)", (user, device_id, now))


def release(db: Database, user: str, device_id: str, now: float) -> None:
    """Take back one reservation (the PIN was never checked)."""
    with db.transaction() as tx:
        tx.execute("DELETE FROM pin_attempts WHERE username = ? AND device_id = ? "
                   "AND attempted_at = ?", (user, device_id, now))


def clear(db: Database, user: str, device_id: str) -> None:
    """A correct PIN: forget this device's attempts for ``user``."""
    with db.transaction() as tx:
        tx.execute("DELETE FROM pin_attempts WHERE username = ? AND device_id = ?",
                   (user, device_id))


@contextmanager
def scrypt_slot(db: Database, user: str, device_id: str, now: float) -> Iterator[None]:
    """Hold one of the process's scrypt slots; 503 (reservation released) when none frees."""
    if not SCRYPT_SLOTS.acquire(timeout=SLOT_WAIT_S):
        release(db, user, device_id, now)
        raise RefusedError(503, "the central service is busy checking PINs; try again",
                           retry_after=2)
    try:
        yield
    finally:
        SCRYPT_SLOTS.release()
