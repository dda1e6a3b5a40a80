from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.wire.errors import ProtocolError
from kiosk.wire.protocol import (
    GENESIS_HASH,
    Record,
    RecordKind,
    _Uuid7Source,
    canonical_json,
    format_time,
    new_record_id,
    parse_batch,
    parse_record,
    parse_time,
    uuid7_time,
)


def test_uuid7_layout_follows_rfc_9562() -> None:
    # RFC 9562 appendix A.6 example: unix_ts_ms 0x017F22E279B0 = Tue Feb 22 19:22:22 2022 UTC
    # a fresh source: the shared one never goes back in time within a process
    record_id = str(_Uuid7Source().next(0x017F22E279B0))
    value = uuid.UUID(record_id)
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert record_id.startswith("017f22e2-79b0-7")
    assert uuid7_time(record_id) == dt.datetime(2022, 2, 22, 19, 22, 22, tzinfo=dt.UTC)


def test_uuid7_is_time_ordered_even_within_one_millisecond() -> None:
    source = _Uuid7Source()
    ids = [str(source.next(1_700_000_000_000)) for _ in range(5000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert str(source.next()) > ids[-1]
    assert new_record_id() < new_record_id()


def test_canonical_json_is_sorted_compact_utf8() -> None:
    assert canonical_json({"b": 1, "a": "Nguyễn"}) == '{"a":"Nguyễn","b":1}'.encode()
    with pytest.raises(ProtocolError):
        canonical_json({"x": float("nan")})


def test_time_format_round_trips() -> None:
    moment = dt.datetime(2026, 1, 31, 8, 0, 1, 234567, tzinfo=dt.UTC)
    assert format_time(moment) == "2026-01-31T08:00:01.234567Z"
    assert parse_time(format_time(moment)) == moment
    with pytest.raises(ProtocolError):
        parse_time("2026-02-30T08:00:00Z")
    with pytest.raises(ProtocolError):
        format_time(dt.datetime(2026, 1, 1))


def _wire(**change: object) -> dict[str, object]:
    record = Record(new_record_id(), "k-1", 1, RecordKind.RATING, None,
                    "2026-01-31T08:00:00.000000Z", {"score": 5}, GENESIS_HASH, "a" * 64, "c2ln")
    return {**record.to_wire(), **change}


def test_parse_record_accepts_a_good_envelope() -> None:
    record = parse_record(_wire())
    assert record.kind is RecordKind.RATING
    assert "score" not in repr(record)


@pytest.mark.parametrize("change", [
    {"id": "not-a-uuid"}, {"seq": 0}, {"seq": True}, {"kind": "parcel"},
    {"payload": {"score": 9}}, {"payload": {}}, {"prev": "XYZ"}, {"created_at": "yesterday"},
    {"device": "bad id!"}, {"extra": 1}, {"visit": 12},
])
def test_parse_record_refuses_malformed_envelopes(change: dict[str, object]) -> None:
    with pytest.raises(ProtocolError):
        parse_record(_wire(**change))


def test_each_kind_checks_its_payload() -> None:
    for kind, payload in [
        (RecordKind.TICKET, {"number": 0, "service": "A", "center": "C", "block": "b"}),
        (RecordKind.QUEUE_EVENT, {"event": "exploded", "number": 1, "service": "A",
                                  "center": "C"}),
        (RecordKind.SUBMISSION, {"procedure": "P", "citizen": "x", "form": {}}),
        (RecordKind.DEVICE_HEALTH, {"status": "ok"}),
    ]:
        with pytest.raises(ProtocolError):
            parse_record(_wire(kind=str(kind), payload=payload))


def test_oversized_payloads_are_refused() -> None:
    big = {"procedure": "P", "citizen": {"x": "a" * 70_000}, "form": {}}
    with pytest.raises(ProtocolError, match="larger than"):
        parse_record(_wire(kind="submission", payload=big))


def test_parse_batch_shapes() -> None:
    good = json.dumps({"records": [_wire()]}).encode()
    assert len(parse_batch(good)) == 1
    for body in [b"", b"[]", b'{"records": []}', b'{"records": [], "x": 1}', b"\xff",
                 json.dumps({"records": [_wire()] * 501}).encode()]:
        with pytest.raises(ProtocolError):
            parse_batch(body)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=20,
)


@pytest.mark.slow  # property-based fuzzing
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "device", "seq", "kind", "visit", "created_at",
                                        "payload", "prev", "hash", "sig", "x"]),
                       json_values, max_size=11))
def test_fuzz_parse_record_raises_only_protocol_errors(data: dict[str, object]) -> None:
    merged = {**_wire(), **data}
    with contextlib.suppress(ProtocolError):
        parse_record(merged)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | json_values.map(lambda v: json.dumps({"records": v}).encode()))
def test_fuzz_parse_batch_raises_only_protocol_errors(body: bytes) -> None:
    with contextlib.suppress(ProtocolError):
        parse_batch(body)
