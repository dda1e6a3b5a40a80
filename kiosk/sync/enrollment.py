"""Device enrollment: trade a one-time code from the central service for an identity.

The kiosk makes its Ed25519 signing key and its AES data key locally (the private
keys never leave the machine), sends the public key with the code, and stores what
the central service answers (device id, center, and the role the code was issued for)
next to the keys.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import httpx

from kiosk.sync.client import CentralClient
from kiosk.sync.errors import EnrollmentError, PermanentSyncError, TransientSyncError
from kiosk.sync.keys import DeviceIdentity, KeyStore
from kiosk.wire.keys import public_key_text

log = logging.getLogger(__name__)


def _undelivered(outbox: Path) -> int:
    """Records not yet delivered in an existing outbox (0 when there is none)."""
    if not outbox.is_file():
        return 0
    try:
        conn = sqlite3.connect(f"file:{outbox}?mode=ro", uri=True, timeout=10)
        try:
            row = conn.execute(
                "SELECT COUNT(*) FROM records WHERE state != 'delivered'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        raise EnrollmentError("the existing outbox cannot be read; ask a technician") from None
    return int(row[0])


def enroll(
    code: str,
    central_url: str,
    data_dir: Path,
    ca_bundle: str = "",
    *,
    force: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> DeviceIdentity:
    """Enroll this kiosk with ``code`` and store its identity under ``data_dir``.

    Refuses to replace an existing identity unless ``force`` is set. Raises
    :class:`EnrollmentError` with the central service's reason on failure.
    """
    store = KeyStore.in_data_dir(data_dir)
    if store.exists() and not force:
        raise EnrollmentError("this kiosk is already enrolled; use --force to enroll again")
    waiting = _undelivered(data_dir / "outbox.db")
    if waiting:
        raise EnrollmentError(
            f"{waiting} record(s) still wait for delivery under the current identity; "
            "run kiosk sync flush first, or they could never be delivered"
        )
    code = code.strip()
    if not code:
        raise EnrollmentError("the enrollment code is empty")
    signing_key, data_key = store.new_keys()
    with CentralClient(central_url, ca_bundle=ca_bundle, transport=transport) as client:
        try:
            answer = client.enroll(code, public_key_text(signing_key.public_key()))
        except PermanentSyncError as exc:
            raise EnrollmentError(f"enrollment refused: {exc}") from None
        except TransientSyncError as exc:
            raise EnrollmentError(f"enrollment failed, try again: {exc}") from None
    identity = DeviceIdentity(
        device_id=str(answer["device_id"]),
        center=str(answer["center"]),
        central_url=central_url,
        signing_key=signing_key,
        data_key=data_key,
        role=str(answer.get("role") or "kiosk"),  # a central older than roles sends none
    )
    store.save(identity)
    log.info("enrolled as device %s", identity.device_id)
    return identity
