"""``kiosk central purge --archive DIR [--keep-days N] [--dry-run]``: old days to archives.

Every service day older than the last ``--keep-days`` (default [central]
``retention_days``) is written to ``DIR/central-<day>.jsonl.gz`` and then deleted from
the database, one day at a time (see ``kiosk.central.retention``). ``--dry-run`` only
counts. Prints one line per day; exit code 0.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.core.config import KioskConfig


def register_purge(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk central purge``."""
    purge = sub.add_parser("purge", help="archive old service days to files, then delete them")
    purge.add_argument("--archive", required=True, help="folder for the day archives")
    purge.add_argument("--keep-days", type=int, default=None,
                       help="service days kept in the database (default: [central] "
                            "retention_days)")
    purge.add_argument("--dry-run", action="store_true", help="count, change nothing")
    purge.set_defaults(func=_purge)


def _purge(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.central.retention import purge
    from kiosk.central.storage import Database
    from kiosk.core.errors import ConfigError

    keep = config.central.retention_days if args.keep_days is None else args.keep_days
    if keep < 1:
        raise ConfigError("--keep-days must be at least 1")
    db = Database(config.central.database_url, pool_size=1,
                  direct_url=config.central.direct_database_url)
    try:
        done = purge(db, Path(args.archive).expanduser(), keep, dry_run=args.dry_run)
    finally:
        db.close()
    verb = "would archive" if args.dry_run else "archived"
    for day in done:
        counts = ", ".join(f"{n} {table}" for table, n in day.rows.items() if n)
        print(f"{day.day}: {verb} {counts or 'nothing'} -> {day.archive}")
    if not done:
        print(f"nothing older than {keep} day(s)")
    return 0
