"""Device roles: what each kind of enrolled device may ask of the central service.

A device's role is fixed when it enrols: the one-time code carries it
(``enroll_codes.role``, ``kiosk central issue-code --role``), the device row keeps it
(``devices.role``) and the enrolment answer returns it to the device. The rules are data:
:data:`ROUTES` names the signed actions a role may call, :data:`KINDS` the record kinds
it may send. Every signed route checks :func:`require_action`; intake checks
:func:`refused_records`, which also refuses a ``queue_event`` whose payload ``center`` is
not the sending device's own center.

- ``kiosk`` (lobby kiosk): tickets, submissions, ratings, health reports, ticket leases,
  and the files of the card holder on its reader (``kiosk.central.holder_files``);
- ``counter``: queue events and health reports, staff sign-in and sign-out, citizen
  look-up, call next, reading the devices of its own center, and accepting files and
  recording their events (``files``, see ``kiosk.central.files_api``);
- ``display``: health reports only (its board and stream are public pages);
- ``technician``: health reports and reading the devices of its own center.

Migration of an existing database (:func:`migrate`, the step of migration
``v0002_roles``, see ``kiosk.central.migrate``; idempotent): the ``role`` columns of
``devices`` and ``enroll_codes`` and the ``center`` column of ``staff`` are added when
missing. Roles are inferred from what each
device did: a device that sent a ``queue_event`` record, or had a staff session or a
citizen look-up, becomes ``counter``; every other device ``kiosk``. An unused enrolment
code issued before roles existed enrols a ``kiosk``. A staff account takes the center of
the devices it signed in or looked up at (the most used one); an account that never did
takes the only center when the database knows exactly one, else it stays without a
center and cannot sign in until it is made again with ``staff add --center``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from kiosk.wire.protocol import Record, RecordKind

if TYPE_CHECKING:
    from kiosk.central.storage import Tx

KIOSK, COUNTER, DISPLAY, TECHNICIAN = "kiosk", "counter", "display", "technician"
ROLES = (KIOSK, COUNTER, DISPLAY, TECHNICIAN)

# signed actions (named as in kiosk.central.app's handlers) each role may call
ROUTES: dict[str, frozenset[str]] = {
    KIOSK: frozenset({"records", "lease", "own_device", "holder_files"}),
    COUNTER: frozenset({"records", "sign_in", "sign_out", "lookup", "call_next",
                        "own_device", "center_devices", "files"}),
    DISPLAY: frozenset({"records", "own_device"}),
    TECHNICIAN: frozenset({"records", "own_device", "center_devices"}),
}

# record kinds each role may send
KINDS: dict[str, frozenset[RecordKind]] = {
    KIOSK: frozenset({RecordKind.TICKET, RecordKind.SUBMISSION, RecordKind.RATING,
                      RecordKind.DEVICE_HEALTH, RecordKind.ATTACHMENT}),
    COUNTER: frozenset({RecordKind.QUEUE_EVENT, RecordKind.DEVICE_HEALTH}),
    DISPLAY: frozenset({RecordKind.DEVICE_HEALTH}),
    TECHNICIAN: frozenset({RecordKind.DEVICE_HEALTH}),
}

_ACTION_WORDS = {
    "records": "send records", "lease": "lease ticket numbers",
    "sign_in": "sign staff in", "sign_out": "sign staff out",
    "lookup": "look citizens up", "call_next": "call the next ticket",
    "own_device": "read its own reports", "center_devices": "read the devices of its center",
    "files": "accept files or record their events",
    "holder_files": "look up a card holder's files",
}


class RoleRefusedError(Exception):
    """The signing device's role may not do what it asked (answered 403)."""


def parse_role(value: Any) -> str:
    """``value`` when it is a known role; ValueError otherwise."""
    if not isinstance(value, str) or value not in ROLES:
        raise ValueError(f"the role must be one of {', '.join(ROLES)}")
    return value


def require_action(role: str, action: str) -> None:
    """RoleRefusedError unless a device of ``role`` may call ``action``."""
    if action not in ROUTES.get(role, frozenset()):
        raise RoleRefusedError(
            f"a {role} device may not {_ACTION_WORDS.get(action, action)}")


def refused_records(role: str, center: str, records: list[Record]) -> list[dict[str, str]]:
    """One ``{"id", "reason"}`` per record a ``role`` device of ``center`` may not send."""
    allowed = KINDS.get(role, frozenset())
    refused = []
    for record in records:
        if record.kind not in allowed:
            refused.append({"id": record.id,
                            "reason": f"a {role} device may not send {record.kind} records"})
        elif (record.kind is RecordKind.QUEUE_EVENT
              and record.payload.get("center") != center):
            refused.append({"id": record.id,
                            "reason": "a queue event must be for the device's own center"})
    return refused


def _columns(tx: Tx, table: str) -> set[str]:
    if tx.postgres:
        rows = tx.all("SELECT column_name FROM information_schema.columns "
                      "WHERE table_schema = current_schema() AND table_name = ?", (table,))
    else:
        rows = tx.all(f"SELECT name FROM pragma_table_info('{table}')")
    return {str(r[0]) for r in rows}


def _add_column(tx: Tx, table: str, column: str) -> bool:
    """Add a TEXT column when missing; True when it was added now."""
    if column in _columns(tx, table):
        return False
    tx.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    return True


_INFER_ROLE = (
    "UPDATE devices SET role = CASE WHEN "
    "EXISTS (SELECT 1 FROM records r WHERE r.device_id = devices.device_id "
    "AND r.kind = 'queue_event') OR "
    "EXISTS (SELECT 1 FROM staff_sessions s WHERE s.device_id = devices.device_id) OR "
    "EXISTS (SELECT 1 FROM lookup_audit a WHERE a.device_id = devices.device_id) "
    "THEN 'counter' ELSE 'kiosk' END WHERE role IS NULL")

_STAFF_CENTERS = (
    "SELECT u.username, d.center, COUNT(*) FROM "
    "(SELECT username, device_id FROM staff_sessions UNION ALL "
    "SELECT username, device_id FROM lookup_audit) u "
    "JOIN devices d ON d.device_id = u.device_id GROUP BY u.username, d.center "
    "ORDER BY u.username, COUNT(*) DESC, d.center")


def migrate(tx: Tx) -> None:
    """Add the role and staff-center columns when missing and fill them (see above)."""
    _add_column(tx, "devices", "role")
    _add_column(tx, "enroll_codes", "role")
    added_center = _add_column(tx, "staff", "center")
    tx.execute(_INFER_ROLE)
    tx.execute("UPDATE enroll_codes SET role = 'kiosk' WHERE role IS NULL")
    if not added_center:
        return
    chosen: dict[str, str] = {}
    for user, center, _count in tx.all(_STAFF_CENTERS):
        chosen.setdefault(str(user), str(center))
    for user, center in chosen.items():
        tx.execute("UPDATE staff SET center = ? WHERE username = ?", (center, user))
    centers = tx.all("SELECT DISTINCT center FROM devices")
    if len(centers) == 1:
        tx.execute("UPDATE staff SET center = ? WHERE center IS NULL", (str(centers[0][0]),))


class DeviceRoles:
    """Each device's (center, role), read once: both are fixed at enrolment."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self._known: dict[str, tuple[str, str]] = {}
        self._lock = threading.Lock()

    def of(self, device_id: str) -> tuple[str, str] | None:
        """The device's (center, role); None for an unknown device."""
        with self._lock:
            if device_id in self._known:
                return self._known[device_id]
        with self.db.reader() as tx:
            row = tx.one("SELECT center, role FROM devices WHERE device_id = ?", (device_id,))
        if row is None:
            return None
        found = (str(row[0]), str(row[1] or KIOSK))
        with self._lock:
            self._known[device_id] = found
        return found
