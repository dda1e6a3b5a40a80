"""The dashboard's trend chart: server-rendered SVG (no chart library, no script).

Per day, a bar of the files received and, beside it, the files decided on time (green)
stacked under those decided late (red); the axis says the largest value. Days are
Vietnam calendar days; labels every fifth day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 220, 36, 28, 12


def trend_svg(trend: list[dict[str, Any]]) -> str:
    """The SVG of ``trend`` (``file_report``'s ``trend`` rows, oldest first)."""
    top = max([1] + [max(d["received"], d["decided_on_time"] + d["decided_late"])
                     for d in trend])
    plot_h = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT - 8) / max(1, len(trend))
    bar = max(1.0, step / 2 - 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="100%" role="img" aria-label="Xu hướng / Trend" id="trend">',
             f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH}" y2="{TOP + plot_h}" '
             'stroke="#8a939c"/>',
             f'<text x="{LEFT - 4}" y="{TOP + 8}" font-size="11" text-anchor="end">{top}</text>',
             f'<text x="{LEFT - 4}" y="{TOP + plot_h}" font-size="11" text-anchor="end">0</text>']
    for i, day in enumerate(trend):
        x = LEFT + i * step
        parts.append(_bar(x, bar, day["received"], 0, top, plot_h, "#5b7fa6",
                          f'{day["day"]} received {day["received"]}'))
        parts.append(_bar(x + bar + 1, bar, day["decided_on_time"], 0, top, plot_h, "#2e8b57",
                          f'{day["day"]} on time {day["decided_on_time"]}'))
        parts.append(_bar(x + bar + 1, bar, day["decided_late"], day["decided_on_time"], top,
                          plot_h, "#c0392b", f'{day["day"]} late {day["decided_late"]}'))
        if i % 5 == 0 or i == len(trend) - 1:
            label = dt.date.fromisoformat(day["day"]).strftime("%d/%m")
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 10}" font-size="11">{label}</text>')
    parts.append(_legend())
    parts.append("</svg>")
    return "".join(parts)


def _bar(x: float, width: float, value: int, below: int, top: int, plot_h: int, colour: str,
         title: str) -> str:
    if value <= 0:
        return ""
    height = plot_h * value / top
    y = TOP + plot_h - plot_h * below / top - height
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
            f'fill="{colour}"><title>{title}</title></rect>')


def _legend() -> str:
    items = (("#5b7fa6", "Tiếp nhận / received"), ("#2e8b57", "Đúng hạn / on time"),
             ("#c0392b", "Quá hạn / late"))
    return "".join(
        f'<rect x="{LEFT + 8 + i * 190}" y="0" width="10" height="10" fill="{c}"/>'
        f'<text x="{LEFT + 22 + i * 190}" y="9" font-size="11">{t}</text>'
        for i, (c, t) in enumerate(items))
