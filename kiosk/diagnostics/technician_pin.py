"""The technician PIN: a salted scrypt hash in the configuration, and a lockout.

The configuration holds only ``[technician] pin_hash``, made by ``kiosk diag pin-hash``:
``scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>``. A typed PIN is hashed the same way
and compared in constant time (:func:`hmac.compare_digest`). After
:data:`MAX_ATTEMPTS` wrong PINs in a row the pad refuses every PIN, right or wrong, for
:data:`LOCKOUT_S` seconds.

No PIN configured: on a full-screen kiosk the technician menu cannot be opened at all.
In a development window (``kiosk run --windowed``, which has window chrome anyway and
so no protection to lose) the documented development PIN :data:`DEV_PIN` opens it.

Hashing takes tens of milliseconds by design: the app calls :meth:`PinGate.attempt`
off the UI thread. Nothing here logs a PIN.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.core.errors import KioskError

log = logging.getLogger(__name__)

MIN_DIGITS = 4
MAX_DIGITS = 12
MAX_ATTEMPTS = 5
LOCKOUT_S = 300.0
DEV_PIN = "2468"
"""Opens the technician menu only in a development window when no PIN hash is set."""
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_MAX_N = 2**20  # refuse hashes that would take seconds and gigabytes to check


class TechnicianPinError(KioskError):
    """A technician PIN or PIN hash is malformed."""


def check_pin_format(pin: str) -> str:
    """Return ``pin`` when it is 4 to 12 digits; raise :class:`TechnicianPinError`."""
    if not (pin.isascii() and pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS):
        raise TechnicianPinError(
            f"A technician PIN is {MIN_DIGITS} to {MAX_DIGITS} digits (0-9), nothing else.")
    return pin


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * 1024 * 1024, dklen=32)


def make_pin_hash(pin: str, salt: bytes | None = None) -> str:
    """The configuration value for ``pin``: ``scrypt$n$r$p$salt$hash`` (fresh random salt)."""
    check_pin_format(pin)
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


@dataclass(frozen=True)
class PinHash:
    """A parsed ``pin_hash`` setting."""

    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    @classmethod
    def parse(cls, text: str) -> PinHash:
        """Parse ``scrypt$n$r$p$salt$hash``; raise :class:`TechnicianPinError` when malformed."""
        parts = text.strip().split("$")
        problem = TechnicianPinError(
            "The [technician] pin_hash setting is not a hash made by 'kiosk diag pin-hash'.")
        if len(parts) != 6 or parts[0] != "scrypt":
            raise problem
        try:
            n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
            salt = base64.b64decode(parts[4], validate=True)
            digest = base64.b64decode(parts[5], validate=True)
        except ValueError:
            raise problem from None
        if n < 2 or n > _MAX_N or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16:
            raise problem
        if len(salt) < 8 or len(digest) != 32:
            raise problem
        return cls(n, r, p, salt, digest)

    def matches(self, pin: str) -> bool:
        """True when ``pin`` hashes to this digest (constant-time comparison)."""
        if not (pin.isascii() and pin.isdigit()) or len(pin) > MAX_DIGITS:
            return False
        return hmac.compare_digest(_scrypt(pin, self.salt, self.n, self.r, self.p),
                                   self.digest)


class Verdict(StrEnum):
    """What the PIN pad says after an attempt."""

    OPEN = "open"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not_set"
    INVALID = "invalid"  # the configured hash is malformed


@dataclass(frozen=True)
class Outcome:
    """One attempt's verdict, the wrong attempts left before the lockout, its seconds left."""

    verdict: Verdict
    attempts_left: int = MAX_ATTEMPTS
    locked_s: float = 0.0


class PinGate:
    """Checks PINs against the configured hash and locks out after repeated failures.

    ``pin_hash`` is the configured value ("" when none); ``dev_allowed`` says whether
    :data:`DEV_PIN` may stand in for a missing hash (a development window only).
    """

    def __init__(self, pin_hash: str, dev_allowed: Callable[[], bool] = lambda: False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._dev_allowed = dev_allowed
        self._lock = threading.Lock()
        self._wrong = 0
        self._locked_until = 0.0
        self._hash: PinHash | None = None
        self._invalid = False
        if pin_hash.strip():
            try:
                self._hash = PinHash.parse(pin_hash)
            except TechnicianPinError:
                log.error("technician PIN hash in the configuration is malformed")
                self._invalid = True

    def availability(self) -> Verdict | None:
        """Why no PIN can open the menu now (not set / invalid / locked), else None."""
        if self._invalid:
            return Verdict.INVALID
        if self._hash is None and not self._dev_allowed():
            return Verdict.NOT_SET
        if self.locked_s() > 0:
            return Verdict.LOCKED
        return None

    @property
    def dev_pin_in_use(self) -> bool:
        """True when the development PIN is what opens the menu."""
        return self._hash is None and not self._invalid and self._dev_allowed()

    def locked_s(self) -> float:
        """Seconds left of the lockout (0 when not locked)."""
        return max(0.0, self._locked_until - self._clock())

    def attempts_left(self) -> int:
        """Wrong PINs still allowed before the lockout."""
        return MAX_ATTEMPTS - self._wrong

    def attempt(self, pin: str) -> Outcome:
        """Check ``pin`` (blocking: tens of milliseconds) and count a failure."""
        with self._lock:
            blocked = self.availability()
            if blocked is not None:
                return Outcome(blocked, self.attempts_left(), self.locked_s())
            if self._hash is not None:
                right = self._hash.matches(pin)
            else:
                right = hmac.compare_digest(pin.encode("ascii", "replace"), DEV_PIN.encode())
            if right:
                self._wrong = 0
                log.info("technician PIN accepted")
                return Outcome(Verdict.OPEN)
            self._wrong += 1
            if self._wrong >= MAX_ATTEMPTS:
                self._wrong = 0
                self._locked_until = self._clock() + LOCKOUT_S
                log.warning("technician PIN locked out after %d wrong attempts", MAX_ATTEMPTS)
                return Outcome(Verdict.LOCKED, MAX_ATTEMPTS, LOCKOUT_S)
            log.info("technician PIN refused")
            return Outcome(Verdict.WRONG, self.attempts_left())


def read_new_pin(prompt: Callable[[str], str]) -> str:
    """Ask for a new PIN twice through ``prompt`` (``getpass``); return it when both match."""
    first = check_pin_format(prompt("Mã PIN kỹ thuật viên mới / New technician PIN: "))
    again = prompt("Nhập lại / Again: ")
    if not hmac.compare_digest(first.encode(), again.encode()):
        raise TechnicianPinError("The two PINs differ; nothing was changed.")
    return first


__all__ = ["DEV_PIN", "LOCKOUT_S", "MAX_ATTEMPTS", "Outcome", "PinGate", "PinHash",
           "TechnicianPinError", "Verdict", "check_pin_format", "make_pin_hash",
           "read_new_pin"]
