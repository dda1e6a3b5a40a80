"""Signing out at the counter ends the staff session at the central service too (issue 14,
finding 4), and still signs out when the central service cannot be reached."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.central.storage import Database

from .harness import Counter

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


def _open_sessions(counter: Counter) -> int:
    db = Database(counter.central.database_url, pool_size=1)
    try:
        with db.reader() as tx:
            row = tx.one("SELECT COUNT(*) FROM staff_sessions WHERE device_id = ?",
                         (counter.identity.device_id,))
    finally:
        db.close()
    return int(row[0]) if row else 0


def test_sign_out_ends_the_session_at_the_central(counter: Counter, qtbot: QtBot) -> None:
    p = counter.presenter
    counter.sign_in()
    qtbot.waitUntil(lambda: p.signed_in, timeout=10000)
    assert _open_sessions(counter) == 1
    counter.click("sign_out")
    assert not p.signed_in
    qtbot.waitUntil(lambda: _open_sessions(counter) == 0, timeout=10000)
    assert counter.client._session == ""  # never sent again


def test_sign_out_offline_still_signs_out_here(counter: Counter, qtbot: QtBot) -> None:
    p = counter.presenter
    counter.sign_in()
    qtbot.waitUntil(lambda: p.signed_in, timeout=10000)
    counter.central.stop()
    counter.click("sign_out")
    assert not p.signed_in and p.message == "signout.done"
    qtbot.waitUntil(lambda: counter.tasks.busy == 0, timeout=20000)
    assert counter.client._session == ""
    assert _open_sessions(counter) == 1  # it lapses at the central by itself
