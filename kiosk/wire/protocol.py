"""The sync protocol: record kinds, their fields, the wire envelope and its encoding.

A *record* is one fact the kiosk hands to the central service: a ticket, a
submission, a queue event, a rating or a device-health report. On the wire a record
is a JSON object (the *envelope*)::

    {"id": "<UUIDv7>", "device": "<device id>", "seq": 7, "kind": "ticket",
     "visit": "<visit id or null>", "created_at": "2026-11-23T08:01:02.345678Z",
     "payload": {...}, "prev": "<hex SHA-256 of the previous record>",
     "hash": "<hex SHA-256 of this envelope>", "sig": "<base64 Ed25519 signature>"}

The ``id`` is a time-ordered UUIDv7 (RFC 9562) and doubles as the idempotency key.
``seq`` counts the device's records from 1; ``prev`` chains them (see ``chain.py``).
Personal fields of a payload (listed per kind below) are encrypted at rest in the
outbox and travel in clear only inside TLS.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.wire.bounded_json import loads_bounded
from kiosk.wire.errors import ProtocolError, RecordsRefusedError

GENESIS_HASH = "0" * 64
MAX_BATCH = 500
MAX_RECORD_BYTES = 64 * 1024
MAX_BATCH_BYTES = 1024 * 1024  # the kiosk's cap; the central service accepts twice that
MAX_TICKET_NUMBER = 999_999  # six digits: what a ticket label (A012) and the voice can say


class RecordKind(StrEnum):
    """What a record is about."""

    TICKET = "ticket"
    SUBMISSION = "submission"
    QUEUE_EVENT = "queue_event"
    RATING = "rating"
    DEVICE_HEALTH = "device_health"
    ATTACHMENT = "attachment"


@dataclass(frozen=True)
class KindSpec:
    """The payload fields a kind requires (name → JSON type) and which are personal."""

    required: dict[str, type | tuple[type, ...]]
    personal: frozenset[str] = frozenset()


# Device differences live in data; so do record shapes.
KIND_SPECS: dict[RecordKind, KindSpec] = {
    RecordKind.TICKET: KindSpec({"number": int, "service": str, "center": str, "block": str}),
    RecordKind.SUBMISSION: KindSpec(
        {"procedure": str, "citizen": dict, "form": dict},
        # addresses: the card's text and the street (docs/addresses.md); competent_unit,
        # the ward or province that decides the file, stays in clear for routing and counts
        personal=frozenset({"citizen", "form", "addresses"}),
    ),
    RecordKind.QUEUE_EVENT: KindSpec(
        {"event": str, "number": int, "service": str, "center": str}
    ),
    RecordKind.RATING: KindSpec({"score": int}, personal=frozenset({"comment"})),
    RecordKind.DEVICE_HEALTH: KindSpec({"status": str, "checks": dict}),
    # one part of a file the visit attaches (a captured document's PDF, the chip's card
    # data sheet): docs/attachments.md. The bytes are personal; name, size and digest
    # are not (statistics and completeness checks need no key).
    RecordKind.ATTACHMENT: KindSpec(
        {"file": str, "name": str, "media": str, "part": int, "parts": int, "size": int,
         "sha256": str, "data": str},
        personal=frozenset({"data"}),
    ),
}

QUEUE_EVENTS = frozenset({"issued", "called", "recalled", "served", "skipped", "cancelled"})

_UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_DEVICE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


def canonical_json(value: Any) -> bytes:
    """Encode ``value`` as canonical JSON: sorted keys, no spaces, UTF-8, no NaN."""
    try:
        return json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise ProtocolError(f"value cannot be encoded as canonical JSON: {exc}") from None


class _Uuid7Source:
    """UUIDv7 generator, monotonic within one process (RFC 9562 §6.2 method 1)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = -1
        self._counter = 0

    def next(self, now_ms: int | None = None) -> uuid.UUID:
        with self._lock:
            ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
            if ms <= self._last_ms:
                ms = self._last_ms
                self._counter += 1
                if self._counter > 0xFFF:  # 12-bit counter exhausted: borrow the next ms
                    ms += 1
                    self._counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
            else:
                self._counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
            self._last_ms = ms
            rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
            value = (ms & ((1 << 48) - 1)) << 80
            value |= 0x7 << 76
            value |= self._counter << 64
            value |= 0b10 << 62
            value |= rand_b
            return uuid.UUID(int=value)


_UUID7_SOURCE = _Uuid7Source()


def new_record_id(now_ms: int | None = None) -> str:
    """A fresh UUIDv7 (time-ordered) as a string; it is also the idempotency key."""
    return str(_UUID7_SOURCE.next(now_ms))


def uuid7_time(record_id: str) -> dt.datetime:
    """The creation time embedded in a UUIDv7."""
    if not _UUID7.match(record_id):
        raise ProtocolError("record id is not a UUIDv7")
    ms = uuid.UUID(record_id).int >> 80
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)


def format_time(moment: dt.datetime) -> str:
    """ISO 8601 UTC with microseconds and a ``Z``, the only time format on the wire."""
    if moment.tzinfo is None:
        raise ProtocolError("times on the wire must be timezone-aware")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> dt.datetime:
    """Parse a wire time written by :func:`format_time`."""
    if not isinstance(text, str) or not _TIME.match(text):
        raise ProtocolError("time must look like 2026-01-31T08:00:00.000000Z")
    try:
        return dt.datetime.fromisoformat(text[:-1]).replace(tzinfo=dt.UTC)
    except ValueError:
        raise ProtocolError("time is not a real calendar time") from None


@dataclass(frozen=True)
class Record:
    """One signed record as it travels on the wire (payload in clear)."""

    id: str
    device: str
    seq: int
    kind: RecordKind
    visit: str | None
    created_at: str
    payload: dict[str, Any]
    prev: str
    hash: str = ""
    sig: str = ""

    def unsigned(self) -> dict[str, Any]:
        """The envelope without ``hash`` and ``sig``: what the hash covers."""
        return {
            "id": self.id,
            "device": self.device,
            "seq": self.seq,
            "kind": str(self.kind),
            "visit": self.visit,
            "created_at": self.created_at,
            "payload": self.payload,
            "prev": self.prev,
        }

    def to_wire(self) -> dict[str, Any]:
        """The full envelope as a JSON-ready dict."""
        return {**self.unsigned(), "hash": self.hash, "sig": self.sig}

    def __repr__(self) -> str:  # payloads may hold personal data
        return f"Record(id={self.id}, kind={self.kind}, seq={self.seq})"


def _is_type(value: Any, expected: type | tuple[type, ...]) -> bool:
    if isinstance(value, bool) and expected is not bool:
        return False
    return isinstance(value, expected)


def validate_payload(kind: RecordKind, payload: Any) -> None:
    """Check that ``payload`` has the fields ``kind`` requires, with the right types."""
    if not isinstance(payload, dict):
        raise ProtocolError(f"{kind} payload must be a JSON object")
    spec = KIND_SPECS[kind]
    for name, expected in spec.required.items():
        if name not in payload:
            raise ProtocolError(f"{kind} payload lacks the field {name!r}")
        if not _is_type(payload[name], expected):
            raise ProtocolError(f"{kind} payload field {name!r} has the wrong type")
    if len(canonical_json(payload)) > MAX_RECORD_BYTES:
        raise ProtocolError(f"{kind} payload is larger than {MAX_RECORD_BYTES} bytes")
    if kind is RecordKind.RATING and not 1 <= payload["score"] <= 5:
        raise ProtocolError("rating score must be between 1 and 5")
    if kind in {RecordKind.TICKET, RecordKind.QUEUE_EVENT} and not (
            1 <= payload["number"] <= MAX_TICKET_NUMBER):
        raise ProtocolError(f"{kind} number must be from 1 to {MAX_TICKET_NUMBER}")
    if kind is RecordKind.ATTACHMENT:
        _check_attachment(payload)
    if kind is RecordKind.QUEUE_EVENT and payload["event"] not in QUEUE_EVENTS:
        raise ProtocolError("queue event is not one of " + ", ".join(sorted(QUEUE_EVENTS)))


MAX_ATTACHMENT_PARTS = 256  # 256 parts of 45 KiB: the per-file cap (11.5 MiB) is lower


def _check_attachment(payload: dict[str, Any]) -> None:
    if not 1 <= payload["parts"] <= MAX_ATTACHMENT_PARTS:
        raise ProtocolError(f"attachment parts must be from 1 to {MAX_ATTACHMENT_PARTS}")
    if not 0 <= payload["part"] < payload["parts"]:
        raise ProtocolError("attachment part must be from 0 to parts - 1")
    if payload["size"] < 0 or not _HEX64.match(payload["sha256"]):
        raise ProtocolError("attachment needs a size and a sha256 of 64 hex digits")
    if not _ATTACHMENT_FILE.match(payload["file"]) or not 1 <= len(payload["name"]) <= 200:
        raise ProtocolError("attachment file id or name is malformed")
    signature = payload.get("signature")
    if signature is not None and not (isinstance(signature, str) and len(signature) <= 200):
        raise ProtocolError("attachment signature must be base64 text")


_ATTACHMENT_FILE = re.compile(r"^[a-z0-9_-]{1,64}$")


def _field(data: dict[str, Any], name: str, expected: type | tuple[type, ...]) -> Any:
    if name not in data:
        raise ProtocolError(f"record lacks the field {name!r}")
    value = data[name]
    if not _is_type(value, expected):
        raise ProtocolError(f"record field {name!r} has the wrong type")
    return value


def parse_record(data: Any) -> Record:
    """Validate one wire envelope and return it as a :class:`Record`.

    Raises :class:`ProtocolError` for anything malformed; the signature and the chain
    are checked separately (``chain.verify_record``).
    """
    if not isinstance(data, dict):
        raise ProtocolError("record must be a JSON object")
    extra = set(data) - {"id", "device", "seq", "kind", "visit", "created_at", "payload",
                         "prev", "hash", "sig"}
    if extra:
        raise ProtocolError("record has unknown field(s): " + ", ".join(sorted(map(str, extra))))
    record_id = _field(data, "id", str)
    if not _UUID7.match(record_id):
        raise ProtocolError("record id is not a lower-case UUIDv7")
    device = _field(data, "device", str)
    if not _DEVICE.match(device):
        raise ProtocolError("device id must be 1-64 letters, digits, dots, dashes or underscores")
    seq = _field(data, "seq", int)
    if not 1 <= seq < 2**53:
        raise ProtocolError("record seq must be a positive integer")
    kind_text = _field(data, "kind", str)
    try:
        kind = RecordKind(kind_text)
    except ValueError:
        raise ProtocolError("record kind is not one of the known kinds") from None
    visit = data.get("visit")
    if visit is not None and (not isinstance(visit, str) or not 1 <= len(visit) <= 64):
        raise ProtocolError("record visit must be null or a short string")
    created_at = _field(data, "created_at", str)
    parse_time(created_at)
    payload = _field(data, "payload", dict)
    validate_payload(kind, payload)
    prev = _field(data, "prev", str)
    digest = _field(data, "hash", str)
    if not _HEX64.match(prev) or not _HEX64.match(digest):
        raise ProtocolError("record prev and hash must be 64 lower-case hex digits")
    sig = _field(data, "sig", str)
    if not 1 <= len(sig) <= 128:
        raise ProtocolError("record signature has the wrong length")
    return Record(record_id, device, seq, kind, visit, created_at, payload, prev, digest, sig)


def parse_batch(body: bytes) -> list[Record]:
    """Parse a batch request body ``{"records": [...]}`` into records, in order.

    A malformed record raises :class:`RecordsRefusedError` naming every malformed one.
    """
    data = loads_bounded(body, "batch body")
    if not isinstance(data, dict) or set(data) != {"records"}:
        raise ProtocolError('batch body must be an object with exactly one field "records"')
    items = data["records"]
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_BATCH:
        raise ProtocolError(f"records must be a list of 1 to {MAX_BATCH} records")
    records: list[Record] = []
    rejected: list[dict[str, str]] = []
    for index, item in enumerate(items):
        try:
            records.append(parse_record(item))
        except ProtocolError as exc:
            named = item.get("id") if isinstance(item, dict) else None
            rejected.append({"id": named if isinstance(named, str) and len(named) <= 64
                             else f"#{index}", "reason": str(exc)})
    if rejected:
        raise RecordsRefusedError(f"{len(rejected)} record(s) are malformed; nothing was "
                                  "stored", rejected)
    return records
