"""The ``kiosk`` command: one entry point, one module per command group.

Each group lives in ``kiosk/commands/<group>.py`` and registers its subcommands; this
module only builds the parser, loads the config, sets up logging, and turns the
project's typed errors into one clear sentence and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import logging
import sys
from collections.abc import Sequence

from kiosk import __version__
from kiosk.commands import GROUPS
from kiosk.commands.not_installed import (
    explain_missing,
    is_missing_dependency,
    register_not_installed,
)
from kiosk.core.config import KioskConfig, PrinterConfig, load_config
from kiosk.core.errors import ConfigError, KioskError, sentence
from kiosk.core.logs import setup_logging

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every registered command group."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Self-service kiosk for Vietnam's Public Administration Service Centers.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {installed_version()}")
    parser.add_argument("--config", help="path to kiosk.toml (default: $KIOSK_CONFIG, /etc/kiosk)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for group in GROUPS:
        try:
            module = importlib.import_module(f"kiosk.commands.{group}")
        except ModuleNotFoundError as exc:
            if not is_missing_dependency(exc):
                raise
            register_not_installed(subparsers, group, str(exc.name))
            continue
        module.register(subparsers)
    _share_global_options(parser)
    return parser


def installed_version() -> str:
    """The installed distribution's version (importlib.metadata), else the source's."""
    try:
        return importlib.metadata.version("kiosk")
    except importlib.metadata.PackageNotFoundError:  # a source tree on sys.path, not installed
        return __version__


def _share_global_options(parser: argparse.ArgumentParser) -> None:
    """Let ``--config`` and ``--verbose`` also come after a (sub)command's name.

    Each subcommand parser gets copies whose default is "not given", so a value given
    before the command is kept and one given after it wins.
    """
    for action in parser._actions:  # argparse keeps no public list of subparsers
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for sub in {id(p): p for p in action.choices.values()}.values():
            sub.add_argument("--config", default=argparse.SUPPRESS,
                             help="path to kiosk.toml (as before the command)")
            sub.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                             help="debug logging")
            _share_global_options(sub)


def _check_printer_profile(config: KioskConfig) -> None:
    """A profile name is checked against the printer database (a device fact, not core's)."""
    if config.printer.profile == PrinterConfig.profile:
        return  # the default needs no look-up (it loads the printer database)
    from kiosk.devices.printer.profiles import profile_problem

    problem = profile_problem(config.printer.profile)
    if problem:
        end = "" if problem.endswith("?") else "."
        raise ConfigError(f"The setting [printer] profile {problem}{end}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kiosk`` command line; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        _check_printer_profile(config)
        level = "DEBUG" if args.verbose else config.logging.level
        setup_logging(level, config.logging.format)
        code: int = args.func(args, config)
        return code
    except KioskError as exc:
        print(f"kiosk: {sentence(str(exc))}", file=sys.stderr)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as exc:  # a group that imports what it needs when it runs
        if not is_missing_dependency(exc):
            raise
        return explain_missing(args.command, str(exc.name))


def exit_code_for(exc: KioskError) -> int:
    """Exit codes by error family, so scripts can tell them apart."""
    from kiosk.core.errors import (
        AccessDeniedError,
        CardFileError,
        CardRemovedError,
        ConfigError,
        ReaderError,
    )

    for kind, code in (
        (ConfigError, 2),
        (ReaderError, 3),
        (AccessDeniedError, 4),
        (CardRemovedError, 5),
        (CardFileError, 6),
    ):
        if isinstance(exc, kind):
            return code
    return 1


if __name__ == "__main__":
    sys.exit(main())
