"""Reporting a kiosk "out of service" to the central statistics, through the outbox.

systemd runs ``kiosk out-of-service`` when the kiosk session kept crashing and hit its
restart limit (the session unit's ``OnFailure=``). Besides showing the page, it puts one
``device_health`` record with status ``out_of_service`` (and a failed ``session`` check,
so statistics that only look at checks list it too) into the kiosk's own outbox and tries
one delivery. The record stays in the outbox when the central is unreachable: the next
kiosk start delivers it, in order, with its true time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from kiosk.core.config import KioskConfig
from kiosk.core.errors import KioskError
from kiosk.sync.stack import build_sync
from kiosk.sync.worker import RetryPolicy
from kiosk.wire.protocol import RecordKind

log = logging.getLogger(__name__)

STATUS = "out_of_service"
SUMMARY = "the kiosk app kept stopping; systemd stopped restarting it"


def out_of_service_payload(reason: str = "") -> dict[str, Any]:
    """The ``device_health`` payload: status ``out_of_service`` and a failed check."""
    summary = f"{SUMMARY} ({reason})" if reason else SUMMARY
    return {"status": STATUS, "checks": {"session": {"status": "failed", "summary": summary}}}


@dataclass(frozen=True)
class OutOfServiceReport:
    """What became of the report: queued, delivered, and a line for the console."""

    device_id: str
    queued: bool
    delivered: bool
    line: str


def report_out_of_service(config: KioskConfig, reason: str = "",
                          timeout_s: float = 15.0) -> OutOfServiceReport:
    """Queue the record in the outbox and try one delivery (blocking, a worker thread)."""
    try:
        stack = build_sync(config, policy=RetryPolicy(attempts=1, timeout=timeout_s))
    except KioskError as exc:  # not enrolled, or the outbox itself is what is broken
        log.error("out of service, not reported", extra={"fields": {
            "error": type(exc).__name__}})
        return OutOfServiceReport("", False, False,
                                  f"Không báo được / Not reported: {exc}")
    device = stack.identity.device_id
    try:
        stack.outbox.recover()  # records a crash left in flight are due again
        stack.outbox.enqueue(RecordKind.DEVICE_HEALTH, out_of_service_payload(reason))
        result = stack.worker.drain()
        left = stack.outbox.depth()
    except KioskError as exc:
        log.error("out of service, not queued", extra={"fields": {
            "device": device, "error": type(exc).__name__}})
        return OutOfServiceReport(device, False, False,
                                  f"Không báo được / Not reported: {exc}")
    finally:
        stack.close()
    delivered = left == 0 and not result.error
    log.warning("out of service reported", extra={"fields": {
        "device": device, "delivered": delivered, "queued": left}})
    line = ("Đã báo về máy chủ trung tâm / Reported to the central service"
            if delivered else
            f"Đã xếp vào hàng đợi, chưa gửi được / Queued, not delivered yet "
            f"({left} waiting): {result.error or 'will be sent on the next start'}")
    return OutOfServiceReport(device, True, delivered, line)
