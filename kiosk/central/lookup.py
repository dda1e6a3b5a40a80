"""Citizen look-up for counters: a citizen's recent submissions, found by ID number.

``POST /v1/counters/lookup`` (a signed request of a counter's device) with
``{"id_number": "<12 digits>"}``. The number is turned into its blind index (HMAC under
the central's index key, see ``vault``), which selects the submissions of the last
``WINDOW_DAYS`` days made at the signed-in staff member's center (which sign-in made
sure is the counter device's own); only those are decrypted.
Newest first, at most ``MAX_RESULTS``.

Each submission is given as the kiosk sent it: ``procedure``, ``citizen``, ``form``,
``sources`` (where each form value came from; ``{}`` when not sent), ``authenticity``
and ``identity_source`` when the payload carries them (today's kiosk puts the identity
source in ``citizen.identified_by`` and sends no authenticity: then ``identity_source``
comes from there and ``authenticity`` is null), the ``file_code`` the citizen was shown
(``kiosk.core.file_code``: as sent, else derived from the visit; null without a visit), and
the ``ticket`` of the same visit:
the payload's own ``ticket`` when present, otherwise the first ticket record the same
device made for the same visit within ``TICKET_LINK_S`` after the submission (the kiosk
records the submission, then issues the ticket), else null.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kiosk.central.attachments import open_file, visit_files
from kiosk.central.queue_day import ticket_label
from kiosk.central.sealed_records import load_envelopes
from kiosk.central.service import RefusedError
from kiosk.central.staff import StaffDirectory
from kiosk.central.storage import Database, Tx
from kiosk.central.vault import Vault
from kiosk.core.file_code import file_code
from kiosk.wire.errors import ProtocolError
from kiosk.wire.protocol import format_time, parse_time

WINDOW_DAYS = 30
MAX_RESULTS = 50
TICKET_LINK_S = 600.0


def parse_lookup(body: Any) -> str:
    """The ID number of a look-up body ``{"id_number", "session"}``; RefusedError 400 if bad."""
    if not isinstance(body, dict) or set(body) - {"session"} != {"id_number"}:
        raise RefusedError(400, 'a look-up needs "id_number" (and the staff "session")')
    number = body["id_number"]
    if not isinstance(number, str) or len(number) > 32:
        raise RefusedError(400, "id_number must be a 12-digit ID number")
    return number


def _ticket(tx: Tx, payload: dict[str, Any], device: str, visit: str | None,
            created_at: str) -> dict[str, Any] | None:
    sent = payload.get("ticket")
    if isinstance(sent, dict) and isinstance(sent.get("service"), str) and isinstance(
            sent.get("number"), int):
        return {"service": sent["service"], "number": sent["number"],
                "label": ticket_label(sent["service"], sent["number"])}
    if not visit:
        return None
    try:
        until = format_time(parse_time(created_at) + dt.timedelta(seconds=TICKET_LINK_S))
    except ProtocolError:
        return None
    row = tx.one("SELECT body FROM records WHERE kind = 'ticket' AND device_id = ? "
                 "AND visit = ? AND created_at >= ? AND created_at < ? "
                 "ORDER BY created_at LIMIT 1", (device, visit, created_at, until))
    if row is None:
        return None
    ticket = json.loads(row[0])["payload"]
    return {"service": str(ticket["service"]), "number": int(ticket["number"]),
            "label": ticket_label(str(ticket["service"]), int(ticket["number"]))}


def _entry(tx: Tx, envelope: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = envelope["payload"]
    citizen = payload.get("citizen") if isinstance(payload.get("citizen"), dict) else {}
    assert isinstance(citizen, dict)
    source = payload.get("identity_source", citizen.get("identified_by"))
    return {
        "record_id": envelope["id"],
        "created_at": envelope["created_at"],
        "procedure": payload.get("procedure", ""),
        "citizen": citizen,
        "form": payload.get("form") if isinstance(payload.get("form"), dict) else {},
        "sources": payload.get("sources") if isinstance(payload.get("sources"), dict) else {},
        # each address field in today's units (card text, street, ward and province with
        # their official codes), and the unit competent for the file
        "addresses": (payload.get("addresses")
                      if isinstance(payload.get("addresses"), dict) else {}),
        "competent_unit": (payload.get("competent_unit")
                           if isinstance(payload.get("competent_unit"), dict) else None),
        "authenticity": payload.get("authenticity"),
        "identity_source": source if isinstance(source, str) else None,
        "ticket": _ticket(tx, payload, str(envelope["device"]), envelope.get("visit"),
                          str(envelope["created_at"])),
        "file_code": _file_code(payload, envelope.get("visit")),
        # the files the visit attached (listing only; POST /v1/counters/attachment opens one)
        "attachments": visit_files(tx, str(envelope["device"]), envelope.get("visit")),
    }


def _file_code(payload: dict[str, Any], visit: Any) -> str | None:
    """The short code the citizen was shown: as sent, else derived from the visit."""
    sent = payload.get("file_code")
    if isinstance(sent, str) and sent:
        return sent
    return file_code(visit) if isinstance(visit, str) and visit else None


class CitizenLookup:
    """Finds a citizen's submissions through the blind index."""

    def __init__(self, db: Database, vault: Vault, staff: StaffDirectory) -> None:
        self.db = db
        self.vault = vault
        self.staff = staff

    def lookup(self, device_id: str, body: Any, now: dt.datetime | None = None
               ) -> dict[str, Any]:
        """The requesting device's center's submissions for the ID number, newest first.

        Only a counter with a staff member signed in may look up (``session``), and each
        look-up is written to ``lookup_audit``: who, at which counter, whom (blind), when.
        """
        number = parse_lookup(body)
        moment = dt.datetime.now(dt.UTC) if now is None else now
        user, counter, center = self.staff.session_of(device_id, body.get("session"),
                                                      moment.timestamp())
        try:
            blind = self.vault.blind_index(number)
        except ValueError:
            raise RefusedError(400, "id_number must be a 12-digit ID number") from None
        since = format_time(moment - dt.timedelta(days=WINDOW_DAYS))
        with self.db.reader() as tx:
            ids = [str(r[0]) for r in tx.all(
                "SELECT record_id FROM citizen_index WHERE id_hmac = ? AND center = ? "
                "AND created_at >= ? ORDER BY created_at DESC, record_id DESC LIMIT ?",
                (blind, center, since, MAX_RESULTS))]
            envelopes = load_envelopes(tx, self.vault, ids)
            found = [_entry(tx, envelopes[i]) for i in ids if i in envelopes]
        with self.db.transaction() as tx:
            tx.execute("INSERT INTO lookup_audit (looked_at, device_id, username, counter, "
                       "id_hmac, found) VALUES (?, ?, ?, ?, ?, ?)",
                       (moment.timestamp(), device_id, user, counter, blind, len(found)))
        return {"submissions": found}

    def attachment(self, device_id: str, body: Any, now: dt.datetime | None = None
                   ) -> dict[str, Any]:
        """One file attached to a submission of the signed-in staff member's center.

        ``body``: ``{"session", "submission": record id, "file": file id}``.
        """
        if (not isinstance(body, dict) or set(body) != {"session", "submission", "file"}
                or not all(isinstance(body[k], str) and len(body[k]) <= 100
                           for k in ("submission", "file"))):
            raise RefusedError(400, 'opening a file needs "session", "submission" and "file"')
        moment = dt.datetime.now(dt.UTC) if now is None else now
        _user, _counter, center = self.staff.session_of(device_id, body.get("session"),
                                                        moment.timestamp())
        with self.db.reader() as tx:
            row = tx.one("SELECT device_id, visit FROM records WHERE id = ? "
                         "AND kind = 'submission' AND center = ?", (body["submission"], center))
            if row is None or not row[1]:
                raise RefusedError(404, "no such submission at this center")
            return open_file(tx, self.vault, str(row[0]), str(row[1]), body["file"])
