"""The machine's side of benchmarks/city.py: CPUs kept for the interactive lane, and a
settled database before the ratio phase."""

from __future__ import annotations

import argparse
import contextlib
import os
import time
from pathlib import Path

import psycopg


def cores_of(args: argparse.Namespace) -> tuple[set[int] | None, set[int] | None]:
    """(the lane's CPUs, everyone else's) from ``--lane-cores``; (None, None): shared."""
    if not args.lane_cores:
        return None, None
    lane: set[int] = set()
    for part in args.lane_cores.split(","):
        first, _, last = part.partition("-")
        lane.update(range(int(first), int(last or first) + 1))
    others = set(os.sched_getaffinity(0)) - lane
    if not lane or not others:
        raise SystemExit("--lane-cores must leave at least one CPU to the others")
    return lane, others


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
    started = time.monotonic()
    while time.monotonic() - started < 60 and _busy_share(1.0) > 0.2:
        pass
    done.append(f"quiet after {time.monotonic() - started:.0f} s")
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
