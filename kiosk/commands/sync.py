"""``kiosk sync status|flush|retry-dead``: the outbox, for technicians."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from kiosk.core.config import KioskConfig, data_dir
from kiosk.core.vn_time import service_day
from kiosk.sync.keys import KeyStore
from kiosk.sync.outbox import Outbox
from kiosk.sync.outbox_records import OutboxStatus
from kiosk.sync.stack import build_sync, outbox_path
from kiosk.sync.worker import RetryPolicy


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk sync status|flush|retry-dead``."""
    sync = subparsers.add_parser("sync", help="the outbox of records for the central service")
    sub = sync.add_subparsers(dest="sync_command", metavar="ACTION")
    sub.required = True
    status = sub.add_parser(
        "status", help="queue depth, oldest age, undeliverable records, last success")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(func=_status)
    flush = sub.add_parser("flush", help="deliver everything due now, then exit")
    flush.add_argument("--attempts", type=int, default=3, help="tries per batch (default 3)")
    flush.set_defaults(func=_flush)
    retry = sub.add_parser("retry-dead", help="give undeliverable records another chance")
    retry.set_defaults(func=_retry_dead)


def _open(config: KioskConfig) -> Outbox:
    folder = data_dir(config)
    return Outbox(outbox_path(folder), KeyStore.in_data_dir(folder).load())


UNDELIVERABLE = "Không gửi được (cần xử lý) / Undeliverable (needs attention)"
"""What the outbox calls dead letters, as a technician reads it."""


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s"


def _print_status(status: OutboxStatus, dead: list[tuple[str, str, str]]) -> None:
    print(f"Hàng đợi / Queue depth:            {status.depth} "
          f"({status.pending} chờ gửi / pending, {status.in_flight} đang gửi / in flight)")
    print(f"Bản ghi cũ nhất / Oldest record:   {_age(status.oldest_pending_age_s)}")
    print(f"Đã gửi / Delivered (kept):         {status.delivered}")
    print(f"{UNDELIVERABLE}: {status.dead}")
    print(f"Lần gửi được cuối / Last success:  {status.last_success or '-'}")
    if status.fault is not None:
        print(f"LỖI / FAULT:                       {status.fault}")
    for record_id, kind, reason in dead:
        print(f"  Không gửi được / Undeliverable {record_id} {kind}: {reason}")


def _ticket_stock(outbox: Outbox) -> dict[str, int]:
    rows = outbox.connection.execute(
        "SELECT service, SUM(MAX(0, last - next + 1)) FROM leases WHERE day = ? "
        "GROUP BY service ORDER BY service", (service_day(),)).fetchall()
    return {str(service): int(left) for service, left in rows}


def _status(args: argparse.Namespace, config: KioskConfig) -> int:
    outbox = _open(config)
    try:
        status = outbox.status()
        dead = [(d.id, d.kind, d.reason) for d in outbox.dead_letters()]
        stock = _ticket_stock(outbox)
    finally:
        outbox.close()
    if args.json:
        print(json.dumps({**asdict(status), "depth": status.depth, "ticket_numbers_left": stock,
                          "dead_letters": [dict(zip(("id", "kind", "reason"), d, strict=True))
                                           for d in dead]}, ensure_ascii=False))
    else:
        _print_status(status, dead)
        for service, left in stock.items():
            print(f"Số còn lại / Numbers left, service {service}: {left}")
    return 0


def _flush(args: argparse.Namespace, config: KioskConfig) -> int:
    stack = build_sync(config, policy=RetryPolicy(attempts=max(1, args.attempts), timeout=60))
    try:
        stack.outbox.recover()
        result = stack.worker.drain()
        depth = stack.outbox.depth()
    finally:
        stack.close()
    print(f"Đã gửi / Delivered: {result.delivered}; không gửi được / undeliverable: "
          f"{result.dead}; còn chờ / still queued: {depth}.")
    if result.error:
        print(f"Dừng lại / Stopped: {result.error}")
    return 0 if depth == 0 else 1


def _retry_dead(args: argparse.Namespace, config: KioskConfig) -> int:
    outbox = _open(config)
    try:
        count = outbox.retry_dead()
    finally:
        outbox.close()
    print(f"Đã xếp lại {count} bản ghi không gửi được / {count} undeliverable record(s) "
          "queued again.")
    return 0
