"""The probing kiosk of benchmarks/city.py: its ticket-to-print path, in a process of its
own (a kiosk is a machine of its own)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Protocol

from city_world import Center

PACE_S = 0.2  # between two tickets of the probing kiosk


class Stop(Protocol):
    """A threading or multiprocessing event."""

    def is_set(self) -> bool:
        """Whether to stop."""
        ...


def ticket_to_print(url: str, center: Center, folder: Path, count: int,
                    stop: Stop | None = None, asked: list[float] | None = None,
                    old: bool = False, watch_url: str = "",
                    ages: list[float] | None = None) -> list[float]:
    """A kiosk's own path per ticket: durable enqueue, then the queue position it prints
    (``QueuePositionLookup``, 1.5 s timeout), in ms.

    ``watch_url``: the kiosk follows its center's board stream there (``BoardWatch``, as
    the kiosk app does) and the position comes from it, with no request; ``ages`` (if
    given) receives the board's age at each print, in s. Without it, the position is one
    ``GET .../position`` of ``url``; ``old``: the path before the interactive lane (the
    board and the statistics, two GETs), the peer measured beside it. ``asked`` (if given)
    receives the position's part alone."""
    from kiosk.sync.board_watch import BoardWatch
    from kiosk.sync.outbox import Outbox
    from kiosk.sync.queue_position import QueuePositionLookup
    from kiosk.wire.protocol import RecordKind

    device = center.kiosks[0]
    box = Outbox(folder / f"probe-{time.monotonic_ns()}.db", device.ident)
    watch = BoardWatch(watch_url, center.code) if watch_url else None
    lookup = QueuePositionLookup(url, device.ident, center.code, watch=watch)
    lookup._asks_position = not old  # old: as a kiosk does with a central before /position
    if watch is not None and not watch.wait_for_board(30):
        raise RuntimeError("the probing kiosk got no board from the central in 30 s")
    took: list[float] = []
    n = 0
    try:
        while (stop is None and n < count) or (stop is not None and not stop.is_set()):
            n += 1
            started = time.perf_counter()
            box.enqueue(RecordKind.TICKET, {"number": 900000 + n % 90000, "service": "HT",
                                            "center": center.code, "block": "probe"})
            enqueued = time.perf_counter()
            lookup.position("HT", 900000 + n % 90000)
            done = time.perf_counter()
            took.append((done - started) * 1000)
            if asked is not None:
                asked.append((done - enqueued) * 1000)
            kept = watch.latest() if watch is not None else None
            if ages is not None:
                ages.append(kept[2] if kept is not None else float("inf"))
            time.sleep(PACE_S)  # idle and under load alike: a lobby's pace, not a loop
    finally:
        lookup.close()
        box.close()
    return took


class KioskApart:
    """A kiosk's ticket-to-print path (:func:`ticket_to_print`, after 5 unmeasured
    tickets) in a forked process with a session of its own.

    A kiosk is a machine of its own: here its probe shares neither the benchmark's GIL
    (the view probes parse boards in threads of the main process) nor, with autogroup
    scheduling, its CPU share with the load generator; ``cores``: the CPUs it may use.
    ``count`` tickets, or (0) until :meth:`result` is called; ``watch_url``: the kiosk
    follows its center's board there (:func:`ticket_to_print`).
    """

    def __init__(self, url: str, center: Center, folder: Path, count: int = 0,
                 old: bool = False, cores: set[int] | None = None,
                 watch_url: str = "") -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._stop = context.Event()
        self._results, sender = context.Pipe(duplex=False)

        def child() -> None:
            os.setsid()
            if cores:
                os.sched_setaffinity(0, cores)
            ticket_to_print(url, center, folder, 5, old=old)  # connections, imports
            asked: list[float] = []
            ages: list[float] = []
            took = ticket_to_print(url, center, folder, count,
                                   self._stop if not count else None, asked, old,
                                   watch_url, ages)
            sender.send((took, asked, ages))

        self._process = context.Process(target=child, daemon=True)
        self._process.start()

    def result(self) -> tuple[list[float], list[float], list[float]]:
        """Stop (when running until told) and return (whole path ms, the position's part
        ms, the followed board's age at each print s: empty when it asked instead)."""
        self._stop.set()
        took, asked, ages = self._results.recv()
        self._process.join(30)
        return took, asked, ages
