"""Printer health: DLE EOT replies decoded into one state with named groups.

python-escpos reports a silent printer as "paper adequate" (paper_status() == 2) and
"offline"; it cannot tell an empty roll from a dead line. These tests run the
library's own status calls and ours through the same connections (the virtual
printer, a real serial line on a pty, a real TCP socket) and show the difference.
"""

from __future__ import annotations

import functools
import os
import select
import socket
import threading
import tty
from collections.abc import Iterator

import pytest
from escpos.printer import Network, Serial

from kiosk.devices.printer.connections import exchange
from kiosk.devices.printer.health import (
    CONNECTION_STATES,
    ERROR_STATES,
    PRINTABLE_STATES,
    PrinterState,
    decode_status,
    query_status,
)
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.simulated.virtual_printer import SimulatedConditions, VirtualPrinter

# (sim URL query, expected replies to DLE EOT 1..4 as an Epson TM sends them, state)
CASES = [
    ("", {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}, PrinterState.READY),
    ("paper=near-end", {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E}, PrinterState.PAPER_NEAR_END),
    ("paper=out", {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}, PrinterState.PAPER_OUT),
    ("cover=open", {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12}, PrinterState.COVER_OPEN),
    ("cutter=error", {1: 0x3A, 2: 0x52, 3: 0x1A, 4: 0x12}, PrinterState.CUTTER_ERROR),
    ("offline=1", {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12}, PrinterState.OFFLINE),
    ("power=off", {1: None, 2: None, 3: None, 4: None}, PrinterState.NO_REPLY),
]


@pytest.mark.parametrize(("query", "replies", "state"), CASES, ids=[c[2].value for c in CASES])
def test_virtual_printer_answers_like_an_epson(
    query: str, replies: dict[int, int | None], state: PrinterState
) -> None:
    printer = VirtualPrinter.from_url(f"sim://?{query}", "TM-T20II")
    for n, expected in replies.items():
        reply = exchange(printer, b"\x10\x04" + bytes([n]))
        assert reply == (b"" if expected is None else bytes([expected]))
    health = ReceiptPrinter(f"sim://?{query}").health()
    assert health.state is state
    assert dict(health.replies) == replies


def test_states_fall_into_named_groups() -> None:
    assert frozenset() == PRINTABLE_STATES & ERROR_STATES
    assert frozenset() == PRINTABLE_STATES & CONNECTION_STATES
    assert set(PrinterState) == PRINTABLE_STATES | ERROR_STATES | CONNECTION_STATES
    for state in PrinterState:
        health = decode_status({1: 0x12}) if state is PrinterState.READY else None
        assert health is None or (health.message_vi and health.message_en)


def test_library_cannot_tell_no_paper_from_no_reply_but_we_can() -> None:
    empty = VirtualPrinter.from_url("sim://?paper=out", "TM-T20II")
    silent = VirtualPrinter.from_url("sim://?power=off", "TM-T20II")
    assert empty.is_online() is False and silent.is_online() is False
    assert silent.paper_status() == 2  # "paper adequate" from a printer that never answered
    ours = [query_status(functools.partial(exchange, p)).state for p in (empty, silent)]
    assert ours == [PrinterState.PAPER_OUT, PrinterState.NO_REPLY]


def test_several_conditions_are_all_reported_worst_first() -> None:
    health = decode_status({1: 0x1A, 2: 0x36, 3: 0x12, 4: 0x7E})  # cover open and no paper
    assert health.state is PrinterState.COVER_OPEN
    assert health.conditions == {PrinterState.COVER_OPEN, PrinterState.PAPER_OUT}
    text = health.describe()
    assert text.startswith("Printer cover is open; also printer is out of paper: ")
    assert "offline cause: cover open, stopped at paper end" in text
    assert "paper roll: paper out" in text and "(status bytes 1A 36 12 7E)" in text


def test_the_detail_says_in_words_what_each_reply_means() -> None:
    """No "n1=12 n2=12": every reply is said in words, the bytes come last."""
    text = decode_status({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}).describe()
    assert text == ("Printer ready: printer online, no offline cause, no error, paper present "
                    "(status bytes 12 12 12 12)")
    assert "n1=" not in text
    near_end = decode_status({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E}).describe()
    assert near_end.startswith("Paper roll nearly empty: ") and "paper nearly out" in near_end
    silent = decode_status({1: None, 2: None, 3: None, 4: None}).describe()
    assert silent.startswith("Printer does not answer: no answer about the printer")


def test_garbage_reply_is_not_taken_for_a_status() -> None:
    health = decode_status({1: 0x41, 2: 0x41, 3: 0x41, 4: 0x41})
    assert health.state is PrinterState.NO_REPLY
    assert health.detail == "the printer reply is not an ESC/POS status byte"


def test_partial_replies_are_noted() -> None:
    health = decode_status({1: 0x12, 2: 0x12, 3: None, 4: 0x12})
    assert health.state is PrinterState.READY and health.detail == "no answer about the error"


def test_silent_printer_is_asked_once_not_four_times() -> None:
    asked: list[bytes] = []

    def silent(command: bytes) -> bytes:
        asked.append(command)
        return b""

    assert query_status(silent).state is PrinterState.NO_REPLY
    assert asked == [b"\x10\x04\x01"]


def test_state_file_changes_are_seen_between_queries(tmp_path: os.PathLike[str]) -> None:
    state = os.path.join(tmp_path, "printer.json")
    printer = ReceiptPrinter(f"sim://?state={state}")
    assert printer.health().state is PrinterState.READY
    with open(state, "w", encoding="utf-8") as handle:
        handle.write('{"cover": "open"}')
    assert printer.health().state is PrinterState.COVER_OPEN


# -- real transports: a serial line (pty) and a TCP socket, with a fake printer at the far end


def _answer(conditions: SimulatedConditions, data: bytes) -> bytes:
    replies = conditions.status_bytes()
    out = b""
    for i in range(len(data) - 2):
        if data[i : i + 2] == b"\x10\x04" and data[i + 2] in replies:
            reply = replies[data[i + 2]]
            out += b"" if reply is None else bytes([reply])
    return out


@pytest.fixture
def serial_printer(request: pytest.FixtureRequest) -> Iterator[str]:
    """A pty whose far end answers DLE EOT like a printer in ``request.param`` conditions."""
    conditions = SimulatedConditions.from_mapping(dict([request.param.split("=")]))
    master, slave = os.openpty()
    tty.setraw(slave)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            if not select.select([master], [], [], 0.05)[0]:
                continue
            try:
                data = os.read(master, 64)
            except OSError:
                return
            reply = _answer(conditions, data)
            if reply:
                os.write(master, reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield os.ttyname(slave)
    stop.set()
    thread.join(timeout=2)
    os.close(slave)
    os.close(master)


@pytest.mark.parametrize(
    ("serial_printer", "state"),
    [
        ("paper=out", PrinterState.PAPER_OUT),
        ("power=off", PrinterState.NO_REPLY),
        ("paper=ok", PrinterState.READY),
    ],
    indirect=["serial_printer"],
)
def test_status_over_a_real_serial_line(serial_printer: str, state: PrinterState) -> None:
    printer = ReceiptPrinter(f"serial://{serial_printer}?baudrate=19200&timeout=0.2")
    assert printer.health().state is state
    printer.close()
    library = Serial(devfile=serial_printer, baudrate=19200, timeout=0.2, profile="TM-T20II")
    library.open()
    try:
        assert library.is_online() is (state is PrinterState.READY)
    finally:
        library.close()


def _tcp_printer(conditions: SimulatedConditions) -> tuple[socket.socket, threading.Thread]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def serve() -> None:
        connection, _ = server.accept()
        with connection:
            while data := connection.recv(64):
                reply = _answer(conditions, data)
                if reply:
                    connection.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return server, thread


def test_status_over_a_real_tcp_socket() -> None:
    server, thread = _tcp_printer(SimulatedConditions(paper="out"))
    port = server.getsockname()[1]
    printer = ReceiptPrinter(f"tcp://127.0.0.1:{port}?timeout=0.3")
    assert printer.health().state is PrinterState.PAPER_OUT
    printer.close()
    thread.join(timeout=2)
    server.close()


def test_silent_tcp_printer_is_no_reply_not_paper() -> None:
    server, thread = _tcp_printer(SimulatedConditions(power_off=True))
    port = server.getsockname()[1]
    library = Network("127.0.0.1", port=port, timeout=0.3, profile="TM-T20II")
    library.open()
    with pytest.raises(TimeoutError):
        library.paper_status()  # the library's own call just times out
    library.close()
    thread.join(timeout=2)
    server2, thread2 = _tcp_printer(SimulatedConditions(power_off=True))
    printer = ReceiptPrinter(f"tcp://127.0.0.1:{server2.getsockname()[1]}?timeout=0.3")
    assert printer.health().state is PrinterState.NO_REPLY
    printer.close()
    thread2.join(timeout=2)
    server.close()
    server2.close()


def test_unreachable_printer_is_disconnected() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    health = ReceiptPrinter(f"tcp://127.0.0.1:{port}?timeout=0.3").health()
    assert health.state is PrinterState.DISCONNECTED
    assert "cannot open printer" in health.detail


def test_requests_a_model_ignores_are_not_repeated() -> None:
    asked: list[int] = []

    def only_n1_and_n4(command: bytes) -> bytes:
        asked.append(command[2])
        return bytes([0x12]) if command[2] in (1, 4) else b""

    first = query_status(only_n1_and_n4)
    assert first.state is PrinterState.READY
    assert first.detail == "no answer about the offline cause, error"
    asked.clear()
    again = query_status(only_n1_and_n4, skip=frozenset({2, 3}))
    assert asked == [1, 4] and again.state is PrinterState.READY
