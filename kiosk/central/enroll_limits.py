"""Limits on enrolment codes: how long a code lives, and how fast codes may be guessed.

A code is 12 characters of a 32-letter alphabet, but nothing stopped a client from
trying 200 per second. Redemptions are now throttled: each client address gets
:data:`PER_ADDRESS` failed tries per :data:`WINDOW_S`, and all addresses together
:data:`OVERALL`; beyond that ``POST /v1/enroll`` answers 429 with ``Retry-After``
without looking at the code.

The tries are kept in the database (table ``enroll_attempts``), not in memory: the
central runs several uvicorn worker processes and a limit per process would multiply
by their number. A slot is taken *before* the code is checked, in one serialised
transaction (SQLite's write lock, PostgreSQL's advisory lock), so a burst of parallel
guesses cannot all slip past the count; only a code looked up and found wrong (403)
keeps its slot: a good code or a malformed request gives it back, so enrolling many
kiosks from one technician's laptop is never throttled.
Behind a reverse proxy every client has the proxy's address: the per-address limit
then acts as a second overall limit, which errs on the safe side.
"""

from __future__ import annotations

import math
import secrets
import time

from kiosk.central.service import RefusedError
from kiosk.central.storage import Database, Tx
from kiosk.wire.errors import ProtocolError

MAX_CODE_HOURS = 168.0  # a code lives at most a week
WINDOW_S = 60.0
PER_ADDRESS = 10
OVERALL = 100
_LOCK_ID = 8471  # PostgreSQL advisory lock serialising the count (8470 is migrations')
# the table ``enroll_attempts`` comes with the schema (``kiosk.central.migrate``)

def check_code_ttl(ttl_s: float) -> float:
    """``ttl_s`` when it is a finite number of seconds above 0 and within a week."""
    if (isinstance(ttl_s, bool) or not isinstance(ttl_s, int | float) or not math.isfinite(ttl_s)
            or not 0 < ttl_s <= MAX_CODE_HOURS * 3600):
        raise ProtocolError(f"an enrollment code must be valid for more than 0 and at most "
                            f"{MAX_CODE_HOURS:g} hours")
    return float(ttl_s)


class EnrollThrottle:
    """Failed enrolment tries per client address and overall, in the central database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _serialise(self, tx: Tx) -> None:
        if tx.postgres:
            tx.execute(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")

    def take(self, address: str) -> str:
        """Take a try for ``address``; RefusedError 429 (with Retry-After) when none is left.

        Returns the try's token: hand it to :meth:`give_back` when the code was good.
        """
        now = time.time()
        token = secrets.token_hex(16)
        with self.db.transaction() as tx:
            self._serialise(tx)
            tx.execute("DELETE FROM enroll_attempts WHERE tried_at < ?", (now - WINDOW_S,))
            mine = tx.one("SELECT COUNT(*), MIN(tried_at) FROM enroll_attempts "
                          "WHERE address = ?", (address,))
            every = tx.one("SELECT COUNT(*), MIN(tried_at) FROM enroll_attempts")
            for row, limit in ((mine, PER_ADDRESS), (every, OVERALL)):
                if row is not None and int(row[0]) >= limit:
                    wait = max(1, math.ceil(float(row[1]) + WINDOW_S - now))
                    raise RefusedError(429, "too many enrollment attempts; wait before "
                                            "trying another code", retry_after=wait)
            tx.execute("INSERT INTO enroll_attempts (token, address, tried_at) VALUES (?, ?, ?)",
                       (token, address[:64], now))
        return token

    def give_back(self, token: str) -> None:
        """Forget a try that redeemed a good code (only failures count)."""
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM enroll_attempts WHERE token = ?", (token,))

    def reset(self) -> None:
        """Forget every try (an operator after an incident; tests between scenarios)."""
        with self.db.transaction() as tx:
            self._serialise(tx)
            tx.execute("DELETE FROM enroll_attempts")
