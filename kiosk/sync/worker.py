"""The sync worker: drains the outbox into the central service on its own thread.

Batches go out in device-sequence order. A failed send is retried with exponential
backoff and jitter by ``stamina``; a ``Retry-After`` from a 429/503 replaces the
computed wait. When the retries of one round run out, the records go back to
``pending`` (with ``next_attempt_at`` honouring the server's wish) and the worker
reports *offline*; the next round starts after an idle pause. A 4xx answer is
permanent: the record becomes a dead letter with the reason, for technicians. A batch
that keeps failing with a 5xx, or is refused whole without naming its culprits, is
sent one record at a time until the culprit is found and set aside (see ``poison``).

The worker also keeps enough leased ticket numbers in stock and purges delivered
records after the retention. It reports online/offline and queue depth through
plain callbacks (no Qt here); callbacks run on the worker thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import stamina

from kiosk.core.vn_time import service_day
from kiosk.sync.client import CentralClient
from kiosk.sync.errors import (
    KeyStoreError,
    OutboxUnavailableError,
    PermanentSyncError,
    SyncError,
    TransientSyncError,
)
from kiosk.sync.leases import TicketDesk
from kiosk.sync.outbox import Outbox
from kiosk.sync.outbox_records import StoredRecord
from kiosk.sync.poison import ISOLATE_AFTER, PoisonLedger, blames_the_records, dead_letter_reason
from kiosk.wire.protocol import MAX_BATCH

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff of one delivery round (seconds); see ``stamina.retry``."""

    attempts: int = 6
    timeout: float = 120.0
    wait_initial: float = 0.5
    wait_max: float = 30.0
    wait_jitter: float = 1.0
    idle_s: float = 2.0


@dataclass
class DrainResult:
    """What one :meth:`SyncWorker.drain` achieved."""

    delivered: int = 0
    dead: int = 0
    batches: int = 0
    error: str = ""


def make_retry_hook(policy: RetryPolicy) -> Callable[[Exception], bool | float]:
    """Stamina backoff hook: retry transient errors, waiting what ``Retry-After`` says.

    A wish longer than ``policy.wait_max`` ends the round instead of blocking the
    thread; the records then carry the server's time as their ``next_attempt_at``.
    """

    def hook(exc: Exception) -> bool | float:
        if not isinstance(exc, TransientSyncError):
            return False
        if exc.retry_after is None:
            return True
        return exc.retry_after if exc.retry_after <= policy.wait_max else False

    return hook


class SyncWorker:
    """Delivers the outbox; :meth:`start` runs it on a daemon thread."""

    def __init__(
        self,
        outbox: Outbox,
        client: CentralClient,
        *,
        batch_size: int = 100,
        retention_days: float = 30,
        policy: RetryPolicy | None = None,
        desk: TicketDesk | None = None,
        ticket_services: Sequence[str] = (),
        lease_size: int = 50,
        lease_low_water: int = 20,
        lease_days_ahead: int = 1,
        on_online: Callable[[bool], None] | None = None,
        on_depth: Callable[[int], None] | None = None,
    ) -> None:
        self.outbox = outbox
        self.client = client
        self.batch_size = max(1, min(batch_size, MAX_BATCH))
        self.retention_days = retention_days
        self.policy = policy or RetryPolicy()
        self.desk = desk
        self.ticket_services = tuple(ticket_services)
        self.lease_size = lease_size
        self.lease_low_water = lease_low_water
        self.lease_days_ahead = lease_days_ahead
        self._on_online = on_online
        self._on_depth = on_depth
        self.online: bool | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.poison = PoisonLedger(outbox)

    # -- events ---------------------------------------------------------------------------

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            log.info("central service is %s", "reachable" if online else "unreachable")
            if self._on_online is not None:
                self._on_online(online)

    def _report_depth(self) -> None:
        if self._on_depth is not None:
            self._on_depth(self.outbox.depth())

    # -- one batch ------------------------------------------------------------------------

    def _readable(self, batch: list[StoredRecord], outcome: DrainResult) -> list[StoredRecord]:
        """Drop (as dead letters) records whose personal fields no longer decrypt."""
        readable = []
        for record in batch:
            try:
                self.outbox.wire(record)
            except KeyStoreError as exc:
                self.outbox.mark_dead(record.id, str(exc))
                outcome.dead += 1
                continue
            readable.append(record)
        return readable

    def _send(self, batch: list[StoredRecord]) -> tuple[int, int]:
        wire = [self.outbox.wire(r) for r in batch]
        results = None
        for attempt in stamina.retry_context(
            on=make_retry_hook(self.policy),
            attempts=self.policy.attempts,
            timeout=self.policy.timeout,
            wait_initial=self.policy.wait_initial,
            wait_max=self.policy.wait_max,
            wait_jitter=self.policy.wait_jitter,
        ):
            with attempt:
                if self._stop.is_set() and attempt.num > 1:
                    raise TransientSyncError("the worker is stopping")
                try:
                    results = self.client.push(wire)
                except TransientSyncError:
                    self._set_online(False)
                    raise
        assert results is not None
        delivered = [r.id for r in results if r.status in {"stored", "duplicate"}]
        if delivered:
            self.outbox.mark_delivered(delivered)
        for result in results:
            if result.status not in {"stored", "duplicate"}:
                self.outbox.mark_dead(result.id, result.reason or "refused by the central service")
        self.poison.delivered([r.id for r in results])
        self._set_online(True)
        return len(delivered), len(results) - len(delivered)

    def drain(self, max_batches: int | None = None) -> DrainResult:
        """Send due records batch by batch until none is left or a round fails."""
        outcome = DrainResult()
        while max_batches is None or outcome.batches < max_batches:
            if self._stop.is_set():
                break
            claimed = self.outbox.claim_batch(
                1 if self.poison.isolating() else self.batch_size)
            if not claimed:
                break
            batch = self._readable(claimed, outcome)
            if not batch:
                continue  # every claimed record was unreadable (now dead letters)
            ids = [r.id for r in batch]
            try:
                delivered, dead = self._send(batch)
            except TransientSyncError as exc:
                if self._set_aside(ids, exc, outcome):
                    continue
                wait = exc.retry_after if exc.retry_after is not None else self.policy.idle_s
                self.outbox.mark_retry(ids, str(exc), time.time() + wait)
                outcome.error = str(exc)
                break
            except PermanentSyncError as exc:
                if not exc.rejected and len(ids) > 1:  # culprit unknown: one at a time
                    self.poison.failed(ids, at_least=ISOLATE_AFTER)
                    self.outbox.mark_retry(ids, "batch refused whole; sending one at a time")
                    outcome.batches += 1
                    continue
                culprits = [i for i in ids if i in exc.rejected] or ids
                self.poison.forget(culprits)
                for record_id in culprits:
                    self.outbox.mark_dead(record_id, exc.rejected.get(record_id, str(exc)))
                innocent = [i for i in ids if i not in culprits]
                if innocent:  # the batch was refused whole; send the others again
                    self.outbox.mark_retry(innocent, "batch refused because of other records")
                outcome.dead += len(culprits)
                outcome.batches += 1
                continue
            except BaseException:
                self.outbox.mark_retry(ids, "the worker stopped unexpectedly")
                raise
            outcome.batches += 1
            outcome.delivered += delivered
            outcome.dead += dead
            self._report_depth()
        return outcome

    def _set_aside(self, ids: list[str], exc: TransientSyncError, outcome: DrainResult
                   ) -> bool:
        """Count a 5xx against the records; True when the lone culprit became a dead letter."""
        if not blames_the_records(exc.status):
            return False
        rounds = self.poison.failed(ids)
        if len(ids) != 1 or not self.poison.set_aside(ids[0], rounds[ids[0]]):
            return False
        assert exc.status is not None
        self.outbox.mark_dead(ids[0], dead_letter_reason(exc.status, rounds[ids[0]]))
        self.poison.forget(ids)
        outcome.dead += 1
        outcome.batches += 1
        return True

    # -- housekeeping ---------------------------------------------------------------------

    def refill_leases(self) -> int:
        """Lease blocks for services running low today and the next days; return blocks added.

        Holding tomorrow's numbers today means a kiosk that starts the day offline can
        still hand out tickets no other kiosk of the center will repeat.
        """
        if self.desk is None:
            return 0
        added = 0
        today = dt.date.fromisoformat(service_day())
        for ahead in range(self.lease_days_ahead + 1):
            day = str(today + dt.timedelta(days=ahead))
            for service in self.ticket_services:
                if self.desk.remaining(service, day) >= self.lease_low_water:
                    continue
                grant = self.client.lease(service, self.lease_size, None if ahead == 0 else day)
                self.desk.add_lease(grant.block, grant.service, grant.day, grant.first,
                                    grant.last)
                added += 1
        return added

    def run_once(self) -> DrainResult:
        """One round: recheck a fault, refill leases, drain, purge; never raises sync errors."""
        if self.outbox.fault is not None:
            self.outbox.check_writable()
        try:
            self.refill_leases()
        except SyncError as exc:
            log.warning("could not lease ticket numbers: %s", exc)
        try:
            result = self.drain()
        except (SyncError, OutboxUnavailableError) as exc:
            log.warning("sync round failed: %s", exc)
            return DrainResult(error=str(exc))
        try:
            self.outbox.purge_delivered(self.retention_days)
        except OutboxUnavailableError as exc:
            log.warning("could not purge delivered records: %s", exc)
        return result

    def _loop(self) -> None:
        try:
            self.outbox.recover()
        except OutboxUnavailableError as exc:
            log.error("outbox unavailable at start: %s", exc)
        while not self._stop.is_set():
            result = self.run_once()
            self._report_depth()
            if result.batches == 0 or result.error:
                self._stop.wait(self.policy.idle_s)

    def start(self) -> None:
        """Run the worker on its own daemon thread (the UI never waits on it)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="kiosk-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the worker to stop and wait up to ``timeout`` seconds for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
