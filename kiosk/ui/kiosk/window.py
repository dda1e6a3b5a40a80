"""The kiosk window: the QML screens, the visit presenter, translations, screenshots.

:class:`KioskWindow` builds one QQuickView showing ``kiosk/ui/kiosk/qml/Main.qml`` with
two context objects: ``kiosk`` (the :class:`~kiosk.ui.kiosk.presenter.VisitPresenter`)
and ``procedureModel``. Language switches install the other translator and
re-evaluate every text. :func:`render_screenshots` renders screens offscreen, in both
languages and both orientations, to PNG files.

Devices reach the visit through :class:`~kiosk.ui.qt.device_bridge.DeviceBridge` and
blocking work runs on :class:`~kiosk.ui.qt.tasks.TaskRunner`; screens never import either.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Q_ARG, QMetaObject, QPointF
from PySide6.QtGui import QGuiApplication

from kiosk.core.config import CenterConfig
from kiosk.core.procedures import Catalog, load_catalog
from kiosk.core.resources import qml_dir
from kiosk.core.visit.machine import Visit
from kiosk.ui.kiosk.presenter import VisitPresenter
from kiosk.ui.kiosk.procedure_model import ProcedureListModel
from kiosk.ui.qt.camera_preview import CameraPreview, install_preview
from kiosk.ui.qt.emit_guard import guard_emit_refcount
from kiosk.ui.qt.i18n import Translations
from kiosk.ui.qt.qml_window import QmlWindow, UiError

log = logging.getLogger(__name__)

QML_DIR = qml_dir("kiosk")
WINDOW_TITLE = "Kiosk"  # the window is "Kiosk — <the center's Vietnamese name>"
ORIENTATIONS: dict[str, tuple[int, int]] = {"portrait": (1080, 1920),
                                            "landscape": (1920, 1080)}


def qt_application(offscreen: bool = False) -> QGuiApplication:
    """The process's QGuiApplication, created with the kiosk's settings if needed."""
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Software rendering: identical pixels on every kiosk PC and offscreen.
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    guard_emit_refcount()  # PySide6 6.12.0 would abort the process after ~100 visits
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    return QGuiApplication(["kiosk"])


class KioskWindow(QmlWindow):
    """One kiosk screen (window) and the visit it shows."""

    what = "The kiosk screens"

    def __init__(
        self,
        catalog: Catalog,
        center: CenterConfig,
        orientation: str = "portrait",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if orientation not in ORIENTATIONS:
            raise UiError(f"Orientation must be portrait or landscape, not {orientation!r}.")
        self.visit = Visit(catalog, now=clock())
        self.presenter = VisitPresenter(self.visit, center, clock)
        self.procedures = ProcedureListModel(catalog)
        super().__init__()
        context = self.view.rootContext()
        context.setContextProperty("kiosk", self.presenter)
        context.setContextProperty("procedureModel", self.procedures)
        # The live camera preview (image://camera/, `cameraPreview`): frames are taken
        # only while the identify screen shows (the camera worker's on_frame feeds it).
        self.camera_preview = CameraPreview()
        self._camera_provider = install_preview(self.view.engine(), self.camera_preview)
        self.presenter.stage_changed.connect(lambda: self.camera_preview.want(
            "identify", self.visit.stage == "identify"))
        self.translations = Translations(self.view.engine())
        self.translations.use(self.visit.language)
        self.presenter.language_changed.connect(self._language_changed)
        # A clear title: automation (xdotool search --name) finds this window, not Qt's
        # 3×3 "Qt Selection Owner for kiosk" helper window, which a bare "kiosk" matched.
        self.view.setTitle(f"{WINDOW_TITLE} — {center.name_vi}")
        self.view.resize(*ORIENTATIONS[orientation])
        self.load(QML_DIR / "Main.qml")

    def swipe_into_view(self, name: str) -> int:
        """Scroll the list or page holding ``name`` until its middle shows; 1 if it had to.

        That scroll is what the citizen's swipe does: a touch, but no intention of the
        visit (tests and benchmarks count touches with it).
        """
        self.settle()
        try:
            item = self.item(name)
        except UiError:  # a list row far from view is not made yet: the list scrolls to it
            code = name.removeprefix("procedure_")
            QMetaObject.invokeMethod(self.item("procedure_list"), "positionViewAtIndex",
                                     Q_ARG(int, self.procedures.codes().index(code)),
                                     Q_ARG(int, 1))
            return 1
        flick = item.parentItem()
        while flick is not None and flick.metaObject().indexOfProperty("contentY") < 0:
            flick = flick.parentItem()
        if flick is None:
            return 0  # not in a list or page: always in view
        top = flick.mapToScene(QPointF(0, 0)).y()
        middle = item.mapToScene(QPointF(0, item.height() / 2)).y()
        if top <= middle < top + flick.height():
            return 0
        y = item.mapToItem(flick.property("contentItem"), QPointF(0, 0)).y()
        origin = float(flick.property("originY"))
        end = origin + max(0.0, float(flick.property("contentHeight")) - flick.height())
        flick.setProperty("contentY", min(max(y - 24, origin), end))
        return 1

    def _language_changed(self) -> None:
        language = self.visit.language
        self.translations.use(language)
        self.procedures.set_language(language)



@dataclass
class _ManualClock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@contextmanager
def _window(catalog: Catalog, center: CenterConfig, orientation: str,
            clock: _ManualClock) -> Iterator[KioskWindow]:
    window = KioskWindow(catalog, center, orientation, clock)
    window.view.show()
    try:
        yield window
    finally:
        window.close()


def render_screenshots(
    outdir: Path, catalog: Catalog | None = None, center: CenterConfig | None = None
) -> list[Path]:
    """Render every built screen in both languages and orientations; return the files."""
    qt_application(offscreen=True)
    catalog = catalog or load_catalog()
    center = center or CenterConfig()
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for orientation in ORIENTATIONS:
        for language in ("vi", "en"):
            clock = _ManualClock()
            with _window(catalog, center, orientation, clock) as window:
                p = window.presenter

                def shot(name: str, w: KioskWindow = window, lang: str = language,
                         o: str = orientation) -> None:
                    written.append(w.grab(outdir / f"{name}-{lang}-{o}.png"))

                p.switch_language(language)
                shot("01-attract")
                p.start()
                shot("02-language")
                p.choose_language(language)
                shot("03-procedures")
                window.procedures.set_query("dang ky ket hon")
                shot("04-procedures-search")
                window.procedures.set_query("")
                p.choose_procedure("HT-KETHON")
                shot("05-identify")
                clock.now += 47
                p.tick()
                shot("06-idle-countdown")
                p.activity()
                _identify_shots(window, shot, language)
                _demo_visit(window, shot, language)
    return written


def _demo_visit(window: KioskWindow, shot: Callable[[str], None], language: str) -> None:
    """Carry a synthetic sample citizen (QR path) from the form to the rating."""
    from kiosk.core.visit.events import (
        AuthenticityFailed,
        PrinterNotReady,
        QrDecoded,
        Submitted,
        TicketInfo,
    )
    from kiosk.devices.qr.cccd_qr import parse_cccd_qr
    from kiosk.simulated.samples import list_samples, load_sample

    p = window.presenter
    p.back()
    p.choose_procedure("HT-XNHONNHAN")
    p.post(QrDecoded(parse_cccd_qr(load_sample(list_samples()[0]).qr_text, strict=False)))
    p.confirm_form()  # one field left to type: its problem is shown
    shot("07-form")
    p.edit_field("purpose", "Bổ sung hồ sơ xin việc")
    p.confirm_form()
    p.give_consent(True)
    shot("08-review")
    p.submit()
    shot("08b-submitting")
    p.post(Submitted("K7QM-3FXA", TicketInfo(
        12, "HT", "3, 4", 3, 15, "https://example.invalid/q/HT012",
        dt.datetime(2026, 11, 23, 2, 15, tzinfo=dt.UTC))))
    p.post(PrinterNotReady("paper_out"))
    shot("09-ticket-printer-out")
    p.next()
    shot("10-rating")
    p.skip_rating()
    shot("10b-done")
    p.restart()
    p.start()
    p.choose_language(language)
    p.toggle_large_text()
    p.toggle_contrast()
    shot("11-procedures-large-contrast")
    p.choose_procedure("HT-KETHON")
    shot("12-identify-large-contrast")
    p.post(AuthenticityFailed())
    shot("13-counter-large-contrast")
    p.toggle_large_text()
    p.toggle_contrast()
    shot("14-counter")


def _identify_shots(window: KioskWindow, shot: Callable[[str], None], language: str) -> None:
    """The identify screen's ways, the chip read, and a card pulled mid-read."""
    import cv2

    from kiosk.core.visit.events import CardRemoved, CardTapped, QrDecoded
    from kiosk.demo.stack import qr_image
    from kiosk.devices.qr.cccd_qr import parse_cccd_qr
    from kiosk.devices.qr.frame_decoder import FrameDecoder
    from kiosk.simulated.samples import list_samples, load_sample

    p = window.presenter
    sample = list_samples()[0]
    frame = cv2.imread(str(qr_image(sample)), cv2.IMREAD_COLOR)
    if frame is None:
        raise UiError(f"The sample QR picture {qr_image(sample)} is unreadable.")
    hit = FrameDecoder().decode(frame)
    window.camera_preview.on_frame(frame, hit.corners if hit is not None else None)
    window.settle(80)
    shot("05b-identify-camera-decoded")
    window.camera_preview.clear()
    field = window.item("id_field")
    field.forceActiveFocus()
    QGuiApplication.inputMethod().show()
    field.setProperty("text", "0010901")
    p.enter_id("0010901")  # too short: the screen says what is wrong
    shot("05c-identify-typing")
    window.view.rootObject().forceActiveFocus()
    QGuiApplication.inputMethod().hide()
    p.post(CardTapped())
    shot("05d-identify-card-needs-qr")
    p.post(QrDecoded(parse_cccd_qr(load_sample(sample).qr_text, strict=False)))
    for step in ("unlocking the chip", "reading EF.SOD", "reading DG1"):
        p.show_read_step(step)
    p.show_read_progress("DG1", 60, 90)
    shot("05e-reading-card")
    p.post(CardRemoved())
    shot("05f-card-pulled")
    p.restart()
    p.start()
    p.choose_language(language)
    p.choose_procedure("HT-KETHON")
