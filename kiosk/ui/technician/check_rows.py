"""The rows the diagnostics screen lists: one per check, or one per family not yet run.

A check family's run gives rows as JSON-ready dicts (``Check.to_json_dict``); these
functions keep the fields the QML reads, mark what is running, and stand a row in for
a family whose run itself failed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kiosk.core.errors import KioskError

Row = dict[str, Any]


def shown_rows(
    families: Sequence[str],
    results: Mapping[str, list[Row]],
    running: Callable[[str], bool],
) -> list[Row]:
    """Every family's rows in order; a family with no result yet shows as one row."""
    rows: list[Row] = []
    for family in families:
        busy = running(family)
        found = results.get(family)
        if not found:
            rows.append({"name": family, "family": family, "summary": "",
                         "status": "running" if busy else "pending",
                         "action_vi": "", "action_en": "", "running": busy})
            continue
        rows.extend({**row, "running": busy} for row in found)
    return rows


def result_rows(family: str, rows: Sequence[Mapping[str, Any]]) -> list[Row]:
    """The fields shown of each check a family's run gave."""
    return [
        {"name": str(r.get("name", family)), "family": family,
         "status": str(r.get("status", "failed")), "summary": str(r.get("summary", "")),
         "action_vi": str(r.get("action_vi", "")), "action_en": str(r.get("action_en", ""))}
        for r in rows]


def failure_rows(family: str, error: KioskError) -> list[Row]:
    """The one row shown when running a family failed (the check itself, not a device)."""
    return [{
        "name": f"{family}.error", "family": family, "status": "failed",
        "summary": f"the check itself failed: {type(error).__name__}",
        "action_vi": "Chạy lại kiểm tra; nếu vẫn lỗi, gửi báo cáo cho kỹ thuật viên.",
        "action_en": "Run the check again; if it fails again, send the report to a "
                     "technician."}]
