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

