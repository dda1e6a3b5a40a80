"""Stored records parsed once per worker, not once per board.

A board, the statistics and call-next each read one center's whole day, and parsing
those records' JSON was most of a board's cost (``benchmarks/display_board.py``:
about 35 of 90 ms for a center's 1,500-ticket day). Stored records never change (the
intake only inserts; retention deletes whole days), so what a record parses to is kept
under its chain hash: a record seen before is neither fetched nor parsed again, and a
record whose transaction committed late is only a hash not seen yet, so nothing is
skipped whatever the commit order. A reset test database that reuses a record id with
another body has another hash.

Hand-written (a dict with a size bound): ``functools.lru_cache`` cannot say which keys
of a list it lacks, and those are the rows whose bodies must be fetched.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from kiosk.central.storage import Tx

T = TypeVar("T")

MAX_PARSED = 300_000  # records kept per worker: a city's busiest day is about 60,000
FETCH_CHUNK = 500  # ids per "WHERE id IN (…)" when fetching bodies not parsed yet
_FAILED = object()  # a body that did not parse: remembered, so not fetched again

_parsed: OrderedDict[tuple[str, str], object] = OrderedDict()
_lock = threading.Lock()


def parsed_rows(tx: Tx, tag: str, sql: str, params: Sequence[Any],
                parse: Callable[[tuple[Any, ...], str], T | None]
                ) -> list[tuple[tuple[Any, ...], T]]:
    """The rows ``sql`` selects, each with what ``parse(row, body)`` made of its record.

    ``sql`` selects ``id, hash`` first (then anything else the caller wants in ``row``),
    without the body. ``tag`` names the parse (one per kind of result). Rows whose body
    does not parse (``parse`` returns None) are left out, as the readers always did.
    """
    rows = [tuple(r) for r in tx.all(sql, tuple(params))]
    with _lock:
        known = {(tag, str(r[1])): _parsed[(tag, str(r[1]))] for r in rows
                 if (tag, str(r[1])) in _parsed}
    missing = [str(r[0]) for r in rows if (tag, str(r[1])) not in known]
    bodies: dict[str, str] = {}
    for start in range(0, len(missing), FETCH_CHUNK):
        chunk = missing[start:start + FETCH_CHUNK]
        marks = ", ".join("?" for _ in chunk)
        bodies.update((str(i), str(b)) for i, b in tx.all(
            f"SELECT id, body FROM records WHERE id IN ({marks})", tuple(chunk)))
    fresh: dict[tuple[str, str], object] = {}
    for row in rows:
        key = (tag, str(row[1]))
        if key not in known and key not in fresh:
            value = parse(row, bodies.get(str(row[0]), ""))
            fresh[key] = _FAILED if value is None else value
    _remember(fresh, list(known))
    found = {**known, **fresh}
    return [(row, found[(tag, str(row[1]))]) for row in rows  # type: ignore[misc]
            if found[(tag, str(row[1]))] is not _FAILED]


def _remember(fresh: dict[tuple[str, str], object], used: list[tuple[str, str]]) -> None:
    with _lock:
        for key in used:
            if key in _parsed:
                _parsed.move_to_end(key)
        _parsed.update(fresh)
        while len(_parsed) > MAX_PARSED:
            _parsed.popitem(last=False)


def forget_all() -> None:
    """Drop every parsed record (tests that count fetches start from nothing)."""
    with _lock:
        _parsed.clear()
