"""A card holder's files, for the lobby kiosk (issue 18: "the kiosk can also show a
file's status when a citizen taps their card again").

``POST /v1/kiosk/files`` ``{"id_number"}``, signed by a kiosk device, answers
``{"files": [...]}``: the holder's newest files (at most :data:`MAX_FILES`), each with
the procedure (code and names), the current step, the due date, whether it is on time
(``standing``, as on the public page), the day received and the short file code the
citizen was shown. Nothing personal: no name, no address, no staff, no tracking code
(the receipt's code stays the citizen's key to the public page).

The ID number is never stored: the file carries the blind index of its submission's ID
number (``file_holders.holder``, HMAC-SHA256 under the central's index key, written when
the counter accepts the file); the number in the request is turned into the same HMAC
and dropped. The body is POSTed (never in a URL or an access log) inside the device's
RFC 9421 signature.

Against someone holding one enrolled kiosk's key: the look-up is rate-limited per device
(:data:`PER_MINUTE` a minute in bursts of :data:`BURST`, a person's pace at one kiosk;
429 with ``Retry-After``), so guessing ID numbers learns, for the few it hits, only the
procedure, step and dates of their files (docs/connector.md, "The kiosk shows a card
holder's files").
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kiosk.central import file_rules as rules
from kiosk.central.answers import guarded
from kiosk.central.rate_limit import RateLimiter
from kiosk.central.service import RefusedError
from kiosk.central.storage import Database
from kiosk.central.vault import Vault
from kiosk.core.procedures import Catalog, CatalogError, load_catalog
from kiosk.core.vn_time import today_vn
from kiosk.wire.bounded_json import loads_bounded

if TYPE_CHECKING:
    from kiosk.central.app import CentralApp

log = logging.getLogger(__name__)

MAX_FILES = 5
PER_MINUTE = 4  # one look-up per visit; a busy kiosk sees a visit a minute at most
BURST = 4
_PRIVATE = {"Cache-Control": "no-store"}


def holder_files(db: Database, vault: Vault, catalog: Catalog, id_number: str,
                 today: dt.date | None = None) -> list[dict[str, Any]]:
    """The newest files of the holder of ``id_number`` (ValueError when malformed)."""
    holder = vault.blind_index(id_number)
    with db.reader() as tx:
        found = tx.all("SELECT h.file_id, h.file_code, f.procedure_code, f.created_at "
                       "FROM file_holders h JOIN files f ON f.file_id = h.file_id "
                       "WHERE h.holder = ? ORDER BY h.created_at DESC LIMIT ?",
                       (holder, MAX_FILES))
        lasts = {str(row[0]): tx.one(
            "SELECT step, due, paused_on, decided_on FROM file_events WHERE file_id = ? "
            "ORDER BY n DESC LIMIT 1", (row[0],)) for row in found}
    day = today or today_vn()
    files = []
    for file_id, code, procedure, created in found:
        step, due, paused_on, decided_on = lasts[str(file_id)] or ("", "", None, None)
        state = rules.FileState(str(step), dt.date.fromisoformat(str(due)),
                                paused_on and dt.date.fromisoformat(paused_on),
                                decided_on and dt.date.fromisoformat(decided_on))
        try:
            known = catalog.get(str(procedure))
            names = {"vi": known.name_vi, "en": known.name_en}
        except CatalogError:
            names = {"vi": str(procedure), "en": str(procedure)}
        received = today_vn(dt.datetime.fromtimestamp(float(created), dt.UTC))
        files.append({"file_code": code, "procedure": str(procedure), "procedure_name": names,
                      "step": str(step), "due": str(due),
                      "standing": rules.standing(state, day),
                      "received": received.isoformat()})
    return files


class HolderFilesApi:
    """The kiosk's look-up of a card holder's files, rate-limited per device."""

    def __init__(self, central: CentralApp, per_minute: int = PER_MINUTE,
                 burst: int = BURST) -> None:
        self.central = central
        self.catalog = load_catalog()
        self.limiter = RateLimiter(per_minute, burst)

    async def files(self, request: Request) -> Response:
        """Signed by a kiosk: the files of the card holder named in the body."""
        signer, raw = await self.central._signed(request, "holder_files")
        wait = self.limiter.take(signer.keyid)
        if wait:
            log.warning("holder look-ups over the pace", extra={"fields": {
                "device": signer.keyid}})
            raise RefusedError(429, "too many look-ups from this kiosk; wait a little",
                               retry_after=max(1, round(wait)))
        data = loads_bounded(raw)
        number = data.get("id_number") if isinstance(data, dict) else None
        if not isinstance(data, dict) or set(data) != {"id_number"} or not isinstance(
                number, str) or len(number) > 32:
            raise RefusedError(400, "the body needs id_number (the 12 digits of the card)")
        service = self.central.service
        try:
            found = await run_in_threadpool(holder_files, service.db, service.vault,
                                            self.catalog, number)
        except ValueError:
            raise RefusedError(400, "id_number must be the 12 digits of the card") from None
        # the device and the count, never the number: a guessing kiosk shows in the log
        log.info("holder files looked up", extra={"fields": {
            "device": signer.keyid, "found": len(found)}})
        return JSONResponse({"files": found}, headers=_PRIVATE)


def holder_routes(central: CentralApp) -> list[Route]:
    """The kiosk's holder look-up route."""
    return [Route("/v1/kiosk/files", guarded(HolderFilesApi(central).files), methods=["POST"])]
