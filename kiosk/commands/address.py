"""``kiosk address convert "TEXT" [--json]``: an old address in today's units.

Exit 0 with the status ``converted``, ``unchanged`` or ``ambiguous`` (then the
candidates, for the citizen to pick from); exit 1 with one sentence when the text names
no known unit. Works off-line: the data ships with the package (docs/addresses.md).
"""

from __future__ import annotations

import argparse
import json

from kiosk.core.config import KioskConfig


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk address`` and its subcommand ``convert``."""
    group = subparsers.add_parser("address", help="addresses after the July 2025 reorganization")
    sub = group.add_subparsers(dest="address_command", metavar="SUBCOMMAND")
    sub.required = True
    convert = sub.add_parser("convert", help="the current units of an address as on a card")
    convert.add_argument("text", help='the address, e.g. "Phường Bến Nghé, Quận 1, TP. HCM"')
    convert.add_argument("--json", action="store_true", help="print one JSON object")
    convert.set_defaults(func=_convert)


def _convert(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.core.addresses import AMBIGUOUS, convert_address

    result = convert_address(args.text)  # AddressNotFoundError: exit 1 with its sentence
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
        return 0
    print(f"{result.status}: {result.text()}")
    if result.status == AMBIGUOUS:
        for place in result.candidates:
            print(f"  {place.ward.code} {place.ward.name}, {place.province.name}")
    return 0
