"""PC/SC readers: list them, connect to the card on one, and watch insert/remove events.

Everything here is blocking, Qt-free Python. :class:`ReaderWatcher` runs pyscard's
monitors, which call back on pyscard's own background threads; it hands every event to
one plain callback. The app's Qt bridge turns those calls into signals — never touch a
widget from the callback.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.pcsc_service import list_reader_names
from kiosk.errors import CardRemovedError, NoCardError, NoReaderError

log = logging.getLogger(__name__)


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
            raise CardRemovedError("The card was removed from the reader.") from exc
        return ResponseApdu(body, sw1, sw2)

    def reconnect(self) -> None:
        """Re-establish the connection (after the card came back to the field)."""
        from smartcard.Exceptions import CardConnectionException, NoCardException

        try:
            self._connection.reconnect()
        except (CardConnectionException, NoCardException) as exc:
            raise CardRemovedError("The card is not on the reader.") from exc
        self.atr = bytes(self._connection.getATR())

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

    try:
        connection.release()
    except CardConnectionException:
        log.debug("release after card removal")


def connect_card(reader: str = "", timeout: float = 0.0, extended: bool = False) -> PcscTransport:
    """Connect to the card on ``reader`` (name or prefix; empty: the first reader).

    Waits up to ``timeout`` seconds for a card; raises :class:`NoReaderError` or
    :class:`NoCardError` with a sentence a person can act on.
    """
    from smartcard.Exceptions import CardConnectionException, NoCardException
    from smartcard.scard import SCARD_LEAVE_CARD
    from smartcard.System import readers

    deadline = time.monotonic() + timeout
    while True:
        name = pick_reader(list_reader_names(), reader)
        target = next(r for r in readers() if str(r) == name)
        connection = target.createConnection()
        try:
            # Leave the card powered on disconnect: no card traffic at release time.
            connection.connect(disposition=SCARD_LEAVE_CARD)
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

    Runs pyscard's ``ReaderMonitor`` and ``CardMonitor``; their threads call
    ``on_event``. Unplugging and re-plugging a reader shows as READER_REMOVED then
    READER_ADDED; a card on a re-plugged reader produces a fresh CARD_INSERTED.
    """

    def __init__(self, on_event: Callable[[ReaderEvent], None]) -> None:
        self._on_event = on_event
        self._lock = threading.Lock()
        self._reader_monitor: Any = None
        self._card_monitor: Any = None
        self._observers: list[Any] = []

    def start(self) -> None:
        """Start watching (returns at once; events arrive on background threads)."""
        from smartcard.CardMonitoring import CardMonitor, CardObserver
        from smartcard.ReaderMonitoring import ReaderMonitor, ReaderObserver

        watcher = self

        class _Readers(ReaderObserver):  # type: ignore[misc]
            def update(self, observable: Any, handlers: Any) -> None:
                added, removed = handlers
                for reader in added:
                    watcher._emit(ReaderEvent(ReaderEventKind.READER_ADDED, str(reader)))
                for reader in removed:
                    watcher._emit(ReaderEvent(ReaderEventKind.READER_REMOVED, str(reader)))

        class _Cards(CardObserver):  # type: ignore[misc]
            def update(self, observable: Any, handlers: Any) -> None:
                added, removed = handlers
                for card in added:
                    watcher._emit(ReaderEvent(
                        ReaderEventKind.CARD_INSERTED, str(card.reader), bytes(card.atr)))
                for card in removed:
                    watcher._emit(ReaderEvent(ReaderEventKind.CARD_REMOVED, str(card.reader)))

        self._reader_monitor = ReaderMonitor()
        self._card_monitor = CardMonitor()
        readers_obs, cards_obs = _Readers(), _Cards()
        self._observers = [readers_obs, cards_obs]
        self._reader_monitor.addObserver(readers_obs)
        self._card_monitor.addObserver(cards_obs)

    def _emit(self, event: ReaderEvent) -> None:
        with self._lock:
            try:
                self._on_event(event)
            except Exception:  # a broken consumer must not kill pyscard's thread
                log.exception("reader event handler failed")

    def stop(self) -> None:
        """Stop watching and detach the observers."""
        if self._reader_monitor is not None:
            self._reader_monitor.deleteObserver(self._observers[0])
        if self._card_monitor is not None:
            self._card_monitor.deleteObserver(self._observers[1])
        self._reader_monitor = self._card_monitor = None

