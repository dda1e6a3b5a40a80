"""The chip's card data sheet as a signed attachment of the visit (docs/attachments.md).

Made in the card read's worker right after the read (rendering takes ~0.2 s), kept by
the wiring until the submission takes it or the visit is wiped.
"""

from __future__ import annotations

import datetime as dt
import logging

from kiosk.core.errors import KioskError
from kiosk.devices.chip.authenticity import AuthStatus
from kiosk.devices.chip.card_session import CardReadResult
from kiosk.devices.documents.card_sheet import SHEET_NAME, sheet_pdf
from kiosk.sync.attachments import Attachment, sign
from kiosk.sync.keys import DeviceIdentity

log = logging.getLogger(__name__)

SHEET_FILE = "card-sheet"


def card_sheet(result: CardReadResult, kiosk: DeviceIdentity,
               now: dt.datetime | None = None) -> Attachment | None:
    """The signed sheet of a read whose passive authentication ran (else None).

    A sheet that cannot be drawn is left out with a warning: the visit goes on and the
    counter asks for the card as it does today.
    """
    if result.authenticity.passive in (AuthStatus.NOT_RUN.value, AuthStatus.FAILED.value):
        return None
    moment = dt.datetime.now(dt.UTC) if now is None else now
    face = None if result.face_unreadable else result.face
    try:
        pdf = sheet_pdf(result.identity, face, result.authenticity.to_json_dict(),
                        kiosk.device_id, moment)
    except (KioskError, OSError, ValueError) as exc:
        log.warning("card data sheet not made", extra={"fields": {
            "error": type(exc).__name__}})
        return None
    return Attachment(SHEET_FILE, SHEET_NAME, "application/pdf", pdf,
                      sign(pdf, kiosk.signing_key))
