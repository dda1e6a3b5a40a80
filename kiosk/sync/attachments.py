"""Files a visit attaches, sent as signed records in parts through the outbox.

A captured document's PDF or the chip's card data sheet can be far larger than one
record (``MAX_RECORD_BYTES``), so a file goes as ``attachment`` records of at most
:data:`PART_BYTES` each, in the same transaction as the visit's submission: they are
chained, signed, encrypted at rest (``data`` is personal) and delivered exactly once
like every record, a killed worker resuming at the first part not acknowledged. The
central service puts the parts back together and checks the file's SHA-256
(docs/attachments.md). Once delivered, a part's bytes are wiped from the outbox
(:meth:`kiosk.sync.outbox.Outbox.mark_delivered`).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.core.errors import KioskError
from kiosk.wire.errors import ProtocolError
from kiosk.wire.keys import load_public_key
from kiosk.wire.protocol import RecordKind

if TYPE_CHECKING:
    from kiosk.sync.outbox import Outbox

PART_BYTES = 45 * 1024  # base64 makes it 60 KiB: under MAX_RECORD_BYTES with the envelope
MAX_FILE_BYTES = 4 * 1024 * 1024  # a 10-page colour document at 150 dpi is ~2 MiB
MAX_VISIT_BYTES = 12 * 1024 * 1024


class AttachmentTooLargeError(KioskError):
    """A file, or a visit's files together, exceed the caps (the message says which)."""


@dataclass(frozen=True)
class Attachment:
    """One file of a visit: an id within the visit, its name, media type and bytes."""

    file: str  # "card-sheet", "doc-1"… (lower-case letters, digits, - and _)
    name: str  # what the clerk sees: "Giấy khai sinh", "Dữ liệu thẻ căn cước (chip)"
    media: str  # "application/pdf"
    data: bytes = field(repr=False)
    signature: str = ""  # base64 Ed25519 of ``data`` by this kiosk's key (card sheet)

    @property
    def sha256(self) -> str:
        """The file's SHA-256, hex."""
        return hashlib.sha256(self.data).hexdigest()


def sign(data: bytes, key: Ed25519PrivateKey) -> str:
    """A detached Ed25519 signature of ``data`` (base64), checked by the counter."""
    return base64.b64encode(key.sign(data)).decode("ascii")


def signature_valid(data: bytes, signature: str, public_key: str) -> bool:
    """Whether ``signature`` (base64) is the Ed25519 signature of ``data`` by the kiosk
    whose enrolled key is ``public_key`` (as the central service gives it)."""
    try:
        load_public_key(public_key).verify(base64.b64decode(signature, validate=True), data)
    except (InvalidSignature, ValueError, binascii.Error, ProtocolError):
        return False
    return True


def check_sizes(files: Sequence[Attachment]) -> None:
    """Raise :class:`AttachmentTooLargeError` when a file or the visit's total is too big."""
    for item in files:
        if len(item.data) > MAX_FILE_BYTES:
            raise AttachmentTooLargeError(
                f"Tệp “{item.name}” lớn {len(item.data) / 2**20:.1f} MB, quá mức "
                f"{MAX_FILE_BYTES // 2**20} MB cho một tệp / the file is larger than "
                f"{MAX_FILE_BYTES // 2**20} MB")
    total = sum(len(item.data) for item in files)
    if total > MAX_VISIT_BYTES:
        raise AttachmentTooLargeError(
            f"Các tệp của hồ sơ lớn {total / 2**20:.1f} MB, quá mức "
            f"{MAX_VISIT_BYTES // 2**20} MB / the files together are larger than "
            f"{MAX_VISIT_BYTES // 2**20} MB")


def within_caps(files: Sequence[Attachment],
                keep: str = "card-sheet") -> tuple[list[Attachment], list[Attachment]]:
    """The files that fit the caps, and those left out (a citizen brings those papers to
    the counter instead): each file over :data:`MAX_FILE_BYTES`, then the largest until
    the rest fit :data:`MAX_VISIT_BYTES`. The file ``keep`` (the small signed card data
    sheet) is left out last."""
    kept = [item for item in files if len(item.data) <= MAX_FILE_BYTES]
    left = [item for item in files if len(item.data) > MAX_FILE_BYTES]
    while sum(len(item.data) for item in kept) > MAX_VISIT_BYTES:
        largest = max(kept, key=lambda item: (item.file != keep, len(item.data)))
        kept.remove(largest)
        left.append(largest)
    return kept, left


def part_payloads(item: Attachment) -> list[dict[str, Any]]:
    """The ``attachment`` record payloads of one file, part 0 first (empty file: one part)."""
    chunks = [item.data[i:i + PART_BYTES] for i in range(0, len(item.data), PART_BYTES)]
    chunks = chunks or [b""]
    common: dict[str, Any] = {"file": item.file, "name": item.name, "media": item.media,
                              "parts": len(chunks), "size": len(item.data),
                              "sha256": item.sha256}
    payloads = [{**common, "part": n, "data": base64.b64encode(chunk).decode("ascii")}
                for n, chunk in enumerate(chunks)]
    if item.signature:
        payloads[0]["signature"] = item.signature
    return payloads


def append_files(outbox: Outbox, conn: sqlite3.Connection, visit: str,
                 files: Sequence[Attachment], now: dt.datetime | None = None) -> list[str]:
    """Add every part of ``files`` inside the open outbox transaction; the record ids."""
    check_sizes(files)
    return [outbox.append(conn, RecordKind.ATTACHMENT, payload, visit, now)
            for item in files for payload in part_payloads(item)]
