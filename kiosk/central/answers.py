"""How the central service answers a refusal or a fault: one JSON shape for every route.

Handlers raise the service's typed errors; :func:`guarded` turns each into a clear 4xx
or a 503 with ``Retry-After`` (see ``kiosk.central.app`` for the routes).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kiosk.central.service import RefusedError
from kiosk.central.vault import VaultError
from kiosk.wire.errors import ProtocolError, RecordsRefusedError, SignatureError

log = logging.getLogger("kiosk.central.app")

Handler = Callable[[Request], Awaitable[Response]]


def error_response(status: int, message: str, retry_after: int | None = None, **extra: Any
                   ) -> JSONResponse:
    """A JSON error answer: ``{"error": message}``, with Retry-After on a 503."""
    if status == 503 and retry_after is None:
        retry_after = 2
    headers = None if retry_after is None else {"Retry-After": str(retry_after)}
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


def guarded(handler: Handler) -> Handler:
    """Map the service's typed errors to clear 4xx/503 answers."""

    async def wrapped(request: Request) -> Response:
        try:
            return await handler(request)
        except RefusedError as exc:
            extra = {"rejected": exc.rejected} if exc.rejected else {}
            return error_response(exc.status, exc.message, exc.retry_after, **extra)
        except SignatureError as exc:
            return error_response(401, str(exc))
        except RecordsRefusedError as exc:
            return error_response(422, str(exc), rejected=exc.rejected)
        except ProtocolError as exc:
            return error_response(400, str(exc))
        except (sqlite3.Error, psycopg.Error) as exc:
            log.error("database unavailable: %s", type(exc).__name__)
            return error_response(503, "the central database is unavailable; retry later")
        except VaultError as exc:
            log.error("sealed data cannot be opened: %s", exc)
            return error_response(503, "the central service cannot open its stored data; its key "
                               "file needs attention")

    return wrapped
