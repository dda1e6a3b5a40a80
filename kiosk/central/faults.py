"""Fault injection for chaos tests: a real server that misbehaves on purpose.

Enabled only by ``KIOSK_CENTRAL_FAULTS`` (or ``create_app(faults=…)``), a spec such as
``rate=0.3,seed=7,slow=1.5,retry_after=1,paths=/v1/records,kinds=500|429|slow|drop``.
On that share of requests to the listed paths one of the listed faults is picked at
random:

- ``500``: answer 500 without touching the database;
- ``429``: answer 429 with ``Retry-After``;
- ``slow``: wait ``slow`` seconds, then serve normally;
- ``drop``: serve normally (the database commits), then start the answer and drop the
  connection before the body — the client cannot know its records were stored.

``poison=<text>`` (with or without the above) answers 500 to *every* request to the
listed paths whose body contains ``<text>``: a central bug that one record triggers.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.core.errors import ConfigError

log = logging.getLogger(__name__)

FAULTS = ("500", "429", "slow", "drop")


class ConnectionDroppedError(RuntimeError):
    """Raised on purpose after a committed request so the server drops the connection."""


@dataclass
class FaultInjector:
    """ASGI middleware injecting faults into a share of requests."""

    app: ASGIApp
    rate: float = 0.3
    slow_s: float = 1.5
    retry_after: int = 1
    paths: tuple[str, ...] = ("/v1/records",)
    seed: int | None = None
    kinds: tuple[str, ...] = FAULTS
    poison: bytes = b""

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    @classmethod
    def from_spec(cls, app: ASGIApp, spec: str) -> FaultInjector:
        """Parse ``key=value`` pairs separated by commas (see the module doc)."""
        values: dict[str, str] = {}
        for part in spec.split(","):
            if part.strip():
                key, _, value = part.partition("=")
                values[key.strip()] = value.strip()
        try:
            injector = cls(
                app,
                rate=float(values.get("rate", "0.3")),
                slow_s=float(values.get("slow", "1.5")),
                retry_after=int(values.get("retry_after", "1")),
                paths=tuple(values.get("paths", "/v1/records").split("|")),
                seed=int(values["seed"]) if "seed" in values else None,
                kinds=tuple(values.get("kinds", "|".join(FAULTS)).split("|")),
                poison=values.get("poison", "").encode(),
            )
        except ValueError:
            raise ConfigError(f"fault spec {spec!r} is malformed") from None
        if not set(injector.kinds) <= set(FAULTS):
            raise ConfigError(f"fault kinds must be among {', '.join(FAULTS)}")
        return injector

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request, perhaps badly."""
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        if self.poison:
            replay = await self._poisoned(receive, send)
            if replay is None:
                return
            receive = replay
        if self._random.random() >= self.rate:
            await self.app(scope, receive, send)
            return
        fault = self._random.choice(self.kinds)
        if fault == "500":
            await _answer(send, 500, b'{"error":"injected fault"}')
        elif fault == "429":
            await _answer(send, 429, b'{"error":"injected: slow down"}',
                          [(b"retry-after", str(self.retry_after).encode())])
        elif fault == "slow":
            await asyncio.sleep(self.slow_s)
            await self.app(scope, receive, send)
        else:
            async def swallow(message: Message) -> None:
                return None

            await self.app(scope, receive, swallow)
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", b"4096")]})
            raise ConnectionDroppedError("injected: committed, then dropped the connection")


    async def _poisoned(self, receive: Receive, send: Send) -> Receive | None:
        """Answer 500 when the body holds the poison (None); else a replay of the body."""
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if self.poison in body:
            await _answer(send, 500, b'{"error":"injected: this record breaks the service"}')
            return None

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        return replay


async def _answer(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()), *(headers or [])],
    })
    await send({"type": "http.response.body", "body": body})
