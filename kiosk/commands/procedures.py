"""``kiosk procedures find "TEXT" [--json] [--limit N]``: the kiosk's finder on the command line.

Prints the procedures the words ask for, best first, each with its score and why it
matched; with ``--json`` a list of ``{"code", "name", "field", "score", "why"}``. When
nothing fits it says to ask at the counter (an empty list with ``--json``) and exits 1.
Works off-line: the catalog, the everyday-terms table and the index ship with the package.
"""

from __future__ import annotations

import argparse
import json

from kiosk.core.config import KioskConfig


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk procedures`` and its subcommand ``find``."""
    group = subparsers.add_parser("procedures", help="the catalog of administrative procedures")
    sub = group.add_subparsers(dest="procedures_command", metavar="SUBCOMMAND")
    sub.required = True
    find = sub.add_parser("find", help="find procedures from everyday words")
    find.add_argument("text", help='what the citizen would say, e.g. "làm lại căn cước bị mất"')
    find.add_argument("--json", action="store_true", help="print a JSON list, best first")
    find.add_argument("--limit", type=_positive, default=5, metavar="N",
                      help="at most N results (default 5)")
    find.set_defaults(func=_find)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("the limit must be at least 1")
    return value


def _find(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.core.finder import Finder
    from kiosk.core.procedures import load_catalog

    result = Finder(load_catalog()).find(args.text, limit=args.limit)
    if args.json:
        print(json.dumps([{"code": m.procedure.code, "name": m.procedure.name_vi,
                           "field": m.procedure.field_vi, "score": m.score, "why": m.why_vi}
                          for m in result.matches], ensure_ascii=False, indent=2))
        return 0 if result.matches else 1
    if not result.matches:
        reason = f"{result.counter_vi}. " if result.counter_vi else ""
        print(f"{reason}Không tìm thấy thủ tục phù hợp: hãy lấy số và hỏi tại quầy. "
              "/ Nothing fits: take a number and ask at the counter.")
        return 1
    for place, match in enumerate(result.matches, 1):
        p = match.procedure
        print(f"{place}. {p.code}  {p.name_vi}  [{p.field_vi}]  {match.score:.1f}")
        print(f"   {match.why_vi}")
    return 0
