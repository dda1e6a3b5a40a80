"""Finding 12: the public voice endpoint cannot be made to run espeak-ng without limit.

A burst of 50 distinct labels from one address (in parallel, against the live server)
causes at most the per-address number of syntheses; the rest get 429 with
``Retry-After``, and a label made before is still served (from the cache) with 200.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from kiosk.central.voice_gate import PER_ADDRESS
from tests.support.central_servers import CentralProcess
from tests.support.sound import needs_espeak

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


@needs_espeak
def test_a_burst_of_new_labels_is_rate_limited(central: CentralProcess) -> None:
    with httpx.Client(base_url=central.url, timeout=60) as client:
        first = client.get("/v1/voice/A001/1.wav")
        assert first.status_code == 200 and first.headers["X-Voice-Cache"] == "miss"
        with ThreadPoolExecutor(10) as pool:
            burst = list(pool.map(lambda n: client.get(f"/v1/voice/B{n:03d}/2.wav"),
                                  range(50)))
        statuses = Counter(a.status_code for a in burst)
        made = [a for a in burst if a.status_code == 200]
        assert set(statuses) <= {200, 429} and statuses[429] >= 50 - PER_ADDRESS + 1
        assert all(a.headers["X-Voice-Cache"] == "miss" for a in made)
        assert len(made) + 1 <= PER_ADDRESS  # syntheses this address caused, the first too
        refused = next(a for a in burst if a.status_code == 429)
        assert 1 <= int(refused.headers["Retry-After"]) <= 61
        assert refused.json()["error"]
        again = client.get("/v1/voice/A001/1.wav")
        assert again.status_code == 200 and again.headers["X-Voice-Cache"] == "hit"
        assert again.content == first.content
        assert client.get("/v1/voice/a001/1.wav").status_code == 400  # malformed: no budget
