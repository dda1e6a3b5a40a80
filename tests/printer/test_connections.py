"""Printer URLs: every kind parses to the right python-escpos connection; bad ones explain."""

from __future__ import annotations

import pytest
from escpos.printer import File, Network, Serial, Usb

from kiosk.devices.printer.connections import _build, parse_printer_url
from kiosk.devices.printer.errors import PrinterConfigError
from kiosk.devices.printer.profiles import load_profile
from kiosk.simulated.virtual_printer import VirtualPrinter

PROFILE = load_profile("TM-T20II")


@pytest.mark.parametrize(
    ("url", "scheme", "target", "port"),
    [
        ("usb://04B8:0E15", "usb", "04b8:0e15", None),
        ("serial:///dev/ttyUSB0?baudrate=19200", "serial", "/dev/ttyUSB0", None),
        ("tcp://10.0.0.5", "tcp", "10.0.0.5", 9100),
        ("tcp://printer.local:9101", "tcp", "printer.local", 9101),
        ("file:///dev/usb/lp0", "file", "/dev/usb/lp0", None),
        ("cups://Quay_3", "cups", "Quay_3", None),
        ("sim://?paper=out", "sim", "", None),
    ],
)
def test_urls_parse(url: str, scheme: str, target: str, port: int | None) -> None:
    spec = parse_printer_url(url)
    assert (spec.scheme, spec.target, spec.port) == (scheme, target, port)


def test_urls_build_the_library_connection_classes() -> None:
    serial = _build(
        parse_printer_url("serial:///dev/ttyS9?baudrate=19200"),
        "serial:///dev/ttyS9?baudrate=19200",
        PROFILE,
    )
    assert isinstance(serial, Serial) and serial.baudrate == 19200
    network = _build(parse_printer_url("tcp://10.0.0.5"), "tcp://10.0.0.5", PROFILE)
    assert isinstance(network, Network) and network.port == 9100
    assert isinstance(_build(parse_printer_url("file:///tmp/x"), "file:///tmp/x", PROFILE), File)
    usb = _build(parse_printer_url("usb://04b8:0e15"), "usb://04b8:0e15", PROFILE)
    assert isinstance(usb, Usb) and usb.usb_args == {"idVendor": 0x04B8, "idProduct": 0x0E15}
    assert usb.timeout == 1000  # never block forever on a status read
    assert isinstance(_build(parse_printer_url("sim://"), "sim://", PROFILE), VirtualPrinter)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("lpt://1", "must start with one of"),
        ("usb://04b8", "usb://VID:PID"),
        ("usb://zzzz:0e15", "hexadecimal"),
        ("tcp://", "names no host"),
        ("tcp://host:99999", "malformed"),
        ("serial://", "names no device file"),
        ("cups://", "names no CUPS queue"),
        ("serial:///dev/ttyUSB0?baudrate=fast", None),
        ("sim://?paper=maybe", "paper must be"),
        ("sim://?smoke=1", "unknown option"),
    ],
)
def test_bad_urls_raise_config_errors(url: str, message: str | None) -> None:
    with pytest.raises(PrinterConfigError) as caught:
        _build(parse_printer_url(url), url, PROFILE)
    assert message is None or message in str(caught.value)
