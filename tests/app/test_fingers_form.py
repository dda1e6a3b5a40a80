"""Finger tests of the form: what a citizen types on the on-screen keyboard is sent.

The real window is driven only through input events — mouse presses at the middle of
items, drags of the lists, taps (and long presses, for Vietnamese letters) on the Qt
Virtual Keyboard's keys — never by setting QML properties or calling presenter slots
(:mod:`tests.support.fingers`). The devices are real or emulated
(:mod:`tests.support.rig`): the chip is our card emulator, the outbox real SQLite, the
printer the virtual one; the camera's decoded QR is the one part posted, as its worker
would. Each test asserts what reached the outbox, decrypted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.procedures import Catalog, Procedure, load_catalog
from kiosk.core.visit.machine import Stage
from tests.support.fingers import Fingers, wait_until
from tests.support.form_typing import pick_split_wards, submit_from_review, type_into
from tests.support.rig import KioskRig

# finger tests: whole visits typed key by key on the on-screen keyboard
pytestmark = [pytest.mark.slow]


def procedure_to_type(catalog: Catalog) -> Procedure:
    """The procedure with two or more required free-text fields the card does not fill,
    and the fewest fields to type (then the most used)."""
    def typed(p: Procedure) -> list[str]:
        return [f.name for f in p.fields
                if f.required and not (f.from_chip or f.from_qr or f.default)]

    def free_text(p: Procedure) -> int:
        return sum(1 for f in p.fields if f.kind == "text" and f.name in typed(p))

    return min((p for p in catalog.procedures if p.needs_identity and free_text(p) >= 2
                and all(f.kind != "choice" for f in p.fields if f.name in typed(p))),
               key=lambda p: (len(typed(p)), p.rank))


# What the citizen types, field by field (the procedure's required fields the card
# leaves empty), with Vietnamese letters that need the keyboard's long press.
VALUES = {
    "deceased_name": "Lê Thị Ngọc Ánh",
    "date_of_death": "15/08/2025",
    "relationship": "Cháu nội",
}
VALUES_LARGE = {
    "deceased_name": "Đỗ Văn Hùng",
    "date_of_death": "02/11/2024",
    "relationship": "Con trai",
}


@pytest.fixture(params=["portrait", "landscape"])
def rig(request: pytest.FixtureRequest, tmp_path: Path, qapp: object) -> Iterator[KioskRig]:
    made = KioskRig(tmp_path, request.param)
    yield made
    made.close()


def to_form(rig: KioskRig, code: str, large_text: bool = False) -> Fingers:
    """Touch through to ``code``'s form: attract, Vietnamese, the procedure, card + QR."""
    fingers, visit = rig.fingers, rig.window.visit
    fingers.tap("start")
    fingers.tap("choose_vi")
    if large_text:
        fingers.tap("toggle_large_text")  # the header's "A+"
    fingers.swipe_into_view(f"procedure_{code}")
    fingers.tap(f"procedure_{code}")
    wait_until(lambda: visit.stage == Stage.IDENTIFY, 5, "the identify screen")
    rig.lay_card()
    rig.show_qr()
    wait_until(lambda: visit.stage == Stage.FORM, 15, "the form after the chip read")
    pick_split_wards(rig)  # the sample's old ward (Ô Chợ Dừa) was split in 2025
    return fingers


def test_the_procedure_to_type_is_chosen_from_the_catalog() -> None:
    procedure = procedure_to_type(load_catalog())
    assert procedure.code == "HT-KHAITU"  # death registration
    assert set(VALUES) == {f.name for f in procedure.fields
                           if f.required and not (f.from_chip or f.from_qr or f.default)}


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large"])
def test_typed_fields_reach_the_outbox(rig: KioskRig, large_text: bool) -> None:
    code = procedure_to_type(load_catalog()).code
    values = VALUES_LARGE if large_text else VALUES
    fingers = to_form(rig, code, large_text)
    assert rig.window.presenter.large_text is large_text  # the header button worked
    names = list(values)
    type_into(fingers, names[0], values[names[0]])
    type_into(fingers, names[1], values[names[1]])  # tapped straight from the first
    fingers.enter()  # ⏎: the list keeps the citizen's place (the next field, not the top)
    assert fingers.reachable(fingers.item(f"field_{names[2]}")), "the list jumped"
    type_into(fingers, names[2], values[names[2]])
    # "Continue" while the keyboard is still up: it is in reach, and what was typed counts.
    fingers.tap("action")
    submit_from_review(rig)
    forms = rig.submitted_forms()
    assert len(forms) == 1
    assert {name: forms[0][name] for name in values} == values
    assert rig.window.qml_warnings == []


def test_a_missing_field_is_shown_then_corrected(rig: KioskRig) -> None:
    fingers, visit = to_form(rig, "HT-XNHONNHAN"), rig.window.visit
    fingers.swipe_into_view("action")
    fingers.tap("action")  # "Continue" with the purpose still empty
    assert visit.stage == Stage.FORM
    assert fingers.reachable(fingers.item("form_invalid"))  # the banner says so
    problem = fingers.item("problem_purpose")
    assert problem.isVisible() and "Mục đích" in str(problem.property("text"))
    assert fingers.reachable(fingers.item("field_purpose"))  # shown, not scrolled away
    purpose = "Bổ sung hồ sơ xin việc"
    type_into(fingers, "purpose", purpose)
    fingers.tap("action")
    submit_from_review(rig)
    assert rig.kinds().count("submission") == 1
    assert rig.submitted_forms()[0]["purpose"] == purpose
