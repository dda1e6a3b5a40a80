"""The support-ticket report: one JSON file and one human-readable text file.

Checks hold no personal data by construction; as a second line of defence every
string is passed through :func:`kiosk.core.logs.mask_personal` (ID numbers, MRZ lines)
before it is written, and :func:`personal_data_found` lets tests and technicians
scan any text for what must never be there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kiosk.core.logs import mask_personal
from kiosk.core.vn_time import stamp_text
from kiosk.diagnostics.result import NOTHING_TO_DO, Report, Status

MARKS = {Status.OK: "OK  ", Status.WARNING: "WARN", Status.FAILED: "FAIL"}
TITLES = {Status.OK: "Tốt / OK", Status.WARNING: "Cần xem / Warning",
          Status.FAILED: "Hỏng / Failed"}
_ID_RUN = re.compile(r"(?<!\d)\d{12}(?!\d)")


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal(value)
    if isinstance(value, dict):
        return {str(k): _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    return value


def report_json(report: Report) -> str:
    """The report as indented JSON (UTF-8 text), personal-looking data masked."""
    return json.dumps(_masked(report.to_json_dict()), ensure_ascii=False, indent=2)


def report_text(report: Report) -> str:
    """The report for people: one block per check, Vietnamese then English actions."""
    counts = report.counts()
    lines = [
        "BÁO CÁO CHẨN ĐOÁN KI-ỐT / KIOSK DIAGNOSTICS REPORT",
        # a technician reads it: Vietnam time, like every time a person sees
        f"Thời gian / Time: {stamp_text(report.started_at)} (giờ Việt Nam / Vietnam time)",
        f"Thiết bị / Device: {report.device_id or '-'}",
        f"Kết quả / Result: {TITLES[report.status]} "
        f"({counts['ok']} ok, {counts['warning']} warning, {counts['failed']} failed)",
        "",
    ]
    for check in report.checks:
        lines.append(f"[{MARKS[check.status]}] {check.name}: {check.summary}")
        if check.status is not Status.OK or check.action_en != NOTHING_TO_DO[1]:
            lines.append(f"       → {check.action_vi}")
            lines.append(f"       → {check.action_en}")
        for key, value in check.facts.items():
            text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
            lines.append(f"         {key}: {text}")
    return mask_personal("\n".join(lines)) + "\n"


def export_report(report: Report, folder: Path) -> tuple[Path, Path]:
    """Write ``diagnostics-<time>.json`` and ``.txt`` into ``folder``; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = "diagnostics-" + report.started_at.strftime("%Y%m%dT%H%M%SZ")
    json_path, text_path = folder / f"{stem}.json", folder / f"{stem}.txt"
    json_path.write_text(report_json(report) + "\n", encoding="utf-8")
    text_path.write_text(report_text(report), encoding="utf-8")
    return json_path, text_path


def personal_data_found(text: str, needles: list[str]) -> list[str]:
    """Which of ``needles`` (names, ID numbers ...) occur in ``text``, plus any 12-digit run.

    Matching ignores case; an empty list means the text is clean.
    """
    lowered = text.lower()
    found = [n for n in needles if n and n.lower() in lowered]
    found.extend(_ID_RUN.findall(text))
    return found
