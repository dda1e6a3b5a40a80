"""The kiosk window: the QML screens, the visit presenter, translations.

:class:`KioskWindow` builds one QQuickView showing ``kiosk/ui/kiosk/qml/Main.qml`` with
three context objects: ``kiosk`` (the :class:`~kiosk.ui.kiosk.presenter.VisitPresenter`),
``procedureModel`` and ``keypadFocus`` (the tactile keypad's focus,
:class:`~kiosk.ui.kiosk.keypad_visit.VisitKeypad`). Language switches install the other
translator and re-evaluate every text. :func:`render_screenshots` renders screens offscreen, in both
languages and both orientations, to PNG files.

Devices reach the visit through :class:`~kiosk.ui.qt.device_bridge.DeviceBridge` and
blocking work runs on :class:`~kiosk.ui.qt.tasks.TaskRunner`; screens never import either.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import Q_ARG, QMetaObject, QPointF

from kiosk.core.competence import CenterArea
from kiosk.core.config import CenterConfig
from kiosk.core.procedures import Catalog
from kiosk.core.resources import qml_dir
from kiosk.core.visit.machine import Visit
from kiosk.ui.kiosk.document_pages import PageImages, PageStore
from kiosk.ui.kiosk.holder_files import HolderFilesModel
from kiosk.ui.kiosk.keypad_visit import VisitKeypad
from kiosk.ui.kiosk.papers_desk import PapersDesk
from kiosk.ui.kiosk.place_picker import PlacePicker
from kiosk.ui.kiosk.presenter import VisitPresenter
from kiosk.ui.kiosk.procedure_model import ProcedureListModel
from kiosk.ui.qt.camera_preview import CameraPreview, install_preview
from kiosk.ui.qt.i18n import Translations
from kiosk.ui.qt.qml_window import QmlWindow, UiError

log = logging.getLogger(__name__)

QML_DIR = qml_dir("kiosk")
WINDOW_TITLE = "Kiosk"  # the window is "Kiosk — <the center's Vietnamese name>"
ORIENTATIONS: dict[str, tuple[int, int]] = {"portrait": (1080, 1920),
                                            "landscape": (1920, 1080)}


class KioskWindow(QmlWindow):
    """One kiosk screen (window) and the visit it shows."""

    what = "The kiosk screens"
    layouts = tuple(ORIENTATIONS.values())  # full screen: any output, either shape

    def __init__(
        self,
        catalog: Catalog,
        center: CenterConfig,
        orientation: str = "portrait",
        clock: Callable[[], float] = time.monotonic,
        capture_documents: bool = False,
    ) -> None:
        if orientation not in ORIENTATIONS:
            raise UiError(f"Orientation must be portrait or landscape, not {orientation!r}.")
        self.visit = Visit(catalog, now=clock(),
                           area=CenterArea(center.province_code, center.ward_codes),
                           capture_documents=capture_documents)
        self.presenter = VisitPresenter(self.visit, center, clock)
        self.procedures = ProcedureListModel(catalog)
        super().__init__()
        context = self.view.rootContext()
        context.setContextProperty("kiosk", self.presenter)
        context.setContextProperty("procedureModel", self.procedures)
        self.places = PlacePicker(self.presenter)  # the address picker's lists
        context.setContextProperty("places", self.places)
        # The tactile keypad's focus (docs/accessibility.md); [keypad] via VisitKeypad.configure
        self.keypad = VisitKeypad(self.view, self.presenter)
        context.setContextProperty("keypadFocus", self.keypad.navigator)
        # The live camera preview (image://camera/, `cameraPreview`): frames are taken
        # only while the identify screen shows (the camera worker's on_frame feeds it).
        self.camera_preview = CameraPreview()
        self._camera_provider = install_preview(self.view.engine(), self.camera_preview)
        self.presenter.stage_changed.connect(lambda: self.camera_preview.want(
            "identify", self.visit.stage == "identify"))
        self.presenter.stage_changed.connect(lambda: self.camera_preview.want(
            "documents", self.visit.stage == "documents"))
        # The documents step (docs/documents.md): the pages taken, in memory only, shown
        # as image://pages/<id>; `papers` takes the screen's taps.
        self.pages = PageStore()
        self._page_provider = PageImages(self.pages)
        self.view.engine().addImageProvider("pages", self._page_provider)
        self.papers = PapersDesk(self.presenter)
        context.setContextProperty("papers", self.papers)
        # the card holder's files, shown on the procedure screen (kiosk.ui.kiosk.holder_watch)
        self.holder_files = HolderFilesModel(lambda: self.visit.language)
        context.setContextProperty("holderFiles", self.holder_files)
        self.presenter.language_changed.connect(self.holder_files.language_switched)
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
