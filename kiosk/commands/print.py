"""``kiosk print ticket|receipt|testpage|render|status``: the receipt printer, for technicians.

``ticket`` and ``receipt`` print synthetic demo data (no real person); ``--out`` writes
a PNG of the paper as the virtual printer sees it (for ``sim://`` exactly what was
printed; for a real printer, the job that was sent).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from kiosk.core.config import KioskConfig, PrinterConfig
from kiosk.core.vn_time import now_vn
from kiosk.devices.printer.errors import PrinterError
from kiosk.devices.printer.escpos_interpreter import interpret
from kiosk.devices.printer.escpos_render import save_png
from kiosk.devices.printer.health import PrinterHealth
from kiosk.devices.printer.profiles import load_profile
from kiosk.devices.printer.service import PrintOutcome, ReceiptPrinter
from kiosk.simulated.virtual_printer import VirtualPrinter
from kiosk.slips.jobs import demo_receipt, demo_ticket
from kiosk.slips.layouts import receipt_document, testpage_document, ticket_document


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk print ticket|receipt|testpage|render|status``."""
    group = subparsers.add_parser(
        "print", help="the receipt printer: demo slips, test page, status"
    )
    sub = group.add_subparsers(dest="print_command", metavar="ACTION")
    sub.required = True
    for name, text in (
        ("ticket", "print a demo queue ticket"),
        ("receipt", "print a demo receipt and appointment slip"),
        ("testpage", "print the technician's test page (every letter, code pages, QR, cut)"),
    ):
        command = sub.add_parser(name, help=text)
        _printer_options(command)
        command.add_argument("--out", metavar="FILE.png", help="also write a PNG of the paper")
        command.add_argument("--save-job", metavar="FILE.bin", help="also write the ESC/POS bytes")
        command.set_defaults(func=_print_slip, slip=name)
    render = sub.add_parser("render", help="draw a saved ESC/POS job as a PNG (virtual printer)")
    render.add_argument("job", metavar="JOB.bin", help="bytes sent to a printer")
    render.add_argument("--png", required=True, metavar="OUT.png", help="where to write the PNG")
    render.add_argument("--profile", help="printer model (default: from config)")
    render.set_defaults(func=_render)
    status = sub.add_parser("status", help="ask the printer for its real-time status")
    _printer_options(status)
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(func=_status)


def _printer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--printer", metavar="URL", help="usb://, serial://, tcp://, file://, cups://, sim://"
    )
    parser.add_argument("--profile", metavar="NAME", help="escpos-printer-db model, e.g. TM-T20II")
    parser.add_argument("--mode", choices=("auto", "tcvn3", "cp1258", "raster"), help="text mode")


def _printer_config(args: argparse.Namespace, config: KioskConfig) -> PrinterConfig:
    chosen = config.printer
    if args.printer:
        chosen = replace(chosen, url=args.printer)
    if args.profile:
        chosen = replace(chosen, profile=args.profile)
    if getattr(args, "mode", None):
        chosen = replace(chosen, mode=args.mode)
    return chosen


def _report_health(health: PrinterHealth) -> None:
    print(f"Trạng thái / State: {health.message_vi} / {health.message_en}")
    print(f"Chi tiết / Detail:  {health.describe()}")


def _print_slip(args: argparse.Namespace, config: KioskConfig) -> int:
    printer = ReceiptPrinter.from_config(_printer_config(args, config))
    now = now_vn()
    if args.slip == "ticket":
        document = ticket_document(demo_ticket(now), config.center)
    elif args.slip == "receipt":
        document = receipt_document(demo_receipt(now), config.center)
    else:
        document = testpage_document(printer.profile, printer.mode, printer.target, now)
    job = printer.build(document)
    if args.save_job:
        Path(args.save_job).write_bytes(job.data)
    outcome = printer.print_job(job)
    _summary(outcome)
    if args.out:
        device = printer._printer
        paper = (
            device.paper()
            if isinstance(device, VirtualPrinter)
            else interpret(job.data, printer.profile)
        )
        print(f"PNG: {save_png(paper, args.out)}")
    printer.close()
    return 0 if outcome.printed else 1


def _summary(outcome: PrintOutcome) -> None:
    job = outcome.job
    print(
        f"{job.kind}: {len(job.data)} bytes, {job.profile.key}, mode {job.mode.value}, "
        f"built in {job.build_ms:.1f} ms"
    )
    if job.replaced:
        print(f"{job.replaced} character(s) could not be printed and were replaced by '?'")
    print(outcome.message_vi)
    print(outcome.message_en)
    _report_health(outcome.health)


def _render(args: argparse.Namespace, config: KioskConfig) -> int:
    profile = load_profile(args.profile or config.printer.profile)
    try:
        data = Path(args.job).read_bytes()
    except OSError as exc:
        raise PrinterError(f"cannot read job file {args.job}: {exc.strerror}") from None
    paper = interpret(data, profile)
    for line in paper.text_lines():
        print(line)
    for payload in paper.qr_payloads():
        print(f"[QR] {payload}")
    for fault in paper.faults:
        print(f"[fault] {fault}", file=sys.stderr)
    print(
        f"PNG: {save_png(paper, args.png)} ({len(data)} bytes, {paper.code_page_switches} "
        f"code-page switches, {paper.cuts()} cut(s))"
    )
    return 0


def _status(args: argparse.Namespace, config: KioskConfig) -> int:
    printer = ReceiptPrinter.from_config(_printer_config(args, config))
    health = printer.health()
    printer.close()
    if args.json:
        print(
            json.dumps(
                {
                    "printer": printer.target,
                    "profile": printer.profile.key,
                    "mode": printer.mode.value,
                    "state": health.state.value,
                    "conditions": sorted(c.value for c in health.conditions),
                    "printable": health.printable,
                    "replies": {str(n): b for n, b in health.replies.items()},
                    "message_vi": health.message_vi,
                    "message_en": health.message_en,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(f"Máy in / Printer: {printer.target} ({printer.profile.key}, {printer.mode.value})")
        _report_health(health)
    return 0 if health.printable else 1
