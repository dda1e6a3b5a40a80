"""The short file code a citizen can read out at the counter ("K7QM-3FXA").

A submission's record id is a UUID nobody can say aloud. The file code is derived from
the visit (``visit-<uuid>``, unique across kiosks and restarts): 40 bits of its SHA-256
written in 8 characters of an alphabet without the look-alikes 0/O and 1/I, grouped
4-4. The same code is shown on the ticket screen, printed on the ticket, and sent in
the submission record's payload (``file_code``), so the counter and the central service
show it next to the submission they find.
"""

from __future__ import annotations

import hashlib

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0, O, 1, I
LENGTH = 8


def file_code(seed: str) -> str:
    """The file code of the visit (or record) ``seed``, e.g. ``K7QM-3FXA``."""
    value = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:5], "big")
    chars = [ALPHABET[(value >> (5 * (LENGTH - 1 - i))) & 31] for i in range(LENGTH)]
    return "".join(chars[:4]) + "-" + "".join(chars[4:])



TRACKING_BYTES = 16  # 128 bits: not guessable, whatever the rate of guesses
TRACKING_LENGTH = 26  # base32 characters of 128 bits, without padding
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def tracking_code() -> str:
    """A new public tracking code of a file: 128 random bits in base32 (26 characters).

    It is printed on the receipt (grouped for reading) and in its QR (the public status
    page's address); unlike :func:`file_code` it cannot be guessed or derived.
    """
    import base64
    import secrets

    return base64.b32encode(secrets.token_bytes(TRACKING_BYTES)).decode("ascii").rstrip("=")


def parse_tracking_code(text: str) -> str | None:
    """The tracking code in ``text`` (spaces and dashes ignored, any case), or None."""
    if len(text) > 64:
        return None
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != TRACKING_LENGTH or any(c not in _BASE32 for c in code):
        return None
    if _BASE32.index(code[-1]) % 4:  # 128 bits end on 3 bits of the last symbol, then 0s
        return None
    return code


def grouped(code: str) -> str:
    """``code`` in groups of five for reading aloud or typing (``ABCDE-FGHIJ-…``)."""
    return "-".join(code[i:i + 5] for i in range(0, len(code), 5))
