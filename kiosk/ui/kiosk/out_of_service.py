"""The "out of service" page: one full-screen QML page with nothing to touch.

Shown by ``kiosk out-of-service`` when systemd gave up restarting the kiosk app (see
:mod:`kiosk.commands.out_of_service`). It says, in Vietnamese first and then English,
that the kiosk is out of service and that the citizen should go to a reception
counter, and shows the device id (and centre, and since when) for the staff.
"""

from __future__ import annotations

from kiosk.core.resources import qml_dir
from kiosk.ui.qt.qml_window import QmlWindow

PAGE = qml_dir("kiosk") / "OutOfService.qml"
DESIGN_SIZE = (1080, 1920)  # a windowed page's starting size; full screen fills the output


class OutOfServiceWindow(QmlWindow):
    """The page; :meth:`show_report` adds what became of the report to the central."""

    what = "The out-of-service page"
    windowed_fit = "resize"  # the page follows any size: a window only shrinks to fit

    def __init__(self, device_id: str, center_name: str, since: str) -> None:
        super().__init__()
        self.view.setTitle("Kiosk — Tạm ngưng phục vụ / Out of service")
        self.view.resize(*DESIGN_SIZE)
        self.load(PAGE)
        root = self.view.rootObject()
        root.setProperty("deviceId", device_id)
        root.setProperty("centerName", center_name)
        root.setProperty("since", since)

    def show_report(self, line: str) -> None:
        """Show ``line`` (reported or queued) in small print under the device id."""
        self.view.rootObject().setProperty("reportLine", line)

    def text(self, name: str) -> str:
        """The text of the page's item ``name`` (title_vi, advice_en, device_line, ...)."""
        return str(self.item(name).property("text"))
