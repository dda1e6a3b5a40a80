"""The rules of a file's life, the tracking code and the calendar they count with."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.central import file_rules as rules
from kiosk.core.file_code import grouped, parse_tracking_code, tracking_code
from kiosk.core.working_days import add_working_days, working_days_between

MONDAY = dt.date(2025, 3, 3)


def test_the_clock_pauses_while_documents_are_awaited_and_moves_the_due_date() -> None:
    state = rules.start(MONDAY, 5)
    assert state.due == dt.date(2025, 3, 10)  # five working days after Monday
    state = rules.apply(state, rules.FORWARDED, MONDAY, None)
    state = rules.apply(state, rules.MORE_DOCS, dt.date(2025, 3, 5), "thiếu bản sao")
    assert rules.standing(state, dt.date(2025, 3, 20)) == "paused"  # never late while paused
    state = rules.apply(state, rules.DOCS_SUPPLIED, dt.date(2025, 3, 12), None)
    assert state.due == dt.date(2025, 3, 17)  # five working days paused (6-12 March)
    state = rules.apply(state, rules.RESULT_READY, dt.date(2025, 3, 17), None)
    assert rules.standing(state, dt.date(2025, 4, 1)) == "on_time"
    state = rules.apply(state, rules.RETURNED, dt.date(2025, 4, 1), None)
    assert state.step == rules.RETURNED and rules.standing(state, dt.date(2025, 5, 1)) == "on_time"


def test_tet_is_not_a_working_day_and_late_is_past_the_due_day() -> None:
    state = rules.start(dt.date(2025, 1, 24), 3)  # Friday before Tết 2025
    assert state.due == dt.date(2025, 2, 5)  # 27 Jan - 2 Feb are days off
    assert rules.standing(state, state.due) == "on_time"
    assert rules.standing(state, state.due + dt.timedelta(days=1)) == "late"
    decided = rules.apply(state, rules.REFUSED, state.due + dt.timedelta(days=1), "sai mẫu")
    assert rules.standing(decided, state.due) == "late"


@pytest.mark.parametrize(("kind", "reason", "message"), [
    (rules.RETURNED, None, "cannot go to returned"),
    (rules.REFUSED, "  ", "needs its reason"),
    (rules.ACCEPTED, None, "not an event"),
    ("lost", None, "not an event"),
    (rules.DUE_EXTENDED, "chờ xác minh", "days from 1"),
])
def test_impossible_events_are_refused_with_the_reason(kind: str, reason: str | None,
                                                       message: str) -> None:
    with pytest.raises(rules.RuleError, match=message):
        rules.apply(rules.start(MONDAY, 3), kind, MONDAY, reason)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(rules.KINDS), st.integers(0, 20),
                          st.integers(1, 5)), max_size=12))
def test_the_due_date_moves_only_by_a_resumed_clock_or_an_extension(
        steps: list[tuple[str, int, int]]) -> None:
    state = rules.start(MONDAY, 4)
    day = MONDAY
    for kind, gap, days in steps:
        day += dt.timedelta(days=gap)
        try:
            after = rules.apply(state, kind, day, "lý do", days)
        except rules.RuleError:
            continue
        if kind == rules.DOCS_SUPPLIED:
            assert state.paused_on is not None
            assert after.due == add_working_days(
                state.due, working_days_between(state.paused_on, day))
        elif kind == rules.DUE_EXTENDED:
            assert after.due == add_working_days(state.due, days)
        else:
            assert after.due == state.due
        assert after.step in rules.NEXT
        state = after


def test_tracking_codes_are_128_random_bits_read_back_in_any_spelling() -> None:
    codes = {tracking_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(len(c) == 26 for c in codes)
    for code in list(codes)[:50]:
        assert parse_tracking_code(grouped(code).lower()) == code
        assert parse_tracking_code(" ".join(grouped(code).split("-"))) == code


@given(st.text(max_size=80))
def test_any_text_is_a_code_or_none_never_an_error(text: str) -> None:
    code = parse_tracking_code(text)
    assert code is None or (len(code) == 26 and parse_tracking_code(code) == code)
