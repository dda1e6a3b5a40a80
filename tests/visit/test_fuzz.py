"""Random event sequences: only the project's typed errors escape, invariants hold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.errors import KioskError
from kiosk.core.procedures import load_catalog
from kiosk.core.visit.events import (
    AuthenticityFailed,
    Back,
    CardRemoved,
    CardTapped,
    ConsentGiven,
    Continue,
    Event,
    FaceReady,
    FieldEdited,
    FormConfirmed,
    IdentityReady,
    LanguageChosen,
    LanguageSwitched,
    ManualIdEntered,
    PrinterNotReady,
    ProcedureChosen,
    QrDecoded,
    RatingGiven,
    RatingSkipped,
    ReadFailed,
    Restart,
    SubmitFailed,
    SubmitPressed,
    Submitted,
    Tick,
    TicketInfo,
    TicketPrinted,
    Touched,
)
from kiosk.core.visit.machine import TRANSITIONS, Stage, Visit, VisitData
from kiosk.devices.card.service import AccessInputs, access_plan
from kiosk.devices.chip.card_session import read_card
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, load_sample

from .driver import sample_qr

pytestmark = [pytest.mark.slow]  # property-based fuzzing

CATALOG = load_catalog()
NAME = "dang-thi-ngoc-huong"
_READ = read_card(LoopbackTransport(build_card(NAME)),
                  access_plan(AccessInputs(qr_text=load_sample(NAME).qr_text)))
assert _READ.face is not None
TICKET = TicketInfo(7, "HT", "B", 3, 12, "https://example.invalid/q/HT7")
FIELD_NAMES = sorted({f.name for p in CATALOG.procedures for f in p.fields} | {"colour"})

EVENTS = st.one_of(
    st.sampled_from([
        Touched(), CardTapped(), CardRemoved(), FormConfirmed(), SubmitPressed(), Continue(),
        RatingSkipped(), Back(), Restart(), TicketPrinted(), AuthenticityFailed(),
        IdentityReady(_READ.identity, True), IdentityReady(_READ.identity, False),
        FaceReady(_READ.face), QrDecoded(sample_qr(NAME)), Submitted("HS-1", TICKET),
        SubmitFailed("disk_full"), PrinterNotReady("paper_out"), ReadFailed("AccessDenied"),
        ConsentGiven(True), ConsentGiven(False),
    ]),
    st.builds(LanguageChosen, st.sampled_from(["vi", "en", "fr"])),
    st.builds(LanguageSwitched, st.sampled_from(["vi", "en", ""])),
    st.builds(ProcedureChosen, st.sampled_from([p.code for p in CATALOG.procedures] + ["X"])),
    st.builds(ManualIdEntered, st.from_regex(r"\d{12}", fullmatch=True) | st.text(max_size=14)),
    st.builds(FieldEdited, st.sampled_from(FIELD_NAMES), st.text(max_size=20)),
    st.builds(RatingGiven, st.integers(-1, 7)),
)


@settings(max_examples=250, deadline=None)
@given(st.lists(st.tuples(EVENTS, st.floats(0, 30)), max_size=40))
def test_fuzz_visits(steps: list[tuple[Event, float]]) -> None:
    visit = Visit(CATALOG, now=0.0)
    now = 0.0
    for event, pause in steps:
        now += pause
        try:
            visit.handle(event, now)
        except KioskError as exc:
            assert str(exc).endswith(".")
        visit.handle(Tick(), now)
        assert visit.stage in TRANSITIONS
        assert 0 <= visit.countdown(now) <= 10
        data = visit.data
        if visit.stage == Stage.FORM:
            assert data.form is not None and data.procedure is not None
        if visit.stage == Stage.COUNTER:
            assert data.identity is None and data.qr_identity is None
        if data.identity is None:
            assert data.face is None
        if visit.stage == Stage.ATTRACT and isinstance(event, Restart):
            assert data == VisitData() and visit.touches == 0
    visit.wipe(now)
    assert visit.data == VisitData() and visit.stage == Stage.ATTRACT
