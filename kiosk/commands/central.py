"""``kiosk central [serve]|issue-code|staff``: run the reference central service.

``kiosk central issue-code --center HCM-01 --role counter`` mints a one-time enrolment
code for a device of that center and role (``kiosk``, ``counter``, ``display`` or
``technician``; default ``kiosk``; the role is fixed for the device it enrols).

``kiosk central staff add USER --center HCM-01 --name "Nguyễn Văn A" --services A,B
[--pin-stdin]`` creates a counter staff account of that center (the PIN is read from
standard input with ``--pin-stdin``, otherwise asked twice without echo); ``staff list``
shows the accounts with their center and ``staff disable USER`` stops one from signing
in. The display name is stored sealed under the central's key file, which these commands
share with the server (``[central] key_file``).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kiosk.central.roles import ROLES
from kiosk.core.config import KioskConfig

if TYPE_CHECKING:
    from kiosk.central.staff import StaffDirectory
    from kiosk.central.storage import Database


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk central serve|issue-code`` (``kiosk central`` alone serves)."""
    central = subparsers.add_parser("central", help="the central service kiosks sync to")
    central.set_defaults(func=_serve, workers=1, certfile=None, keyfile=None, http2=False)
    sub = central.add_subparsers(dest="central_command", metavar="ACTION")
    serve = sub.add_parser("serve", help="serve the API with uvicorn (default action)")
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.add_argument("--certfile", help="TLS certificate (PEM) to serve HTTPS")
    serve.add_argument("--keyfile", help="TLS private key (PEM)")
    serve.add_argument("--http2", action="store_true",
                       help="serve with hypercorn, which offers HTTP/2 (needs `hypercorn`)")
    serve.set_defaults(func=_serve)
    code = sub.add_parser("issue-code", help="mint a one-time enrollment code")
    code.add_argument("center", nargs="?", help="center code the device will belong to, "
                      "e.g. HCM-01 (or --center)")
    code.add_argument("--center", dest="center_option", metavar="CENTER",
                      help="center code the device will belong to")
    code.add_argument("--role", choices=ROLES, default="kiosk",
                      help="what the device is (default kiosk)")
    code.add_argument("--hours", type=float, default=24.0,
                      help="validity (default 24 h, at most 168)")
    code.set_defaults(func=_issue_code)
    _register_staff(sub)
    from kiosk.commands.central_files import register_files
    from kiosk.commands.purge import register_purge
    from kiosk.commands.verify_chain import register_verify_chain

    register_verify_chain(sub)
    register_purge(sub)
    register_files(sub)


def _register_staff(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    staff = sub.add_parser("staff", help="counter staff accounts")
    staff_sub = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    add = staff_sub.add_parser("add", help="create a staff account")
    add.add_argument("user", help="user name, e.g. nguyenvana")
    add.add_argument("--center", required=True, help="the center the person works at")
    add.add_argument("--name", required=True, help='display name, e.g. "Nguyễn Văn A"')
    add.add_argument("--services", required=True, help="queue services handled, e.g. A,B")
    add.add_argument("--pin-stdin", action="store_true",
                     help="read the PIN (4-12 digits) from standard input")
    add.set_defaults(func=_staff_add)
    listing = staff_sub.add_parser("list", help="list staff accounts")
    listing.set_defaults(func=_staff_list)
    disable = staff_sub.add_parser("disable", help="stop an account from signing in")
    disable.add_argument("user")
    disable.set_defaults(func=_staff_disable)


def _serve(args: argparse.Namespace, config: KioskConfig) -> int:
    import os

    import uvicorn

    directory, db = _directory(config)  # fail early: tables, key file, seal clear rows
    db.close()
    os.environ["KIOSK_CENTRAL_DATABASE_URL"] = config.central.database_url
    if directory.vault.source != "memory":
        os.environ["KIOSK_CENTRAL_KEY_FILE"] = directory.vault.source
    if args.http2:
        return _serve_hypercorn(args, config)
    uvicorn.run(
        "kiosk.central.app:app_from_env",
        factory=True,
        host=config.central.host,
        port=config.central.port,
        workers=max(1, args.workers),
        ssl_certfile=args.certfile,
        ssl_keyfile=args.keyfile,
    )
    return 0


def _serve_hypercorn(args: argparse.Namespace, config: KioskConfig) -> int:
    """uvicorn speaks HTTP/1.1 only; hypercorn negotiates HTTP/2 (ALPN over TLS)."""
    import asyncio

    try:
        from hypercorn.asyncio import serve
        from hypercorn.config import Config
    except ImportError:
        from kiosk.core.errors import ConfigError

        raise ConfigError("--http2 needs the hypercorn package") from None
    from kiosk.central.app import create_app, tune_worker

    settings = Config()
    settings.bind = [f"{config.central.host}:{config.central.port}"]
    if args.certfile:
        settings.certfile, settings.keyfile = args.certfile, args.keyfile
    app = create_app(config.central.database_url, key_file=config.central.key_file,
                     pool_size=config.central.pool_size,
                     pool_timeout_s=config.central.pool_timeout_s,
                     direct_url=config.central.direct_database_url)
    tune_worker()
    asyncio.run(serve(app, settings))  # type: ignore[arg-type]
    return 0


def _issue_code(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.central.enroll_limits import check_code_ttl
    from kiosk.central.service import CentralService
    from kiosk.central.storage import Database
    from kiosk.core.errors import ConfigError
    from kiosk.wire.errors import ProtocolError

    center = args.center_option or args.center
    if not center or (args.center_option and args.center and args.center != center):
        print("kiosk: Give the center once, as CENTER or --center CENTER.")
        return 2
    try:
        check_code_ttl(args.hours * 3600)
    except ProtocolError as exc:
        raise ConfigError(f"--hours: {exc}") from None
    db = Database(config.central.database_url, pool_size=1,
                  direct_url=config.central.direct_database_url)
    try:
        code = CentralService(db).issue_code(center, args.hours * 3600, args.role)
    finally:
        db.close()
    print(code)
    return 0


def _directory(config: KioskConfig) -> tuple[StaffDirectory, Database]:
    from kiosk.central.sealed_records import bind_database
    from kiosk.central.staff import StaffDirectory
    from kiosk.central.storage import Database
    from kiosk.central.vault import Vault

    db = Database(config.central.database_url, pool_size=1,
                  direct_url=config.central.direct_database_url)
    try:
        vault = Vault.for_database(config.central.database_url, config.central.key_file)
        bind_database(db, vault)
    except BaseException:
        db.close()
        raise
    return StaffDirectory(db, vault), db


def _read_pin(from_stdin: bool) -> str:
    import getpass
    import sys

    from kiosk.central.staff import StaffError

    if from_stdin:
        return sys.stdin.readline().strip()
    pin = getpass.getpass("PIN (4-12 digits): ")
    if getpass.getpass("PIN again: ") != pin:
        raise StaffError("the two PINs differ")
    return pin


def _staff_add(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.central.staff import parse_services

    services = parse_services(args.services)
    pin = _read_pin(args.pin_stdin)
    directory, db = _directory(config)
    try:
        directory.add(args.user, args.name, services, pin, center=args.center)
    finally:
        db.close()
    print(f"Đã thêm / Added {args.user} ({','.join(services)}).")
    return 0


def _staff_list(args: argparse.Namespace, config: KioskConfig) -> int:
    directory, db = _directory(config)
    try:
        members = directory.members()
    finally:
        db.close()
    for member in members:
        state = "disabled" if member.disabled else "active"
        print(f"{member.user}\t{member.center or '-'}\t{member.name}\t"
              f"{','.join(member.services)}\t{state}")
    if not members:
        print("Chưa có tài khoản cán bộ / No staff accounts.")
    return 0


def _staff_disable(args: argparse.Namespace, config: KioskConfig) -> int:
    directory, db = _directory(config)
    try:
        directory.disable(args.user)
    finally:
        db.close()
    print(f"Đã khóa / Disabled {args.user}.")
    return 0
