"""The procedure screen's search, driven like a citizen: everyday words in, why shown."""

from __future__ import annotations

from kiosk.core.procedures import load_catalog
from kiosk.core.visit.machine import Stage
from kiosk.ui.kiosk.procedure_model import MOST_USED, MOST_USED_VI
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.touch import tap, text_of


def _search(window: KioskWindow, text: str) -> list[str]:
    window.item("search").setProperty("text", text)
    window.settle()
    return window.procedures.codes()


def test_everyday_words_put_the_procedure_first_with_why(window: KioskWindow) -> None:
    tap(window, "start")
    tap(window, "choose_vi")
    codes = _search(window, "lam lai can cuoc bi mat")
    assert codes[0] == "CC-CAPLAI"
    why = text_of(window, "why_CC-CAPLAI")
    assert "làm lại căn cước" in why and "Cấp lại thẻ căn cước" in why
    tap(window, "procedure_CC-CAPLAI")
    assert window.visit.stage == Stage.IDENTIFY
    assert window.visit.data.procedure is not None
    assert window.visit.data.procedure.code == "CC-CAPLAI"
    assert window.qml_warnings == []


def test_nothing_fits_says_ask_at_the_counter(window: KioskWindow) -> None:
    tap(window, "start")
    tap(window, "choose_en")
    assert _search(window, "ly hôn") == []
    assert window.procedures.property("note").startswith("divorce is decided by the court")
    assert window.item("queue_only").isVisible()  # the way to a person at the counter
    assert window.qml_warnings == []


def test_clearing_the_search_browses_most_used_first(window: KioskWindow) -> None:
    tap(window, "start")
    tap(window, "choose_vi")
    _search(window, "so do")
    assert window.procedures.property("searching")
    codes = _search(window, "")
    assert not window.procedures.property("searching")
    catalog_order = [p.code for p in load_catalog().procedures if p.code != "QUEUE"]
    assert codes[:MOST_USED] == catalog_order[:MOST_USED]
    assert len(set(codes)) == len(catalog_order) >= 150
    model = window.procedures
    section = next(r for r, name in model.roleNames().items() if bytes(name) == b"section")
    assert model.data(model.index(0, 0), section) == MOST_USED_VI


def test_typing_keeps_the_model_consistent(qapp: object) -> None:
    """Key by key, the list model moves rows instead of resetting, and stays a valid model
    (Qt's own QAbstractItemModelTester checks every signal) showing the finder's answer."""
    from PySide6.QtTest import QAbstractItemModelTester

    from kiosk.core.finder import Finder
    from kiosk.ui.kiosk.procedure_model import ProcedureListModel

    catalog = load_catalog()
    finder = Finder(catalog)
    model = ProcedureListModel(catalog, finder=finder)
    tester = QAbstractItemModelTester(
        model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    for text in ("giay doc than", "sang ten so do", "mat can cuoc", "ly hon", "khai sinh"):
        for end in range(1, len(text) + 1):
            model.set_query(text[:end])
            expected = [m.procedure.code for m in finder.find(text[:end], limit=20,
                                                               typing=True).matches
                        if m.procedure.code != "QUEUE"]
            assert model.codes() == expected, text[:end]
        model.set_language("en")
        model.set_language("vi")
    model.set_query("")
    assert len(model.codes()) > 150
    del tester
