"""``kiosk central [serve]|issue-code``: run the reference central service."""

from __future__ import annotations

import argparse

from kiosk.config import KioskConfig


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
    code.add_argument("center", help="center code the kiosk will belong to, e.g. HCM-01")
    code.add_argument("--hours", type=float, default=24.0, help="validity (default 24 h)")
    code.set_defaults(func=_issue_code)


def _serve(args: argparse.Namespace, config: KioskConfig) -> int:
    import os

    import uvicorn

    from kiosk.central.storage import Database

    Database(config.central.database_url, pool_size=1).close()  # fail early, create tables
    os.environ["KIOSK_CENTRAL_DATABASE_URL"] = config.central.database_url
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
        from kiosk.errors import ConfigError

        raise ConfigError("--http2 needs the hypercorn package") from None
    from kiosk.central.app import create_app

    settings = Config()
    settings.bind = [f"{config.central.host}:{config.central.port}"]
    if args.certfile:
        settings.certfile, settings.keyfile = args.certfile, args.keyfile
    asyncio.run(serve(create_app(config.central.database_url), settings))  # type: ignore[arg-type]
    return 0


def _issue_code(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.central.service import CentralService
    from kiosk.central.storage import Database

    db = Database(config.central.database_url, pool_size=1)
    try:
        code = CentralService(db).issue_code(args.center, args.hours * 3600)
    finally:
        db.close()
    print(code)
    return 0
