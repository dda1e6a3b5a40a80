"""Device roles and the staff member's center (see ``kiosk.central.roles``).

The ``role`` columns of ``devices`` and ``enroll_codes`` and ``staff.center`` are added
when missing (a database made before roles existed) and filled by what each device did;
on a database that has them already this changes nothing.
"""

from typing import Any

from yoyo import step

from kiosk.central.migrate import tx_of
from kiosk.central.roles import migrate

__depends__ = {"v0001_baseline"}


def apply(conn: Any) -> None:
    """Add and fill the role columns."""
    migrate(tx_of(conn))


steps = [step(apply)]
