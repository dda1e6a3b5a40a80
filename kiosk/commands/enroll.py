"""``kiosk enroll CODE --central URL``: give this kiosk its device identity."""

from __future__ import annotations

import argparse

from kiosk.core.config import KioskConfig, data_dir
from kiosk.sync.enrollment import enroll


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk enroll``."""
    parser = subparsers.add_parser("enroll", help="enroll this kiosk with the central service")
    parser.add_argument("code", help="one-time code from `kiosk central issue-code`")
    parser.add_argument("--central", metavar="URL", help="central service URL "
                        "(default: [sync] central_url)")
    parser.add_argument("--ca-bundle", metavar="PEM", help="CA bundle to verify its certificate")
    parser.add_argument("--force", action="store_true", help="replace an existing identity")
    parser.set_defaults(func=_enroll)


def _enroll(args: argparse.Namespace, config: KioskConfig) -> int:
    url = args.central or config.sync.central_url
    if not url:
        print("kiosk: Give --central URL or set [sync] central_url.")
        return 2
    identity = enroll(args.code, url, data_dir(config), args.ca_bundle or config.sync.ca_bundle,
                      force=args.force)
    print(f"Đã đăng ký / Enrolled: device {identity.device_id}, center {identity.center}")
    return 0
