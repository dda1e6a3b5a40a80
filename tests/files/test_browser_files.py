"""The public file page and the dashboard in a real browser: Debian's headless Chromium
driven by Playwright, as the display page is tested. Screenshots go to
``$KIOSK_SCREENSHOTS`` when set (else the test's temporary folder)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.central.storage import Database
from tests.central.desk import Kiosk, signed_in
from tests.support.central_servers import CentralProcess
from tests.support.file_month import run_month
from tests.support.headless_browser import NEEDS_CHROMIUM, chromium, shots_folder
from tests.support.onegate import OneGateProcess

pytestmark = [
    pytest.mark.integration, pytest.mark.slow,
    NEEDS_CHROMIUM,
]


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _shots(tmp_path: Path) -> Path:
    return shots_folder(tmp_path)


def test_the_public_page_fits_a_phone_and_the_dashboard_draws_its_trend(
        browser: Any, tmp_path: Path) -> None:
    server = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    gate = OneGateProcess(tmp_path)
    db = Database(server.database_url, pool_size=2)
    try:
        month = run_month(db, gate, files=300)
        counter = Kiosk(server, tmp_path / "counter", role="counter")
        session = signed_in(server, counter)
        file = counter.post("/v1/files", {"request_id": str(uuid.uuid4()), "session": session,
                                          "procedure": "LLTP-PHIEU"}).json()
        counter.post(f"/v1/files/{file['file_id']}/events", {
            "event_id": str(uuid.uuid4()), "kind": "additional_documents_requested",
            "session": session, "reason": "Thiếu bản sao"})
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        phone.goto(f"{server.url}/f/{file['code']}")
        assert phone.inner_text("#step") == "Cần bổ sung giấy tờ"
        assert "Tạm dừng" in phone.inner_text("#standing")
        # nothing wider than the phone: no sideways scrolling
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=str(_shots(tmp_path) / "file-status-phone.png"), full_page=True)
        desk = browser.new_page(viewport={"width": 1366, "height": 900})
        desk.goto(f"{server.url}/dashboard/HCM-01?as_of={month.last.isoformat()}")
        bars = desk.locator("#trend rect title").count()
        assert bars > 30  # received and decided bars over the 30 days
        received = int(desk.inner_text('[data-figure="received"] b'))
        assert received == 150
        assert "sha256:" in desk.inner_text("#covers")
        desk.screenshot(path=str(_shots(tmp_path) / "dashboard.png"), full_page=True)
        city = browser.new_page(viewport={"width": 1366, "height": 900})
        city.goto(f"{server.url}/dashboard?as_of={month.last.isoformat()}")
        assert int(city.inner_text('[data-figure="received"] b')) == 300  # the month's
        city.goto(f"{server.url}/dashboard")  # today: the file accepted now counts too
        assert int(city.inner_text('[data-figure="received"] b')) == 301
    finally:
        db.close()
        gate.stop()
        server.stop()
