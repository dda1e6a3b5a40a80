"""The ticked consent and the "typed" badge stay readable in both colour schemes.

In high contrast the ticked consent was white words on light green (1.1:1) and the
"typed" badge white on white. Here the real window is carried to the form (a typed
field) and the review (consent ticked) by the presenter's slots, as the screenshot book
does (what is checked is the drawing, not the visit), in normal and high contrast; the
words' colour is compared with the colour *rendered* under them (pixels of the grabbed
window, just inside the card, box or badge) and with the item's own fill: each pair at
least 4.5:1, WCAG 2.x's minimum for text (its relative-luminance formula, a few lines:
no library needed for it).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtQuick import QQuickItem

from kiosk.core.config import CenterConfig
from kiosk.core.procedures import load_catalog
from kiosk.core.visit.events import QrDecoded
from kiosk.core.visit.machine import Stage
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.simulated.samples import load_sample
from kiosk.ui.kiosk.window import KioskWindow

from .conftest import ManualClock

MINIMUM = 4.5  # WCAG 2.x, normal-size text (AA)
CITIZEN = "le-hoang-bao-ngan"  # old addresses map one to one: no ward to pick


def luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF())
            + 0.0722 * linear(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2.x contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_ratio_is_wcags() -> None:
    assert round(contrast(QColor("#ffffff"), QColor("#000000")), 2) == 21.0
    assert round(contrast(QColor("#ffffff"), QColor("#e7f6ec")), 2) == 1.12  # the old bug
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.fixture
def window(qapp: object) -> Iterator[KioskWindow]:
    win = KioskWindow(load_catalog(), CenterConfig(), "portrait", ManualClock())
    win.view.show()
    win.settle()
    yield win
    win.close()


def _inside(item: QQuickItem, x: float, y: float) -> tuple[int, int]:
    """A window point ``x``, ``y`` pixels inside ``item`` (negative: from its far edge)."""
    point = item.mapToScene(QPointF(x if x >= 0 else item.width() + x,
                                    y if y >= 0 else item.height() + y))
    return int(point.x()), int(point.y())


def _readable(image: QImage, words: QQuickItem, under: QQuickItem,
              at: tuple[int, int]) -> list[str]:
    """Problems: ``words``' colour against ``under``'s fill and the pixel at ``at``."""
    ink = words.property("color")
    fill = under.property("color")
    drawn = image.pixelColor(*at)
    problems = []
    for what, colour in (("fill", fill), ("rendered", drawn)):
        ratio = contrast(ink, colour)
        if ratio < MINIMUM:
            problems.append(f"{words.objectName()} {ink.name()} on {what} {colour.name()}: "
                            f"{ratio:.2f}:1")
    return problems


@pytest.mark.parametrize("high_contrast", [False, True])
def test_ticked_consent_and_typed_badge_are_readable(window: KioskWindow,
                                                     high_contrast: bool) -> None:
    p = window.presenter
    p.start()
    p.choose_language("vi")
    p.choose_procedure("HT-XNHONNHAN")
    p.post(QrDecoded(parse_cccd_qr(load_sample(CITIZEN).qr_text, strict=False)))
    assert window.visit.stage == Stage.FORM
    p.edit_field("purpose", "Kết hôn")  # typed: its badge says so
    if high_contrast:
        p.toggle_contrast()
    window.settle(100)
    badge = window.item("badge_purpose")
    assert badge.isVisible()
    image = window.view.grabWindow()
    problems = _readable(image, window.item("badge_text_purpose"), badge,
                         _inside(badge, 8, badge.height() / 2))
    p.confirm_form()
    p.give_consent(True)
    assert window.visit.stage == Stage.REVIEW
    window.settle(100)
    image = window.view.grabWindow()
    card, box = window.item("consent"), window.item("consent_box")
    problems += _readable(image, window.item("consent_text"), card, _inside(card, -14, -14))
    problems += _readable(image, window.item("consent_tick"), box, _inside(box, 8, 36))
    assert window.item("consent_tick").property("text") == "✓"
    assert problems == []
