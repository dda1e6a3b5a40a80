"""Screenshots of the technician screens: PIN pad, lockout, menu, live diagnostics.

:func:`render_technician_screenshots` opens the real kiosk window offscreen in both
orientations and languages, wires the technician side as ``kiosk run`` does, and runs
the real diagnostics on simulated devices (the virtual printer out of paper, a central
service nobody answers at, the simulated camera; the reader as configured). Used by
``kiosk screenshots``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from kiosk.core.config import KioskConfig, PrinterConfig, TechnicianConfig
from kiosk.core.procedures import load_catalog
from kiosk.diagnostics import FAMILIES
from kiosk.diagnostics.technician_pin import MAX_ATTEMPTS, make_pin_hash
from kiosk.ui.kiosk.window import ORIENTATIONS, KioskWindow
from kiosk.ui.qt.application import qt_application
from kiosk.ui.qt.tasks import TaskRunner
from kiosk.ui.technician.wiring import TechnicianWiring

SHOT_PIN = "246810"
# The camera last: its preview frame and decode overlay are fresh when the shot is taken.
SHOT_FAMILIES = (*(f for f in FAMILIES if f != "camera"), "camera")


def demo_config(folder: Path, config: KioskConfig | None = None) -> KioskConfig:
    """``config`` (or the defaults) on simulated devices: paper out, central unreachable."""
    base = config or KioskConfig()
    return replace(
        base,
        printer=PrinterConfig(url="sim://?paper=out"),
        sync=replace(base.sync, data_dir=str(folder), central_url="http://127.0.0.1:9"),
        technician=TechnicianConfig(pin_hash=make_pin_hash(SHOT_PIN)),
    )


def _type(wiring: TechnicianWiring, window: KioskWindow, tasks: TaskRunner, pin: str) -> None:
    for key in pin:
        wiring.presenter.digit(key)
    wiring.presenter.submit_pin()
    tasks.wait()
    while wiring.presenter.checking:
        QCoreApplication.processEvents()
    window.settle()


def _shots_of_one(window: KioskWindow, config: KioskConfig, language: str,
                  shot: Callable[[str], None]) -> None:
    tasks = TaskRunner()
    wiring = TechnicianWiring(window, config, tasks, quit_app=lambda: None,
                              families=SHOT_FAMILIES)
    tech = wiring.presenter
    try:
        window.settle()
        tech.hold_done()
        tech.corner_tapped()
        for key in SHOT_PIN[:3]:
            tech.digit(key)
        shot("t1-pin")
        for _ in SHOT_PIN[:3]:
            tech.erase()
        _type(wiring, window, tasks, SHOT_PIN)
        window.presenter.switch_language(language)  # the wipe went back to Vietnamese
        shot("t3-menu")
        tech.open_diagnostics()
        while tech.busy:
            window.settle(100)
        shot("t4-diagnostics")
        tech.back_to_citizen()
        window.presenter.switch_language(language)
        tech.hold_done()
        tech.corner_tapped()
        for _ in range(MAX_ATTEMPTS):
            _type(wiring, window, tasks, "0000")
        shot("t2-pin-locked")
        tech.cancel()
    finally:
        tasks.wait()
        wiring.close()


def render_technician_screenshots(outdir: Path, config: KioskConfig | None = None
                                  ) -> list[Path]:
    """Render the technician screens in both languages and orientations; return the files."""
    qt_application(offscreen=True)
    outdir.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as folder:
        shots_config = demo_config(Path(folder), config)
        for orientation in ORIENTATIONS:
            for language in ("vi", "en"):
                window = KioskWindow(catalog, shots_config.center, orientation)
                window.view.show()
                try:
                    window.presenter.switch_language(language)

                    def shot(name: str, w: KioskWindow = window, lang: str = language,
                             o: str = orientation) -> None:
                        written.append(w.grab(outdir / f"{name}-{lang}-{o}.png"))

                    _shots_of_one(window, shots_config, language, shot)
                finally:
                    window.close()
    return written
