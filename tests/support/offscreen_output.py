"""The kiosk full screen on offscreen outputs of given sizes: pictures and item places.

Run as a program (one Qt process per call: an offscreen screen's size is fixed when Qt
starts)::

    python -m tests.support.offscreen_output OUTDIR 1920x1080 1080x1920 ...

For each size the kiosk window is shown full screen on an offscreen screen of that size
and carried through attract, language, identify and identify with the on-screen keyboard
up (the ID field tapped, as a finger would). Each screen is saved as
``OUTDIR/<W>x<H>-<screen>.png`` and ``OUTDIR/report.json`` tells, per size, the window
and root sizes, the scale, the rectangles of the screens' key items (window
coordinates) and where the keyboard's digit keys are (for a driver typing into the
same screen in a real compositor). The sound is reported missing, as in a session with
no sound device.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

KEY_ITEMS: dict[str, list[str]] = {
    "attract": ["center_name", "toggle_large_text", "toggle_contrast", "toggle_sound",
                "switch_vi", "switch_en", "attract_prompt", "start"],
    "language": ["choose_vi", "choose_en", "back"],
    "identify": ["way_card", "way_qr", "way_type", "id_field", "id_continue", "back",
                 "restart"],
    "identify-keyboard": ["id_field", "id_continue", "keyboard"],
}
PROCEDURE = "HT-KETHON"


def screen_config(folder: Path, sizes: list[tuple[int, int]]) -> Path:
    """An offscreen platform configuration with one screen per size, side by side."""
    screens, x = [], 0
    for width, height in sizes:
        screens.append({"name": f"{width}x{height}", "x": x, "y": 0, "width": width,
                        "height": height, "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1})
        x += width
    path = folder / "screens.json"
    path.write_text(json.dumps({"windowFrameMargins": False, "screens": screens}))
    return path


def _rect(window: Any, name: str) -> list[int] | None:
    from PySide6.QtCore import QRectF

    if not window.has_item(name):
        return None
    item = window.item(name)
    if not item.isVisible():
        return None
    rect = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
    return [round(rect.x()), round(rect.y()), round(rect.width()), round(rect.height())]


def _digit_keys(fingers: Any) -> dict[str, list[int]]:
    keys = {}
    for key in fingers._keys():
        text = str(key.property("text") or "")
        if len(text) == 1 and text.isdigit():
            centre = fingers.centre(key)
            keys[text] = [centre.x(), centre.y()]
    return keys


def render(window: Any, outdir: Path, size: tuple[int, int]) -> dict[str, Any]:
    """Carry one full-screen window through the screens; its part of the report."""
    from tests.support.fingers import Fingers, wait_until

    fingers = Fingers(window)
    presenter, view = window.presenter, window.view
    presenter.show_sound_state("no_device")
    found: dict[str, Any] = {"window": [view.width(), view.height()],
                             "scale": view.contentItem().scale(), "screens": {}}
    root = view.rootObject()
    found["root"] = [root.width(), root.height()]

    def shot(screen: str) -> None:
        window.settle(400)  # the keyboard slides in; attract's pictures move
        path = window.grab(outdir / f"{size[0]}x{size[1]}-{screen}.png")
        found["screens"][screen] = {"png": str(path), "items": {
            name: _rect(window, name) for name in KEY_ITEMS[screen]}}

    shot("attract")
    presenter.start()
    shot("language")
    presenter.choose_language("vi")
    presenter.choose_procedure(PROCEDURE)
    shot("identify")
    fingers.tap("id_field")
    wait_until(fingers.keyboard_up, 5, "the on-screen keyboard")
    shot("identify-keyboard")
    found["digit_keys"] = _digit_keys(fingers)
    return found


def main(argv: list[str]) -> int:
    """Render every size given on the command line (``WxH``) into ``argv[0]``."""
    outdir = Path(argv[0])
    outdir.mkdir(parents=True, exist_ok=True)
    sizes = [tuple(int(n) for n in arg.split("x")) for arg in argv[1:]]
    config = screen_config(outdir, sizes)  # type: ignore[arg-type]
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    from kiosk.core.config import CenterConfig
    from kiosk.core.procedures import load_catalog
    from kiosk.ui.kiosk.window import KioskWindow
    from kiosk.ui.qt.application import qt_application

    app = qt_application()
    report = {}
    screens = {(s.geometry().width(), s.geometry().height()): s for s in app.screens()}
    for size in sizes:
        screen = screens[size]  # type: ignore[index]
        window = KioskWindow(load_catalog(), CenterConfig())
        window.view.setScreen(screen)
        window.show(fullscreen=True)
        try:
            report[f"{size[0]}x{size[1]}"] = render(window, outdir, size)  # type: ignore[arg-type]
            report[f"{size[0]}x{size[1]}"]["qml_warnings"] = window.qml_warnings
        finally:
            window.close()
    (outdir / "report.json").write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
