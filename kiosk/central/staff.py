"""Counter staff: accounts, PINs and sign-in at a counter.

An account has a user name (``nguyenvana``: lower-case letters, digits, ``.``, ``_``,
``-``), a display name (sealed under the central's data key, see ``vault``), the queue
services the person handles, and a PIN of 4 to 12 digits stored as a salted scrypt hash
(``scrypt$<n>$<r>$<p>$<salt>$<hash>``, N=2^14, r=8, p=1). Accounts are managed with
``kiosk central staff add|list|disable``.

Every account belongs to one center (``staff add --center``): it signs in only at
counters of that center. Sign-in (``POST /v1/staff/sign-in``, a signed request of a
counter device) answers the same 401 for an unknown user, a wrong PIN and an account
of another center; the last is refused before any PIN check and never counts as an
attempt, so nobody elsewhere can lock a member out. Attempts are reserved before the
PIN is checked and limited per user and device, with a per-user ceiling (see
``pin_lockout``): beyond, 429 until the window has passed. An unknown user's PIN is
checked against a dummy hash, so it takes as long as a known one. A disabled account
is told 403, only after a correct PIN, so the answer never reveals which names exist.

A successful sign-in opens a session for that counter device: a random token (kept
hashed) valid for ``SESSION_S`` seconds, which the counter sends with every citizen
look-up (:meth:`StaffDirectory.session_of`; only at the device that opened it).
Signing in again at the device replaces its session; ``POST /v1/staff/sign-out`` ends
it (:meth:`StaffDirectory.sign_out`); disabling the account ends them all.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kiosk.central import pin_lockout
from kiosk.central.service import RefusedError
from kiosk.central.storage import Database
from kiosk.central.vault import Vault
from kiosk.core.errors import KioskError

SESSION_S = 12 * 3600.0  # a working day
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
USER = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")
PIN = re.compile(r"^\d{4,12}$")
SERVICE = re.compile(r"^[A-Z0-9]{1,8}$")
COUNTER = re.compile(r"^[A-Za-z0-9]{1,8}$")
CENTER = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_WRONG = "the user name or PIN is wrong"


class StaffError(KioskError):
    """A staff account cannot be created or changed as asked."""


@dataclass(frozen=True)
class StaffMember:
    """One account as ``staff list`` shows it (never the PIN hash)."""

    user: str
    name: str
    services: tuple[str, ...]
    disabled: bool
    center: str = ""


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash of ``pin`` in the stored text form."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, dklen=32)
    return (f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$"
            f"{base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}")


def check_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches a hash made by :func:`hash_pin` (constant-time compare)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(pin.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                             r=int(r), p=int(p), dklen=32)
        return hmac.compare_digest(got, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to check unknown users against, so they take as long as known ones."""
    return hash_pin("0000", b"\0" * 16)


def parse_services(text: str) -> tuple[str, ...]:
    """``"A,B"`` → ``("A", "B")``; StaffError for anything else than service codes."""
    services = tuple(dict.fromkeys(s.strip().upper() for s in text.split(",") if s.strip()))
    if not services or not all(SERVICE.fullmatch(s) for s in services):
        raise StaffError("services must be a comma-separated list of codes such as A,B")
    return services


def parse_sign_in(body: Any) -> tuple[str, str, str]:
    """Check a sign-in body ``{"user", "pin", "counter"}``; RefusedError 400 otherwise."""
    if not isinstance(body, dict) or set(body) != {"user", "pin", "counter"}:
        raise RefusedError(400, 'a sign-in needs exactly "user", "pin" and "counter"')
    user, pin, counter = body["user"], body["pin"], body["counter"]
    if isinstance(counter, int) and not isinstance(counter, bool):
        counter = str(counter)
    if not isinstance(user, str) or not isinstance(pin, str) or not isinstance(counter, str):
        raise RefusedError(400, "user, pin and counter must be text")
    if not 1 <= len(user) <= 64 or len(pin) > 64:
        raise RefusedError(400, "user must be 1-64 characters and pin at most 64")
    if not COUNTER.fullmatch(counter):
        raise RefusedError(400, "counter must be 1-8 letters or digits")
    # no control characters or lone surrogates: PostgreSQL stores no NUL, UTF-8 no surrogate
    if not user.isprintable() or not pin.isprintable():
        raise RefusedError(400, "user and pin must be printable text")
    return user.strip().lower(), pin, counter


class StaffDirectory:
    """Staff accounts over the central database."""

    def __init__(self, db: Database, vault: Vault) -> None:
        self.db = db
        self.vault = vault

    def add(self, user: str, name: str, services: tuple[str, ...], pin: str, *,
            center: str) -> None:
        """Create an account of ``center``; StaffError when the name is taken or a value
        is invalid."""
        if not CENTER.fullmatch(center):
            raise StaffError("the center must be a code such as HCM-01")
        if not USER.fullmatch(user):
            raise StaffError("a user name is 1-32 lower-case letters, digits, dots, dashes or "
                             "underscores, starting with a letter or digit")
        if not name.strip() or len(name) > 200:
            raise StaffError("the display name must be 1-200 characters")
        if not services or not all(SERVICE.fullmatch(s) for s in services):
            raise StaffError("services must be codes such as A or HT")
        if not PIN.fullmatch(pin):
            raise StaffError("the PIN must be 4 to 12 digits")
        sealed = self.vault.seal_text(name.strip(), "staff:" + user)
        with self.db.transaction() as tx:
            added = tx.execute(
                "INSERT INTO staff (username, name_sealed, services, pin_hash, disabled, "
                "created_at, center) VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING",
                (user, sealed, json.dumps(list(services)), hash_pin(pin), time.time(), center))
        if not added:
            raise StaffError(f"the user {user} already exists")

    def members(self) -> list[StaffMember]:
        """Every account, by user name."""
        with self.db.reader() as tx:
            rows = tx.all("SELECT username, name_sealed, services, disabled, center FROM staff "
                          "ORDER BY username")
        return [StaffMember(str(u), self.vault.open_text(str(n), "staff:" + str(u)),
                            tuple(json.loads(s)), bool(d), str(c or ""))
                for u, n, s, d, c in rows]

    def disable(self, user: str) -> None:
        """Disable an account (it can no longer sign in); StaffError when unknown."""
        with self.db.transaction() as tx:
            changed = tx.execute("UPDATE staff SET disabled = 1 WHERE username = ?", (user,))
        if not changed:
            raise StaffError(f"there is no user {user}")
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM staff_sessions WHERE username = ?", (user,))

    def sign_in(self, body: Any, device_id: str, center: str, now: float | None = None
                ) -> dict[str, Any]:
        """Check a sign-in at ``device_id`` of ``center``: the account and a session, or
        401/403/429 (503 when every PIN check slot stays busy)."""
        user, pin, counter = parse_sign_in(body)
        moment = time.time() if now is None else now
        with self.db.reader() as tx:
            row = tx.one("SELECT name_sealed, services, pin_hash, disabled, center FROM staff "
                         "WHERE username = ?", (user,))
        if row is not None and row[4] != center:
            raise RefusedError(401, _WRONG)  # another center's account: no check, no count
        pin_lockout.reserve(self.db, user, device_id, moment)
        stored = str(row[2]) if row else _dummy_hash()
        right = pin_lockout.bounded_check(self.db, user, device_id, moment,
                                          lambda: check_pin(pin, stored))
        if not right or row is None:
            raise RefusedError(401, _WRONG)
        pin_lockout.clear(self.db, user, device_id)
        if row[3]:
            raise RefusedError(403, "this staff account is disabled")
        token = secrets.token_urlsafe(32)
        with self.db.transaction() as tx:
            tx.execute("DELETE FROM staff_sessions WHERE device_id = ? OR expires_at < ?",
                       (device_id, moment))
            tx.execute("INSERT INTO staff_sessions (token_hash, username, device_id, counter, "
                       "expires_at) VALUES (?, ?, ?, ?, ?)",
                       (_token_hash(token), user, device_id, counter, moment + SESSION_S))
        return {"user": user, "name": self.vault.open_text(str(row[0]), "staff:" + user),
                "services": list(json.loads(row[1])), "counter": counter,
                "session": token, "session_s": int(SESSION_S)}

    def sign_out(self, device_id: str, body: Any) -> dict[str, bool]:
        """End the session ``{"session": token}`` opened at ``device_id`` (idempotent)."""
        if not isinstance(body, dict) or set(body) != {"session"} or not isinstance(
                body["session"], str) or not 1 <= len(body["session"]) <= 128:
            raise RefusedError(400, 'a sign-out needs exactly "session", the session token')
        with self.db.transaction() as tx:
            ended = tx.execute("DELETE FROM staff_sessions WHERE token_hash = ? AND "
                               "device_id = ?", (_token_hash(body["session"]), device_id))
        return {"signed_out": bool(ended)}

    def session_of(self, device_id: str, token: Any, now: float | None = None
                   ) -> tuple[str, str, str]:
        """The (user, counter, center) signed in at ``device_id`` with ``token``, else 401."""
        moment = time.time() if now is None else now
        if not isinstance(token, str) or not token:
            raise RefusedError(401, "a staff member must sign in at this counter first")
        with self.db.reader() as tx:
            row = tx.one("SELECT s.username, s.counter, a.center FROM staff_sessions s "
                         "JOIN staff a "
                         "ON a.username = s.username WHERE s.token_hash = ? AND "
                         "s.device_id = ? AND s.expires_at > ? AND a.disabled = 0",
                         (_token_hash(token), device_id, moment))
        if row is None:
            raise RefusedError(401, "the staff session has ended; sign in again")
        return str(row[0]), str(row[1]), str(row[2])


def session_counter(db: Database, device_id: str, now: float | None = None) -> str | None:
    """The counter of the staff session open at ``device_id`` now, if any."""
    moment = time.time() if now is None else now
    with db.reader() as tx:
        row = tx.one("SELECT s.counter FROM staff_sessions s JOIN staff a ON "
                     "a.username = s.username WHERE s.device_id = ? AND s.expires_at > ? "
                     "AND a.disabled = 0", (device_id, moment))
    return None if row is None else str(row[0])


def signed_in_counters(db: Database, center: str, now: float | None = None
                       ) -> dict[str, list[str]]:
    """Queue service → counters of ``center`` where a staff member handling it is signed in."""
    moment = time.time() if now is None else now
    with db.reader() as tx:
        rows = tx.all("SELECT s.counter, a.services FROM staff_sessions s JOIN staff a ON "
                      "a.username = s.username JOIN devices d ON d.device_id = s.device_id "
                      "WHERE d.center = ? AND s.expires_at > ? AND a.disabled = 0",
                      (center, moment))
    found: dict[str, list[str]] = {}
    for counter, services in rows:
        for service in json.loads(services):
            if str(counter) not in found.setdefault(str(service), []):
                found[str(service)].append(str(counter))
    return found


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
