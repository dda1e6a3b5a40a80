"""``kiosk central verify-chain [--device D] [--json]``: every record checked end to end.

Needs the central's key file (``[central] key_file``): the database alone holds only
keyed digests (see ``kiosk.central.chain_at_rest``). Exit code 0 when every chain
checks out, 1 when any problem was found (each one is printed).
"""

from __future__ import annotations

import argparse
import json

from kiosk.core.config import KioskConfig


def register_verify_chain(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk central verify-chain``."""
    verify = sub.add_parser("verify-chain",
                            help="check every record's signature, hash digests and links")
    verify.add_argument("--device", help="only this device id")
    verify.add_argument("--json", action="store_true", help="print one JSON object")
    verify.set_defaults(func=_verify_chain)


def _verify_chain(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.central.chain_verify import verify_chains
    from kiosk.central.sealed_records import bind_database
    from kiosk.central.storage import Database
    from kiosk.central.vault import Vault, default_key_file

    db = Database(config.central.database_url, pool_size=1,
                  direct_url=config.central.direct_database_url)
    try:
        path = config.central.key_file or default_key_file(config.central.database_url)
        vault = Vault.load(path, create=False)
        bind_database(db, vault)
        checks = verify_chains(db, vault, args.device)
    finally:
        db.close()
    if args.json:
        print(json.dumps({"ok": all(c.ok for c in checks), "devices": [
            {"device_id": c.device_id, "records": c.records, "problems": c.problems}
            for c in checks]}, ensure_ascii=False))
    else:
        for check in checks:
            verdict = "OK" if check.ok else f"{len(check.problems)} PROBLEM(S)"
            print(f"{check.device_id}: {check.records} record(s), {verdict}")
            for problem in check.problems:
                print(f"  seq {problem['seq']} {problem['record_id']}: {problem['problem']}")
    return 0 if all(c.ok for c in checks) else 1
