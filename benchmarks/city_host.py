"""The machine's side of benchmarks/city.py: CPUs kept for the interactive lane, and a
settled database before the ratio phase."""

from __future__ import annotations

import argparse
import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg


@dataclass(frozen=True)
class Cores:
    """Who runs on which CPUs (None: anywhere)."""

    lane: set[int] | None  # the interactive lane
    kiosk: set[int] | None  # the probing kiosks (machines of their own)
    others: set[int] | None  # bulk workers, PostgreSQL, the generator, the view probes


def _cpus(text: str) -> set[int]:
    found: set[int] = set()
    for part in filter(None, text.split(",")):
        first, _, last = part.partition("-")
        found.update(range(int(first), int(last or first) + 1))
    return found


def cores_of(args: argparse.Namespace) -> Cores:
    """The CPUs from ``--lane-cores`` and ``--kiosk-cores`` (see their help); the rest is
    the others'. A kiosk with no CPUs of its own shares the lane's."""
    lane, kiosk = _cpus(args.lane_cores), _cpus(args.kiosk_cores)
    if not lane and not kiosk:
        return Cores(None, None, None)
    others = set(os.sched_getaffinity(0)) - lane - kiosk
    if not others or lane & kiosk:
        raise SystemExit("--lane-cores and --kiosk-cores must not overlap and must leave "
                         "a CPU to the others")
    return Cores(lane or others, kiosk or lane, others)


def pin_others(cores: set[int] | None, restore: dict[int, set[int]] | None = None
               ) -> dict[int, set[int]]:
    """Pin this process (so the generator it forks) and PostgreSQL's processes (its
    postmaster, so every new backend) to ``cores``; or, with ``restore``, give each its
    earlier CPUs back. Returns what to restore. Needs root for PostgreSQL's."""
    if restore is not None:
        for pid, cpus in restore.items():
            with contextlib.suppress(OSError):
                os.sched_setaffinity(pid, cpus)
        return {}
    if cores is None:
        return {}
    earlier = {0: set(os.sched_getaffinity(0))}
    os.sched_setaffinity(0, cores)
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() not in ("postgres", "postmaster"):
                continue
            pid = int(comm.parent.name)
            earlier[pid] = set(os.sched_getaffinity(pid))
            os.sched_setaffinity(pid, cores)
        except (OSError, ValueError):
            continue
    return earlier


def settle(urls: list[str]) -> str:
    """Before the ratio phase: both centrals' tables vacuumed and analysed, a checkpoint
    when the role may make one, then up to 60 s for a quiet second (CPU 80 % idle), so
    the background work the city's intake left behind (autovacuum, dirty pages) does not
    land on one central's samples and not the other's. What was done, as a line."""
    done = []
    for url in urls:
        with psycopg.connect(url, autocommit=True) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
            for table in tables:
                conn.execute(f'VACUUM (ANALYZE) "{table}"')
    done.append(f"{len(urls)} schemas vacuumed and analysed")
    try:
        with psycopg.connect(urls[0], autocommit=True) as conn:
            conn.execute("CHECKPOINT")
        done.append("checkpoint made")
    except psycopg.errors.InsufficientPrivilege:
        done.append("no checkpoint (the role may not)")
    waited = 0  # each look takes a second
    while waited < 60 and _busy_share(1.0) > 0.2:
        waited += 1
    done.append(f"quiet after {waited + 1} s")
    return "settle: " + ", ".join(done)


def _busy_share(seconds: float) -> float:
    """The machine's share of CPU time not idle over ``seconds``."""
    def idle_total() -> tuple[int, int]:
        fields = [int(f) for f in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)

    idle0, total0 = idle_total()
    time.sleep(seconds)
    idle1, total1 = idle_total()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)
