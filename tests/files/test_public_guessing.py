"""1,000 random codes against the public status page give nothing (real central process)."""

from __future__ import annotations

import random
import uuid
from pathlib import Path

import httpx
import pytest

from kiosk.core.file_code import grouped, tracking_code
from tests.central.desk import Kiosk, signed_in
from tests.support.central_servers import CentralProcess

pytestmark = [pytest.mark.integration]


def test_a_thousand_random_codes_find_nothing(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_CENTRAL_STATUS_PER_MINUTE", "1000000")  # measure guessing, not 429
    server = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    try:
        counter = Kiosk(server, tmp_path / "counter", role="counter")
        session = signed_in(server, counter)
        real = {counter.post("/v1/files", {"request_id": str(uuid.uuid4()), "session": session,
                                           "procedure": "LLTP-PHIEU"}).json()["code"]
                for _ in range(20)}
        rng = random.Random(18)
        guesses = [tracking_code() for _ in range(700)]
        # near misses: one symbol of a real code changed
        for code in rng.choices(sorted(real), k=300):
            at = rng.randrange(25)
            swapped = rng.choice([c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" if c != code[at]])
            guesses.append(code[:at] + swapped + code[at + 1:])
        with httpx.Client(base_url=server.url, timeout=10) as client:
            pages = [client.get(f"/f/{grouped(code)}") for code in guesses]
            answers = [client.get(f"/v1/public/files/{code}") for code in guesses[:100]]
            hits = [client.get(f"/f/{code}") for code in real]
    finally:
        server.stop()
    assert {p.status_code for p in pages} == {404}
    assert len({p.text for p in pages}) == 1  # the same page, whatever was guessed
    assert {a.status_code for a in answers} == {404}
    assert {h.status_code for h in hits} == {200}
