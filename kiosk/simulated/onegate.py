"""A reference simulated one-gate system (docs/connector.md), for tests and demos.

It speaks the contract the connector uses (``POST /v1/files`` with ``Idempotency-Key``,
``POST /v1/files/{key}/events`` for withdrawals and refusals, ``GET /v1/changes``) and
keeps its state in SQLite, so it survives its own restarts.
Test controls (not part of the contract): ``POST /_control`` sets how it misbehaves
(``ok``, ``error`` = 503 without storing, ``slow`` = store then answer after ``slow_s``,
``lose_ack`` = store then answer 502, ``twice`` = every change sent twice);
``POST /_unit/events`` records an event of the competent unit; ``GET /_state`` says what
it received (files, notices of withdrawals and refusals, and the POSTs seen per key).
Being down is the process stopped.

Run: ``python -m kiosk.simulated.onegate --port 8480 --db /tmp/onegate.db``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import threading
import time
import uuid
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, remote_id TEXT NOT NULL, "
    "body TEXT NOT NULL, received_at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS posts (key TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "event TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS control (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS notices (key TEXT PRIMARY KEY, file TEXT NOT NULL, "
    "body TEXT NOT NULL, received_at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS notice_posts (key TEXT NOT NULL, at REAL NOT NULL)",
)


class OneGate:
    """The simulated system's state and handlers."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.lock = threading.Lock()
        for sql in _SCHEMA:
            self.conn.execute(sql)

    def _control(self) -> dict[str, Any]:
        rows = self.conn.execute("SELECT name, value FROM control").fetchall()
        return {"mode": "ok", "slow_s": 3.0, **{k: json.loads(v) for k, v in rows}}

    async def set_control(self, request: Request) -> Response:
        """Test control: how the system misbehaves from now on."""
        body = await request.json()
        with self.lock:
            for name, value in body.items():
                self.conn.execute("INSERT OR REPLACE INTO control VALUES (?, ?)",
                                  (name, json.dumps(value)))
        return JSONResponse(self._control())

    def _store(self, key: str, body: bytes) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.conn.execute("INSERT INTO posts VALUES (?, ?)", (key, time.time()))
            row = self.conn.execute("SELECT remote_id, body FROM files WHERE key = ?",
                                    (key,)).fetchone()
            if row is not None:
                if json.loads(row[1]) != json.loads(body):
                    return 409, {"error": "this key was used for another file"}
                return 200, {"remote_id": row[0]}
            remote = "OG-" + uuid.uuid4().hex[:12].upper()
            self.conn.execute("INSERT INTO files VALUES (?, ?, ?, ?)",
                              (key, remote, body.decode("utf-8"), time.time()))
            return 201, {"remote_id": remote}

    async def _posted(self, request: Request
                      ) -> tuple[str, bytes, dict[str, Any], Response | None]:
        """A POST's idempotency key, body and the server's mode, or the refusal: no key
        (400) or a simulated outage (503)."""
        key = request.headers.get("idempotency-key", "")
        body = await request.body()
        control = self._control()
        if not key:
            return key, body, control, JSONResponse(
                {"error": "Idempotency-Key is required"}, status_code=400)
        if control["mode"] == "error":
            return key, body, control, JSONResponse({"error": "simulated outage"},
                                                    status_code=503)
        return key, body, control, None

    async def receive(self, request: Request) -> Response:
        """``POST /v1/files``: store a forwarded file once per idempotency key."""
        key, body, control, refused = await self._posted(request)
        if refused is not None:
            return refused
        try:
            json.loads(body)
        except ValueError:
            return JSONResponse({"error": "body is not JSON"}, status_code=400)
        status, answer = self._store(key, body)
        if control["mode"] == "slow":
            await asyncio.sleep(float(control["slow_s"]))
        if control["mode"] == "lose_ack":
            return JSONResponse({"error": "simulated lost acknowledgement"}, status_code=502)
        return JSONResponse(answer, status_code=status)

    def _store_notice(self, key: str, file: str, body: bytes) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.conn.execute("INSERT INTO notice_posts VALUES (?, ?)", (key, time.time()))
            if self.conn.execute("SELECT 1 FROM files WHERE key = ?", (file,)).fetchone() is None:
                return 404, {"error": "no such file here"}
            row = self.conn.execute("SELECT body FROM notices WHERE key = ?", (key,)).fetchone()
            if row is not None:
                if json.loads(row[0]) != json.loads(body):
                    return 409, {"error": "this key was used for another notice"}
                return 200, {"ok": True}
            self.conn.execute("INSERT INTO notices VALUES (?, ?, ?, ?)",
                              (key, file, body.decode("utf-8"), time.time()))
            return 201, {"ok": True}

    async def notice(self, request: Request) -> Response:
        """``POST /v1/files/{key}/events``: a withdrawal or refusal at the counter, stored
        once per idempotency key (the central's event id)."""
        key, body, control, refused = await self._posted(request)
        if refused is not None:
            return refused
        try:
            kind = json.loads(body).get("kind")
        except (ValueError, AttributeError):
            return JSONResponse({"error": "body is not a JSON object"}, status_code=400)
        if kind not in ("withdrawn", "refused"):
            return JSONResponse({"error": "kind must be withdrawn or refused"}, status_code=400)
        status, answer = self._store_notice(key, request.path_params["key"], body)
        if control["mode"] == "slow":
            await asyncio.sleep(float(control["slow_s"]))
        if control["mode"] == "lose_ack" and status in (200, 201):
            return JSONResponse({"error": "simulated lost acknowledgement"}, status_code=502)
        return JSONResponse(answer, status_code=status)

    async def changes(self, request: Request) -> Response:
        """``GET /v1/changes?after=&limit=``: the unit's events, oldest first."""
        after = int(request.query_params.get("after", "0") or 0)
        limit = min(500, int(request.query_params.get("limit", "100")))
        control = self._control()
        if control["mode"] == "error":
            return JSONResponse({"error": "simulated outage"}, status_code=503)
        rows = self.conn.execute("SELECT seq, event FROM changes WHERE seq > ? ORDER BY seq "
                                 "LIMIT ?", (after, limit)).fetchall()
        events = [json.loads(e) for _s, e in rows]
        if control["mode"] == "twice":
            events = [e for e in events for _ in (1, 2)]
        cursor = str(rows[-1][0]) if rows else str(after)
        return JSONResponse({"events": events, "cursor": cursor})

    async def unit_event(self, request: Request) -> Response:
        """Test control: the competent unit records events (one object, or a list) of files
        it has; nothing is recorded when one of them names a file it does not have."""
        body = await request.json()
        items = body if isinstance(body, list) else [body]
        events = []
        with self.lock:
            for item in items:
                found = self.conn.execute("SELECT remote_id FROM files WHERE key = ?",
                                          (item.get("idempotency_key"),)).fetchone()
                if found is None:
                    return JSONResponse({"error": "no such file here"}, status_code=404)
                events.append({"event_id": uuid.uuid4().hex, "remote_id": found[0], **item})
            self.conn.execute("BEGIN")
            self.conn.executemany("INSERT INTO changes (event) VALUES (?)",
                                  [(json.dumps(e),) for e in events])
            self.conn.execute("COMMIT")
        return JSONResponse(events if isinstance(body, list) else events[0], status_code=201)

    async def state(self, request: Request) -> Response:
        """Test control: the files received and how many POSTs each key saw."""
        files = dict(self.conn.execute("SELECT key, remote_id FROM files").fetchall())
        posts = dict(self.conn.execute("SELECT key, COUNT(*) FROM posts GROUP BY key").fetchall())
        notices = {k: json.loads(b)["kind"] for k, b in
                   self.conn.execute("SELECT key, body FROM notices").fetchall()}
        notice_posts = dict(self.conn.execute(
            "SELECT key, COUNT(*) FROM notice_posts GROUP BY key").fetchall())
        return JSONResponse({"files": files, "posts": posts, "notices": notices,
                             "notice_posts": notice_posts})

    async def ping(self, request: Request) -> Response:
        """Liveness."""
        return JSONResponse({"ok": True})


def make_app(path: str) -> Starlette:
    """The simulated one-gate system on the SQLite file ``path``."""
    gate = OneGate(path)
    return Starlette(routes=[
        Route("/v1/files", gate.receive, methods=["POST"]),
        Route("/v1/files/{key}/events", gate.notice, methods=["POST"]),
        Route("/v1/changes", gate.changes, methods=["GET"]),
        Route("/_control", gate.set_control, methods=["POST"]),
        Route("/_unit/events", gate.unit_event, methods=["POST"]),
        Route("/_state", gate.state, methods=["GET"]),
        Route("/_ping", gate.ping, methods=["GET"]),
    ])


def main() -> None:
    """Serve the simulation on 127.0.0.1."""
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8480)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    uvicorn.run(make_app(args.db), host="127.0.0.1", port=args.port, log_level="warning",
                access_log=False)


if __name__ == "__main__":
    main()
