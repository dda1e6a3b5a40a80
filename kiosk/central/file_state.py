"""Each file's latest state and each center's event chain, kept as events are appended.

:func:`record` is called by ``FileLedger`` in the transaction that appends an event: it
locks the center's head (``file_chain_heads``, row-locked on PostgreSQL; SQLite writers
are serialised by ``BEGIN IMMEDIATE``), inserts or moves the file's ``file_state`` row
and its count in ``file_counts``, gives the event the next position of its center's
chain (``file_chain``) with the running digest, and moves the head. A rolled-back
append leaves all four as they were.

The running digest: ``d_0`` is empty, ``d_k = SHA-256(d_(k-1) + line_k)`` in hex, where
``line_k`` is ``file_id|n|event_id|kind|day`` and a newline, for the center's k-th
event. The head's digest therefore covers every event of the center without re-reading
them; ``kiosk.central.file_report`` recomputes it from the events (the audit path).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Any

from kiosk.central import file_rules as rules
from kiosk.central.storage import Tx


def event_line(file_id: str, n: int, event_id: str, kind: str, day: str) -> str:
    """The line of one event hashed into its center's chain."""
    return f"{file_id}|{n}|{event_id}|{kind}|{day}\n"


def chain_next(previous: str, line: str) -> str:
    """The running digest after ``line`` (hex; ``previous`` is ``""`` for the first)."""
    return hashlib.sha256((previous + line).encode()).hexdigest()


def scope_digest(heads: dict[str, tuple[int, str]], center: str | None) -> str:
    """The digest the page shows: the center's running digest, or for the city one
    SHA-256 over every center's ``center|position|digest`` in center order."""
    if center is not None:
        return "sha256:" + (heads[center][1] if center in heads else chain_next("", ""))
    text = "".join(f"{c}|{p}|{d}\n" for c, (p, d) in sorted(heads.items()))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def standing_key(step: str, due: str, paused_on: str | None, decided_on: str | None) -> str:
    """The file's standing as far as it does not depend on the day (``file_counts``):
    ``withdrawn``, ``decided_on_time``, ``decided_late``, ``paused`` or ``running``
    (open, its clock running: on time or late depends on the day asked)."""
    if step == rules.WITHDRAWN:
        return "withdrawn"
    if decided_on is not None:
        return "decided_on_time" if decided_on <= due else "decided_late"
    return "paused" if paused_on is not None else "running"


def _count(tx: Tx, key: tuple[Any, ...], change: int) -> None:
    tx.execute("INSERT INTO file_counts (center, procedure_code, unit, step, standing, files) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (center, procedure_code, unit, step, "
               "standing) DO UPDATE SET files = file_counts.files + ?", (*key, change, change))


def record(tx: Tx, file_id: str, center: str, n: int, event_id: str, kind: str,
           state: rules.FileState, day: str, recorded: float,
           opening: tuple[str, str] | None = None) -> None:
    """Keep the state, counts, chain and head for the event just inserted (same
    transaction). ``opening`` is the file's (procedure, unit) when the event is its first.
    """
    head = _lock_head(tx, center)  # first: it serialises the center's counts too
    due, paused, decided = (state.due.isoformat(), _text(state.paused_on),
                            _text(state.decided_on))
    key = standing_key(state.step, due, paused, decided)
    cells = (state.step, due, paused, decided, int(key == "running"), n, day)
    if opening is not None:
        procedure, unit = opening
        tx.execute("INSERT INTO file_state (file_id, center, procedure_code, unit, received, "
                   "step, due, paused_on, decided_on, running, n, day) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (file_id, center, procedure, unit, day, *cells))
    else:
        old = tx.one("SELECT procedure_code, unit, step, due, paused_on, decided_on "
                     "FROM file_state WHERE file_id = ?", (file_id,))
        assert old is not None  # every file got its row with its first event
        procedure, unit = str(old[0]), str(old[1])
        _count(tx, (center, procedure, unit, old[2], standing_key(*old[2:])), -1)
        tx.execute("UPDATE file_state SET step = ?, due = ?, paused_on = ?, decided_on = ?, "
                   "running = ?, n = ?, day = ? WHERE file_id = ?", (*cells, file_id))
    _count(tx, (center, procedure, unit, state.step, key), 1)
    position = int(head[0]) + 1
    digest = chain_next(str(head[2]), event_line(file_id, n, event_id, kind, day))
    tx.execute("INSERT INTO file_chain (center, position, file_id, n, digest) "
               "VALUES (?, ?, ?, ?, ?)", (center, position, file_id, n, digest))
    tx.execute("UPDATE file_chain_heads SET position = ?, files = ?, digest = ?, "
               "last_day = ?, through = ? WHERE center = ?",
               (position, int(head[1]) + (1 if opening else 0), digest,
                max(str(head[3]), day), max(float(head[4]), recorded), center))


def _lock_head(tx: Tx, center: str) -> tuple[Any, ...]:
    """The center's chain head, made if new, row-locked on PostgreSQL."""
    tx.execute("INSERT INTO file_chain_heads (center, position, files, digest, last_day, "
               "through) VALUES (?, 0, 0, '', '', 0) ON CONFLICT (center) DO NOTHING",
               (center,))
    lock = " FOR UPDATE" if tx.postgres else ""
    head = tx.one("SELECT position, files, digest, last_day, through FROM file_chain_heads "
                  "WHERE center = ?" + lock, (center,))
    assert head is not None
    return head


def _text(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def backfill(tx: Tx) -> None:
    """Fill state, counts, chain and heads from the events kept (``v0008_file_state``)."""
    rows = tx.all("SELECT e.center, e.file_id, e.n, e.event_id, e.kind, e.step, e.due, "
                  "e.paused_on, e.decided_on, e.day, e.recorded_at, f.procedure_code, f.unit "
                  "FROM file_events e JOIN files f ON f.file_id = e.file_id "
                  "ORDER BY e.center, e.recorded_at, e.file_id, e.n")
    heads: dict[str, list[Any]] = defaultdict(lambda: [0, 0, "", "", 0.0])
    states: dict[str, list[Any]] = {}
    chain = []
    for (center, file_id, n, event_id, kind, step, due, paused, decided, day, recorded,
         procedure, unit) in rows:
        head = heads[center]
        head[0] += 1
        head[2] = chain_next(head[2], event_line(file_id, int(n), event_id, kind, day))
        head[3], head[4] = max(head[3], day), max(head[4], float(recorded))
        chain.append((center, head[0], file_id, n, head[2]))
        if file_id not in states:
            head[1] += 1
            states[file_id] = [file_id, center, procedure, unit, day]
        key = standing_key(step, due, paused, decided)
        states[file_id][5:] = [step, due, paused, decided, int(key == "running"), n, day]
    counts: Counter[tuple[Any, ...]] = Counter(
        (s[1], s[2], s[3], s[5], standing_key(*s[5:9])) for s in states.values())
    tx.executemany("INSERT INTO file_chain (center, position, file_id, n, digest) "
                   "VALUES (?, ?, ?, ?, ?)", chain)
    tx.executemany("INSERT INTO file_state (file_id, center, procedure_code, unit, received, "
                   "step, due, paused_on, decided_on, running, n, day) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(states.values()))
    tx.executemany("INSERT INTO file_counts (center, procedure_code, unit, step, standing, "
                   "files) VALUES (?, ?, ?, ?, ?, ?)", [(*k, c) for k, c in counts.items()])
    tx.executemany("INSERT INTO file_chain_heads (center, position, files, digest, last_day, "
                   "through) VALUES (?, ?, ?, ?, ?, ?)",
                   [(c, *h) for c, h in sorted(heads.items())])


def heads(tx: Tx, center: str | None) -> dict[str, tuple[int, int, str, str, float]]:
    """The chain heads of the scope: center → (position, files, digest, last day, through)."""
    where, params = ("WHERE center = ?", (center,)) if center else ("", ())
    return {str(r[0]): (int(r[1]), int(r[2]), str(r[3]), str(r[4]), float(r[5]))
            for r in tx.all("SELECT center, position, files, digest, last_day, through "
                            f"FROM file_chain_heads {where}", params)}
