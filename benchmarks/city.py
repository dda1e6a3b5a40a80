"""City benchmark: one central service for 170 centers on PostgreSQL with several workers.

Run:  PYTHONPATH=. .venv/bin/python benchmarks/city.py [--pg URL] [--workers 3]
      [--centers 170] [--kiosks 6] [--counters 6] [--tickets 20000] [--write FILE]
(``--pg`` defaults to $KIOSK_TEST_POSTGRES_URL; the run uses a schema of its own there
and drops it at the end. ``--small`` is 17 centers and 2,000 tickets, for a quick look.)

The city: ``--centers`` centers (4 large, 20 medium, the rest small: about 20:5:1 in
tickets), each with ``--kiosks`` kiosks and ``--counters`` counters, one display stream
open per center, and one busy morning (07:30-11:30, peak at 09:00) compressed: every
ticket, half of them with a submission, four fifths called and served, as signed
records pushed over HTTP in quarter-hour batches per device. Phases:

1. the largest center's morning alone on the city's central; its kiosk's
   ticket-to-print path measured on that otherwise idle server: durable enqueue, then
   the ticket's queue position, as the kiosk app does it (from the center's board
   stream the kiosk follows, ``kiosk.sync.board_watch``: no request), and again asking
   the interactive lane (one ``GET .../position``: the kiosk's fallback);
2. the city: every other center's morning pushed as fast as the server takes it, with
   the display streams open and probes of random centers' views running (board,
   statistics, and of the lane: call-next, a lease, a position) and the same kiosk
   paths, beside them the path before the lane (the peer); records/s, latencies,
   the central's PostgreSQL connections and its workers' memory sampled;
3. a second central on a schema of its own holding only that center's morning (same
   tickets, same times); both settle (vacuum, analyse, checkpoint, a quiet second),
   then the center's views are asked of both centrals in alternation, so the machine's
   other load falls on both alike: the p99 ratio (among 170 / alone) is the cost of
   the city's size (target <= 1.5).

Each central is deployed as docs/scale.md says: ``--workers`` bulk uvicorn workers
(intake, display streams, board, statistics) and an *interactive lane* of its own,
``--lane-workers`` uvicorn worker(s) with a pool of ``--lane-pool`` on the same database,
which the kiosks and counters reach for their short calls (lease, position, call-next).
The lane runs ``--lane-nice`` (-5) CPU priority steps above the bulk workers, as the
packaged units give it (Nice=-5, CPUWeight=400; needs root).

Everything runs on one machine, so what stands for other machines is kept apart:
the load generator (pushers and display streams) and each probing kiosk run in forked
processes with sessions of their own, the generator ``--generator-nice`` steps below
the servers. (With autogroup scheduling, the default here, the CPU is shared between
sessions first and a plain nice value only ranks threads within one; see
``tests.support.central_servers.session_priority``.) The generator still takes CPU
from the servers it measures, so "under load" figures are an upper bound for a server
with its own cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import httpx  # noqa: E402
import psycopg  # noqa: E402
from city_host import cores_of, pin_others, settle  # noqa: E402
from city_kiosk import KioskApart  # noqa: E402
from city_load import (  # noqa: E402
    Sampler,
    Tally,
    generate_apart,
    pct,
    probe_views,
    push_slots,
    signed,
)
from city_world import (  # noqa: E402
    Center,
    build_city,
    morning_batches,
    morning_start,
    needs,
    plan_city,
    plan_tickets,
)

from kiosk.central.storage import Database  # noqa: E402
from kiosk.central.vault import Vault  # noqa: E402
from tests.support.central_servers import CentralProcess  # noqa: E402

VIEWS = ("board", "statistics", "position", "call-next", "lease")


@dataclass
class Central:
    """One central: its bulk workers, its interactive lane, its schema and database URL."""

    bulk: CentralProcess
    lane: CentralProcess
    schema: str
    url: str

    def stop(self) -> None:
        """Stop both process groups."""
        self.lane.stop()
        self.bulk.stop()


def lease_and_plan(url: str, city: list[Center], tally: Tally) -> dict[int, list]:  # type: ignore[type-arg]
    """Lease each kiosk's numbers (over HTTP), then sign the morning; slot → batches."""
    start = morning_start()
    slots: dict[int, list] = {}  # type: ignore[type-arg]
    with httpx.Client(base_url=url, timeout=60) as client:
        for center in city:
            tickets = plan_tickets(center)
            for (kiosk, service), count in needs(tickets).items():
                grant = signed(client, center.kiosks[kiosk], "/v1/tickets/leases",
                               {"service": service, "size": min(500, count)}, tally,
                               "lease").json()
                center.blocks[(kiosk, service)] = (grant["block"], grant["first"])
            for slot, batches in morning_batches(center, tickets, start).items():
                slots.setdefault(slot, []).extend(batches)
    return slots


def start_city(pg: str, city: list[Center], args: argparse.Namespace
               ) -> tuple[Central, dict[int, list]]:  # type: ignore[type-arg]
    """A schema of its own, a central on it (bulk workers and interactive lane), the
    city's devices enrolled and its morning signed: (central, slot → batches)."""
    schema, url = _schema(pg)
    folder = Path(tempfile.mkdtemp(prefix="city-"))
    cores = cores_of(args)
    bulk = CentralProcess(url, folder, workers=args.workers,  # makes its key file
                          cores=cores.others)
    os.environ["KIOSK_CENTRAL_POOL_SIZE"] = str(args.lane_pool)
    try:  # same folder: the same key file
        lane = CentralProcess(url, folder, workers=args.lane_workers, nice=args.lane_nice,
                              cores=cores.lane)
    finally:
        os.environ["KIOSK_CENTRAL_POOL_SIZE"] = str(args.pool)
    db = Database(url, pool_size=2)
    try:
        build_city(db, Vault.load(folder / "central.key", create=False), bulk.url, city,
                   args.kiosks, args.counters)
    finally:
        db.close()  # from here on, every connection counted is the server's
    return Central(bulk, lane, schema, url), lease_and_plan(lane.url, city, Tally())


def interleaved(one: Central, many: Central, alone: Center, among: Center,
                rounds: int) -> tuple[Tally, Tally]:
    """The same center's views on both centrals, alternating request by request (the
    machine's other load falls on both alike)."""
    tallies = (Tally(), Tally())
    for n in range(rounds):
        order = ((one, alone, 0), (many, among, 1))
        for server, center, side in order if n % 2 == 0 else reversed(order):
            probe_views(server.bulk.url, [center], tallies[side], 1, lane_url=server.lane.url)
    return tallies


def forget_claims(url: str, center: Center) -> None:
    """Drop the center's call-next claims: each phase starts from none (a claim holds a
    ticket 60 s)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DELETE FROM counter_claims WHERE center = %s", (center.code,))


def _schema(pg: str) -> tuple[str, str]:
    schema = "city_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return schema, pg + ("&" if "?" in pg else "?") + f"options=-csearch_path%3D{schema}"


def run(args: argparse.Namespace) -> list[str]:
    """The three phases; the report's lines."""
    os.environ["KIOSK_CENTRAL_POOL_SIZE"] = str(args.pool)
    # The probing kiosk's outbox: a kiosk writes its own disk, which no load on the
    # central touches; here the central's PostgreSQL shares this machine's disk, so the
    # outbox goes to tmpfs (idle and under load alike) unless --kiosk-disk says otherwise.
    shm = Path("/dev/shm")
    base = args.kiosk_disk or (str(shm) if shm.is_dir() else None)
    folder = Path(tempfile.mkdtemp(prefix="city-probe-", dir=base))
    servers: list[Central] = []
    pinned = pin_others(cores_of(args).others)
    try:
        started = time.monotonic()
        city = plan_city(args.centers, args.tickets)
        many, slots = start_city(args.pg, city, args)
        servers.append(many)
        print(f"setup: {len(city)} centers, {sum(len(c.kiosks) + len(c.counters) for c in city)}"
              f" devices enrolled, leased and morning signed in {time.monotonic() - started:.0f} s",
              flush=True)
        big = city[0]
        own = {s: [b for b in batches if b[0].ident.center == big.code]
               for s, batches in slots.items()}
        push_slots(many.bulk.url, own, Tally(), args.threads)
        kiosk_cores = cores_of(args).kiosk
        idle = {"board idle": KioskApart(many.lane.url, big, folder, args.rounds,
                                         cores=kiosk_cores, watch_url=many.bulk.url),
                "lane idle": KioskApart(many.lane.url, big, folder, args.rounds,
                                        cores=kiosk_cores)}  # together, as under load
        paths = {name: kiosk.result() for name, kiosk in idle.items()}
        rest = {s: [b for b in batches if b[0].ident.center != big.code]
                for s, batches in slots.items()}
        load, city_stats = _city_phase(many, city, rest, folder, args, paths)
        alone = plan_city(args.centers, args.tickets)[:1]
        one, slots_one = start_city(args.pg, alone, args)
        servers.append(one)
        push_slots(one.bulk.url, slots_one, Tally(), args.threads)
        forget_claims(many.url, big)
        forget_claims(one.url, alone[0])
        print(settle([one.url, many.url]), flush=True)
        side_one, side_many = interleaved(one, many, alone[0], big, args.view_rounds)
        return _report(args, big, side_one, side_many, load, paths, city_stats)
    finally:
        pin_others(None, pinned)
        for server in servers:
            server.stop()
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {server.schema} CASCADE")


def _city_phase(server: Central, city: list[Center], rest: dict,  # type: ignore[type-arg]
                folder: Path, args: argparse.Namespace, paths: dict[str, Any]
                ) -> tuple[Tally, dict[str, float]]:
    """The city's load, with the probes; adds the kiosk's paths under load to ``paths``."""
    load, stop = Tally(), threading.Event()
    probe = threading.Thread(target=probe_views, args=(server.bulk.url, city, load, 0, stop,
                                                       0.2, server.lane.url))
    generated: list[tuple[int, float, int]] = []
    generator = threading.Thread(target=lambda: generated.append(generate_apart(
        server.bulk.url, city, rest, args.threads, args.generator_nice, load)))
    generator.start()  # forks first: no probe or sampler thread is copied into it
    time.sleep(2.5)  # the displays open before the probes start
    cores = cores_of(args)
    kiosks = {"board load": KioskApart(server.lane.url, city[0], folder, cores=cores.kiosk,
                                       watch_url=server.bulk.url),
              "lane load": KioskApart(server.lane.url, city[0], folder, cores=cores.kiosk),
              # the path before the lane, on the others' CPUs: its board and statistics
              # documents would be load on the lane's
              "old load": KioskApart(server.bulk.url, city[0], folder, old=True,
                                     cores=cores.others)}
    sampler = Sampler(server.url, server.bulk.proc.pid, server.lane.proc.pid)
    probe.start()
    generator.join()
    stop.set()
    probe.join()
    paths.update({name: kiosk.result() for name, kiosk in kiosks.items()})
    stats = sampler.close()
    sent, took, events = generated[0]
    stats.update({"records": sent, "seconds": took, "rec_s": sent / took,
                  "display_events": events})
    return load, stats


def _kiosk_lines(paths: dict[str, Any]) -> list[str]:
    """The kiosk's ticket-to-print path: as the app does it (the board it follows), asking
    the lane instead, and the path before the lane."""
    def p(name: str, part: int, q: float) -> float:
        return pct(paths[name][part], q)

    def ratio(name: str, part: int = 0) -> float:
        return p(f"{name} load", part, 0.99) / max(p(f"{name} idle", part, 0.99), 0.001)

    return [
        f"Kiosk ticket-to-print as the kiosk app does it (enqueue + position from the board "
        f"it follows): p99 idle {p('board idle', 0, 0.99):.1f} ms, under load "
        f"{p('board load', 0, 0.99):.1f} ms (**ratio {ratio('board'):.2f}**; p50 "
        f"{p('board idle', 0, 0.5):.1f} / {p('board load', 0, 0.5):.1f} ms); the position "
        f"alone p99 {p('board idle', 1, 0.99):.2f} / {p('board load', 1, 0.99):.2f} ms; the "
        f"board's age at print p50 / p99 / max: idle {p('board idle', 2, 0.5):.1f} / "
        f"{p('board idle', 2, 0.99):.1f} / {max(paths['board idle'][2] or [0]):.1f} s, under "
        f"load {p('board load', 2, 0.5):.1f} / {p('board load', 2, 0.99):.1f} / "
        f"{max(paths['board load'][2] or [0]):.1f} s.",
        f"The same path asking the interactive lane instead (the fallback when the board is "
        f"stale): p99 idle {p('lane idle', 0, 0.99):.1f} ms, under load "
        f"{p('lane load', 0, 0.99):.1f} ms (ratio {ratio('lane'):.2f}; p50 "
        f"{p('lane idle', 0, 0.5):.1f} / {p('lane load', 0, 0.5):.1f} ms); the lane's part p99 "
        f"{p('lane idle', 1, 0.99):.1f} / {p('lane load', 1, 0.99):.1f} ms (ratio "
        f"{ratio('lane', 1):.2f}).",
        f"Peer, the same load: the path before the lane (enqueue + board + statistics from "
        f"the bulk workers) p50 {p('old load', 0, 0.5):.1f} ms, p99 "
        f"{p('old load', 0, 0.99):.1f} ms."]


def _report(args: argparse.Namespace, big: Center, one: Tally, many: Tally, load: Tally,
            paths: dict[str, Any], city: dict[str, float]) -> list[str]:
    lines = [f"City: {args.centers} centers x {args.kiosks} kiosks + {args.counters} counters, "
             f"{args.tickets} tickets, {args.workers} bulk uvicorn workers, pool {args.pool}/"
             f"worker, interactive lane {args.lane_workers} worker(s), pool {args.lane_pool}, "
             f"nice {args.lane_nice}, lane cores {args.lane_cores or '-'}, kiosk cores "
             f"{args.kiosk_cores or '-'}, "
             f"load generator niced {args.generator_nice}, {dt.date.today()}", "",
             f"Intake: {int(city['records'])} records in {city['seconds']:.0f} s = "
             f"**{city['rec_s']:.0f} records/s** (batches per device per quarter hour, "
             f"{args.threads} pushing threads); {int(city['display_events'])} board events "
             f"sent to the {args.centers} open streams", "",
             f"| view | p50 ms, under load | p99 ms, under load | p50 / p99 ms, {big.code} "
             f"alone | p50 / p99 ms, {big.code} among {args.centers} | p99 ratio |",
             "|---|---:|---:|---:|---:|---:|"]
    for view in VIEWS:
        alone, city_p99 = pct(one.ms.get(view, []), 0.99), pct(many.ms.get(view, []), 0.99)
        lines.append(f"| {view} | {pct(load.ms.get(view, []), 0.5):.1f} | "
                     f"{pct(load.ms.get(view, []), 0.99):.1f} | "
                     f"{pct(one.ms.get(view, []), 0.5):.1f} / {alone:.1f} | "
                     f"{pct(many.ms.get(view, []), 0.5):.1f} / {city_p99:.1f} "
                     f"| {city_p99 / alone if alone else 0:.2f} |")
    intake = load.ms.get("intake", [])
    lines += ["", f"Intake requests: p50 {pct(intake, 0.5):.1f} ms, p99 {pct(intake, 0.99):.1f} ms"
              f" ({len(intake)} requests).", *_kiosk_lines(paths),
              f"Requests over 1 s: {load.over_1s}; 503 answers: {load.refused_503}; other "
              f"errors: {load.errors or 'none'}.",
              f"PostgreSQL connections of the central at peak: {int(city['connections_peak'])} "
              f"({args.workers} bulk workers x (pool {args.pool} + 1 listener) + "
              f"{args.lane_workers} lane x (pool {args.lane_pool} + 1) = "
              f"{args.workers * (args.pool + 1) + args.lane_workers * (args.lane_pool + 1)}"
              " at most).",
              f"Memory per bulk worker (peak RSS): max {city['rss_mib_max']:.0f} MiB, mean "
              f"{city['rss_mib_mean']:.0f} MiB over {int(city['workers'])} workers; the lane "
              f"{city['lane_rss_mib']:.0f} MiB.",
              f"Machine load average (1 min) during the city phase: max "
              f"{city['load_max']:.1f}, mean {city['load_mean']:.1f}."]
    return lines


def main() -> int:
    """Parse the options, run, print (and write) the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("KIOSK_TEST_POSTGRES_URL", ""))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pool", type=int, default=4, help="connections per worker")
    parser.add_argument("--lane-workers", type=int, default=1,
                        help="uvicorn workers of the interactive lane")
    parser.add_argument("--lane-pool", type=int, default=2,
                        help="connections per interactive lane worker")
    parser.add_argument("--lane-nice", type=int, default=-5,
                        help="the lane's CPU priority steps, for its process and its session "
                             "(default -5, as packaging/systemd gives it; needs root; 0: the "
                             "same as the bulk workers)")
    parser.add_argument("--centers", type=int, default=170)
    parser.add_argument("--kiosks", type=int, default=6)
    parser.add_argument("--counters", type=int, default=6)
    parser.add_argument("--tickets", type=int, default=20000)
    parser.add_argument("--threads", type=int, default=8, help="pushing threads")
    parser.add_argument("--rounds", type=int, default=100,
                        help="tickets on the kiosk's path at the idle server")
    parser.add_argument("--view-rounds", type=int, default=1000,
                        help="samples of each view per central in the ratio phase")
    parser.add_argument("--small", action="store_true", help="17 centers, 2,000 tickets")
    parser.add_argument("--kiosk-disk", default="",
                        help="folder for the probing kiosk's outbox (default /dev/shm)")
    parser.add_argument("--lane-cores", default="",
                        help="CPUs kept for the interactive lane (and the probing "
                        "kiosk, a machine of its own), e.g. 0 or 0-1; everything else "
                        "(bulk workers, PostgreSQL, the generator) runs on the others; "
                        "empty (the default): no pinning, priorities only (docs/scale.md)")
    parser.add_argument("--kiosk-cores", default="",
                        help="CPUs only the probing kiosks use (each kiosk is a machine of "
                        "its own: its CPU is not the central's), e.g. 0; the lane then runs "
                        "on --lane-cores or with the others")
    parser.add_argument("--generator-nice", type=int, default=10,
                        help="priority steps the pushing and display threads run below the "
                             "servers (they stand for other machines); 0 to share equally")
    parser.add_argument("--write", default="")
    args = parser.parse_args()
    if not args.pg:
        print("benchmarks/city.py needs PostgreSQL: --pg URL or KIOSK_TEST_POSTGRES_URL")
        return 2
    if args.small:
        args.centers, args.tickets = 17, 2000
    lines = run(args)
    print("\n".join(lines))
    if args.write:
        Path(args.write).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
