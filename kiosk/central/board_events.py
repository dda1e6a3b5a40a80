"""Wake the board streams of the center whose records changed, instead of polling per screen.

Each open display used to ask the database twice a second whether its center changed;
a city's thousands of screens would make that the central's main load. Now intake
announces the center it changed and each stream sleeps until its own center is
announced (or ``REFRESH_S`` passes: waiting times move on).

* PostgreSQL: intake runs ``pg_notify('kiosk_board', center)`` inside its transaction,
  so the announcement leaves only when the records are committed, and reaches every
  worker on every host. One thread per worker process holds one extra connection with
  ``LISTEN kiosk_board`` (opened at the first stream, so a worker with no display holds
  none) and wakes that process's streams of the named center.
* SQLite (one host): intake announces in-process after its commit. Workers of one
  SQLite central do not hear each other; their streams still refresh every
  ``REFRESH_S`` (a SQLite central is the small, one-center case).

While the listening connection is lost, :attr:`BoardEvents.healthy` is false and the
streams fall back to a short poll until it is back: a display is never stuck.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import TYPE_CHECKING, Any

import psycopg

if TYPE_CHECKING:
    from kiosk.central.storage import Database, Tx

log = logging.getLogger(__name__)

CHANNEL = "kiosk_board"
RECONNECT_S = 1.0


class Subscription:
    """One stream's wake-up: set when its center is announced."""

    def __init__(self, center: str, loop: asyncio.AbstractEventLoop) -> None:
        self.center = center
        self.loop = loop
        self.event = asyncio.Event()

    def wake(self) -> None:
        """Wake the stream (from any thread)."""
        self.loop.call_soon_threadsafe(self.event.set)

    def reset(self) -> None:
        """Forget earlier wake-ups: call before reading what changed, so none is missed."""
        self.event.clear()

    async def wait(self, timeout: float) -> bool:
        """Sleep until woken (or already woken since :meth:`reset`) or ``timeout``."""
        try:
            await asyncio.wait_for(self.event.wait(), timeout)
            return True
        except TimeoutError:
            return False


class BoardEvents:
    """The announcements of one worker process (see the module docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._subs: dict[str, set[Subscription]] = {}
        self._heard: dict[str, int] = {}  # announcements heard per center, see heard()
        self._epoch = 0  # listening (re)started: anything kept before may be stale
        self._lock = threading.Lock()
        self._listener: threading.Thread | None = None
        self._stop = threading.Event()
        self.healthy = not db.postgres  # PostgreSQL: once LISTEN is in place

    def announce(self, tx: Tx, centers: set[str]) -> None:
        """Inside a write transaction: its commit will wake the streams of ``centers``."""
        if tx.postgres:
            for center in sorted(centers):
                tx.execute("SELECT pg_notify(?, ?)", (CHANNEL, center))

    def committed(self, centers: set[str]) -> None:
        """After the commit: wake this process's streams (SQLite; PostgreSQL's come back
        through LISTEN, to every process alike)."""
        if not self.db.postgres:
            for center in centers:
                self.wake(center)

    def wake(self, center: str) -> None:
        """Wake every stream of ``center`` in this process."""
        with self._lock:
            self._heard[center] = self._heard.get(center, 0) + 1
            subs = list(self._subs.get(center, ()))
        for sub in subs:
            sub.wake()

    def subscribe(self, center: str) -> Subscription:
        """A wake-up for a stream of ``center`` (call from the event loop)."""
        sub = Subscription(center, asyncio.get_running_loop())
        with self._lock:
            self._subs.setdefault(center, set()).add(sub)
            self._start_listening()
        return sub

    def heard(self, center: str) -> tuple[int, int] | None:
        """A stamp that changes whenever ``center`` is announced to this process, or when
        listening (re)starts; None when announcements cannot be relied on here: SQLite
        (its workers do not hear each other) or PostgreSQL while not listening.

        Something kept with the stamp read *before* reading the database is current as
        long as the stamp is unchanged (an announcement leaves at the commit, so a record
        the read missed moves the stamp). The first call starts listening (PostgreSQL).
        """
        if not self.db.postgres:
            return None
        with self._lock:
            self._start_listening()
            if not self.healthy:
                return None
            return self._epoch, self._heard.get(center, 0)

    def _start_listening(self) -> None:
        """Start the listening thread once (PostgreSQL; call holding the lock)."""
        if self.db.postgres and self._listener is None:
            self._listener = threading.Thread(target=self._listen, name="board-listen",
                                              daemon=True)
            self._listener.start()

    def unsubscribe(self, sub: Subscription) -> None:
        """Forget a stream that ended."""
        with self._lock:
            subs = self._subs.get(sub.center, set())
            subs.discard(sub)
            if not subs:
                self._subs.pop(sub.center, None)

    def streams(self) -> int:
        """How many streams are subscribed in this process."""
        with self._lock:
            return sum(len(s) for s in self._subs.values())

    def close(self) -> None:
        """Stop listening (the thread ends within a second)."""
        self._stop.set()

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                conn = self.db.new_connection()
            except Exception as exc:  # ConfigError: PostgreSQL unreachable for now
                log.warning("board events: cannot listen (%s)", type(exc).__name__)
                time.sleep(RECONNECT_S)
                continue
            try:
                self._serve(conn)
            except psycopg.Error as exc:
                log.warning("board events: listening connection lost (%s)",
                            type(exc).__name__)
            finally:
                self.healthy = False
                conn.close()
            self._wake_all()  # anything may have changed while nobody listened

    def _serve(self, conn: Any) -> None:
        conn.execute(f"LISTEN {CHANNEL}")
        self.healthy = True
        self._wake_all()
        while not self._stop.is_set():
            for note in conn.notifies(timeout=1.0):
                self.wake(note.payload)

    def _wake_all(self) -> None:
        with self._lock:
            self._epoch += 1
            centers = list(self._subs)
        for center in centers:
            self.wake(center)
