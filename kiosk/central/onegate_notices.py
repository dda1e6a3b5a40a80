"""Telling the one-gate system that a file it has was withdrawn or refused at the counter.

The contract is ``docs/connector.md`` ("Withdrawn or refused at the counter"). When a
counter appends ``withdrawn`` or ``refused`` (:meth:`kiosk.central.files.FileLedger.append`
calls :func:`queue_notice` in the same transaction), a row goes into ``onegate_notices``,
keyed by the event's id. :func:`send_notices` (a step of the connector's round) sends
each row once its file was forwarded: ``POST /v1/files/{file id}/events`` with
``Idempotency-Key: <event id>``; it marks the row sent only after a 200 or 201, so a lost
answer, a timeout or a restart sends it again, which the key makes harmless. A file never
forwarded (withdrawn before any try) has nothing to tell: its notice is closed with that
note. Retries back off as forwarding does. Nothing personal is sent (no reason text:
staff may have typed a name in it).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx

from kiosk.central import file_rules as rules
from kiosk.central.storage import Database, Tx

log = logging.getLogger(__name__)

NOTIFIED = frozenset({rules.WITHDRAWN, rules.REFUSED})  # counter events the unit must learn
BATCH = 200


def queue_notice(tx: Tx, file_id: str, event_id: str, kind: str, moment: float,
                 source: str) -> None:
    """Queue the notice of a counter's ``withdrawn`` or ``refused`` event (else nothing)."""
    if kind in NOTIFIED and source == "counter":
        tx.execute("INSERT INTO onegate_notices (event_id, file_id, kind, at, queued_at, "
                   "next_at) VALUES (?, ?, ?, ?, ?, ?)",
                   (event_id, file_id, kind, moment, moment, moment))


def _body(event_id: str, file_id: str, kind: str, at: str) -> bytes:
    return json.dumps({"event_id": event_id, "idempotency_key": file_id, "kind": kind,
                       "at": at}).encode("utf-8")


def send_notices(db: Database, http: httpx.Client, moment: float,
                 backoff: Callable[[int], float], stamp: Callable[[float], str]) -> int:
    """Send the notices due at ``moment`` whose file was forwarded; return how many went."""
    with db.reader() as tx:
        rows = tx.all(
            "SELECT n.event_id, n.file_id, n.kind, n.at, n.attempts, o.acked_at, o.remote_id "
            "FROM onegate_notices n JOIN onegate_outbox o ON o.file_id = n.file_id "
            "WHERE n.acked_at IS NULL AND n.next_at <= ? ORDER BY n.queued_at LIMIT ?",
            (moment, BATCH))
    sent = 0
    for event_id, file_id, kind, at, attempts, forwarded_at, remote_id in rows:
        if forwarded_at is None:
            continue  # the file is still on its way: its notice follows it
        if remote_id is None:  # closed without sending: the one-gate system never had it
            _close(db, str(event_id), moment, "the file was never forwarded")
            continue
        error = _post(http, str(event_id), _body(str(event_id), str(file_id), str(kind),
                                                 stamp(float(at))), str(file_id))
        if error is None:
            _close(db, str(event_id), moment, None)
            sent += 1
        else:
            tries = int(attempts) + 1
            with db.transaction() as tx:
                tx.execute("UPDATE onegate_notices SET attempts = ?, next_at = ?, "
                           "last_error = ? WHERE event_id = ? AND acked_at IS NULL",
                           (tries, moment + backoff(tries), error, str(event_id)))
    return sent


def _post(http: httpx.Client, event_id: str, body: bytes, file_id: str) -> str | None:
    """None when the one-gate system has the notice, else why not (to try again)."""
    try:
        answer = http.post(f"/v1/files/{file_id}/events", content=body, headers={
            "Idempotency-Key": event_id, "Content-Type": "application/json"})
    except httpx.HTTPError as exc:
        return f"no answer ({type(exc).__name__})"
    return None if answer.status_code in (200, 201) else f"answered {answer.status_code}"


def _close(db: Database, event_id: str, moment: float, note: str | None) -> None:
    with db.transaction() as tx:
        tx.execute("UPDATE onegate_notices SET acked_at = ?, last_error = ? "
                   "WHERE event_id = ? AND acked_at IS NULL", (moment, note, event_id))


def notices_backlog(tx: Tx, where: str, params: tuple[Any, ...]) -> dict[str, Any]:
    """Notices waiting (of the files matching ``where`` on ``f``) and the last error."""
    waiting = tx.one("SELECT COUNT(*) FROM onegate_notices n JOIN files f ON f.file_id = "
                     f"n.file_id WHERE n.acked_at IS NULL {where}", params)
    return {"notices_waiting": int(waiting[0]) if waiting else 0}
