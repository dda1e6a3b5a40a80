"""Bytes and build time of each slip per Vietnamese text mode, beside python-escpos's default.

Run:  .venv/bin/python benchmarks/print_jobs.py [--runs 30] [--write FILE]
(the latest figures live in docs/performance.md)

For each layout (ticket, receipt, test page) and mode (TCVN-3 text, CP1258 text,
raster) it builds the job, counts bytes and code-page switches, times the build
(median of --runs after one warm-up), models the transfer time at 9600 and 115200
baud (10 bits per byte: start, 8 data, stop) and over USB full speed (bulk ceiling
1.216 MB/s; a printer's own intake is usually lower), and reads the job back with the
virtual printer to count letters lost. Beside it, python-escpos's default path
(``Dummy(profile).textln()`` per line, native QR, cut) for the same text on the same
model, measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.config import CenterConfig
from kiosk.devices.printer.document import Document
from kiosk.devices.printer.escpos_interpreter import interpret
from kiosk.devices.printer.escpos_render import paper_ink
from kiosk.devices.printer.job_builder import build_job, library_default_job
from kiosk.devices.printer.profiles import PrinterProfile, TextMode, load_profile
from kiosk.slips import layouts
from kiosk.slips.jobs import VN_TZ, demo_receipt, demo_ticket

CENTER = CenterConfig(
    name_vi="Trung tâm Phục vụ hành chính công thành phố Huế",
    name_en="Hue City Public Administration Service Center",
)
CASES = [
    ("TCVN-3 text", "TM-T20II", TextMode.TCVN3),
    ("CP1258 text", "NT-5890K", TextMode.CP1258),
    ("raster 58 mm", "ZJ-5870", TextMode.RASTER),
    ("raster 80 mm", "TM-T20II", TextMode.RASTER),
]
USB_BYTES_PER_S = 1_216_000
TARGETS = {"ticket": (1536, 12 * 1024)}


def layouts_for(profile: PrinterProfile, mode: TextMode) -> dict[str, Document]:
    now = dt.datetime(2026, 11, 23, 9, 15, tzinfo=VN_TZ)
    return {
        "ticket": layouts.ticket_document(demo_ticket(now), CENTER),
        "receipt": layouts.receipt_document(demo_receipt(now), CENTER),
        "testpage": layouts.testpage_document(profile, mode, "sim://", now),
    }


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: fonts, code-page tables, profile data
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def library_whole_image(data: bytes, profile: PrinterProfile) -> bytes:
    """The usual raster fallback: the whole slip as one picture through python-escpos image()."""
    import numpy as np
    from escpos.printer import Dummy
    from PIL import Image

    ink = paper_ink(interpret(data, profile))
    printer = Dummy(profile=profile.key)
    printer.image(Image.fromarray(np.where(ink, 0, 255).astype(np.uint8), "L"))
    printer.cut()
    return bytes(printer.output)


def lost_letters(data: bytes, profile: PrinterProfile, document: Document) -> int:
    paper = interpret(data, profile)
    printed = sum(line.count("?") for line in paper.text_lines())
    wanted = sum(getattr(b, "text", "").count("?") for b in document.blocks)
    return max(0, printed - wanted)


def transfer(size: int) -> str:
    slow, fast, usb = size * 10 / 9600, size * 10 / 115200, size / USB_BYTES_PER_S
    return f"{slow:.2f} s / {fast * 1000:.0f} ms / {usb * 1000:.1f} ms"


def run(runs: int) -> str:
    rows = [
        "| layout | mode (model) | bytes | ESC t | build ms | 9600 / 115200 baud / USB | lost | "
        "python-escpos default: bytes, ESC t, build ms, lost |",
        "|---|---|---:|---:|---:|---|---:|---|",
    ]
    verdicts = []
    for label, model, mode in CASES:
        profile = load_profile(model)
        for name, document in layouts_for(profile, mode).items():
            job = build_job(document, profile, mode)
            ms = median_ms(lambda d=document, p=profile, m=mode: build_job(d, p, m), runs)
            peer = library_default_job(document, profile)
            peer_ms = median_ms(lambda d=document, p=profile: library_default_job(d, p), runs)
            switches = job.data.count(b"\x1bt")
            lost = lost_letters(job.data, profile, document) if mode is not TextMode.RASTER else 0
            peer_lost = lost_letters(peer, profile, document)
            peer_switches = peer.count(b"\x1bt")
            peer_text = f"{len(peer)} B, {peer_switches}, {peer_ms:.1f} ms, {peer_lost} lost"
            if mode is TextMode.RASTER:
                whole = library_whole_image(job.data, profile)
                whole_ms = median_ms(lambda j=job, p=profile: library_whole_image(j.data, p), 3)
                peer_text += f"; whole slip as one image(): {len(whole)} B, {whole_ms:.0f} ms"
            rows.append(
                f"| {name} | {label} ({model}) | {len(job.data)} | {switches} | {ms:.1f} | "
                f"{transfer(len(job.data))} | {lost} | {peer_text} |"
            )
            if name in TARGETS:
                limit = TARGETS[name][1 if mode is TextMode.RASTER else 0]
                ok = len(job.data) <= limit and ms <= 30
                verdicts.append(
                    f"- ticket, {label}: {len(job.data)} B (target <= {limit}), "
                    f"{ms:.1f} ms (target <= 30): {'met' if ok else 'NOT met'}"
                )
    head = (
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"Python {platform.python_version()}, median of {runs} builds.\n"
    )
    return head + "\n" + "\n".join(rows) + "\n\nTargets:\n" + "\n".join(verdicts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--write", metavar="FILE.md", help="also write the table to a file")
    args = parser.parse_args()
    report = run(args.runs)
    print(report)
    if args.write:
        Path(args.write).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
