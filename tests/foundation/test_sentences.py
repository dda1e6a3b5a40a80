"""Messages a person reads start with a capital letter and end like a sentence."""

from __future__ import annotations

from kiosk.core.errors import sentence
from kiosk.diagnostics.result import Check, Status, ok


def test_sentence_capitalises_and_closes() -> None:
    assert sentence("this kiosk is already enrolled") == "This kiosk is already enrolled."
    assert sentence("Done.") == "Done."
    assert sentence("did you mean TM-T20II?") == "Did you mean TM-T20II?"
    assert sentence("") == ""


def test_diagnostic_summaries_start_with_a_capital_but_names_keep_theirs() -> None:
    assert ok("x.y", "no card on the reader").summary == "No card on the reader"
    assert Check("x.y", Status.OK, "the camera opens").summary == "The camera opens"
    assert ok("x.y", "http://127.0.0.1:9 answers").summary == "http://127.0.0.1:9 answers"
    assert ok("x.y", "sim:// answers").summary == "sim:// answers"
    assert ok("x.y", "pcscd is not running").summary == "pcscd is not running"
