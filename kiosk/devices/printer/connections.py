"""Open a printer from one URL, through python-escpos's connection classes.

==========================================  ===========================================
``usb://04b8:0e15?timeout=1000``            USB, vendor:product in hex (needs pyusb)
``serial:///dev/ttyUSB0?baudrate=19200``    serial port (also ``timeout``, ``parity``)
``tcp://10.0.0.5:9100?timeout=5``           network printer, raw port 9100 by default
``file:///dev/usb/lp0``                     a device file (write only: no status)
``cups://QUEUE?server=HOST:631``            a CUPS raw queue (needs pycups; server optional)
``sim://?paper=out``                        the virtual printer (see simulated/)
==========================================  ===========================================
"""

from __future__ import annotations

import tempfile
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from escpos.escpos import Escpos
from escpos.exceptions import Error as EscposError
from escpos.printer import CupsPrinter

from kiosk.devices.printer import cups_health
from kiosk.devices.printer.errors import PrinterConfigError, PrinterConnectionError
from kiosk.devices.printer.health import PrinterHealth
from kiosk.devices.printer.profiles import PrinterProfile

SCHEMES = ("usb", "serial", "tcp", "file", "cups", "sim")
DEVICE_ERRORS: tuple[type[BaseException], ...] = (OSError, EscposError)
"""What python-escpos and the libraries under it raise when a device fails
(pyusb's USBError and pyserial's SerialException are OSErrors)."""


@dataclass(frozen=True)
class PrinterUrl:
    """A parsed printer URL: scheme, target (device, host, queue) and options."""

    scheme: str
    target: str
    port: int | None = None
    options: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """The URL without options, for logs and status output."""
        port = f":{self.port}" if self.port else ""
        return f"{self.scheme}://{self.target}{port}"


def _number(options: dict[str, str], key: str, default: float, url: str) -> float:
    try:
        return float(options.get(key, default))
    except ValueError:
        raise PrinterConfigError(f"printer URL {url!r}: {key} must be a number") from None


def parse_printer_url(url: str) -> PrinterUrl:
    """Parse and check a printer URL; a bad one raises PrinterConfigError."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port if parts.scheme.lower() == "tcp" else None
    except ValueError as exc:
        raise PrinterConfigError(f"printer URL {url!r} is malformed: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        names = ", ".join(f"{s}://" for s in SCHEMES)
        raise PrinterConfigError(f"printer URL {url!r} must start with one of {names}")
    options = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    if scheme in ("serial", "file"):
        target = urllib.parse.unquote(parts.path or parts.netloc)
        if not target:
            raise PrinterConfigError(f"printer URL {url!r} names no device file")
        return PrinterUrl(scheme, target, None, options)
    host = parts.hostname or ""
    if scheme == "usb":
        text = parts.netloc
        ids = text.split(":")
        if len(ids) != 2 or not all(len(i) == 4 for i in ids):
            raise PrinterConfigError(
                f"printer URL {url!r} must be usb://VID:PID in hex (04b8:0e15)"
            )
        try:
            int(ids[0], 16), int(ids[1], 16)
        except ValueError:
            raise PrinterConfigError(f"printer URL {url!r}: VID:PID must be hexadecimal") from None
        return PrinterUrl(scheme, text.lower(), None, options)
    if scheme == "tcp":
        if not host:
            raise PrinterConfigError(f"printer URL {url!r} names no host")
        return PrinterUrl(scheme, host, port or 9100, options)
    if scheme == "cups":
        queue = parts.netloc or parts.path.strip("/")
        if not queue:
            raise PrinterConfigError(f"printer URL {url!r} names no CUPS queue")
        return PrinterUrl(scheme, queue, None, options)
    return PrinterUrl(scheme, "", None, options)


def _build(spec: PrinterUrl, url: str, profile: PrinterProfile) -> Any:
    options = spec.options
    if spec.scheme == "sim":
        from kiosk.simulated.virtual_printer import VirtualPrinter

        return VirtualPrinter.from_url(url, profile)
    if spec.scheme == "usb":
        from escpos.printer import Usb

        if not Usb.is_usable():
            raise PrinterConfigError("usb:// printers need the pyusb package and libusb-1.0")
        vendor, product = (int(x, 16) for x in spec.target.split(":"))
        return Usb(
            vendor,
            product,
            timeout=int(_number(options, "timeout", 1000, url)),
            in_ep=int(options.get("in_ep", "0x82"), 0),
            out_ep=int(options.get("out_ep", "0x01"), 0),
            profile=profile.key,
        )
    if spec.scheme == "serial":
        from escpos.printer import Serial

        return Serial(
            devfile=spec.target,
            baudrate=int(_number(options, "baudrate", 9600, url)),
            timeout=_number(options, "timeout", 1.0, url),
            parity=options.get("parity", "N").upper()[:1],
            dsrdtr=options.get("dsrdtr", "1") not in ("0", "false", "no"),
            profile=profile.key,
        )
    if spec.scheme == "tcp":
        from escpos.printer import Network

        return Network(
            spec.target,
            port=spec.port or 9100,
            timeout=_number(options, "timeout", 5.0, url),
            profile=profile.key,
        )
    if spec.scheme == "file":
        from escpos.printer import File

        return File(spec.target, profile=profile.key)
    return _cups_printer(spec, url, profile)


class KioskCupsPrinter(CupsPrinter):  # type: ignore[misc]
    """python-escpos's CUPS printer, with checks and status from the queue.

    * opening names the queue and the existing ones when the queue is absent, and says
      so plainly when no CUPS server answers (python-escpos only says "not found");
    * a status request (DLE EOT n, see ``exchange``) is a sync point: the bytes written
      so far go to CUPS as one raw job, then the queue state is read (n=1) and
      translated into the printer's reply (cups_health). So a kiosk that keeps the
      printer open still prints each job, and CUPS states such as media-empty or a
      stopped queue reach the health check.
    """

    def open(self, job_name: str = "kiosk", raise_not_found: bool = True) -> None:
        """Check the server and the queue, then open as python-escpos does."""
        connection = cups_health.connect(self.host, self.port)
        cups_health.check_queue(connection, self.printer_name)
        super().open(job_name=job_name, raise_not_found=raise_not_found)
        self._replies: dict[int, int] = {}

    def send(self) -> None:
        """Submit the pending bytes as one raw CUPS job and start a new buffer."""
        cups = cups_health._cups()
        try:
            super().send()
        except (cups.IPPError, RuntimeError) as exc:
            raise ConnectionError(f"CUPS refused the job for {self.printer_name}: {exc}") from None
        finally:
            self._clear()
            # the next job's buffer, closed (and deleted) by the next send or close
            buffer: Any = tempfile.NamedTemporaryFile(delete=True)  # noqa: SIM115
            self.tmpfile = buffer

    def status_reply(self, command: bytes) -> bytes:
        """Answer DLE EOT n from the CUPS queue state (sending pending bytes first)."""
        n = command[-1] if len(command) == 3 else 0
        if n == 1 or not getattr(self, "_replies", None):
            if self.pending_job:
                self.send()
            queue = cups_health.read_queue_state(self.device, self.printer_name)
            self._replies = cups_health.status_replies(queue)
        reply = self._replies.get(n)
        return b"" if reply is None else bytes([reply])

    def queue_health(self) -> PrinterHealth:
        """The queue's state as a PrinterHealth with CUPS's own words as detail."""
        return cups_health.queue_health(
            cups_health.read_queue_state(self.device, self.printer_name)
        )


def _cups_printer(spec: PrinterUrl, url: str, profile: PrinterProfile) -> KioskCupsPrinter:
    if not CupsPrinter.is_usable():
        raise PrinterConfigError("cups:// printers need the pycups package (and libcups2)")
    server = spec.options.get("server", "")
    host, _, port = server.rpartition(":") if ":" in server else (server, "", "")
    try:
        port_number = int(port) if port else None
    except ValueError:
        port_number = -1
    if port_number is not None and not 0 < port_number < 65536:
        raise PrinterConfigError(f"printer URL {url!r}: server port must be a number 1-65535")
    options: dict[str, Any] = {"profile": profile.key}
    if host:
        options["host"] = host
    if port_number is not None:
        options["port"] = port_number
    return KioskCupsPrinter(spec.target, **options)


def open_printer(url: str, profile: PrinterProfile) -> Escpos:
    """Open the printer at ``url`` as a python-escpos printer for ``profile``.

    A device that cannot be opened raises PrinterConnectionError (the message names
    the URL without options, never printed data).
    """
    spec = parse_printer_url(url)
    printer = _build(spec, url, profile)
    try:
        printer.open()
    except DEVICE_ERRORS as exc:
        raise PrinterConnectionError(
            f"cannot open printer {spec.describe()}: {type(exc).__name__}"
        ) from exc
    return printer


def exchange(printer: Escpos, command: bytes) -> bytes:
    """Send a real-time command and return the reply (b"" when nothing came back).

    Raises NotImplementedError, without sending anything, when the connection cannot
    read at all (file://: python-escpos gives it no ``_read``). A cups:// printer is
    answered from its CUPS queue state instead (KioskCupsPrinter.status_reply).
    """
    if isinstance(printer, KioskCupsPrinter):
        return printer.status_reply(command)
    if type(printer)._read is Escpos._read:
        raise NotImplementedError("this connection cannot read replies")
    printer._raw(command)
    try:
        reply = printer._read()
    except TimeoutError:
        return b""
    except OSError as exc:
        if "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower():
            return b""
        raise
    return bytes(reply or b"")
