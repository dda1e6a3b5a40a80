"""``kiosk screenshots OUTDIR``: render the kiosk's screens to PNG files, offscreen."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.core.config import KioskConfig
from kiosk.core.errors import KioskError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk screenshots OUTDIR``."""
    command = subparsers.add_parser(
        "screenshots",
        help="render every built screen in Vietnamese and English, portrait and landscape",
    )
    command.add_argument("outdir", metavar="OUTDIR", help="folder for the PNG files")
    command.set_defaults(func=_screenshots)


def _screenshots(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.demo.kiosk_screenshots import render_screenshots  # Qt loads only here

    try:
        files = render_screenshots(Path(args.outdir), center=config.center)
        from kiosk.demo.technician_screenshots import render_technician_screenshots

        files += render_technician_screenshots(Path(args.outdir), config)  # t1..t4-*.png
    except (KioskError, OSError) as exc:
        print(f"Screenshots failed: {exc}")
        return 1
    for path in files:
        print(path)
    return 0
