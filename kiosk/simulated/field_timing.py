"""How long a real contactless card takes to answer, for the emulator to imitate.

The emulator answers in microseconds; a CCCD chip in a reader's field does not. The
model is the one the card-read benchmark reports ("modelled ms"): a fixed round trip
per APDU (the reader's and the chip's turn-around, the chip's own processing) plus
every byte of the command and the answer at ISO 14443's 424 kbit/s. Benchmarks that
time a whole visit lay a card with this pace so their figures mean a real card.
"""

from __future__ import annotations

ROUND_TRIP_S = 0.015
FIELD_BITS_PER_S = 424_000


def contactless_s(command_bytes: int, response_bytes: int) -> float:
    """Seconds a real contactless card takes for one APDU of these sizes."""
    return ROUND_TRIP_S + (command_bytes + response_bytes) * 8 / FIELD_BITS_PER_S


def modelled_ms(apdus: int, nbytes: int) -> float:
    """Modelled time of ``apdus`` exchanges carrying ``nbytes`` in all, in milliseconds."""
    return (apdus * ROUND_TRIP_S + nbytes * 8 / FIELD_BITS_PER_S) * 1000
