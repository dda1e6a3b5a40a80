"""The missing sequence numbers of a device's chain, found in SQL with bounded work.

A device may send a record with any ``seq`` below 2^53, so the range between the
chain's head and the highest seq can be astronomically wide: it is never walked.
The gaps come from a window function (``LAG`` over ``seq``, SQLite >= 3.25 and
PostgreSQL) that stops after ``limit`` gaps, and the number of missing seqs is
arithmetic: ``max_seq - head - (records above the head)``, exact because ``seq`` is
unique per device.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.central.storage import Tx

MAX_LISTED = 1000

_GAPS = (
    "SELECT prev_seq, seq FROM ("
    " SELECT seq, LAG(seq, 1, CAST(? AS BIGINT)) OVER (ORDER BY seq) AS prev_seq"
    " FROM records WHERE device_id = ? AND seq > ?) AS g "
    "WHERE seq > prev_seq + 1 ORDER BY seq LIMIT ?"
)


@dataclass(frozen=True)
class ChainGaps:
    """The highest seq, how many seqs are missing, and the first of them (capped)."""

    max_seq: int
    missing_count: int
    missing: list[int]


def chain_gaps(tx: Tx, device_id: str, head: int, limit: int = MAX_LISTED) -> ChainGaps:
    """Gaps above ``head`` in ``device_id``'s records: at most ``limit`` listed."""
    above = tx.one("SELECT COUNT(*), MAX(seq) FROM records WHERE device_id = ? AND seq > ?",
                   (device_id, head))
    count = int(above[0]) if above else 0
    top = int(above[1]) if above and above[1] is not None else head
    missing_count = top - head - count
    missing: list[int] = []
    if missing_count > 0 and limit > 0:
        for prev_seq, seq in tx.all(_GAPS, (head, device_id, head, limit)):
            first, last = int(prev_seq) + 1, int(seq) - 1
            missing.extend(range(first, min(last, first + limit - len(missing) - 1) + 1))
            if len(missing) >= limit:
                break
    return ChainGaps(top, missing_count, missing)
