"""USB QR scanners: keyboard-wedge (types the code) and serial-mode (pyserial).

Both deliver the same ``ScanEvent`` as the camera.

* ``KeyboardWedgeDetector`` is fed key presses with their time by the UI layer (no Qt
  here). A scanner types a burst, each key a few milliseconds after the previous,
  ending with Enter; a person types tens to hundreds of milliseconds apart. Bursts
  become scans; anything slower goes back to the UI as typing. A burst that stops
  without Enter is half a code: it is dropped and reported, never typed into a field.
* ``SerialScanner`` reads a serial port (or any pyserial URL) on a worker thread; a
  code ends with CR and/or LF. Bytes followed by silence and no terminator are half a
  code, dropped and reported. The port is reopened by itself after an unplug.
"""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections.abc import Callable
from enum import StrEnum

import serial

from kiosk.core.config import ScannerConfig
from kiosk.core.errors import KioskError, ParseError
from kiosk.devices.qr.events import Deduplicator, ScanCallback, ScanEvent
from kiosk.devices.qr.text_repair import decode_scanned

log = logging.getLogger(__name__)

ENTER_KEYS = frozenset({"\n", "\r"})
ErrorCallback = Callable[[str], None]


class ScannerError(KioskError):
    """The scanner configuration is invalid or the device failed."""


class ScannerState(StrEnum):
    """Where a serial scanner's worker is."""

    STOPPED = "stopped"
    RUNNING = "running"
    UNAVAILABLE = "unavailable"  # port missing or unplugged; retrying


def _emit(on_scan: ScanCallback, dedup: Deduplicator | None, raw: bytes | str,
          source: str, detail: str, on_error: ErrorCallback | None) -> None:
    try:
        text, repair = decode_scanned(raw)
    except ParseError as exc:
        if on_error is not None:
            on_error(str(exc))
        return
    if dedup is not None and not dedup.is_new(text):
        return
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    note = f"{detail}, {repair}" if repair else detail
    try:
        on_scan(ScanEvent(text, data, source, time.monotonic(), note))
    except Exception:
        log.exception("QR scan callback failed")


class KeyboardWedgeDetector:
    """Tells a keyboard-wedge scanner's bursts from a person typing, by key timing.

    ``feed(key, at)`` takes one character (Enter as "\\n" or "\\r") and its time in
    seconds; ``flush(now)`` should be called from a timer (e.g. every 100 ms) so a
    burst without Enter is noticed. ``on_typing`` receives text that was typed by a
    person, to be put back into the focused field.
    """

    def __init__(self, on_scan: ScanCallback, *, on_typing: Callable[[str], None] | None = None,
                 on_error: ErrorCallback | None = None, dedup: Deduplicator | None = None,
                 max_gap_s: float = 0.035, min_length: int = 20,
                 max_length: int = 4096) -> None:
        self.on_scan = on_scan
        self.on_typing = on_typing
        self.on_error = on_error
        self.dedup = dedup
        self.max_gap_s = max_gap_s
        self.min_length = min_length
        self.max_length = max_length
        self._keys: list[str] = []
        self._times: list[float] = []

    def _burst_like(self) -> bool:
        gaps = [b - a for a, b in zip(self._times, self._times[1:], strict=False)]
        return (len(self._keys) >= self.min_length and bool(gaps)
                and statistics.median(gaps) <= self.max_gap_s / 2
                and max(gaps) <= self.max_gap_s)

    def _release_as_typing(self, extra: str = "") -> None:
        text = "".join(self._keys) + extra
        self._keys.clear()
        self._times.clear()
        if text and self.on_typing is not None:
            self.on_typing(text)

    def feed(self, key: str, at: float) -> None:
        """One key press at time ``at`` (seconds, monotonic)."""
        if self._times and at - self._times[-1] > self.max_gap_s:
            self.flush(at)
        if key in ENTER_KEYS:
            if self._burst_like():
                span = (self._times[-1] - self._times[0]) * 1000
                detail = f"{len(self._keys)} keys in {span:.0f} ms"
                text = "".join(self._keys)
                self._keys.clear()
                self._times.clear()
                _emit(self.on_scan, self.dedup, text, "keyboard", detail, self.on_error)
            else:
                self._release_as_typing(key)
            return
        if len(self._keys) >= self.max_length:
            self._keys.clear()
            self._times.clear()
            if self.on_error is not None:
                self.on_error("the scanner sent more than the longest possible QR code")
        self._keys.append(key)
        self._times.append(at)

    def flush(self, now: float) -> None:
        """Close a pending sequence once the keys have stopped for longer than a burst gap."""
        if not self._times or now - self._times[-1] <= self.max_gap_s:
            return
        if self._burst_like():
            self._keys.clear()
            self._times.clear()
            log.warning("keyboard-wedge scanner sent an incomplete code (no Enter)")
            if self.on_error is not None:
                self.on_error("the scanner sent an incomplete code (no Enter at the end)")
        else:
            self._release_as_typing()


class SerialScanner:
    """A serial-mode scanner read on a worker thread (pyserial URL or device path)."""

    def __init__(self, port: str, on_scan: ScanCallback, *, baudrate: int = 9600,
                 on_error: ErrorCallback | None = None,
                 on_state: Callable[[ScannerState, str], None] | None = None,
                 dedup: Deduplicator | None = None, idle_timeout_s: float = 0.3,
                 retry_s: float = 2.0, max_length: int = 4096) -> None:
        self.port = port
        self.baudrate = baudrate
        self.on_scan = on_scan
        self.on_error = on_error
        self.on_state = on_state
        self.dedup = dedup
        self.idle_timeout_s = idle_timeout_s
        self.retry_s = retry_s
        self.max_length = max_length
        self.state = ScannerState.STOPPED
        self.reason = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start reading (no-op when running). Returns at once."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="qr-serial", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop reading and close the port (safe from the ``on_scan`` callback)."""
        self._stop.set()
        if self._thread is threading.current_thread():
            return
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._set_state(ScannerState.STOPPED, "")

    def _set_state(self, state: ScannerState, reason: str) -> None:
        if (state, reason) == (self.state, self.reason):
            return
        self.state, self.reason = state, reason
        log.info("serial scanner %s%s", state.value, f": {reason}" if reason else "")
        if self.on_state is not None:
            self.on_state(state, reason)

    def _error(self, message: str) -> None:
        log.warning("serial scanner: %s", message)
        if self.on_error is not None:
            self.on_error(message)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                port = serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=0.05)
            except (serial.SerialException, OSError, ValueError) as exc:
                self._set_state(ScannerState.UNAVAILABLE,
                                f"serial port {self.port} cannot be opened ({type(exc).__name__})")
                self._stop.wait(self.retry_s)
                continue
            self._set_state(ScannerState.RUNNING, "")
            try:
                self._read_loop(port)
            except (serial.SerialException, OSError) as exc:
                self._set_state(ScannerState.UNAVAILABLE,
                                f"serial port {self.port} failed ({type(exc).__name__})")
                self._stop.wait(self.retry_s)
            finally:
                port.close()

    def _read_loop(self, port: serial.SerialBase) -> None:
        buffer = bytearray()
        last = time.monotonic()
        while not self._stop.is_set():
            chunk = port.read(256)
            now = time.monotonic()
            if not chunk:
                if buffer and now - last > self.idle_timeout_s:
                    buffer.clear()
                    self._error("the scanner sent an incomplete code (no end of line)")
                continue
            last = now
            buffer.extend(chunk)
            while True:
                cut = min((i for i in (buffer.find(b"\r"), buffer.find(b"\n")) if i >= 0),
                          default=-1)
                if cut < 0:
                    break
                line = bytes(buffer[:cut])
                del buffer[:cut + 1]
                if line:
                    _emit(self.on_scan, self.dedup, line, "serial", f"{len(line)} bytes",
                          self.on_error)
            if len(buffer) > self.max_length:
                buffer.clear()
                self._error("the scanner sent more than the longest possible QR code")


def serial_port_from_url(url: str) -> str:
    """The pyserial port for a scanner URL: ``serial:///dev/ttyACM0`` → ``/dev/ttyACM0``."""
    if url.startswith("serial://"):
        port = url[len("serial://"):]
        if port:
            return port
    raise ScannerError(f"scanner URL {url!r} is not serial:///dev/DEVICE")


def serial_scanner_from_config(config: ScannerConfig, on_scan: ScanCallback,
                               **kwargs: object) -> SerialScanner | None:
    """The serial scanner ``config.url`` names, or None for ``keyboard:`` / no scanner."""
    url = config.url.strip()
    if not url or url == "keyboard:":
        return None
    return SerialScanner(serial_port_from_url(url), on_scan, baudrate=config.baudrate,
                         **kwargs)  # type: ignore[arg-type]
