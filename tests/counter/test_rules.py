"""The counter's actions map to the right queue events (layers: tests/foundation)."""

from __future__ import annotations

import pytest

from kiosk.core.desk.actions import QueueAction, TicketAtCounter, after, event_payload
from kiosk.core.desk.errors import BadInputError, CentralRefusedError
from kiosk.core.desk.submissions import parse_submissions


def test_transfer_needs_another_service_and_ends_the_ticket() -> None:
    ticket = TicketAtCounter("HT", 7, "HT007")
    payload = event_payload(QueueAction.TRANSFER, ticket, "DEMO", "3", "CT")
    assert payload == {"event": "cancelled", "reason": "transfer", "to_service": "CT",
                       "number": 7, "service": "HT", "center": "DEMO", "counter": "3"}
    assert after(QueueAction.TRANSFER, ticket) is None
    for bad in ("", "HT", "ct", "TOO-LONG-CODE"):
        with pytest.raises(BadInputError):
            event_payload(QueueAction.TRANSFER, ticket, "DEMO", "3", bad)
    with pytest.raises(BadInputError, match="counter number"):
        event_payload(QueueAction.CALL, ticket, "DEMO", "quầy 3")


def test_skip_then_recall_counts_the_calls() -> None:
    ticket = TicketAtCounter("HT", 7, "HT007")
    skipped = after(QueueAction.SKIP, ticket)
    assert skipped is not None and skipped.state == "skipped"
    again = after(QueueAction.RECALL, skipped)
    assert again is not None and (again.state, again.calls) == ("called", 2)


def test_an_odd_lookup_answer_is_a_typed_error() -> None:
    for odd in (None, {}, {"submissions": [{"record_id": "x"}]},
                {"submissions": [{"record_id": "x", "created_at": "yesterday",
                                  "procedure": "HT-KETHON"}]}):
        with pytest.raises(CentralRefusedError, match="unexpected lookup answer"):
            parse_submissions(odd)
    found = parse_submissions({"submissions": [{
        "record_id": "a", "created_at": "2026-11-23T01:00:00.000000Z", "procedure": "X",
        "citizen": {"full_name": "Synthetic Name"}, "form": {}, "authenticity": None,
        "identity_source": None, "ticket": None}]})
    assert found[0].authenticity == "unknown" and found[0].ticket_label == ""
    assert "Synthetic" not in repr(found[0])  # personal data never in a repr


@pytest.mark.parametrize(("checks", "said"), [
    ({"passive": "verified", "active": "verified", "chip": "not_supported"}, "ok"),
    ({"passive": "chain_unverified", "active": "not_run", "chip": "verified"},
     "chain_unverified"),
    ({"passive": "chain_unverified", "active": "failed", "chip": "verified"}, "failed"),
    ({"passive": "not_run", "active": "not_run", "chip": "not_run"}, "not_checked"),
    (None, "unknown"),
])
def test_the_kiosk_chip_checks_become_one_verdict(checks: object, said: str) -> None:
    """What the kiosk sends (Authenticity.to_json_dict) is said in one word at the desk."""
    item = {"record_id": "r1", "created_at": "2026-11-23T08:00:00Z", "procedure": "HT-KS",
            "citizen": {}, "form": {}, "authenticity": checks}
    assert parse_submissions({"submissions": [item]})[0].authenticity == said
