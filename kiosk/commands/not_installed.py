"""A command group this install cannot run: ``kiosk <group>`` says what to install.

A central server installs ``kiosk[central]`` (no PySide6, OpenCV or card reader
libraries; see docs/deploy.md), so the kiosk's own command groups fail there on a
missing third-party module: some when they are imported, others only when they run.
Instead of the whole ``kiosk`` command failing to start (``kiosk --version`` included)
or a traceback, such a group is still listed and, when run, says which package it needs.
"""

from __future__ import annotations

import argparse
import functools
import sys

from kiosk.core.config import KioskConfig

# The extra (and Debian package) that carries each group's dependencies; pycups is an
# extra of its own (printing through CUPS), built into kiosk-station only when asked.
_EXTRA = {"central": ("central", "kiosk-central Debian package")}
_STATION = ("station", "kiosk-station Debian package")
_CUPS = ("cups", "kiosk-station package built with KIOSK_STATION_EXTRAS=station,cups")


def is_missing_dependency(exc: ModuleNotFoundError) -> bool:
    """True when ``exc`` names a third-party module (a missing kiosk module is a bug)."""
    return bool(exc.name) and (exc.name or "").partition(".")[0] != "kiosk"


def register_not_installed(subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
                           group: str, module: str) -> None:
    """Add ``kiosk <group>`` that explains it needs ``module`` and exits with code 2."""
    extra, _package = _EXTRA.get(group, _STATION)
    parser = subparsers.add_parser(group, help=f"(not in this install: needs kiosk[{extra}])")
    parser.add_argument("ignored", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    parser.set_defaults(func=functools.partial(_explain, group, module))


def _explain(group: str, module: str, args: argparse.Namespace, config: KioskConfig) -> int:
    return explain_missing(group, module)


def explain_missing(group: str, module: str) -> int:
    """Say that ``kiosk <group>`` needs ``module`` and which package brings it; exit code 2."""
    extra, package = _CUPS if module.partition(".")[0] == "cups" else _EXTRA.get(group, _STATION)
    print(f"kiosk: `kiosk {group}` is not part of this install (it needs the Python module "
          f"{module}); install the {package}, or pip install "
          f"'kiosk[{extra}]'.", file=sys.stderr)
    return 2
