"""Run the check families and collect one :class:`Report`.

A family that raises one of the project's typed errors (or an OS error from a
device) becomes a failed check naming the error type, so one broken part never hides
the others.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk.core.errors import KioskError
from kiosk.diagnostics.camera_checks import camera_checks
from kiosk.diagnostics.central_checks import central_checks
from kiosk.diagnostics.context import DiagOptions
from kiosk.diagnostics.outbox_checks import outbox_checks
from kiosk.diagnostics.printer_checks import printer_checks
from kiosk.diagnostics.reader_checks import reader_checks
from kiosk.diagnostics.result import Check, Report, failed
from kiosk.diagnostics.system_checks import system_checks
from kiosk.sync.keys import KeyStore

log = logging.getLogger(__name__)

Family = Callable[[DiagOptions], list[Check]]

FAMILIES: dict[str, Family] = {
    "reader": reader_checks,
    "printer": printer_checks,
    "camera": camera_checks,
    "central": central_checks,
    "outbox": outbox_checks,
    "system": system_checks,
}
"""Every check family, in the order a report lists them."""


def _run_family(name: str, family: Family, options: DiagOptions) -> list[Check]:
    start = time.perf_counter()
    try:
        checks = family(options)
    except (KioskError, OSError) as exc:
        log.warning("diagnostics family %s raised %s", name, type(exc).__name__)
        checks = [failed(f"{name}.error", f"the check itself failed: {type(exc).__name__}",
                         ("Chạy lại kiểm tra; nếu vẫn lỗi, gửi báo cáo này cho kỹ thuật viên.",
                          "Run the check again; if it fails again, send this report to a "
                          "technician."))]
    share = (time.perf_counter() - start) * 1000 / max(1, len(checks))
    return [Check(c.name, c.status, c.summary, c.action_vi, c.action_en, c.facts,
                  c.duration_ms or share) for c in checks]


def run_diagnostics(options: DiagOptions, families: Sequence[str] = ()) -> Report:
    """Run ``families`` (default: all) and return the report."""
    unknown = set(families) - set(FAMILIES)
    if unknown:
        raise KioskError(f"unknown check family {sorted(unknown)[0]!r}; known: "
                         + ", ".join(FAMILIES))
    chosen = [f for f in FAMILIES if not families or f in families]
    started = dt.datetime.now(dt.UTC)
    start = time.perf_counter()
    checks: list[Check] = []
    for name in chosen:
        checks.extend(_run_family(name, FAMILIES[name], options))
    report = Report(tuple(checks), started, (time.perf_counter() - start) * 1000,
                    _device_id(options))
    counts = report.counts()
    log.info("diagnostics: %s (%d ok, %d warning, %d failed)", report.status,
             counts["ok"], counts["warning"], counts["failed"])
    return report


def _device_id(options: DiagOptions) -> str | None:
    store = KeyStore.in_data_dir(Path(options.config.sync.data_dir).expanduser())
    try:
        return store.load().device_id if store.exists() else None
    except KioskError:
        return None
