"""A kiosk's two processes for the chaos test.

``enqueue DATA_DIR COUNT ACK_FILE``: the kiosk app taking records from citizens; writes
each id to ACK_FILE once ``enqueue`` returned (the acknowledgement).
``sync DATA_DIR URL``: the sync worker, run until killed.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from kiosk.sync.client import CentralClient
from kiosk.sync.keys import KeyStore
from kiosk.sync.outbox import Outbox
from kiosk.sync.worker import RetryPolicy, SyncWorker
from kiosk.wire.protocol import RecordKind

POLICY = RetryPolicy(attempts=4, timeout=20, wait_initial=0.05, wait_max=0.5, wait_jitter=0.1,
                     idle_s=0.1)


def _payload(n: int) -> tuple[RecordKind, dict[str, object]]:
    if n % 4 == 0:
        return RecordKind.SUBMISSION, {
            "procedure": "1.00" + str(n % 9),
            "citizen": {"full_name": "Phạm Văn Mẫu", "id_number": f"0790{n:08d}"},
            "form": {"n": n},
        }
    if n % 4 == 1:  # a lobby kiosk sends no queue events (a counter's kind): its health
        return RecordKind.DEVICE_HEALTH, {"status": "ok", "checks": {"n": {"status": "ok",
                                                                          "n": n}}}
    return RecordKind.RATING, {"score": 1 + n % 5}


def enqueue(folder: Path, count: int, ack: Path) -> None:
    box = Outbox(folder / "outbox.db", KeyStore.in_data_dir(folder).load())
    rng = random.Random()
    with ack.open("a", encoding="ascii") as out:
        for n in range(count):
            kind, payload = _payload(n)
            record_id = box.enqueue(kind, payload, visit=f"visit-{n // 3}")
            out.write(record_id + "\n")
            out.flush()
            time.sleep(rng.uniform(0.0, 0.024))  # citizens arrive over a few seconds


def sync(folder: Path, url: str) -> None:
    ident = KeyStore.in_data_dir(folder).load()
    box = Outbox(folder / "outbox.db", ident)
    worker = SyncWorker(box, CentralClient(url, ident, timeout=5.0), policy=POLICY,
                        batch_size=20)
    worker.start()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    role, folder = sys.argv[1], Path(sys.argv[2])
    if role == "enqueue":
        enqueue(folder, int(sys.argv[3]), Path(sys.argv[4]))
    else:
        sync(folder, sys.argv[3])
