"""Many centers: each record carries its center and service day, and per-center reads
use indexes that lead with the center.

``records.center`` is the sending device's center (fixed at enrolment) and
``records.day`` the Vietnam calendar day of ``created_at`` (UTC+7 all year, as
``kiosk.core.vn_time.service_day``); both are filled for the records already stored.
The other per-center tables (tickets, leases, ticket flags, counter claims, the blind
index) had a center column already; they get the indexes their per-center queries need.
"""

import sqlite3
from typing import Any

from yoyo import step

__depends__ = {"v0002_roles"}

_FILL_SQLITE = (
    "UPDATE records SET center = (SELECT d.center FROM devices d "
    "WHERE d.device_id = records.device_id), "
    "day = date(substr(created_at, 1, 19), '+7 hours') WHERE center IS NULL")
_FILL_POSTGRES = (
    "UPDATE records r SET center = d.center, "
    "day = CASE WHEN r.created_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}' "
    "THEN to_char(substr(r.created_at, 1, 19)::timestamp + interval '7 hours', 'YYYY-MM-DD') "
    "END FROM devices d WHERE d.device_id = r.device_id AND r.center IS NULL")


def fill(conn: Any) -> None:
    """Give every stored record its center and service day."""
    conn.execute(_FILL_SQLITE if isinstance(conn, sqlite3.Connection) else _FILL_POSTGRES)


steps = [
    step("ALTER TABLE records ADD COLUMN center TEXT"),
    step("ALTER TABLE records ADD COLUMN day TEXT"),
    step(fill),
    # the day's records of one center, of one kind, in time order: board, call-next,
    # statistics and queue state read nothing else
    step("CREATE INDEX records_center_day ON records (center, day, kind, created_at)"),
    step("CREATE INDEX devices_center ON devices (center)"),
    step("CREATE INDEX leases_center_day ON leases (center, day)"),
    step("CREATE INDEX ticket_flags_center_day ON ticket_flags (center, day)"),
    step("CREATE INDEX staff_sessions_device ON staff_sessions (device_id)"),
    step("CREATE INDEX nonces_seen ON nonces (seen_at)"),  # the purge of old nonces
    step("CREATE INDEX enroll_attempts_tried ON enroll_attempts (tried_at)"),
]
