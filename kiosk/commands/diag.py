"""``kiosk diag [--json] [--export DIR]``: every device and link checked, with what to do.

``kiosk diag pin-hash`` makes the ``[technician] pin_hash`` setting for the technician
menu of the kiosk window (asks for the PIN twice; ``--stdin`` reads it from one line).
"""

from __future__ import annotations

import argparse
import sys

from kiosk.core.config import KioskConfig
from kiosk.diagnostics import FAMILIES, DiagOptions, Status, run_diagnostics
from kiosk.diagnostics.export import export_report, report_json, report_text


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk diag``."""
    diag = subparsers.add_parser(
        "diag", help="check the reader, printer, camera, central link, outbox and machine")
    diag.add_argument("--json", action="store_true", help="print the report as JSON")
    diag.add_argument("--export", metavar="DIR",
                      help="also write a JSON and a text report into DIR (for a support ticket)")
    diag.add_argument("--only", action="append", choices=list(FAMILIES), default=[],
                      help="run only this family (repeatable)")
    diag.add_argument("--test-page", action="store_true", help="print the printer's test page")
    diag.add_argument("--test-card", metavar="SAMPLE", default="",
                      help="read the technician's test card (a sample citizen) in full")
    diag.add_argument("--camera-seconds", type=float, default=1.0,
                      help="how long to measure the camera (default 1 s)")
    diag.set_defaults(func=_diag)
    actions = diag.add_subparsers(dest="action", metavar="{pin-hash}")
    pin = actions.add_parser(
        "pin-hash", help="make the [technician] pin_hash setting from a new technician PIN")
    pin.add_argument("--stdin", action="store_true",
                     help="read the PIN from one line of standard input (scripts)")
    pin.set_defaults(func=_pin_hash)


def _pin_hash(args: argparse.Namespace, config: KioskConfig) -> int:
    import getpass

    from kiosk.diagnostics.technician_pin import check_pin_format, make_pin_hash, read_new_pin

    if args.stdin:
        pin = check_pin_format(sys.stdin.readline().strip())
    else:
        pin = read_new_pin(getpass.getpass)
    print("[technician]")
    print(f'pin_hash = "{make_pin_hash(pin)}"')
    return 0


def _diag(args: argparse.Namespace, config: KioskConfig) -> int:
    options = DiagOptions(config=config, test_page=args.test_page, test_card=args.test_card,
                          camera_seconds=max(0.1, args.camera_seconds))
    report = run_diagnostics(options, args.only)
    if args.json:
        print(report_json(report))
    else:
        sys.stdout.write(report_text(report))
    if args.export:
        from pathlib import Path

        json_path, text_path = export_report(report, Path(args.export))
        print(f"Báo cáo / Report: {json_path} {text_path}", file=sys.stderr)
    return {Status.OK: 0, Status.WARNING: 0, Status.FAILED: 1}[report.status]
