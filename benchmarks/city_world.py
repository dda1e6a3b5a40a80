"""The city of benchmarks/city.py: centers, their devices, and one busy morning of records.

Devices are enrolled through ``CentralService`` (one-time code, real Ed25519 keys), in
process, to save 2,000 HTTP round trips of setup. Counter staff sessions are written
straight into ``staff``/``staff_sessions`` (a PIN sign-in is scrypt, 16 MiB and ~50 ms
each: 1,020 of them would be the setup's whole cost and measure nothing of the city).
Every record is a real signed record (chain, hash, signature) sent over HTTP.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import time
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.central.vault import Vault
from kiosk.core.vn_time import VIETNAM
from kiosk.sync.keys import DeviceIdentity
from kiosk.wire.chain import seal_record
from kiosk.wire.keys import public_key_text
from kiosk.wire.protocol import GENESIS_HASH, Record, RecordKind, format_time, new_record_id

SERVICES = ("HT", "CT", "DD", "TP", "LD", "KD")
SERVICE_WEIGHTS = (30, 25, 15, 12, 10, 8)
MORNING_MIN = 240  # 07:30 to 11:30
SLOT_MIN = 15  # a kiosk pushes what it made in the last quarter hour in one batch
CALLED_SHARE = 0.8  # the morning's last fifth still waits at 11:30
SUBMISSION = {"procedure": "1.001234",
              "citizen": {"full_name": "Nguyễn Văn Mẫu", "id_number": "079300000000",
                          "address": "1 Đường Mẫu, Phường Mẫu"},  # synthetic
              "form": {"reason": "cấp lại"}}


@dataclass
class Device:
    """An enrolled device and its record chain."""

    ident: DeviceIdentity
    seq: int = 0
    prev: str = GENESIS_HASH

    def seal(self, kind: RecordKind, payload: dict[str, Any], at: dt.datetime,
             visit: str | None) -> dict[str, Any]:
        """The device's next signed record as it goes on the wire."""
        self.seq += 1
        record = seal_record(Record(new_record_id(), self.ident.device_id, self.seq, kind,
                                    visit, format_time(at), payload, self.prev),
                             self.ident.signing_key)
        self.prev = record.hash
        return record.to_wire()


@dataclass
class Center:
    """One center: its kiosks and counters, how busy it is, and its leased numbers."""

    code: str
    tickets: int
    kiosks: list[Device] = field(default_factory=list)
    counters: list[Device] = field(default_factory=list)
    blocks: dict[tuple[int, str], tuple[str, int]] = field(default_factory=dict)


def weights(centers: int) -> list[int]:
    """A few large centers, some medium, many small (about 1 : 5 : 20 in tickets)."""
    return [20 if n < 4 else 5 if n < 24 else 1 for n in range(centers)]


def _enroll(service: CentralService, center: str, role: str, url: str) -> Device:
    key = Ed25519PrivateKey.generate()
    code = service.issue_code(center, role=role)
    device_id = service.enroll({"code": code,
                                "public_key": public_key_text(key.public_key())})["device_id"]
    return Device(DeviceIdentity(device_id, center, url, key, os.urandom(32), role))


def plan_city(centers: int, tickets: int) -> list[Center]:
    """The centers and their share of the morning's tickets (no device yet)."""
    weight = weights(centers)
    return [Center(f"P-{n + 1:03d}", max(6, round(tickets * w / sum(weight))))
            for n, w in enumerate(weight)]


def build_city(db: Database, vault: Vault, url: str, city: list[Center], kiosks: int,
               counters: int) -> list[Center]:
    """Enroll every device of ``city`` and open a staff session at every counter."""
    service = CentralService(db, vault)
    now = time.time()
    for center in city:
        center.kiosks = [_enroll(service, center.code, "kiosk", url) for _ in range(kiosks)]
        center.counters = [_enroll(service, center.code, "counter", url)
                           for _ in range(counters)]
        with db.transaction() as tx:
            user = f"nv-{center.code.lower()}"
            tx.execute("INSERT INTO staff (username, name_sealed, services, pin_hash, "
                       "created_at, center) VALUES (?, 'x', ?, 'x', ?, ?)",
                       (user, '["' + '","'.join(SERVICES) + '"]', now, center.code))
            for n, counter in enumerate(center.counters):
                token = hashlib.sha256(os.urandom(16)).hexdigest()
                tx.execute("INSERT INTO staff_sessions (token_hash, username, device_id, "
                           "counter, expires_at) VALUES (?, ?, ?, ?, ?)",
                           (token, user, counter.ident.device_id, str(n + 1), now + 86400))
    return city


@dataclass
class Ticket:
    """One citizen's ticket of the morning."""

    minute: float
    kiosk: int
    service: str
    visit: str
    number: int = 0


def plan_tickets(center: Center) -> list[Ticket]:
    """The center's tickets over the morning (a peak around 09:00), in time order; the
    same for a center of the same code in any run."""
    rng = random.Random(center.code)
    tickets = sorted((Ticket(rng.triangular(0, MORNING_MIN, 90), n % len(center.kiosks),
                             rng.choices(SERVICES, SERVICE_WEIGHTS)[0], new_record_id())
                      for n in range(center.tickets)), key=lambda t: t.minute)
    return tickets


def needs(tickets: list[Ticket]) -> dict[tuple[int, str], int]:
    """How many numbers each (kiosk, service) will issue."""
    count: dict[tuple[int, str], int] = {}
    for ticket in tickets:
        count[(ticket.kiosk, ticket.service)] = count.get((ticket.kiosk, ticket.service), 0) + 1
    return count


def morning_batches(center: Center, tickets: list[Ticket], start: dt.datetime
                    ) -> dict[int, list[tuple[Device, list[dict[str, Any]]]]]:
    """Slot → (device, its signed records of that slot), for the whole morning."""
    rng = random.Random(center.code + "calls")
    made: list[tuple[Device, float, RecordKind, dict[str, Any], str | None]] = []
    used: dict[tuple[int, str], int] = {}
    for n, ticket in enumerate(tickets):
        block, first = center.blocks[(ticket.kiosk, ticket.service)]
        ticket.number = first + used.get((ticket.kiosk, ticket.service), 0)
        used[(ticket.kiosk, ticket.service)] = ticket.number - first + 1
        kiosk = center.kiosks[ticket.kiosk]
        made.append((kiosk, ticket.minute, RecordKind.TICKET,
                     {"number": ticket.number, "service": ticket.service,
                      "center": center.code, "block": block}, ticket.visit))
        if n % 2 == 0:
            made.append((kiosk, ticket.minute + 2, RecordKind.SUBMISSION, SUBMISSION,
                         ticket.visit))
        if n < len(tickets) * CALLED_SHARE:
            desk = n % len(center.counters)
            event = {"service": ticket.service, "number": ticket.number, "center": center.code}
            called = ticket.minute + rng.uniform(3, 25)
            made.append((center.counters[desk], called, RecordKind.QUEUE_EVENT,
                          {**event, "event": "called", "counter": str(desk + 1)}, None))
            made.append((center.counters[desk], called + rng.uniform(4, 12),
                         RecordKind.QUEUE_EVENT, {**event, "event": "served"}, None))
    made.sort(key=lambda m: (id(m[0]), m[1]))
    slots: dict[int, dict[int, tuple[Device, list[dict[str, Any]]]]] = {}
    for device, minute, kind, payload, visit in made:
        slot = min(int(minute // SLOT_MIN), MORNING_MIN // SLOT_MIN)
        entry = slots.setdefault(slot, {}).setdefault(id(device), (device, []))
        entry[1].append(device.seal(kind, payload, start + dt.timedelta(minutes=minute), visit))
    return {slot: list(batches.values()) for slot, batches in slots.items()}


def morning_start() -> dt.datetime:
    """07:30 today in Vietnam, or earlier so the morning is over now (the records' day is
    today's, as the boards show; a record is never from the future)."""
    now = dt.datetime.now(VIETNAM)
    return min(now.replace(hour=7, minute=30, second=0, microsecond=0),
               now - dt.timedelta(minutes=MORNING_MIN + 10))
