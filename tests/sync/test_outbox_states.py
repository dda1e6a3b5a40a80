"""A hypothesis state machine drives the outbox through random sequences of operations."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from kiosk.sync.outbox import Outbox
from kiosk.wire.chain import verify_record
from kiosk.wire.protocol import GENESIS_HASH, RecordKind, parse_record
from tests.support.sample_identities import identity

pytestmark = [pytest.mark.slow]  # a hypothesis state machine over the outbox


class OutboxMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.ident = identity()
        self.box = Outbox(Path(self.folder.name) / "o.db", self.ident)
        self.states: dict[str, str] = {}
        self.visits: dict[str, str] = {}
        self.order: list[str] = []
        self.in_flight: list[str] = []

    def teardown(self) -> None:
        self.box.close()
        self.folder.cleanup()

    @rule(visit=st.sampled_from(["a", "b", "c"]), score=st.integers(1, 5))
    def enqueue(self, visit: str, score: int) -> None:
        record_id = self.box.enqueue(RecordKind.RATING, {"score": score}, visit=visit)
        self.states[record_id] = "pending"
        self.visits[record_id] = visit
        self.order.append(record_id)

    @rule(limit=st.integers(1, 6))
    def claim(self, limit: int) -> None:
        batch = [r.id for r in self.box.claim_batch(limit)]
        assert batch == sorted(batch, key=self.order.index)
        for record_id in batch:
            assert self.states[record_id] == "pending"
            earlier = self.order[:self.order.index(record_id)]
            for other in earlier:  # per-visit order: nothing earlier of its visit is left
                if self.visits[other] == self.visits[record_id]:
                    assert self.states[other] == "delivered" or other in batch
            self.states[record_id] = "in_flight"
        self.in_flight += batch

    @precondition(lambda self: self.in_flight)
    @rule(data=st.data())
    def answer(self, data: st.DataObject) -> None:
        outcome = data.draw(st.sampled_from(["delivered", "retry", "dead"]))
        ids, self.in_flight = self.in_flight, []
        if outcome == "delivered":
            self.box.mark_delivered(ids)
        elif outcome == "retry":
            self.box.mark_retry(ids, "central unreachable")
        else:
            for record_id in ids:
                self.box.mark_dead(record_id, "refused")
        for record_id in ids:
            self.states[record_id] = "pending" if outcome == "retry" else outcome

    @rule()
    def retry_dead(self) -> None:
        count = self.box.retry_dead()
        dead = [i for i, s in self.states.items() if s == "dead"]
        assert count == len(dead)
        for record_id in dead:
            self.states[record_id] = "pending"

    @rule()
    def crash_and_recover(self) -> None:
        self.box.recover()
        for record_id in self.in_flight:
            self.states[record_id] = "pending"
        self.in_flight = []

    @invariant()
    def counts_match(self) -> None:
        status = self.box.status()
        values = list(self.states.values())
        assert status.pending == values.count("pending")
        assert status.in_flight == values.count("in_flight")
        assert status.delivered == values.count("delivered")
        assert status.dead == values.count("dead")
        assert self.box.depth() == status.pending + status.in_flight

    @invariant()
    def chain_holds(self) -> None:
        prev = GENESIS_HASH
        for item in self.box.all_records():
            record = parse_record(self.box.wire(item))
            verify_record(record, self.ident.signing_key.public_key())
            assert record.prev == prev
            prev = record.hash


OutboxMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=25,
                                           deadline=None)
TestOutboxStates = OutboxMachine.TestCase
