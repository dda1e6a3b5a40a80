"""The reasons a counter gives a file's step (``kiosk.core.desk.file_steps``): the data
file's list, the officer's words, and what any input becomes (fuzzed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.desk.errors import BadInputError
from kiosk.core.desk.file_steps import MAX_REASON, ONCE, STEPS, event_id, reason_text, reasons
from kiosk.core.errors import ConfigError


def test_every_step_that_needs_a_reason_has_a_short_list_in_both_languages() -> None:
    listed = reasons()
    assert set(listed) == {kind for kind, needs in STEPS if needs}
    for kind, choices in listed.items():
        assert 1 <= len(choices) <= 9, kind  # keys 1-9
        assert all(r.vi and r.en and r.vi != r.en for r in choices)


def test_a_reason_is_the_list_entry_the_note_or_both() -> None:
    first = reasons()["withdrawn"][0].vi
    assert reason_text("withdrawn", 0, "") == first
    assert reason_text("withdrawn", 0, "  nộp  lại\n mai ") == f"{first} — nộp lại mai"
    assert reason_text("withdrawn", -1, "tự viết") == "tự viết"
    assert reason_text("result_ready", 3, "ignored") is None  # takes no reason
    with pytest.raises(BadInputError):
        reason_text("refused", -1, "   ")  # needs one
    with pytest.raises(BadInputError):
        reason_text("accepted", -1, "x")  # not a counter's step


def test_event_ids_repeat_for_once_only_steps() -> None:
    assert event_id("refused", "f1", "a") == event_id("refused", "f1", "b") == "refused:f1"
    assert event_id("additional_documents_requested", "f1", "a") != event_id(
        "additional_documents_requested", "f1", "b")
    assert "returned" in ONCE


def test_a_broken_reasons_file_says_which_and_why(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "reasons.toml"
    path.write_text("[refused]\nreasons = []\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="reasons"):
        reasons(path)


@given(kind=st.sampled_from([k for k, _ in STEPS] + ["returned", "", "forwarded"]),
       index=st.integers(-5, 15), note=st.text(max_size=800))
def test_any_input_gives_a_bounded_reason_or_a_clear_refusal(kind: str, index: int,
                                                             note: str) -> None:
    try:
        text = reason_text(kind, index, note)
    except BadInputError as exc:
        assert str(exc)
        return
    assert text is None or 0 < len(text) <= MAX_REASON
