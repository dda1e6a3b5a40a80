"""Test helper: the simulated one-gate system (``kiosk.simulated.onegate``) as a process."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import httpx

from .central_servers import PYTHON, ROOT, free_port
from .waiting import wait_until


class OneGateProcess:
    """The simulation on 127.0.0.1; stop() and start() keep its port and its state file."""

    def __init__(self, folder: Path, port: int | None = None, start: bool = True) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        if start:
            self.start()

    def start(self) -> None:
        """Start it (again) on the same port and state file."""
        log = (self.folder / f"onegate-{self.port}.log").open("ab")
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "kiosk.simulated.onegate", "--port", str(self.port),
             "--db", str(self.folder / "onegate.db")],
            env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, stdout=log, stderr=log,
            start_new_session=True)
        log.close()

        def answers() -> bool:
            try:
                return httpx.get(self.url + "/_ping", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(answers, 30, 0.1, "the simulated one-gate system to start")

    def stop(self) -> None:
        """Stop it at once (SIGKILL: a crash, not a goodbye)."""
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.proc = None

    def control(self, **settings: Any) -> None:
        """Set how it misbehaves (``mode``, ``slow_s``)."""
        httpx.post(self.url + "/_control", json=settings, timeout=5).raise_for_status()

    def unit_event(self, file_id: str, kind: str, at: str, **extra: Any) -> None:
        """The competent unit records an event of a file it holds."""
        answer = httpx.post(self.url + "/_unit/events", json={
            "idempotency_key": file_id, "kind": kind, "at": at, "actor": "Phòng Tư pháp",
            **extra}, timeout=5)
        answer.raise_for_status()

    def unit_events(self, events: list[dict[str, Any]]) -> None:
        """The competent unit records several events at once (each with its file's key)."""
        if events:
            answer = httpx.post(self.url + "/_unit/events", json=[
                {"actor": "Phòng Tư pháp", **e} for e in events], timeout=30)
            answer.raise_for_status()

    def state(self) -> dict[str, Any]:
        """The files it received and the POSTs seen per key."""
        data: dict[str, Any] = httpx.get(self.url + "/_state", timeout=5).json()
        return data
