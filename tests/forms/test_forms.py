"""Form autofill from a real chip read and a real QR parse; validation in plain words.

Validation gives codes; the words come from the compiled Qt catalogs (as FormScreen
shows them), looked up here with a real QTranslator in Vietnamese and English.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QTranslator

from kiosk.core.forms import (
    PROBLEM_CODES,
    FieldProblem,
    FieldValue,
    Form,
    FormError,
    Source,
    build_form,
    format_date,
    parse_date,
    validate,
)
from kiosk.core.models import Identity
from kiosk.core.procedures import Catalog, load_catalog
from kiosk.devices.card.service import AccessInputs, access_plan
from kiosk.devices.chip.card_session import ReadOptions, read_card
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, list_samples, load_sample
from kiosk.ui.qt.i18n import I18N_DIR

TODAY = dt.date(2026, 11, 23)
NAME = list_samples()[1]
CATALOG: Catalog = load_catalog()


@pytest.fixture(scope="module")
def identity() -> Identity:
    sample = load_sample(NAME)
    plan = access_plan(AccessInputs(qr_text=sample.qr_text))
    result = read_card(LoopbackTransport(build_card(NAME)), plan, ReadOptions(read_face=False))
    return result.identity


def test_chip_fills_every_mapped_field_marked_chip(identity: Identity) -> None:
    form = build_form(CATALOG.get("LLTP-PHIEU"), identity)
    assert form.get("full_name") == FieldValue(identity.full_name, Source.CHIP)
    assert form.get("date_of_birth").value == format_date(identity.date_of_birth)  # type: ignore[arg-type]
    assert form.get("father_name").value == (identity.father_name or "")
    assert form.get("place_of_origin").source == Source.CHIP
    assert form.get("phone") == FieldValue()
    assert validate(form, TODAY) == []  # nothing left to type for this procedure


def test_qr_fills_what_it_has_marked_qr() -> None:
    qr = parse_cccd_qr(load_sample(NAME).qr_text, today=TODAY)
    form = build_form(CATALOG.get("LLTP-PHIEU"), qr)
    assert form.get("full_name") == FieldValue(qr.full_name, Source.QR)
    assert form.get("residence") == FieldValue(qr.address, Source.QR)
    assert form.get("place_of_origin") == FieldValue()  # the QR does not carry it
    assert {p.name for p in validate(form, TODAY)} == {"place_of_origin", "nationality",
                                                       "ethnicity"}


def test_qr_with_only_a_birth_year_leaves_the_date_to_the_citizen() -> None:
    sample = load_sample(NAME)
    parts = sample.qr_text.split("|")
    parts[3] = parts[3][-4:]  # ddmmyyyy → yyyy
    qr = parse_cccd_qr("|".join(parts), today=TODAY)
    assert qr.birth_date_precision == "year"
    form = build_form(CATALOG.get("CU-TAMTRU"), qr)
    assert form.get("date_of_birth") == FieldValue()
    assert form.get("full_name").source == Source.QR


def test_typed_id_for_the_manual_path() -> None:
    form = build_form(CATALOG.get("CT-BANSAO"), typed_id=" 001090012345 ")
    assert form.get("id_number") == FieldValue("001090012345", Source.TYPED)


def test_editing_marks_typed_but_retyping_the_same_keeps_the_mark(identity: Identity) -> None:
    form = build_form(CATALOG.get("HT-XNHONNHAN"), identity)
    same = form.edited("full_name", f"  {identity.full_name} ")
    assert same.get("full_name").source == Source.CHIP
    changed = form.edited("full_name", "Nguyễn Văn Mẫu")
    assert changed.get("full_name") == FieldValue("Nguyễn Văn Mẫu", Source.TYPED)
    assert form.get("full_name").source == Source.CHIP  # forms are values
    cleared = changed.edited("full_name", "   ")
    assert cleared.get("full_name") == FieldValue("", Source.EMPTY)
    assert changed.sources()["full_name"] == "typed"
    assert set(changed.payload()) == {f.name for f in CATALOG.get("HT-XNHONNHAN").fields}
    with pytest.raises(FormError, match="no field 'colour'"):
        form.edited("colour", "red")
    assert form.wiped().payload() == dict.fromkeys(form.payload(), "")


@cache
def _translator(language: str) -> QTranslator:
    translator = QTranslator()
    assert translator.load(str(I18N_DIR / f"guidance_{language}.qm"))
    return translator


def words(problem: FieldProblem, label: str, language: str) -> str:
    """The problem as FormScreen words it: the catalog text, %1 the label, %2 the limit."""
    text = _translator(language).translate("", f"form.problem.{problem.code}")
    assert text, problem.code
    return text.replace("%1", label).replace("%2", str(problem.limit))


def _problem(code: str, name: str, value: str) -> tuple[str, str] | None:
    procedure = CATALOG.get(code)
    form = build_form(procedure).edited(name, value)
    for problem in validate(form, TODAY):
        if problem.name == name:
            spec = form.spec(name)
            return words(problem, spec.label_vi, "vi"), words(problem, spec.label_en, "en")
    return None


def test_every_problem_code_has_words_in_both_languages() -> None:
    for code in PROBLEM_CODES:
        vi = _translator("vi").translate("", f"form.problem.{code}")
        en = _translator("en").translate("", f"form.problem.{code}")
        assert vi and en and vi != en and "%1" in vi and "%1" in en
        assert vi.endswith(".") and en.endswith(".")
    assert words(FieldProblem("x", "too_long", 100), "Họ và tên", "vi") == (
        "«Họ và tên» dài quá 100 ký tự, vui lòng viết ngắn lại.")


@pytest.mark.parametrize(("code", "name", "value", "vi", "en"), [
    ("CU-TAMTRU", "full_name", "", "Vui lòng nhập «Họ và tên»", "Please fill in"),
    ("CU-TAMTRU", "id_number", "12345", "đúng 12 chữ số", "exactly 12 digits"),
    ("CU-TAMTRU", "id_number", "00109001234X", "đúng 12 chữ số", "exactly 12 digits"),
    ("CU-TAMTRU", "phone", "12345", "số di động gồm 10 chữ số", "10 digits"),
    ("CU-TAMTRU", "date_of_birth", "31/02/1990", "ngày/tháng/năm", "day/month/year"),
    ("CU-TAMTRU", "date_of_birth", "01/01/2030", "tương lai", "future"),
    ("CU-TAMTRU", "date_of_birth", "01/01/1850", "1900", "1900"),
    ("CU-TAMTRU", "full_name", "A" * 101, "dài quá 100 ký tự", "longer than 100"),
    ("CT-BANSAO", "copies", "0", "lớn hơn 0", "above 0"),
    ("CT-BANSAO", "copies", "hai", "lớn hơn 0", "above 0"),
    ("HT-KHAISINH", "child_sex", "Khác", "chọn «Giới tính của trẻ»", "choose"),
    ("HT-KHAISINH", "child_sex", "", "Vui lòng chọn «Giới tính của trẻ»", "Please choose"),
])
def test_plain_word_messages(code: str, name: str, value: str, vi: str, en: str) -> None:
    problem = _problem(code, name, value)
    assert problem is not None
    assert vi in problem[0] and en in problem[1]
    if len(value) > 3:  # (shorter ones, like "0", occur in the wording itself)
        assert value not in problem[0] + problem[1]  # never quote what was typed


@pytest.mark.parametrize(("code", "name", "value"), [
    ("CU-TAMTRU", "phone", "0912345678"),
    ("CU-TAMTRU", "phone", "+84912345678"),
    ("CU-TAMTRU", "phone", "0912.345.678"),
    ("CU-TAMTRU", "phone", "02438253456"),  # Hà Nội landline
    ("CU-TAMTRU", "date_of_birth", "5/9/1990"),
    ("CU-TAMTRU", "date_of_birth", "05-09-1990"),
    ("CT-BANSAO", "copies", "12"),
    ("HT-KHAISINH", "child_sex", "Nữ"),
    ("HT-KHAISINH", "phone", ""),  # optional
])
def test_accepted_values(code: str, name: str, value: str) -> None:
    assert _problem(code, name, value) is None


def test_dates_round_trip() -> None:
    day = dt.date(1990, 9, 5)
    assert format_date(day) == "05/09/1990"
    assert parse_date(format_date(day)) == day
    assert parse_date("1990-09-05") is None


def test_repr_is_masked(identity: Identity) -> None:
    form = build_form(CATALOG.get("LLTP-PHIEU"), identity)
    assert identity.full_name not in repr(form) and identity.id_number not in repr(form)
    assert "filled" in repr(form)


_CODES = [p.code for p in CATALOG.procedures if p.fields]


@settings(max_examples=250, deadline=None)
@given(st.sampled_from(_CODES), st.data())
def test_fuzz_validation_always_answers_with_a_known_code(code: str, data: st.DataObject) -> None:
    procedure = CATALOG.get(code)
    form: Form = build_form(procedure)
    for spec in procedure.fields:
        form = form.edited(spec.name, data.draw(st.text(max_size=30), label=spec.name))
    for problem in validate(form, TODAY):
        assert problem.code in PROBLEM_CODES
        assert (problem.limit > 0) == (problem.code == "too_long")
        assert problem.name in {f.name for f in procedure.fields}


@settings(max_examples=250, deadline=None)
@given(st.text(max_size=20))
def test_fuzz_parse_date(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is None or parse_date(format_date(parsed)) == parsed
