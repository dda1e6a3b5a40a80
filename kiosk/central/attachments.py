"""A visit's attached files at the central service: listed with the look-up, opened by a
counter.

Where they are kept: in the database, as the ``attachment`` records that carried them
(``records`` + ``sealed_fields``): each part's bytes sealed under the data key like
every personal field, signed and chained by the kiosk, purged with its day by the
retention policy, in the same backups. Files are small (a page of a PDF is 30-200 KB,
the cap 4 MiB), so one store, one key and one retention beat a second store of blobs
(docs/attachments.md).

The list (``attachments`` in each look-up entry) needs no key: name, media type, size,
digest and how many parts arrived, read from the records' clear part. Opening a file
(``POST /v1/counters/attachment``, a signed request of a counter with a staff member
signed in, for a submission of that staff member's center) decrypts the parts, joins
them in order and checks the SHA-256; a kiosk-signed file (the card data sheet) comes
with its detached signature and the kiosk's public key, which the counter checks.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from kiosk.central.sealed_records import load_envelopes
from kiosk.central.service import RefusedError
from kiosk.central.storage import Tx
from kiosk.central.vault import Vault

_PARTS = ("SELECT id, body FROM records WHERE kind = 'attachment' AND device_id = ? "
          "AND visit = ? ORDER BY seq")


def visit_files(tx: Tx, device: str, visit: str | None) -> list[dict[str, Any]]:
    """The files a visit attached: file, name, media, size, sha256, parts, complete."""
    if not visit:
        return []
    files: dict[str, dict[str, Any]] = {}
    for _id, body in tx.all(_PARTS, (device, visit)):
        payload = json.loads(body)["payload"]
        entry = files.setdefault(str(payload["file"]), {
            "file": str(payload["file"]), "name": str(payload["name"]),
            "media": str(payload["media"]), "size": int(payload["size"]),
            "sha256": str(payload["sha256"]), "parts": int(payload["parts"]),
            "received": set()})
        entry["received"].add(int(payload["part"]))
    listed = []
    for entry in files.values():
        received = entry.pop("received")
        entry["complete"] = received == set(range(entry["parts"]))
        listed.append(entry)
    return listed


def open_file(tx: Tx, vault: Vault, device: str, visit: str, file: str) -> dict[str, Any]:
    """One attached file, joined and checked: its listing plus ``data`` (base64),
    ``signature`` (base64, "" if unsigned) and the kiosk's ``public_key``.

    Raises :class:`RefusedError` 404 when the visit has no such file, 409 while parts
    are missing or when the joined bytes do not match the digest the kiosk sent.
    """
    ids = [str(i) for i, body in tx.all(_PARTS, (device, visit))
           if json.loads(body)["payload"].get("file") == file]
    if not ids:
        raise RefusedError(404, "no such attached file")
    envelopes = load_envelopes(tx, vault, ids)
    parts = sorted((e["payload"] for e in envelopes.values()), key=lambda p: int(p["part"]))
    first = parts[0]
    if [int(p["part"]) for p in parts] != list(range(int(first["parts"]))):
        raise RefusedError(409, "the file has not fully arrived yet")
    data = b"".join(base64.b64decode(str(p["data"])) for p in parts)
    if hashlib.sha256(data).hexdigest() != first["sha256"] or len(data) != first["size"]:
        raise RefusedError(409, "the file's parts do not add up to what the kiosk sent")
    key = tx.one("SELECT public_key FROM devices WHERE device_id = ?", (device,))
    return {"file": file, "name": first["name"], "media": first["media"],
            "size": len(data), "sha256": first["sha256"],
            "data": base64.b64encode(data).decode("ascii"),
            "signature": str(first.get("signature", "")),
            "device_id": device, "public_key": str(key[0]) if key else ""}
