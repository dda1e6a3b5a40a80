"""Screens never break a Vietnamese compound word across two lines ("căn / cước").

The Vietnamese catalogs are loaded from a copy joining compounds with no-break spaces
(kiosk/ui/qt/i18n.py); Qt's own line breaker is the oracle here: every screen text,
laid out by ``QTextLayout`` at many widths, breaks only between words.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFont, QTextLayout, QTextOption

from kiosk.core.vi_words import NBSP, units
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.qt.i18n import I18N_DIR, kept_words_catalog

WIDTHS = range(90, 900, 37)


def _lines(text: str, width: int) -> list[str]:
    layout = QTextLayout(text, QFont("DejaVu Sans", 20))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def _catalog(name: str) -> tuple[QTranslator, list[str]]:
    translator = QTranslator()
    assert translator.load(str(kept_words_catalog(I18N_DIR / f"{name}.qm")))
    ids = [m.attrib["id"] for m in ET.parse(I18N_DIR / f"{name}.ts").getroot().iter("message")]
    return translator, ids


def test_the_vietnamese_catalogs_hold_compounds_together(qapp: object) -> None:
    kiosk, _ids = _catalog("kiosk_vi")
    assert kiosk.translate("", "attract.prompt") == (
        f"Chạm thẻ căn{NBSP}cước hoặc đưa mã QR vào camera để bắt{NBSP}đầu")
    english = QTranslator()
    assert english.load(str(kept_words_catalog(I18N_DIR / "kiosk_en.qm")))
    assert NBSP not in str(english.translate("", "attract.prompt"))


def test_no_screen_text_breaks_inside_a_compound(qapp: object) -> None:
    checked = 0
    for name in ("kiosk_vi", "counter_vi", "technician_vi"):
        translator, ids = _catalog(name)
        for message in ids:
            text = str(translator.translate("", message))
            if " " not in text.replace(NBSP, " "):
                continue
            for width in WIDTHS:
                lines = _lines(text, width)
                for first, second in itertools.pairwise(lines):
                    # str.split() would also split at the no-break spaces
                    last, next_word = first.rstrip(" ").split(" ")[-1], second.split(" ")[0]
                    if not last or not next_word or NBSP in last + next_word:
                        continue  # a break beside a held compound: between words
                    pair = f"{last} {next_word}"
                    assert len(units(pair)) == 2, (message, width, lines)
                checked += 1
    assert checked > 500


def test_the_window_shows_compounds_held_together(window: KioskWindow) -> None:
    window.translations.use("vi")
    shown = str(window.item("attract_prompt").property("text"))
    assert f"căn{NBSP}cước" in shown
    assert shown.replace(NBSP, " ") == "Chạm thẻ căn cước hoặc đưa mã QR vào camera để bắt đầu"
