"""The counter screens rendered offscreen to PNG files, with synthetic data.

:func:`render_counter_screenshots` signs a made-up staff member in, calls a ticket and
shows what a kiosk collected for sample citizen 1 (synthetic), in Vietnamese and in
English, at 1366 x 768 and 1920 x 1080. No central service or device is involved: the
results the app would report are handed to the presenter directly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.core.desk.answers import CalledTicket, StaffAccount
from kiosk.core.desk.submissions import Submission
from kiosk.core.procedures import Catalog, load_catalog
from kiosk.ui.counter.window import SIZES, CounterWindow

DEMO_PROCEDURE = "HT-XNHONNHAN"


def demo_submission(catalog: Catalog, procedure: str = DEMO_PROCEDURE) -> Submission:
    """What a kiosk recorded for synthetic sample citizen 1 (QR path)."""
    from kiosk.core.forms import build_form
    from kiosk.devices.qr.cccd_qr import parse_cccd_qr
    from kiosk.simulated.samples import list_samples, load_sample

    identity = parse_cccd_qr(load_sample(list_samples()[0]).qr_text, strict=False)
    form = build_form(catalog.get(procedure), identity).edited("purpose", "Bổ sung hồ sơ")
    payload = form.payload()
    return Submission(
        record_id="019ab1c2-3d4e-7f00-8a1b-2c3d4e5f6a7b",
        created_at=dt.datetime(2026, 11, 23, 1, 42, tzinfo=dt.UTC),
        procedure=procedure,
        citizen={"id_number": payload.get("id_number", ""),
                 "full_name": payload.get("full_name", ""), "identified_by": "qr"},
        form=payload, sources=form.sources(), authenticity="unknown", identity_source="qr",
        ticket_label="HT012", ticket_service="HT", ticket_number=12, file_code="K7QM-3FXA")


def render_counter_screenshots(outdir: Path, catalog: Catalog | None = None) -> list[Path]:
    """Render the sign-in and desk screens in both languages and sizes; return the files."""
    from kiosk.ui.qt.application import qt_application

    qt_application(offscreen=True)
    catalog = catalog or load_catalog()
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for size in SIZES:
        for language in ("vi", "en"):
            window = CounterWindow(catalog, size)
            window.view.show()
            p = window.presenter
            try:
                p.switch_language(language)
                written.append(window.grab(outdir / f"counter-01-sign-in-{language}-{size}.png"))
                p.signed_in_as(StaffAccount("demo", "Trần Thị Bình", ("HT", "CT"), "3"))
                p.board_loaded({"HT": 4, "CT": 2, "TQ": 7, "LL": 1})
                p.set_depth(2)
                written.append(window.grab(outdir / f"counter-02-desk-{language}-{size}.png"))
                p.ticket_called(CalledTicket("HT", 12, "HT012", 540))
                p.find("012345678901", "typed")
                p.looked_up(p.serial, [demo_submission(catalog)])
                written.append(window.grab(outdir / f"counter-03-citizen-{language}-{size}.png"))
                p.set_online(False)
                p.finished("call.offline", "error")
                written.append(window.grab(outdir / f"counter-04-offline-{language}-{size}.png"))
                window.settle()
                QTest.keyClick(window.view, Qt.Key.Key_F8)  # the transfer list
                written.append(window.grab(outdir / f"counter-05-transfer-{language}-{size}.png"))
            finally:
                window.close()
    return written
