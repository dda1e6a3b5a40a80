"""PC/SC readers: list them, connect to the card on one, and watch insert/remove events.

Everything here is blocking, Qt-free Python. :class:`ReaderWatcher` watches readers
and cards on its own background thread and hands every event to one plain callback.
The app's Qt bridge turns those calls into signals — never touch a widget from the
callback.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.core.errors import (
    CardRemovedError,
    NoCardError,
    NoReaderError,
    ReaderDisconnectedError,
    ReaderError,
)
from kiosk.devices.card.pcsc_service import list_reader_names
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu

log = logging.getLogger(__name__)

# PC/SC results that mean the reader or pcscd went away, not just the card:
# SCARD_E_UNKNOWN_READER, SCARD_E_READER_UNAVAILABLE, SCARD_E_NO_SERVICE,
# SCARD_E_SERVICE_STOPPED, SCARD_E_NO_READERS_AVAILABLE.
READER_GONE = frozenset({0x80100009, 0x80100017, 0x8010001D, 0x8010001E, 0x8010002E})


def pick_reader(names: list[str], wanted: str = "") -> str:
    """Choose a reader: exact name, else the first whose name starts with ``wanted``."""
    if not names:
        raise NoReaderError("No card reader is connected; plug in the reader and try again.")
    if not wanted:
        return names[0]
    if wanted in names:
        return wanted
    for name in names:
        if name.startswith(wanted):
            return name
    raise NoReaderError(
        f"No reader named '{wanted}' is connected; connected readers: {', '.join(names)}."
    )


class PcscTransport:
    """A :class:`~kiosk.devices.chip.apdu.Transport` over one pyscard card connection."""

    def __init__(self, connection: Any, reader: str, extended: bool = False) -> None:
        self._connection = connection
        self.reader = reader
        self._extended = extended
        self.atr = bytes(connection.getATR())

    @property
    def supports_extended(self) -> bool:
        """Whether extended-length APDUs are allowed on this reader/card pair."""
        return self._extended

    @property
    def max_response(self) -> int | None:
        """The largest APDU the reader's driver says it carries (PC/SC SCARD_ATTR_MAXINPUT,
        the CCID reader's message size), or None when the driver does not tell."""
        from smartcard.scard import SCARD_ATTR_MAXINPUT

        try:
            value = bytes(self._connection.getAttrib(SCARD_ATTR_MAXINPUT))
        except Exception:  # "not supported" by many drivers (vpcd among them)
            return None
        return int.from_bytes(value[:4], "little") if len(value) >= 2 else None

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        """Send one APDU; fetch chained data on 61xx; map removal to CardRemovedError."""
        from smartcard.Exceptions import CardConnectionException

        raw = command.to_bytes()
        try:
            data, sw1, sw2 = self._connection.transmit(list(raw))
            body = bytes(data)
            while sw1 == 0x61:  # T=0 chaining: GET RESPONSE for the rest
                more, sw1, sw2 = self._connection.transmit([0x00, 0xC0, 0x00, 0x00, sw2])
                body += bytes(more)
        except CardConnectionException as exc:
            if getattr(exc, "hresult", None) in READER_GONE or not self._reader_present():
                raise ReaderDisconnectedError(
                    "The card reader was disconnected (or the smart-card service stopped)."
                ) from exc
            raise CardRemovedError("The card was removed from the reader.") from exc
        return ResponseApdu(body, sw1, sw2)

    def _reader_present(self) -> bool:
        """After a failed exchange: is our reader still there (else it, not the card, left)?"""
        try:
            return self.reader in list_reader_names()
        except ReaderError:
            return False

    def reconnect(self) -> None:
        """Connect afresh to the card on the same reader (after it came back to the field).

        Raises CardRemovedError while no card is there. The old handle is released
        first: after a removal pcscd invalidates it.
        """
        _release(self._connection)
        try:
            fresh = connect_card(self.reader, timeout=0.0, extended=self._extended)
        except NoCardError as exc:
            raise CardRemovedError("The card is not on the reader.") from exc
        self._connection, fresh._connection = fresh._connection, None
        self.atr = fresh.atr

    def close(self) -> None:
        """Release the card connection and its PC/SC context.

        Explicit, not left to the garbage collector: pyscard's finaliser disconnects
        from whatever thread happens to collect it, which can block on pcscd at a bad
        moment (e.g. while the virtual card's serving thread is being created).
        """
        _release(self._connection)

    def __enter__(self) -> PcscTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _release(connection: Any) -> None:
    from smartcard.Exceptions import CardConnectionException

    if connection is None:
        return
    try:
        connection.release()
    except CardConnectionException:
        # pcscd is gone: nothing left to release, and pyscard's finaliser must not retry.
        connection.hcontext = None
        log.debug("release after the reader or service went away")


def connect_card(reader: str = "", timeout: float = 0.0, extended: bool = False) -> PcscTransport:
    """Connect to the card on ``reader`` (name or prefix; empty: the first reader).

    Waits up to ``timeout`` seconds for a card; raises :class:`NoReaderError` or
    :class:`NoCardError` with a sentence a person can act on.
    """
    from smartcard.Exceptions import CardConnectionException, NoCardException
    from smartcard.scard import SCARD_LEAVE_CARD, SCARD_RESET_CARD
    from smartcard.System import readers

    deadline = time.monotonic() + timeout
    while True:
        name = pick_reader(list_reader_names(), reader)
        target = next((r for r in readers() if str(r) == name), None)
        if target is None:  # unplugged between the two listings
            raise NoReaderError(f"The reader '{name}' was just disconnected; reconnect it.")
        connection = target.createConnection()
        try:
            # Leave the card powered on disconnect: no card traffic at release time.
            connection.connect(disposition=SCARD_LEAVE_CARD)
            # But start every read from a clean chip: a card left on the reader still
            # holds the previous read's secure-messaging session, and would answer
            # 6987 to the plain commands that begin a new one.
            connection.reconnect(disposition=SCARD_RESET_CARD)
            connection.disposition = SCARD_LEAVE_CARD
            log.info("card connected", extra={"fields": {"reader": name}})
            return PcscTransport(connection, name, extended)
        except (NoCardException, CardConnectionException) as exc:
            _release(connection)
            if time.monotonic() >= deadline:
                raise NoCardError(
                    f"No card on reader '{name}'; place the ID card on the reader."
                ) from exc
            time.sleep(0.1)


class ReaderEventKind(StrEnum):
    """What happened on the PC/SC bus."""

    READER_ADDED = "reader_added"
    READER_REMOVED = "reader_removed"
    CARD_INSERTED = "card_inserted"
    CARD_REMOVED = "card_removed"


@dataclass(frozen=True)
class ReaderEvent:
    """One reader or card event. ``atr`` is set for insertions."""

    kind: ReaderEventKind
    reader: str
    atr: bytes = b""


class ReaderWatcher:
    """Delivers reader plug/unplug and card insert/remove events to one callback.

    One background thread blocks in pyscard's ``SCardGetStatusChange`` (card changes
    arrive at once) and re-lists readers at least every ``poll_s`` seconds. pyscard's
    own ``ReaderMonitor``/``CardMonitor`` threads die for good when pcscd restarts
    (verified: an unhandled EstablishContextException), which on a kiosk means the
    reader silently stops working; this watcher instead reports every reader as removed,
    waits for the service, and reports them added again. Unplugging a reader shows as
    READER_REMOVED (and CARD_REMOVED if a card was on it); re-plugging as READER_ADDED
    then CARD_INSERTED for a card already on it.
    """

    def __init__(self, on_event: Callable[[ReaderEvent], None], poll_s: float = 0.5) -> None:
        self._on_event = on_event
        self._poll_ms = int(poll_s * 1000)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._cards: dict[str, bool] = {}  # reader name -> card present

    def start(self) -> None:
        """Start watching (returns at once; events arrive on a background thread)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="reader-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching; returns when the thread has ended."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=5)

    def cards_present(self) -> list[str]:
        """The readers that hold a card now, as last seen (for a late listener)."""
        return sorted(name for name, present in dict(self._cards).items() if present)

    def _emit(self, event: ReaderEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # a broken consumer must not kill the watcher
            log.exception("reader event handler failed")

    def _forget_all(self) -> None:
        for name in sorted(self._cards):
            self._set_readers_removed(name)
        self._cards.clear()

    def _set_readers_removed(self, name: str) -> None:
        if self._cards.get(name):
            self._emit(ReaderEvent(ReaderEventKind.CARD_REMOVED, name))
        self._emit(ReaderEvent(ReaderEventKind.READER_REMOVED, name))

    def _run(self) -> None:
        from smartcard import scard

        while not self._stop.is_set():
            hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hresult != scard.SCARD_S_SUCCESS:
                self._forget_all()
                self._stop.wait(self._poll_ms / 1000)
                continue
            try:
                self._watch(context)
            finally:
                scard.SCardReleaseContext(context)
            if not self._stop.is_set():
                log.warning("smart-card service lost; waiting for it to return")
                self._forget_all()
                self._stop.wait(self._poll_ms / 1000)

    def _watch(self, context: Any) -> None:
        """Watch until stopped or until the service goes away."""
        from smartcard import scard

        while not self._stop.is_set():
            hresult, names = scard.SCardListReaders(context, [])
            if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
                names = []
            elif hresult != scard.SCARD_S_SUCCESS:
                return
            for name in sorted(set(self._cards) - set(names)):
                self._set_readers_removed(name)
                del self._cards[name]
            for name in names:
                if name not in self._cards:
                    self._cards[name] = False
                    self._emit(ReaderEvent(ReaderEventKind.READER_ADDED, name))
            if not names:
                self._stop.wait(self._poll_ms / 1000)
                continue
            unaware = [(name, scard.SCARD_STATE_UNAWARE) for name in names]
            hresult, states = scard.SCardGetStatusChange(context, 0, unaware)
            if hresult != scard.SCARD_S_SUCCESS:
                if hresult in READER_GONE:
                    return
                continue  # a reader vanished between the two calls: list again
            for name, state, atr in states:
                self._update(name, bool(state & scard.SCARD_STATE_PRESENT), bytes(atr))
            known = [(name, state & ~scard.SCARD_STATE_CHANGED) for name, state, _ in states]
            hresult, _changed = scard.SCardGetStatusChange(context, self._poll_ms, known)
            if hresult in READER_GONE:
                return

    def _update(self, name: str, present: bool, atr: bytes) -> None:
        if self._cards.get(name) == present:
            return
        self._cards[name] = present
        if present:
            self._emit(ReaderEvent(ReaderEventKind.CARD_INSERTED, name, atr))
        else:
            self._emit(ReaderEvent(ReaderEventKind.CARD_REMOVED, name))
