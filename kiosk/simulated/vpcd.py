"""Put an emulated card on a real PC/SC reader through vsmartcard's virtual reader (vpcd).

vpcd (the pcscd driver from ``vsmartcard-vpcd``) listens on TCP 127.0.0.1:35963 for
its first reader; a virtual card connects to it. Every message is a 2-byte big-endian
length and a payload. A 1-byte payload is a control code — 0 power off, 1 power on,
2 reset, 4 "send your ATR" (pcscd asks often, as a presence check) — and anything
longer is a command APDU, answered with the response APDU. Closing the socket is how
the card leaves the reader: pcscd then reports it removed.

Run ``python -m kiosk.simulated.vpcd SAMPLE [--port N]`` to put a sample
citizen's card on the reader until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import socket
import sys
import threading
import time

from kiosk.core.errors import KioskError, ReaderError
from kiosk.simulated.card import CardPulled, EmulatedCard
from kiosk.simulated.field_timing import contactless_s

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963
POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4


class VpcdCard:
    """An :class:`EmulatedCard` inserted into a vpcd virtual reader, served on a thread."""

    def __init__(self, card: EmulatedCard, host: str = DEFAULT_HOST,
                 port: int = DEFAULT_PORT, real_pace: bool = False) -> None:
        self.card = card
        self.host = host
        self.port = port
        # answer each APDU as late as a real contactless card would (field_timing)
        self.real_pace = real_pace
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._seen = threading.Event()
        self._closed = threading.Event()
        self._lock = threading.Lock()

    # -- life cycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Connect to vpcd (the card enters the field) and serve it on a daemon thread.

        The serving thread makes the connection itself, so the card can answer pcscd from
        the first byte: if this thread blocks in a PC/SC call at that moment (a garbage-
        collected pyscard connection disconnecting, say), pcscd may need the card's
        answer before the call returns.
        """
        if self._thread is not None:
            raise KioskError("This virtual card is already inserted.")
        # Forgotten pyscard connections disconnect when the garbage collector finalises
        # them, which blocks on pcscd; let that happen now, while no card of ours needs
        # serving, rather than later on the serving thread.
        gc.collect()
        self._closed.clear()
        self._seen.clear()
        ready = threading.Event()
        failure: list[OSError] = []
        thread = threading.Thread(target=self._run, args=(ready, failure), name="vpcd-card",
                                  daemon=True)
        self._thread = thread
        thread.start()
        ready.wait()
        if failure:
            self._thread = None
            thread.join(timeout=5)
            raise ReaderError(
                f"Cannot reach the virtual reader at {self.host}:{self.port}; is pcscd with "
                "vsmartcard-vpcd running?"
            ) from failure[0]
        log.debug("virtual card connected to vpcd on port %d", self.port)

    def _run(self, ready: threading.Event, failure: list[OSError]) -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=5)
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as exc:
            failure.append(exc)
            ready.set()
            return
        with self._lock:
            self._sock = sock
        ready.set()
        self._serve()

    def insert(self, timeout: float = 20.0) -> None:
        """Insert the card and return once pcscd reports it present.

        vpcd listens only while its slot is empty and notices that a previous card
        left only at its next poll, so a connection made too early is refused or never
        polled. And after a card closed its own socket (a "pulled" card), vpcd sometimes
        polls the next card yet pcscd keeps reporting the slot empty; taking the card
        out and in again clears it. Both are retried here until ``timeout``.
        """
        reader = f"Virtual PCD 00 {self.port - DEFAULT_PORT:02d}"
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.start()
            except ReaderError:
                if time.monotonic() >= deadline:
                    raise
            else:
                if self.wait_connected(1.0) and _wait_present(reader, 2.0):
                    return
                self.stop()
            if time.monotonic() >= deadline:
                raise ReaderError("The virtual reader did not accept the simulated card.")
            time.sleep(0.3)

    def wait_connected(self, timeout: float = 5.0) -> bool:
        """Wait until pcscd has talked to the card (asked its ATR or powered it)."""
        return self._seen.wait(timeout)

    def stop(self) -> None:
        """Close the socket: the card leaves the reader and pcscd sees it removed."""
        self._close()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    def remove(self) -> None:
        """Pull the card off the reader (same as :meth:`stop`)."""
        self.stop()

    @property
    def inserted(self) -> bool:
        """Whether the card's socket is still open."""
        return self._sock is not None and not self._closed.is_set()

    def __enter__(self) -> VpcdCard:
        self.insert()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- serving ------------------------------------------------------------------------

    def _close(self, only: socket.socket | None = None) -> None:
        """Close the card's socket (``only``: close it only if it is still that one)."""
        with self._lock:
            sock = self._sock
            if only is not None and sock is not only:
                sock = None
            else:
                self._sock = None
                self._closed.set()
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _serve(self) -> None:
        sock = self._sock
        if sock is None:
            return
        try:
            while True:
                payload = _recv_frame(sock)
                if payload is None:
                    log.debug("vpcd closed the connection")
                    break
                answer = self._handle(payload)
                if answer is not None:
                    sock.sendall(len(answer).to_bytes(2, "big") + answer)
        except CardPulled:
            log.debug("card pulled from the virtual reader (fault)")
        except OSError as exc:
            if not self._closed.is_set():
                log.warning("virtual card connection failed: %s", exc)
        except Exception:
            # Never leave pcscd waiting on a socket nobody reads: log, then close.
            log.exception("virtual card crashed; removing it from the reader")
        finally:
            self._close(only=sock)
            with contextlib.suppress(OSError):
                sock.close()

    def _handle(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            code = payload[0]
            self._seen.set()
            if code == GET_ATR:
                return self.card.atr
            if code == POWER_OFF:
                self.card.power_off()
            elif code == POWER_ON:
                self.card.power_on()
            elif code == RESET:
                self.card.reset()
            else:
                log.debug("unknown vpcd control code %d ignored", code)
            return None
        started = time.perf_counter()
        answer = self.card.process(payload)
        if self.real_pace:
            due = started + contactless_s(len(payload), len(answer))
            time.sleep(max(0.0, due - time.perf_counter()))
        return answer


def _wait_present(reader: str, timeout: float) -> bool:
    """Whether pcscd reports a card in ``reader`` within ``timeout`` seconds."""
    from smartcard import scard

    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return False
    try:
        deadline = time.monotonic() + timeout
        state = scard.SCARD_STATE_UNAWARE
        while time.monotonic() < deadline:
            hresult, states = scard.SCardGetStatusChange(context, 200, [(reader, state)])
            if hresult == scard.SCARD_S_SUCCESS:
                state = states[0][1]
                if state & scard.SCARD_STATE_PRESENT and not state & scard.SCARD_STATE_MUTE:
                    return True
                state &= ~scard.SCARD_STATE_CHANGED
        return False
    finally:
        scard.SCardReleaseContext(context)


# vpcd writes a frame's 2-byte length and its body in two send() calls on a socket with
# Nagle's algorithm on: the body waits until the length is acknowledged, and Linux delays
# that acknowledgement by up to 40 ms. Asking for quick acknowledgements after every read
# (the option does not stick) takes ~40 ms off every APDU: a real reader has no such wait.
_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        if _QUICKACK is not None:
            sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
        data += chunk
    return bytes(data)


def _recv_frame(sock: socket.socket) -> bytes | None:
    header = _recv_exact(sock, 2)
    if header is None:
        return None
    return _recv_exact(sock, int.from_bytes(header, "big"))


def main(argv: list[str] | None = None) -> int:
    """Insert a sample citizen's card into the virtual reader until Ctrl-C."""
    from kiosk.simulated.samples import build_card, list_samples

    parser = argparse.ArgumentParser(
        prog="python -m kiosk.simulated.vpcd",
        description="Put a synthetic sample CCCD on the vpcd virtual reader.",
    )
    parser.add_argument("sample", help=f"one of: {', '.join(list_samples())}")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    try:
        vcard = VpcdCard(build_card(args.sample), args.host, args.port)
        vcard.start()
    except KioskError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    sys.stdout.write(f"Card {args.sample} on the reader (port {args.port}); Ctrl-C removes it.\n")
    try:
        while vcard.inserted:
            threading.Event().wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        vcard.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
