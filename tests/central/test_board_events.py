"""Board announcements wake the streams of the center that changed, and only those.

PostgreSQL: two ``BoardEvents`` over two pools stand for two worker processes; the
announcement made in one's committed transaction reaches the other through LISTEN/
NOTIFY. SQLite: the in-process equivalent. An announcement inside a transaction that
rolls back wakes nobody.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from kiosk.central.board_events import BoardEvents
from kiosk.central.storage import Database
from tests.central.city_support import BACKENDS, clean_database


async def _woken(hub: BoardEvents, announcer: BoardEvents, db: Database,
                 centers: set[str], commit: bool = True) -> dict[str, bool]:
    subs = {c: hub.subscribe(c) for c in ("Q1", "Q3")}
    for _ in range(100):  # PostgreSQL: until the listening thread is in place
        if hub.healthy:
            break
        await asyncio.sleep(0.05)
    assert hub.healthy
    await asyncio.sleep(0.1)  # (re)connecting to listen wakes every stream once: let it pass
    for sub in subs.values():
        sub.reset()

    def write() -> None:
        try:
            with db.transaction() as tx:
                announcer.announce(tx, centers)
                if not commit:
                    raise RuntimeError("roll back")
        except RuntimeError:
            return
        announcer.committed(centers)

    await asyncio.to_thread(write)
    woken = dict(zip(subs, await asyncio.gather(*(s.wait(2.0) for s in subs.values())),
                     strict=True))
    for sub in subs.values():
        hub.unsubscribe(sub)
    assert hub.streams() == 0
    return woken


@pytest.mark.parametrize("backend", BACKENDS)
def test_only_the_changed_centers_streams_wake(backend: str, tmp_path: Path) -> None:
    with clean_database(backend, tmp_path) as url:
        writer, reader = Database(url, pool_size=1), Database(url, pool_size=1)
        # PostgreSQL: another "worker" hears it; SQLite: the same process does
        announcer = BoardEvents(writer)
        hub = BoardEvents(reader) if writer.postgres else announcer
        try:
            woken = asyncio.run(_woken(hub, announcer, writer, {"Q1"}))
            assert woken == {"Q1": True, "Q3": False}
            rolled_back = asyncio.run(_woken(hub, announcer, writer, {"Q3"}, commit=False))
            assert rolled_back == {"Q1": False, "Q3": False}
        finally:
            hub.close()
            announcer.close()
            writer.close()
            reader.close()
