"""Helpers for the counter-side tests: kiosks that submit, signed requests, raw stores."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
import psycopg

from kiosk.simulated.samples import SampleCitizen, load_sample
from kiosk.sync.client import CentralClient
from kiosk.sync.keys import DeviceIdentity
from kiosk.sync.outbox import Outbox
from kiosk.wire.httpsig import sign_request
from kiosk.wire.protocol import RecordKind
from tests.support.central_servers import CentralProcess, add_staff, enrolled_kiosk

CITIZEN = load_sample("nguyen-huu-phuoc-loc")  # synthetic sample citizens only
OTHER = load_sample("dang-thi-ngoc-huong")


def personal_strings(citizen: SampleCitizen) -> list[bytes]:
    """Byte strings that must never appear in the central store."""
    return [citizen.full_name.encode(), citizen.id_number.encode(),
            citizen.place_of_residence.encode(), citizen.full_name.encode("utf-16-le")]


class Kiosk:
    """An enrolled device with its own outbox."""

    def __init__(self, server: CentralProcess, folder: Path, center: str = "HCM-01",
                 role: str = "kiosk") -> None:
        self.server = server
        self.ident: DeviceIdentity = enrolled_kiosk(server, folder, center, role)
        self.outbox = Outbox(folder / "outbox.db", self.ident)
        self.visits = 0

    def submit(self, citizen: SampleCitizen, *, procedure: str = "1.000123",
               ticket_service: str | None = "A", extra: dict[str, Any] | None = None,
               now: dt.datetime | None = None) -> str:
        """Record a submission (and its ticket, as the kiosk does); return its id."""
        self.visits += 1
        visit = f"visit-{self.visits}"
        form = {"id_number": citizen.id_number, "full_name": citizen.full_name,
                "place_of_residence": citizen.place_of_residence}
        record_id = self.outbox.enqueue(RecordKind.SUBMISSION, {
            "procedure": procedure, "form": form, "sources": {"full_name": "chip"},
            "language": "vi", **(extra or {}),
            "citizen": {"id_number": citizen.id_number, "full_name": citizen.full_name,
                        "identified_by": "chip"}}, visit, now=now)
        if ticket_service:
            self.outbox.enqueue(RecordKind.TICKET, {
                "number": self.visits, "service": ticket_service,
                "center": "HCM-01", "block": "b"}, visit, now=now)
        return record_id

    def push(self) -> None:
        """Deliver every record of the outbox."""
        with CentralClient(self.server.url, self.ident) as client:
            client.push([self.outbox.wire(r) for r in self.outbox.all_records()])

    def get(self, path: str) -> httpx.Response:
        """A signed GET of this device."""
        headers = sign_request(self.ident.signing_key, self.ident.device_id, method="GET",
                               path=path, query="", body=b"")
        return httpx.get(self.server.url + path, headers=headers, timeout=10)

    def post(self, path: str, body: Any) -> httpx.Response:
        """A signed JSON request of this device."""
        raw = json.dumps(body).encode()
        headers = sign_request(self.ident.signing_key, self.ident.device_id, method="POST",
                               path=path, query="", body=raw)
        return httpx.post(self.server.url + path, content=raw, timeout=10,
                          headers={**headers, "Content-Type": "application/json"})

    def close(self) -> None:
        """Close the outbox."""
        self.outbox.close()


def raw_store(server: CentralProcess) -> bytes:
    """Everything the central database holds, as bytes.

    SQLite: the database file and its WAL, byte for byte. PostgreSQL: every row of every
    table of the service, as text.
    """
    if server.database_url.startswith("sqlite:///"):
        path = Path(server.database_url[len("sqlite:///"):])
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*")
                        if not p.name.endswith(".key"))
    parts: list[bytes] = []
    with psycopg.connect(server.database_url, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        for table in tables:
            for (row,) in conn.execute(f'SELECT row_to_json(t)::text FROM "{table}" t'):
                parts.append(row.encode())
    return b"\n".join(parts)


def signed_in(server: CentralProcess, counter: Kiosk, user: str = "quay") -> str:
    """A staff member of ``counter``'s center signed in at its device: the session token."""
    add_staff(server, user, counter.ident.center)
    answer = counter.post("/v1/staff/sign-in", {"user": user, "pin": "482913", "counter": "3"})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["session"])
