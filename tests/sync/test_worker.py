"""The sync worker against a real central service process over TLS."""

from __future__ import annotations

import ssl
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import stamina

from kiosk.sync.client import CentralClient, DeviceSignatureAuth, parse_retry_after
from kiosk.sync.errors import EnrollmentError, SyncError, TransientSyncError
from kiosk.sync.leases import TicketDesk, service_day
from kiosk.sync.outbox import Outbox
from kiosk.sync.worker import RetryPolicy, SyncWorker, make_retry_hook
from kiosk.wire.protocol import RecordKind
from tests.support.central_servers import CentralProcess, enrolled_kiosk, free_port, issue_code
from tests.support.sample_identities import submission
from tests.support.waiting import wait_until

# the sync worker against a central service process over TLS
pytestmark = [pytest.mark.integration]

FAST = RetryPolicy(attempts=3, timeout=10, wait_initial=0.01, wait_max=0.05, wait_jitter=0.01,
                   idle_s=0.05)


@pytest.fixture(autouse=True)
def _real_stamina() -> None:
    stamina.set_active(True)


def _verify(central: CentralProcess) -> ssl.SSLContext | bool:
    return ssl.create_default_context(cafile=str(central.tls.ca)) if central.tls else True


def _worker(central: CentralProcess, tmp_path: Path, **kw: object) -> SyncWorker:
    ident = enrolled_kiosk(central, tmp_path / "kiosk")
    outbox = Outbox(tmp_path / "kiosk" / "outbox.db", ident)
    client = CentralClient(central.url, ident, str(central.tls.ca) if central.tls else "")
    return SyncWorker(outbox, client, policy=FAST, batch_size=7, **kw)  # type: ignore[arg-type]


def test_worker_thread_drains_over_verified_tls_and_reports_events(
        central: CentralProcess, tmp_path: Path) -> None:
    online: list[bool] = []
    depths: list[int] = []
    worker = _worker(central, tmp_path, on_online=online.append, on_depth=depths.append)
    for i in range(20):
        worker.outbox.enqueue(RecordKind.SUBMISSION if i % 4 == 0 else RecordKind.RATING,
                              submission() if i % 4 == 0 else {"score": 1 + i % 5},
                              visit=f"v{i % 3}")
    assert worker.client.probe() == "HTTP/1.1"  # http2 offered by the client; uvicorn speaks 1.1
    worker.start()
    wait_until(lambda: not worker.outbox.depth(), 20, message="the outbox to drain")
    worker.stop()
    status = worker.outbox.status()
    assert (status.delivered, status.depth, status.dead) == (20, 0, 0)
    assert status.last_success is not None
    assert online == [True] and depths[-1] == 0 and max(depths) > 0
    chain = httpx.get(f"{central.url}/v1/devices/{worker.outbox.identity.device_id}/chain",
                      verify=_verify(central),  # the device's own report: a signed read
                      auth=DeviceSignatureAuth(worker.outbox.identity)).json()
    assert chain["intact"] and chain["records"] == 20


def test_untrusted_certificate_is_refused(central: CentralProcess, tmp_path: Path) -> None:
    code = issue_code(central.database_url)
    from kiosk.sync.enrollment import enroll

    with pytest.raises(EnrollmentError, match="try again"):
        enroll(code, central.url, tmp_path)  # system CAs do not know the test CA
    ctx = ssl.create_default_context(cafile=str(central.tls.ca))  # type: ignore[union-attr]
    assert httpx.get(central.url + "/v1/ping", verify=ctx).status_code == 200
    with pytest.raises(SyncError, match="CA bundle"):
        CentralClient(central.url, ca_bundle=str(tmp_path / "missing.pem"))


def test_offline_then_online(tmp_path: Path, sqlite_url: str) -> None:
    central = CentralProcess(sqlite_url, tmp_path)
    online: list[bool] = []
    worker = _worker(central, tmp_path, on_online=online.append)
    port = central.port
    central.stop()
    for score in (1, 2, 3):
        worker.outbox.enqueue(RecordKind.RATING, {"score": score})
    result = worker.drain()
    assert result.delivered == 0 and "could not be reached" in result.error
    status = worker.outbox.status()
    assert status.pending == 3 and online == [False]
    assert worker.outbox.all_records()[0].attempts == 1
    assert "could not be reached" in (worker.outbox.all_records()[0].last_error or "")
    # the central service comes back on the same address
    back = CentralProcess.__new__(CentralProcess)
    back.__dict__.update(central.__dict__)
    import subprocess

    back.log = (tmp_path / "back.log").open("wb")
    back.proc = subprocess.Popen(central.proc.args, env={
        **__import__("os").environ, "KIOSK_CENTRAL_DATABASE_URL": sqlite_url,
        "KIOSK_CENTRAL_FAULTS": "", "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        stdout=back.log, stderr=back.log, start_new_session=True)
    try:
        back._wait()
        assert back.port == port
        worker.outbox.connection.execute("UPDATE records SET next_attempt_at = 0")
        assert worker.drain().delivered == 3
        assert online == [False, True]
    finally:
        back.stop()


def test_retry_after_is_honoured(tmp_path: Path, sqlite_url: str) -> None:
    central = CentralProcess(sqlite_url, tmp_path, faults="rate=1,kinds=429,retry_after=7")
    try:
        worker = _worker(central, tmp_path)
        worker.policy = RetryPolicy(attempts=1, idle_s=0.01)
        worker.outbox.enqueue(RecordKind.RATING, {"score": 5})
        with pytest.raises(TransientSyncError) as error:
            worker.client.push([worker.outbox.wire(worker.outbox.all_records()[0])])
        assert error.value.retry_after == 7.0
        # stamina waits exactly what the server asked, or ends the round if that is long
        assert make_retry_hook(RetryPolicy(wait_max=30))(error.value) == 7.0
        assert make_retry_hook(RetryPolicy(wait_max=5))(error.value) is False
        started = time.time()
        worker.drain()
        row = worker.outbox.connection.execute("SELECT next_attempt_at FROM records").fetchone()
        assert started + 6.5 < row[0] < time.time() + 7.5
        assert worker.outbox.claim_batch(10) == []  # not before the server's time
    finally:
        central.stop()


def test_retry_hook_and_header_parsing() -> None:
    hook = make_retry_hook(RetryPolicy())
    assert hook(TransientSyncError("x")) is True
    assert hook(TransientSyncError("x", 0.0)) == 0.0
    assert hook(ValueError("x")) is False
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_refused_records_become_dead_letters_with_reasons(central: CentralProcess,
                                                          tmp_path: Path) -> None:
    worker = _worker(central, tmp_path)
    good = worker.outbox.enqueue(RecordKind.RATING, {"score": 5})
    bad = worker.outbox.enqueue(RecordKind.RATING, {"score": 4})
    # someone edits a stored record on disk: the central service sees the hash mismatch
    worker.outbox.connection.execute(
        "UPDATE records SET body = replace(body, '\"score\":4', '\"score\":1') WHERE id = ?",
        (bad,))
    result = worker.drain()
    # the batch is refused whole; the innocent record is sent again in the same drain
    assert (result.dead, result.delivered, result.batches) == (1, 1, 2)
    dead = worker.outbox.dead_letters()
    assert [d.id for d in dead] == [bad] and "altered" in dead[0].reason
    assert worker.outbox.status().delivered == 1 and good not in {d.id for d in dead}


def test_worker_keeps_leased_numbers_in_stock(central: CentralProcess, tmp_path: Path) -> None:
    worker = _worker(central, tmp_path, ticket_services=("A", "B"), lease_size=10,
                     lease_low_water=3)
    desk = TicketDesk(worker.outbox, worker.outbox.identity.center)
    worker.desk = desk
    assert worker.refill_leases() == 4  # A and B, today and tomorrow
    assert worker.refill_leases() == 0
    numbers = [desk.issue("A").number for _ in range(8)]
    assert numbers == list(range(1, 9))
    assert worker.refill_leases() == 1  # A fell below the low-water mark
    # the next morning starts offline: tomorrow's block was leased in advance
    import datetime as dt

    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert desk.issue("B", now=tomorrow).number == 1
    worker.drain()
    report = httpx.get(f"{central.url}/v1/centers/HCM-01/tickets/{service_day()}",
                       verify=_verify(central)).json()
    assert report["issued"] == 8 and report["problems"] == [] and report["leased"] == 30


def test_port_helper_gives_distinct_ports() -> None:
    assert free_port() != 0


def test_http2_is_used_where_the_server_offers_it(tmp_path: Path, sqlite_url: str) -> None:
    pytest.importorskip("hypercorn")
    from tests.support.central_servers import make_tls

    central = CentralProcess(sqlite_url, tmp_path, tls=make_tls(tmp_path), server="hypercorn")
    try:
        worker = _worker(central, tmp_path)
        assert worker.client.probe() == "HTTP/2"
        for score in (1, 2, 3):
            worker.outbox.enqueue(RecordKind.RATING, {"score": score})
        assert worker.drain().delivered == 3
        worker.client.close()
    finally:
        central.stop()


def test_a_wrong_kiosk_clock_is_corrected_not_dead_lettered(central: CentralProcess,
                                                           tmp_path: Path) -> None:
    worker = _worker(central, tmp_path)
    assert worker.client.auth is not None
    worker.client.auth.clock = lambda: time.time() - 86400 * 400  # woke up a year ago
    for score in (1, 2):
        worker.outbox.enqueue(RecordKind.RATING, {"score": score})
    result = worker.drain()
    assert (result.delivered, result.dead) == (2, 0)
    assert abs(worker.client.auth.offset - 86400 * 400) < 5


def test_enqueue_never_waits_for_the_network(tmp_path: Path, sqlite_url: str) -> None:
    """While a batch is stuck in a slow request, the UI thread still enqueues at once."""
    central = CentralProcess(sqlite_url, tmp_path, faults="rate=1,kinds=slow,slow=1.5")
    try:
        worker = _worker(central, tmp_path)
        worker.outbox.enqueue(RecordKind.RATING, {"score": 5})
        worker.start()
        wait_until(lambda: worker.outbox.status().in_flight, 10, 0.01, "a request in flight")
        assert worker.outbox.status().in_flight == 1  # the request is on the wire
        worker.outbox.enqueue(RecordKind.SUBMISSION, submission())
        status = worker.outbox.status()
        assert (status.in_flight, status.pending) == (1, 1)  # enqueued during the request
        wait_until(lambda: not worker.outbox.depth(), 20, message="the outbox to drain")
        assert worker.outbox.status().delivered == 2
        worker.stop(timeout=1)
        worker.client.close()
    finally:
        central.stop()


def test_enrolling_twice_needs_force(central: CentralProcess, tmp_path: Path) -> None:
    from kiosk.sync.enrollment import enroll

    enrolled_kiosk(central, tmp_path / "k")
    with pytest.raises(EnrollmentError, match="already enrolled"):
        enroll(issue_code(central.database_url), central.url, tmp_path / "k",
               str(central.tls.ca) if central.tls else "")
    with pytest.raises(EnrollmentError, match="refused"):
        enroll("WRONG-CODE", central.url, tmp_path / "k",
               str(central.tls.ca) if central.tls else "", force=True)
    again = enroll(issue_code(central.database_url), central.url, tmp_path / "k",
                   str(central.tls.ca) if central.tls else "", force=True)
    assert again.device_id.startswith("k-")


def test_unreadable_records_become_dead_letters(central: CentralProcess, tmp_path: Path) -> None:
    import os

    from kiosk.sync.keys import KeyStore

    worker = _worker(central, tmp_path)
    lost = worker.outbox.enqueue(RecordKind.SUBMISSION, submission())
    fine = worker.outbox.enqueue(RecordKind.RATING, {"score": 5})
    good = worker.outbox.identity
    # the data key is replaced (e.g. restored from the wrong backup): old records cannot
    # open. Every record's hash, prev and sig are sealed with that key (finding 6: in
    # clear they confirm a guessed citizen), so a rating without personal fields cannot
    # be sent either; both wait as dead letters until the right key is back
    broken = Outbox(worker.outbox.path, replace(worker.outbox.identity, data_key=os.urandom(32)))
    worker.outbox = broken
    result = worker.drain()
    assert (result.dead, result.delivered) == (2, 0)
    assert [d.id for d in broken.dead_letters()] == [lost, fine]
    assert all("could not be decrypted" in d.reason for d in broken.dead_letters())
    assert KeyStore.in_data_dir(tmp_path / "kiosk").exists()
    worker.outbox = Outbox(broken.path, good)  # the right key is restored
    assert worker.outbox.retry_dead() == 2 and worker.drain().delivered == 2


def test_enrolling_again_refuses_while_records_wait(central: CentralProcess, tmp_path: Path
                                                    ) -> None:
    from kiosk.sync.enrollment import enroll

    worker = _worker(central, tmp_path)
    worker.outbox.enqueue(RecordKind.RATING, {"score": 5})
    with pytest.raises(EnrollmentError, match="1 record"):
        enroll(issue_code(central.database_url), central.url, tmp_path / "kiosk",
               str(central.tls.ca) if central.tls else "", force=True)
    worker.drain()
    again = enroll(issue_code(central.database_url), central.url, tmp_path / "kiosk",
                   str(central.tls.ca) if central.tls else "", force=True)
    assert again.device_id != worker.outbox.identity.device_id
