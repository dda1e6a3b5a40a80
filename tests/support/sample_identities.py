"""A kiosk's device identity and a visit's submission, made up for outbox tests.

The citizen is synthetic (no real person's data): the same name and number every time,
so a test can look for them where they must not be (a database file, a log).
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.sync.keys import DeviceIdentity

NAME = "Nguyễn Thị Thu Hà"  # synthetic sample citizen
ID_NUMBER = "079304001234"


def identity() -> DeviceIdentity:
    """A fresh identity for kiosk ``k-test`` of center ``HCM-01`` (new keys each call)."""
    return DeviceIdentity("k-test", "HCM-01", "https://central", Ed25519PrivateKey.generate(),
                          os.urandom(32))


def submission(visit: str = "v1") -> dict[str, object]:
    """A submission's payload: a procedure, the sample citizen and one form field."""
    return {"procedure": "1.001234", "citizen": {"full_name": NAME, "id_number": ID_NUMBER,
                                                  "address": "12 Lê Lợi, Quận 1"},
            "form": {"reason": f"cấp lại cho {NAME}"}}
