"""``kiosk central connector|file-event|report``: the file's life after the counter.

``kiosk central connector [--once]`` runs the one-gate connector on the central database
(``[central] onegate_url``; docs/connector.md) until stopped (SIGTERM/Ctrl+C), or one
round with ``--once``. Run one per central database.

``kiosk central file-event FILE_ID KIND --actor WHO --place WHERE [--reason …] [--days N]``
appends one event to a file as counter staff would (``kiosk.central.file_rules``); it
prints the stored event as JSON.

``kiosk central report [--center C] [--as-of YYYY-MM-DD] [--days 30] [--format json|csv]``
prints the on-time figures computed from the events (``kiosk.central.file_report``): the
same numbers the dashboard shows, for one center or the city. With ``--check`` it compares
the dashboard's state rows with the events instead (``kiosk.central.file_figures.
differences``): each file's latest-state row against the fold of its events, both paths'
figures, and the chain heads' digest; it prints what differs and exits 1 if anything does.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
import uuid
from typing import TYPE_CHECKING

from kiosk.core.config import KioskConfig

if TYPE_CHECKING:
    from kiosk.central.storage import Database


def register_files(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk central connector``, ``file-event`` and ``report``."""
    connector = sub.add_parser("connector", help="forward files to the one-gate system and "
                               "pull their events back")
    connector.add_argument("--once", action="store_true", help="one round, then exit")
    connector.add_argument("--onegate", help="the one-gate system's URL (default: "
                           "[central] onegate_url)")
    connector.set_defaults(func=_connector)
    event = sub.add_parser("file-event", help="append one event to a file's life")
    event.add_argument("file_id")
    event.add_argument("kind")
    event.add_argument("--actor", required=True, help="who records it (staff user name)")
    event.add_argument("--place", required=True, help="where (center and counter)")
    event.add_argument("--reason", help="why (needed for requests, refusals, withdrawals, "
                       "extensions)")
    event.add_argument("--days", type=int, help="working days of a due_extended")
    event.set_defaults(func=_file_event)
    report = sub.add_parser("report", help="on-time figures computed from the file events")
    report.add_argument("--center", help="one center (default: the whole city)")
    report.add_argument("--as-of", help="the day figures are computed for (default today)")
    report.add_argument("--days", type=int, default=30, help="days of the trend (default 30)")
    report.add_argument("--format", choices=("json", "csv"), default="json")
    report.add_argument("--check", action="store_true",
                        help="compare the dashboard's state rows with the events instead "
                             "(exit 1 and list what differs)")
    report.set_defaults(func=_report)


def _database(config: KioskConfig) -> object:
    from kiosk.central.storage import Database

    return Database(config.central.database_url, pool_size=2,
                    direct_url=config.central.direct_database_url)


def _connector(args: argparse.Namespace, config: KioskConfig) -> int:
    import signal
    import threading

    from kiosk.central.connector import Connector
    from kiosk.central.storage import Database
    from kiosk.core.errors import ConfigError

    url = args.onegate or config.central.onegate_url
    if not url:
        raise ConfigError("no one-gate system is configured: set [central] onegate_url")
    db = _database(config)
    assert isinstance(db, Database)
    connector = Connector(db, url)
    stop = threading.Event()
    try:
        if args.once:
            connector.forward()
            connector.notify()
            connector.pull()
            return 0
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        with contextlib.suppress(KeyboardInterrupt):
            connector.run(stop)
        return 0
    finally:
        connector.close()
        db.close()


def _file_event(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.central.files import FileLedger, Who
    from kiosk.central.service import RefusedError
    from kiosk.central.storage import Database

    db = _database(config)
    assert isinstance(db, Database)
    try:
        event = FileLedger(db).append(args.file_id, f"cli:{uuid.uuid4()}", args.kind,
                                      Who(args.actor, args.place, "counter"), args.reason,
                                      args.days)
    except RefusedError as exc:
        print(f"kiosk: {exc.message}", file=sys.stderr)
        return 1
    finally:
        db.close()
    print(json.dumps(event, ensure_ascii=False))
    return 0


def _check(db: Database, center: str | None, as_of: dt.date | None, days: int) -> int:
    """Print what differs between the state rows and the events; 1 when anything does."""
    from kiosk.central.file_figures import differences

    found = differences(db, center, as_of, days)
    for line in found:
        print(line)
    print(json.dumps({"check": "differs" if found else "equal", "differences": len(found)}))
    return 1 if found else 0


def _report(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.central.file_report import compute_report, report_csv
    from kiosk.central.storage import Database
    from kiosk.core.errors import ConfigError

    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        raise ConfigError("--as-of must be a day, YYYY-MM-DD") from None
    if as_of is not None and not 2000 <= as_of.year <= 2999:
        raise ConfigError("--as-of must be a day of the years 2000 to 2999")
    if not 1 <= args.days <= 366:
        raise ConfigError("--days must be 1 to 366")
    db = _database(config)
    assert isinstance(db, Database)
    try:
        if args.check:
            return _check(db, args.center, as_of, args.days)
        report = compute_report(db, args.center, as_of, args.days)
    finally:
        db.close()
    print(report_csv(report) if args.format == "csv" else
          json.dumps(report, ensure_ascii=False, indent=1), end="" if args.format == "csv"
          else "\n")
    return 0
