"""The form screen words validation problems through the Qt catalogs, in vi and en.

The real window, offscreen: the visit reaches the form by a typed ID (the manual path),
"Continue" is touched with problems left, and the red lines under the fields are read
back in Vietnamese, then in English after the language switch.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")

# imported after the Qt platform is chosen
from kiosk.core.config import CenterConfig
from kiosk.core.procedures import load_catalog
from kiosk.core.visit.events import ManualIdEntered
from kiosk.core.visit.machine import Stage
from kiosk.ui.kiosk.window import KioskWindow

pytestmark = pytest.mark.no_qt_log  # see tests/app/conftest.py: Qt Multimedia logs


@pytest.fixture
def window(qapp: object) -> Iterator[KioskWindow]:
    win = KioskWindow(load_catalog(), CenterConfig(), "portrait")
    win.view.show()
    win.settle()
    yield win
    win.close()


def _text(window: KioskWindow, name: str) -> str:
    return str(window.item(name).property("text"))


def test_problems_are_worded_in_the_visit_language(window: KioskWindow) -> None:
    presenter = window.presenter
    presenter.start()
    presenter.choose_language("vi")
    presenter.choose_procedure("CU-TAMTRU")
    presenter.post(ManualIdEntered("001090012345"))
    window.settle()
    assert window.visit.stage == Stage.FORM
    presenter.edit_field("phone", "12345")
    presenter.edit_field("date_of_birth", "31/02/1990")
    presenter.confirm_form()
    window.settle()
    assert window.visit.stage == Stage.FORM
    assert set(window.visit.data.problems) >= {"full_name", "phone", "date_of_birth"}
    assert window.item("form_invalid").isVisible()
    assert _text(window, "form_invalid_text") == (
        "Một số thông tin chưa đúng. Vui lòng sửa những dòng chữ đỏ bên dưới.")
    vi = {name: _text(window, f"problem_{name}")
          for name in ("full_name", "phone", "date_of_birth")}
    assert vi["full_name"] == "Vui lòng nhập «Họ và tên»."
    assert vi["phone"] == "«Số điện thoại» chưa đúng: số di động gồm 10 chữ số, bắt đầu bằng 0."
    assert vi["date_of_birth"].startswith("«Ngày sinh» chưa đúng: nhập theo dạng ngày/tháng/năm")
    assert "12345" not in "".join(vi.values())  # never quotes what was typed

    presenter.switch_language("en")
    window.settle()
    en = {name: _text(window, f"problem_{name}") for name in vi}
    assert en["full_name"] == "Please fill in “Full name”."
    assert en["phone"] == ("“Phone number” is not valid: a mobile number has 10 digits "
                           "and starts with 0.")
    assert en["date_of_birth"].startswith("“Date of birth” is not a valid date")
    assert window.qml_warnings == []


def test_choices_show_in_the_visit_language_and_send_the_vietnamese_value(
        window: KioskWindow) -> None:
    presenter = window.presenter
    presenter.start()
    presenter.choose_language("en")
    presenter.choose_procedure("LLTP-PHIEU")
    presenter.post(ManualIdEntered("001190012687"))
    window.settle()
    assert window.visit.stage == Stage.FORM
    assert [_text(window, f"choice_sex_{i}") for i in (0, 1)] == ["Male", "Female"]
    window.item("choice_sex_1").clicked.emit()  # what a touch on "Female" does
    window.settle()
    form = window.visit.data.form
    assert form is not None and form.get("sex").value == "Nữ"  # the value sent
    from kiosk.ui.kiosk.visit_view import visit_view

    shown = {f["name"]: f["shown"] for f in visit_view(window.visit)["fields"]}
    assert shown["sex"] == "Female"  # what the review page reads back
    presenter.switch_language("vi")
    window.settle()
    assert [_text(window, f"choice_sex_{i}") for i in (0, 1)] == ["Nam", "Nữ"]
