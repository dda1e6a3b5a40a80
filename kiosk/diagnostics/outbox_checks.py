"""The outbox: how many records wait, how old the oldest is, dead letters, storage faults."""

from __future__ import annotations

from pathlib import Path

from kiosk.diagnostics.context import DiagOptions
from kiosk.diagnostics.result import Check, failed, ok, warning
from kiosk.sync.errors import OutboxUnavailableError, SyncError
from kiosk.sync.keys import KeyStore
from kiosk.sync.outbox import Outbox
from kiosk.sync.stack import outbox_path

OLD_WARNING_S = 15 * 60
OLD_FAILED_S = 4 * 3600
DEAD = ("Có bản ghi bị trung tâm từ chối: gửi báo cáo này cho kỹ thuật viên, sau khi sửa chạy "
        "'kiosk sync retry-dead'.",
        "The center refused some records: send this report to a technician, then run "
        "'kiosk sync retry-dead' once fixed.")
STUCK = ("Bản ghi chưa gửi được: kiểm tra kết nối mạng tới máy chủ trung tâm.",
         "Records are not being delivered: check the network link to the central service.")
FAULT = ("Không ghi được hàng đợi: kiểm tra dung lượng đĩa và gọi kỹ thuật viên.",
         "The outbox cannot be written: check the free disk space and call a technician.")


def _age(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


def outbox_checks(options: DiagOptions) -> list[Check]:
    """Depth, oldest record, dead letters and whether the outbox can be written."""
    folder = Path(options.config.sync.data_dir).expanduser()
    store = KeyStore.in_data_dir(folder)
    if not store.exists():
        return [warning("outbox.state", "no outbox: the kiosk is not enrolled yet",
                        ("Đăng ký ki-ốt với trung tâm trước (kiosk enroll).",
                         "Enroll the kiosk with the center first (kiosk enroll)."))]
    try:
        outbox = Outbox(outbox_path(folder), store.load())
    except OutboxUnavailableError as exc:
        return [failed("outbox.state", f"the outbox cannot be opened ({exc.fault})", FAULT)]
    except SyncError as exc:
        return [failed("outbox.state", f"the device identity cannot be read: {exc}", FAULT)]
    try:
        writable = outbox.check_writable()
        status = outbox.status()
        dead = outbox.dead_letters()
    finally:
        outbox.close()
    checks: list[Check] = []
    if not writable:
        checks.append(failed("outbox.state", f"the outbox cannot be written ({outbox.fault})",
                             FAULT))
    else:
        checks.append(ok("outbox.state", "the outbox is writable"))
    facts = {"pending": status.pending, "in_flight": status.in_flight,
             "delivered_kept": status.delivered, "last_success": status.last_success,
             "oldest_age_s": None if status.oldest_pending_age_s is None
             else round(status.oldest_pending_age_s)}
    age = status.oldest_pending_age_s
    if age is None:
        checks.append(ok("outbox.depth", "nothing waits for delivery", **facts))
    else:
        summary = f"{status.depth} record(s) wait, the oldest for {_age(age)}"
        if age > OLD_FAILED_S:
            checks.append(failed("outbox.depth", summary, STUCK, **facts))
        elif age > OLD_WARNING_S:
            checks.append(warning("outbox.depth", summary, STUCK, **facts))
        else:
            checks.append(ok("outbox.depth", summary, **facts))
    if dead:
        reasons = sorted({d.reason for d in dead})[:5]
        checks.append(failed("outbox.dead_letters", f"{len(dead)} record(s) refused for good",
                             DEAD, count=len(dead), kinds=sorted({d.kind for d in dead}),
                             reasons=reasons))
    else:
        checks.append(ok("outbox.dead_letters", "no undeliverable records", count=0))
    return checks
