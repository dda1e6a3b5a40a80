"""Ask the central service for the files of the card holder on the kiosk (issue 18).

The kiosk sends the ID number the chip (or the card's QR) gave, in the body of a signed
``POST /v1/kiosk/files`` (never in a URL), and gets the holder's newest files: procedure,
step, due date, on time or late, the short file code (``kiosk.central.holder_files``).
Called on a worker thread with a short timeout; offline, a refusal, a rate limit or an
answer of the wrong shape all give None ("cannot be fetched now"), never an exception:
the visit goes on whatever happens here.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from kiosk.core.errors import ConfigError
from kiosk.sync.client import DeviceSignatureAuth, tls_verify
from kiosk.sync.keys import DeviceIdentity

TIMEOUT_S = 3.0
_FIELDS = ("procedure", "step", "due", "standing", "received")


def _valid(file: Any) -> bool:
    if not isinstance(file, dict) or not all(isinstance(file.get(k), str) for k in _FIELDS):
        return False
    names = file.get("procedure_name")
    code = file.get("file_code")
    return isinstance(names, dict) and (code is None or isinstance(code, str))


class HolderFilesLookup:
    """The signed look-up of a card holder's files (call it off the UI thread)."""

    def __init__(self, base_url: str, identity: DeviceIdentity, ca_bundle: str = "",
                 timeout: float = TIMEOUT_S,
                 transport: httpx.BaseTransport | None = None) -> None:
        verify = tls_verify(ca_bundle, ConfigError)
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), verify=verify, timeout=timeout,
            auth=DeviceSignatureAuth(identity), transport=transport,
            headers={"User-Agent": "kiosk-files/1"})

    def __call__(self, id_number: str) -> list[dict[str, Any]] | None:
        """The holder's files (newest first), or None when they cannot be fetched now."""
        try:
            response = self._http.post(
                "/v1/kiosk/files", content=json.dumps({"id_number": id_number}).encode(),
                headers={"Content-Type": "application/json"})
        except httpx.HTTPError:
            return None
        if response.status_code != 200:
            return None
        try:
            files = response.json().get("files")
        except (ValueError, AttributeError):
            return None
        if not isinstance(files, list) or not all(_valid(f) for f in files):
            return None
        return files

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()
