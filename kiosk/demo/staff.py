"""The demo staff account the embedded central service gets (demo and development only).

``kiosk run --mode counter`` with no central service configured signs staff in against
its embedded central; so that the demo can be used at once, this creates the account
``DEMO_USER`` with PIN ``DEMO_PIN``, handling every queue service of the catalog, if it
does not exist yet. A configured (real) central service never gets it: its accounts are
made with ``kiosk central staff add``.
"""

from __future__ import annotations

import logging

from kiosk.central.sealed_records import bind_database
from kiosk.central.staff import StaffDirectory
from kiosk.central.storage import Database
from kiosk.central.vault import Vault
from kiosk.core.procedures import load_catalog

log = logging.getLogger(__name__)

DEMO_USER = "demo"
DEMO_PIN = "2468"
DEMO_NAME = "Cán bộ thử nghiệm"


def ensure_demo_staff(database_url: str, center: str) -> bool:
    """Create the demo account of ``center`` in the central database at ``database_url``
    if missing.

    Returns True when it was created now (it may sign in at any counter of ``center``).
    """
    services = tuple(sorted({p.queue_service for p in load_catalog().procedures}))
    db = Database(database_url, pool_size=1)
    try:
        vault = Vault.for_database(database_url)
        bind_database(db, vault)
        directory = StaffDirectory(db, vault)
        if any(member.user == DEMO_USER for member in directory.members()):
            return False
        directory.add(DEMO_USER, DEMO_NAME, services, DEMO_PIN, center=center)
    finally:
        db.close()
    log.info("demo staff account created", extra={"fields": {"services": len(services)}})
    return True
