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

The PIN check itself (scrypt, 16 MiB each) runs on :data:`SCRYPT_POOL`, two threads for
the whole process: at most two checks at once, and only those two threads' malloc
arenas ever hold scrypt's memory (with a check on any request thread, each thread's
arena kept its own freed 16 MiB). A check still queued after ``SLOT_WAIT_S`` seconds
is withdrawn: 503 with ``Retry-After``, and its reservation is released.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as WaitedTooLong

from kiosk.central.service import RefusedError
from kiosk.central.storage import Database

WINDOW_S = 300.0
PER_DEVICE = 5
PER_USER = 20
SLOT_WAIT_S = 5.0
SCRYPT_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pin-check")
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


def bounded_check(db: Database, user: str, device_id: str, now: float,
                  check: Callable[[], bool]) -> bool:
    """Run ``check`` (the scrypt PIN check) on the process's two PIN-check threads.

    A check not started within ``SLOT_WAIT_S`` is withdrawn: its reservation is
    released and the request is answered 503 with ``Retry-After``.
    """
    future = SCRYPT_POOL.submit(check)
    try:
        return future.result(timeout=SLOT_WAIT_S)
    except WaitedTooLong:
        if not future.cancel():  # it has started meanwhile: its answer counts
            return future.result()
    release(db, user, device_id, now)
    raise RefusedError(503, "the central service is busy checking PINs; try again",
                       retry_after=2)
