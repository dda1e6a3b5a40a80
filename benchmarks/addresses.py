"""Benchmark: load time, memory and time per address of the address converter, and its peer.

    .venv/bin/python benchmarks/addresses.py            # about ten seconds
    .venv/bin/python benchmarks/addresses.py --rounds 50

Inputs: the old and current addresses of tests/addresses/address_table.py (ROWS).
Ours: ``kiosk.core.addresses`` (reads vietnamadminunits' data files). Peer: the
package's own ``vietnamadminunits.convert_address`` on the same inputs, in the same
process, with the network refused (as on a kiosk without a connection); the inputs it
cannot convert off-line (a split ward with a street: it asks an on-line geocoder) are
counted and left out of its timing. Results go to docs/performance.md, section
"Addresses (issue 16): converting a card's old address".
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.addresses import AMBIGUOUS, convert_address
from kiosk.core.addresses.dataset import load_units
from tests.addresses.address_table import ROWS


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _refuse_network() -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError("network refused by the benchmark")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.getaddrinfo = refuse
    socket.create_connection = refuse  # type: ignore[assignment]


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return (time.perf_counter() - start) * 1000, value


def _per_address(convert: Callable[[str], Any], texts: list[str], rounds: int) -> list[float]:
    times = []
    for text in texts:
        best = []
        for _ in range(rounds):
            start = time.perf_counter()
            convert(text)
            best.append((time.perf_counter() - start) * 1000)
        times.append(statistics.median(best))
    return times


def _summary(times: list[float], what: str = "addresses") -> str:
    ordered = sorted(times)
    return (f"median {statistics.median(ordered):.3f} ms, p90 {ordered[int(len(ordered) * .9)]:.3f}"
            f" ms, max {ordered[-1]:.3f} ms over {len(ordered)} {what}")


def ours(rounds: int) -> float:
    rss = _rss_kib()
    first, units = _timed(load_units)  # untraced: tracemalloc slows allocation-heavy code
    rss_delta = (_rss_kib() - rss) / 1024
    again = [_timed(load_units)[0] for _ in range(3)]
    tracemalloc.start()
    kept = load_units()
    current, peak = tracemalloc.get_traced_memory()
    del kept
    tracemalloc.stop()
    print(f"ours: load {first:.0f} ms first, {statistics.median(again):.0f} ms again (median of 3);"
          f" memory {current / 1e6:.1f} MB kept, {peak / 1e6:.1f} MB peak (tracemalloc),"
          f" RSS +{rss_delta:.1f} MiB (first load)")
    texts = [row[0] for row in ROWS]
    times = _per_address(lambda t: convert_address(t, units), texts, rounds)
    print(f"ours: per address {_summary(times)}")
    return statistics.median(times)


def picker(rounds: int) -> None:
    """The picker's search as typed: each prefix of a ward's name, letter by letter,
    in the province with the most wards (and the index build, once, after the load)."""
    from kiosk.core.addresses import places

    built, _ = _timed(places.warm)
    largest = max(places.provinces(), key=lambda p: len(places.find_wards(p.code, "", 10_000)))
    typed = ["phuong o cho dua", "xa bat trang", "hoa cuong", "sai gon", "dong da"]
    times = []
    for _ in range(rounds):
        for text in typed:
            for end in range(1, len(text) + 1):
                start = time.perf_counter()
                places.find_wards(largest.code, text[:end])
                times.append((time.perf_counter() - start) * 1000)
    print(f"picker: data load + index {built:.0f} ms; per key in"
          f" {largest.name} ({len(places.find_wards(largest.code, '', 10_000))} units)"
          f" {_summary(times, 'keys')}")


def peer(rounds: int, our_median: float) -> None:
    rss = _rss_kib()
    loaded, module = _timed(lambda: __import__("vietnamadminunits"))
    print(f"peer: import {loaded:.0f} ms (loads its JSON tables, shapely, geopy);"
          f" RSS +{(_rss_kib() - rss) / 1024:.1f} MiB")
    offline, failed, guessed = [], 0, 0
    for text, status, *_ in ROWS:
        try:
            module.convert_address(text)
        except Exception:  # the geocoder's error when the network is refused
            failed += 1
            continue
        offline.append(text)
        guessed += status == AMBIGUOUS
    times = _per_address(module.convert_address, offline, rounds)
    print(f"peer: {failed} of {len(ROWS)} inputs fail off-line (split ward + street: on-line"
          f" geocoder); {guessed} split wards answered with one default ward, no candidates")
    print(f"peer: per address {_summary(times)}")
    print(f"ratio peer/ours (median per address): {statistics.median(times) / our_median:.1f}x")


def main() -> None:
    """Measure ours, then the peer (whose import would otherwise count in our memory)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="conversions per address")
    args = parser.parse_args()
    _refuse_network()
    our_median = ours(args.rounds)
    picker(args.rounds)
    peer(args.rounds, our_median)


if __name__ == "__main__":
    main()
