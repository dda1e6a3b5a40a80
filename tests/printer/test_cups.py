"""cups:// printers through a real CUPS scheduler (cupsd started by packaging/ci/start-cups.sh).

Each test gets its own raw queue whose device is ``socket://127.0.0.1:PORT``, the
way a network receipt printer is attached to CUPS; the "printer" at that port is a
TCP listener here that keeps every byte CUPS delivers. The bytes are then read by the
virtual printer (the ESC/POS interpreter), so the tests assert on what the paper
would say. Nothing is mocked. Skipped only when cupsd is not installed.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.printer.connections import KioskCupsPrinter, _build, parse_printer_url
from kiosk.devices.printer.cups_health import (
    IDLE,
    PROCESSING,
    STOPPED,
    CupsQueueState,
    connect,
    queue_health,
    status_replies,
)
from kiosk.devices.printer.errors import PrinterConfigError, PrinterConnectionError
from kiosk.devices.printer.escpos_interpreter import interpret
from kiosk.devices.printer.health import PrinterState
from kiosk.devices.printer.profiles import load_profile
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.slips.jobs import demo_receipt, demo_ticket
from kiosk.slips.layouts import receipt_document, ticket_document
from tests.support.waiting import wait_until

from .conftest import CENTER

pytestmark = [pytest.mark.integration]  # a real CUPS daemon and its backends

ROOT = Path(__file__).resolve().parents[2]
KIOSK = [sys.executable, "-m", "kiosk.cli"]
WAIT = 15.0  # seconds: the longest any wait for CUPS may take
needs_cupsd = pytest.mark.skipif(
    shutil.which("cupsd", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin") is None,
    reason="cupsd is not installed (apt-get install cups cups-bsd libcups2-dev)",
)
_names = itertools.count()


class SocketPrinter:
    """A TCP 'printer' on 127.0.0.1 that stores every byte it receives, in order."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port: int = self._server.getsockname()[1]
        self._data = bytearray()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(WAIT)
                while chunk := connection.recv(65536):
                    with self._lock:
                        self._data += chunk

    @property
    def data(self) -> bytes:
        """Everything received so far."""
        with self._lock:
            return bytes(self._data)

    def wait_for(self, size: int) -> bytes:
        """Wait (at most WAIT seconds) until ``size`` bytes have arrived."""
        wait_until(lambda: len(self.data) >= size, WAIT, message=f"{size} bytes at the printer")
        return self.data

    def close(self) -> None:
        """Stop listening."""
        self._stop.set()
        self._thread.join(WAIT)
        self._server.close()


@dataclass
class Queue:
    """A raw CUPS queue for one test and the socket printer behind it."""

    name: str
    printer: SocketPrinter

    @property
    def url(self) -> str:
        """The kiosk printer URL of the queue."""
        return f"cups://{self.name}"


def cups_command(*argv: str) -> str:
    """Run a CUPS admin command (bounded) and return its output."""
    done = subprocess.run(argv, capture_output=True, text=True, timeout=WAIT, check=True)
    return done.stdout


def wait_idle(queue: str) -> None:
    """Wait (at most WAIT seconds) until CUPS has no pending job for ``queue``."""
    wait_until(lambda: not cups_command("lpstat", "-o", queue).strip(), WAIT,
               message=f"CUPS to finish the jobs of {queue}")


@pytest.fixture(scope="module")
def cups_server() -> str:
    """Start cupsd when it is not running; the server it listens on."""
    done = subprocess.run(
        ["sh", str(ROOT / "packaging/ci/start-cups.sh")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"start-cups.sh failed: {done.stderr}"
    return done.stdout.strip()


@pytest.fixture
def queue(cups_server: str) -> Iterator[Queue]:
    """A fresh raw queue printing to a socket printer; removed afterwards."""
    printer = SocketPrinter()
    name = f"KioskTest_{os.getpid()}_{next(_names)}"
    cups_command("lpadmin", "-p", name, "-E", "-v", f"socket://127.0.0.1:{printer.port}")
    try:
        yield Queue(name, printer)
    finally:
        subprocess.run(["lpadmin", "-x", name], capture_output=True, timeout=WAIT)
        printer.close()


def kiosk(*argv: str) -> subprocess.CompletedProcess[str]:
    """Run the real ``kiosk`` command line (bounded)."""
    return subprocess.run([*KIOSK, *argv], capture_output=True, text=True, timeout=60, cwd=ROOT)


# -- the queue state as printer health (pure translation, no server needed) ---------------


@pytest.mark.parametrize(
    ("state", "reasons", "accepting", "expected"),
    [
        (IDLE, ("none",), True, PrinterState.READY),
        (PROCESSING, ("connecting-to-device",), True, PrinterState.READY),
        (IDLE, ("media-low-report",), True, PrinterState.PAPER_NEAR_END),
        (STOPPED, ("media-empty-error",), True, PrinterState.PAPER_OUT),
        (PROCESSING, ("media-needed",), True, PrinterState.PAPER_OUT),
        (STOPPED, ("cover-open-error", "media-low-warning"), True, PrinterState.COVER_OPEN),
        (PROCESSING, ("cutter-failure-error",), True, PrinterState.CUTTER_ERROR),
        (PROCESSING, ("media-jam-error",), True, PrinterState.MECHANICAL_ERROR),
        (STOPPED, ("paused",), True, PrinterState.OFFLINE),
        (IDLE, ("none",), False, PrinterState.OFFLINE),
        (PROCESSING, ("offline-report",), True, PrinterState.OFFLINE),
        (PROCESSING, ("spool-area-full-error",), True, PrinterState.OFFLINE),
        (IDLE, ("toner-low-warning",), True, PrinterState.READY),
    ],
)
def test_queue_state_translates_to_printer_state(
    state: int, reasons: tuple[str, ...], accepting: bool, expected: PrinterState
) -> None:
    queue = CupsQueueState("Quay_3", state, reasons, accepting)
    health = queue_health(queue)
    assert health.state is expected
    assert health.detail.startswith("CUPS queue Quay_3: ")
    replies = status_replies(queue)
    assert all(b & 0x93 == 0x12 for b in replies.values())  # valid ESC/POS status bytes


def test_cups_url_server_option() -> None:
    profile = load_profile("TM-T20II")
    url = "cups://Quay_3?server=10.0.0.9:8631"
    printer = _build(parse_printer_url(url), url, profile)
    assert isinstance(printer, KioskCupsPrinter)
    assert (printer.printer_name, printer.host, printer.port) == ("Quay_3", "10.0.0.9", 8631)
    for bad in ("cups://Quay_3?server=host:ipp", "cups://Quay_3?server=host:70000"):
        with pytest.raises(PrinterConfigError, match="server port must be a number"):
            _build(parse_printer_url(bad), bad, profile)


@settings(max_examples=200, deadline=None)
@given(url=st.from_regex(r"cups://[\w.-]{0,12}(\?server=[\w:./%-]{0,20})?", fullmatch=True))
def test_cups_urls_build_or_fail_with_config_errors(url: str) -> None:
    profile = load_profile("TM-T20II")
    try:
        printer = _build(parse_printer_url(url), url, profile)
    except PrinterConfigError as exc:
        assert str(exc).startswith("printer URL")
    else:
        assert isinstance(printer, KioskCupsPrinter) and printer.printer_name


@settings(max_examples=200, deadline=None)
@given(
    state=st.integers(0, 9),
    reasons=st.lists(st.from_regex(r"[a-z-]{0,20}", fullmatch=True), max_size=5),
    accepting=st.booleans(),
)
def test_any_queue_state_gives_a_health(state: int, reasons: list[str], accepting: bool) -> None:
    health = queue_health(CupsQueueState("Q", state, tuple(reasons), accepting))
    assert health.state in health.conditions and health.detail.startswith("CUPS queue Q")
    if state == STOPPED or not accepting:
        assert not health.printable


# -- through the real scheduler ---------------------------------------------------------------


@needs_cupsd
def test_kiosk_print_ticket_through_cups(queue: Queue, tmp_path: Path) -> None:
    job = tmp_path / "ticket.bin"
    done = kiosk("print", "ticket", "--printer", queue.url, "--save-job", str(job))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Đã in phiếu" in done.stdout and "Printer ready" in done.stdout
    sent = job.read_bytes()
    delivered = queue.printer.wait_for(len(sent))
    # byte for byte what the kiosk built: no status request leaked into the job
    assert delivered == sent
    paper = interpret(delivered, load_profile("TM-T20II"))
    text = "\n".join(paper.text_lines())
    ticket = demo_ticket()
    for expected in ("PHIẾU SỐ THỨ TỰ", ticket.number, ticket.service_vi, ticket.service_en):
        assert expected in text
    assert paper.qr_payloads() == [ticket.track_url]
    assert paper.cuts() == 1 and not paper.faults


@needs_cupsd
def test_a_kept_open_printer_sends_every_job(queue: Queue) -> None:
    """The kiosk keeps its printer open: each job must reach CUPS without a close()."""
    printer = ReceiptPrinter(queue.url, "TM-T20II")
    receipt = printer.build(receipt_document(demo_receipt(), CENTER))
    ticket = printer.build(ticket_document(demo_ticket(), CENTER))
    assert len(receipt.data) > 1024  # sent in several pieces, checked between them
    first = printer.print_job(receipt)
    second = printer.print_job(ticket)
    assert first.printed and second.printed
    assert first.state is PrinterState.READY
    delivered = queue.printer.wait_for(len(receipt.data) + len(ticket.data))
    assert delivered == receipt.data + ticket.data
    text = "\n".join(interpret(delivered, printer.profile).text_lines())
    assert demo_receipt().submission_code in text and demo_ticket().number in text
    printer.close()


@needs_cupsd
def test_stopped_and_rejecting_queues_are_not_ready(queue: Queue) -> None:
    cups_command("cupsdisable", queue.name)
    done = kiosk("print", "status", "--printer", queue.url, "--json")
    assert done.returncode == 1
    assert '"state": "offline"' in done.stdout and '"printable": false' in done.stdout
    printer = ReceiptPrinter(queue.url, "TM-T20II")
    outcome = printer.print_document(ticket_document(demo_ticket(), CENTER))
    assert not outcome.printed and outcome.state is PrinterState.OFFLINE
    assert "ngoại tuyến" in outcome.message_vi
    health = printer.connection().queue_health()
    assert "stopped" in health.detail and "paused" in health.detail
    cups_command("cupsenable", queue.name)
    assert printer.health().state is PrinterState.READY
    cups_command("cupsreject", queue.name)
    assert printer.health().state is PrinterState.OFFLINE
    printer.close()
    wait_idle(queue.name)
    assert queue.printer.data == b""  # nothing printed while not ready


@needs_cupsd
def test_missing_queue_names_it_and_lists_the_others(queue: Queue) -> None:
    done = kiosk("print", "ticket", "--printer", "cups://No_Such_Queue")
    assert done.returncode == 1
    assert "CUPS queue 'No_Such_Queue' does not exist" in done.stdout
    assert queue.name in done.stdout  # the existing queues are listed
    assert "Không kết nối được máy in" in done.stdout


@needs_cupsd
def test_queue_removed_while_the_kiosk_holds_it(queue: Queue) -> None:
    printer = ReceiptPrinter(queue.url, "TM-T20II")
    assert printer.health().state is PrinterState.READY
    cups_command("lpadmin", "-x", queue.name)
    outcome = printer.print_document(ticket_document(demo_ticket(), CENTER))
    assert not outcome.printed and outcome.state is PrinterState.DISCONNECTED
    printer.close()


@needs_cupsd
def test_no_cupsd_at_the_server_is_a_clear_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # a port nothing listens on once closed
    with pytest.raises(PrinterConnectionError, match=re.escape("CUPS is not running at 127.0.0.1")):
        connect("127.0.0.1", port)
    done = kiosk("print", "status", "--printer", f"cups://Quay_3?server=127.0.0.1:{port}")
    assert done.returncode == 1
    assert "CUPS is not running at 127.0.0.1" in done.stdout


BACKEND = """#!/bin/sh
# Test-only CUPS backend (installed and removed by tests/printer/test_cups.py): acts as a
# printer that reports the IPP state reason named in its device URI, the way a real
# backend reports an empty roll, and stops the queue keeping the job.
if [ $# -eq 0 ]; then
    echo 'direct kiosk-test-state "Unknown" "Kiosk test printer state"'
    exit 0
fi
echo "STATE: +${DEVICE_URI#*:}" >&2
exit 4
"""


@pytest.fixture
def state_backend(cups_server: str) -> Iterator[str]:
    """Install the test backend in CUPS's backend folder; its scheme."""
    try:
        serverbin = cups_command("cups-config", "--serverbin").strip()
    except (OSError, subprocess.CalledProcessError):
        serverbin = "/usr/lib/cups"
    path = Path(serverbin) / "backend" / "kiosk-test-state"
    path.write_text(BACKEND)
    path.chmod(0o755)  # not 0700: CUPS runs it as the unprivileged lp user
    try:
        yield "kiosk-test-state"
    finally:
        path.unlink(missing_ok=True)


def wait_stopped(queue: str) -> None:
    """Wait (at most WAIT seconds) until CUPS has stopped ``queue``."""
    wait_until(lambda: "disabled" in cups_command("lpstat", "-p", queue), WAIT,
               message=f"CUPS to stop {queue}")


@needs_cupsd
def test_paper_out_reported_by_the_cups_backend(state_backend: str) -> None:
    name = f"KioskPaper_{os.getpid()}"
    cups_command("lpadmin", "-p", name, "-E", "-v", f"{state_backend}:media-empty-error")
    try:
        printer = ReceiptPrinter(f"cups://{name}", "TM-T20II")
        document = ticket_document(demo_ticket(), CENTER)
        # CUPS spools: the job is accepted while the queue is idle (unless the backend
        # was quicker than the status request that follows the job) ...
        first = printer.print_document(document)
        assert first.printed or first.state is PrinterState.PAPER_OUT
        wait_stopped(name)
        # ... then the printer reports the empty roll and CUPS stops the queue
        done = kiosk("print", "status", "--printer", f"cups://{name}", "--json")
        assert done.returncode == 1 and '"state": "paper_out"' in done.stdout
        outcome = printer.print_document(document)
        assert not outcome.printed and outcome.state is PrinterState.PAPER_OUT
        assert "hết giấy" in outcome.message_vi and "out of paper" in outcome.message_en
        health = printer.connection().queue_health()
        assert health.state is PrinterState.PAPER_OUT
        assert "media-empty-error" in health.detail and "stopped" in health.detail
        printer.close()
    finally:
        subprocess.run(["lpadmin", "-x", name], capture_output=True, timeout=WAIT)
