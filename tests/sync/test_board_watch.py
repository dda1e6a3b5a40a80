"""A kiosk follows its center's board (``kiosk.sync.board_watch``) and knows a new
ticket's place as it prints, with no request: against a real central service (uvicorn,
SQLite) with records delivered the production way.

The lookup's own URL points where nothing listens, so any answer it gives came from the
board it follows; the answer is held against the central's own ``/position``.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.sync import board_watch
from kiosk.sync.board_watch import BoardWatch
from kiosk.sync.queue_position import QueuePositionLookup
from tests.support.central_servers import CentralProcess, free_port
from tests.support.enrolled_devices import Device
from tests.support.waiting import wait_until

CENTER = "HCM-01"


def _central_answer(central: CentralProcess, service: str, number: int) -> dict[str, object]:
    answer = httpx.get(f"{central.url}/v1/centers/{CENTER}/position",
                       params={"service": service, "number": str(number)}, timeout=10)
    assert answer.status_code == 200
    return dict(answer.json())


def test_the_position_comes_from_the_board_it_follows(tmp_path: Path) -> None:
    central = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    kiosk = Device(central, tmp_path / "kiosk")
    counter = Device(central, tmp_path / "counter", role="counter")
    nowhere = f"http://127.0.0.1:{free_port()}"
    lookup = QueuePositionLookup(nowhere, kiosk.identity, CENTER,
                                 watch=BoardWatch(central.url, CENTER))
    try:
        for _ in range(4):
            kiosk.issue("A")
        kiosk.push()
        counter.sign_in_staff("2")
        counter.call_next("2", ["A"])  # A051 called: three wait
        assert lookup.watch is not None and lookup.watch.wait_for_board(10)
        wait_until(lambda: (lookup("A", 55) or (None,))[0] == 3, 10)
        found, expected = lookup.position("A", 55), _central_answer(central, "A", 55)
        assert found is not None
        assert (found.ahead, found.wait_minutes, found.basis) == (
            expected["ahead"], expected["wait_minutes"], expected["basis"])
        assert lookup.counters("A") == ", ".join(expected["counters"])  # type: ignore[arg-type]
        kiosk.issue("A")
        kiosk.push()  # a fourth waits: the stream brings the new board within a second
        wait_until(lambda: (lookup("A", 56) or (None,))[0] == 4, 10)
    finally:
        lookup.close()
        kiosk.close()
        counter.close()
        central.stop()


def test_a_stale_board_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The central gone: the last board serves while fresh, then the lookup asks (here:
    nobody) and says it does not know, rather than print an old position."""
    monkeypatch.setattr(board_watch, "FRESH_S", 1.5)
    central = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    kiosk = Device(central, tmp_path / "kiosk")
    nowhere = f"http://127.0.0.1:{free_port()}"
    watch = BoardWatch(central.url, CENTER)
    lookup = QueuePositionLookup(nowhere, kiosk.identity, CENTER, watch=watch)
    try:
        kiosk.issue("A")
        kiosk.push()
        wait_until(lambda: (lookup("A", 52) or (None,))[0] == 1, 10)
        central.stop()
        assert lookup.position("A", 52) is not None  # the board is still fresh
        wait_until(lambda: watch.latest() is None, 5)
        assert lookup.position("A", 52) is None  # stale, and the central cannot be asked
    finally:
        lookup.close()
        kiosk.close()


def test_no_central_no_board(tmp_path: Path) -> None:
    """A watch that never reached its central has nothing; closing it ends its thread."""
    watch = BoardWatch(f"http://127.0.0.1:{free_port()}", CENTER)
    try:
        assert not watch.wait_for_board(0.5, with_stats=False)
        assert watch.latest() is None
    finally:
        watch.close()
    watch._thread.join(15)
    assert not watch._thread.is_alive()


_ODD: list[BoardWatch] = []  # one real watch (its central unreachable) for every example


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_odd_board_events_are_ignored(data: str) -> None:
    """Whatever a board event holds, the watch keeps its last good board or none, and
    never raises (the stream's parsing itself is httpx-sse's)."""
    if not _ODD:
        _ODD.append(BoardWatch(f"http://127.0.0.1:{free_port()}", CENTER))
        _ODD[0]._stats_asked = float("inf")  # no statistics asked between examples
    watch = _ODD[0]
    watch._take_board(data)
    kept = watch._board
    assert kept is None or isinstance(kept[1].get("services"), list)
