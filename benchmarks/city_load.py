"""The moving parts of benchmarks/city.py: pushers, probes, display streams, samplers."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
from city_world import SERVICES, Center, Device

from kiosk.sync.client import DeviceSignatureAuth
from tests.support.central_servers import session_priority

JSON = {"Content-Type": "application/json"}


@dataclass
class Tally:
    """Latencies (ms) per operation, and what went wrong."""

    ms: dict[str, list[float]] = field(default_factory=dict)
    over_1s: int = 0
    refused_503: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, op: str, started: float, status: int) -> None:
        """Record one request's latency and outcome."""
        took = (time.perf_counter() - started) * 1000
        with self.lock:
            self.ms.setdefault(op, []).append(took)
            self.over_1s += took > 1000
            if status == 503:
                self.refused_503 += 1
            elif status >= 400:
                key = f"{op} {status}"
                self.errors[key] = self.errors.get(key, 0) + 1


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile by nearest rank (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def signed(client: httpx.Client, device: Device, path: str, body: Any, tally: Tally,
           op: str) -> httpx.Response:
    """A signed POST, retried after a 503 as a kiosk's worker would."""
    content = json.dumps(body, ensure_ascii=False).encode()
    while True:
        started = time.perf_counter()
        answer = client.post(path, content=content, headers=JSON,
                             auth=DeviceSignatureAuth(device.ident))
        tally.add(op, started, answer.status_code)
        if answer.status_code != 503:
            return answer
        time.sleep(float(answer.headers.get("Retry-After", "1")))


def push_slots(url: str, slots: dict[int, list[tuple[Device, list[dict[str, Any]]]]],
               tally: Tally, threads: int, nice: int = 0) -> int:
    """Push every slot's batches (slot after slot, in parallel within one); records sent.

    The pushing threads run ``nice`` steps below normal priority (:func:`generator_thread`).
    """
    work: queue.Queue[tuple[Device, list[dict[str, Any]]] | None] = queue.Queue()

    def drain() -> None:
        generator_thread(nice)
        with httpx.Client(base_url=url, timeout=60) as client:
            while (item := work.get()) is not None:
                try:
                    signed(client, item[0], "/v1/records", {"records": item[1]}, tally,
                           "intake")
                finally:
                    work.task_done()
            work.task_done()

    pool = [threading.Thread(target=drain) for _ in range(threads)]
    for thread in pool:
        thread.start()
    sent = 0
    for slot in sorted(slots):
        batches = list(slots[slot])
        random.shuffle(batches)
        for batch in batches:
            work.put(batch)
        work.join()  # the quarter hour is in before the next one starts
        sent += sum(len(r) for _, r in batches)
    for _ in pool:
        work.put(None)
    for thread in pool:
        thread.join()
    return sent


def probe_views(url: str, centers: list[Center], tally: Tally, rounds: int,
                stop: threading.Event | None = None, pause: float = 0.0,
                lane_url: str = "") -> None:
    """Board, statistics, call-next, a lease and a ticket's position, for random centers
    (or ``rounds`` times). The interactive calls (call-next, lease, position) go to
    ``lane_url`` (the interactive lane; default ``url``), the views to ``url``."""
    rng = random.Random(7)
    with httpx.Client(base_url=url, timeout=60) as client, \
            httpx.Client(base_url=lane_url or url, timeout=60) as lane:
        n = 0
        while (stop is None and n < rounds) or (stop is not None and not stop.is_set()):
            n += 1
            center = rng.choice(centers)
            service = rng.choice(SERVICES)
            for http, op, path in (
                    (client, "board", f"/v1/centers/{center.code}/board"),
                    (client, "statistics", f"/v1/centers/{center.code}/stats"),
                    (lane, "position", f"/v1/centers/{center.code}/position?service="
                                       f"{service}&number={rng.randrange(1, 999)}")):
                started = time.perf_counter()
                tally.add(op, started, http.get(path).status_code)
            desk = rng.randrange(len(center.counters))
            signed(lane, center.counters[desk], "/v1/counters/next",
                   {"counter": str(desk + 1), "services": list(SERVICES)}, tally, "call-next")
            signed(lane, rng.choice(center.kiosks), "/v1/tickets/leases",
                   {"service": service, "size": 10}, tally, "lease")
            time.sleep(pause)


def generate_apart(url: str, centers: list[Center],
                   slots: dict[int, list[tuple[Device, list[dict[str, Any]]]]],
                   threads: int, nice: int, tally: Tally) -> tuple[int, float, int]:
    """The city's load in a process of its own: display streams open for ``centers``,
    then every slot pushed; (records sent, seconds, board events). Intake latencies and
    errors are added to ``tally``.

    Apart (forked), not in threads beside the probes: the generator stands for other
    machines, and threads of one Python process share its GIL, so a niced pushing
    thread holding it would stall the kiosk's probe (priority inversion) and add its
    wait to figures a real kiosk never sees.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    parent_end, child_end = context.Pipe(duplex=False)

    def child() -> None:
        # a session of its own, lower in priority than the servers' (every thread it
        # starts inherits it); see session_priority for why the session counts
        os.setsid()
        session_priority(nice)
        own = Tally()
        displays = Displays(url, centers)
        time.sleep(2)
        started = time.monotonic()
        sent = push_slots(url, slots, own, threads)
        took = time.monotonic() - started
        displays.close()
        child_end.send((sent, took, displays.events, own.ms, own.over_1s, own.refused_503,
                        own.errors))

    process = context.Process(target=child, daemon=True)
    process.start()
    sent, took, events, ms, over, refused, errors = parent_end.recv()
    process.join(30)
    with tally.lock:
        for op, values in ms.items():
            tally.ms.setdefault(op, []).extend(values)
        tally.over_1s += over
        tally.refused_503 += refused
        for key, count in errors.items():
            tally.errors[key] = tally.errors.get(key, 0) + count
    return sent, took, events


def generator_thread(nice: int) -> None:
    """Lower the calling thread's priority by ``nice`` (Linux: nice is per thread).

    The load generator stands for a city's other kiosks, counters and screens, which run
    on their own machines; niced, the CPU it takes here goes to the servers first.
    """
    if nice:
        os.nice(nice)


class Displays:
    """One open board stream per center, in one asyncio thread; counts the events."""

    def __init__(self, url: str, centers: list[Center], nice: int = 0) -> None:
        self.url, self.codes = url, [c.code for c in centers]
        self.events = 0
        self._stop = threading.Event()
        self._nice = nice
        self._thread = threading.Thread(target=self._main, daemon=True)
        self._thread.start()

    def _main(self) -> None:
        generator_thread(self._nice)
        asyncio.run(self._run())

    async def _one(self, client: httpx.AsyncClient, code: str) -> None:
        try:
            async with client.stream("GET", f"/v1/centers/{code}/board/stream") as answer:
                async for line in answer.aiter_lines():
                    if line.startswith("event: board"):
                        self.events += 1
                    if self._stop.is_set():
                        return
        except httpx.HTTPError:
            return

    async def _run(self) -> None:
        limits = httpx.Limits(max_connections=len(self.codes) + 10)
        async with httpx.AsyncClient(base_url=self.url, timeout=None, limits=limits) as client:
            tasks = [asyncio.create_task(self._one(client, code)) for code in self.codes]
            while not self._stop.is_set():
                await asyncio.sleep(0.2)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def close(self) -> None:
        """Close every stream."""
        self._stop.set()
        self._thread.join(10)


class Sampler:
    """Every 0.5 s: the central's PostgreSQL connections, its workers' memory (bulk
    workers, and the interactive lane's process when it runs one worker) and the
    machine's load average."""

    def __init__(self, pg_url: str, server_pid: int, lane_pid: int = 0) -> None:
        self.pg_url, self.pid, self.lane_pid = pg_url, server_pid, lane_pid
        self.connections: list[int] = []
        self.rss_mib: dict[int, float] = {}
        self.lane_rss_mib = 0.0
        self.load: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _workers(self) -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) != self.pid:
                continue
            try:  # uvicorn's workers, not multiprocessing's resource tracker
                cmdline = (stat.parent / "cmdline").read_bytes()
            except OSError:
                continue
            if b"spawn_main" in cmdline:
                found.append(int(stat.parent.name))
        return found

    def _run(self) -> None:
        with psycopg.connect(self.pg_url, autocommit=True) as conn:
            while not self._stop.wait(0.5):
                row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE "
                                   "application_name = 'kiosk-central' AND "
                                   "datname = current_database()").fetchone()
                self.connections.append(int(row[0]) if row else 0)
                self.load.append(os.getloadavg()[0])
                for pid in self._workers():
                    self.rss_mib[pid] = max(self.rss_mib.get(pid, 0.0), _rss_mib(pid))
                if self.lane_pid:
                    self.lane_rss_mib = max(self.lane_rss_mib, _rss_mib(self.lane_pid))

    def close(self) -> dict[str, float]:
        """Stop; the peak connection count and the workers' peak memory."""
        self._stop.set()
        self._thread.join(5)
        rss = list(self.rss_mib.values()) or [0.0]
        return {"connections_peak": max(self.connections or [0]),
                "workers": len(self.rss_mib), "rss_mib_max": max(rss),
                "rss_mib_mean": statistics.mean(rss), "lane_rss_mib": self.lane_rss_mib,
                "load_max": max(self.load or [0.0]),
                "load_mean": statistics.mean(self.load or [0.0])}


def _rss_mib(pid: int) -> float:
    """A process's resident memory in MiB (0 when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) for line in status.splitlines()
                 if line.startswith("VmRSS:")), 0) / 1024
