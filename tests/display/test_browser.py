"""The lobby display in a real browser: Debian's headless Chromium driven by Playwright.

Playwright's own browser download cannot work here, so Debian's chromium binary is
launched; the tests skip (with the reason) only when that binary is absent.
Screenshots go to ``$KIOSK_SCREENSHOTS`` when set (else the test's temporary folder).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import central_servers
from tests.support.central_servers import CentralProcess
from tests.support.enrolled_devices import Device
from tests.support.headless_browser import NEEDS_CHROMIUM, chromium, shots_folder
from tests.support.waiting import wait_until

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    NEEDS_CHROMIUM,
]


@pytest.fixture
def browser() -> Iterator[Any]:
    with chromium("--autoplay-policy=no-user-gesture-required") as launched:
        yield launched


def _shots(tmp_path: Path) -> Path:
    return shots_folder(tmp_path)


def _wait(page: Any, script: str, timeout_ms: int = 15000) -> Any:
    page.wait_for_function(script, timeout=timeout_ms)
    return page.evaluate(script)


def _start(database: str, folder: Path, port: int, monkeypatch: pytest.MonkeyPatch
           ) -> CentralProcess:
    monkeypatch.setattr(central_servers, "free_port", lambda: port)  # same address after a restart
    return CentralProcess(database, folder)


def test_display_updates_when_a_counter_calls_and_survives_a_restart(
        browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = f"sqlite:///{tmp_path}/central.db"
    port = central_servers.free_port()
    central = _start(database, tmp_path, port, monkeypatch)
    kiosk = Device(central, tmp_path / "kiosk")
    counter = Device(central, tmp_path / "counter", role="counter")
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    voices: list[tuple[str, int, str]] = []
    page.on("response", lambda r: voices.append(
        (r.url, r.status, r.headers.get("content-type", ""))) if "/v1/voice/" in r.url else None)
    try:
        for visit in range(5):
            kiosk.issue("HT", visit=f"h{visit}")
        kiosk.issue("CU")
        kiosk.push()
        page.goto(central.url + "/display/HCM-01")
        _wait(page, "window.kioskDisplay.updates >= 1 && window.kioskDisplay.connected")
        assert page.text_content("#latest-number") == "---"
        assert "HT001" in page.text_content("#services")

        assert counter.call_next("3", ["HT"])["label"] == "HT001"
        page.wait_for_function(
            "document.querySelector('#latest-number').textContent === 'HT001'", timeout=15000)
        assert page.text_content("#latest-counter").startswith("Mời đến quầy số 3")
        assert page.text_content("#serving tr td.num") == "HT001"
        assert _wait(page, "window.kioskDisplay.announced.length >= 1") >= 1
        assert page.evaluate("window.kioskDisplay.announced") == ["HT001@3"]
        wait_until(lambda: voices, 15, 0.1, "the spoken call's WAV",
                   pause=lambda seconds: page.wait_for_timeout(seconds * 1000))
        assert voices and voices[0][1] == 200 and voices[0][2] == "audio/wav", voices
        # the browser decoded and played it (no user gesture needed with the kiosk flag)
        assert _wait(page, "window.kioskDisplay.played.length >= 1 || "
                           "window.kioskDisplay.failedAudio > 0") is True
        assert page.evaluate("window.kioskDisplay.played") == ["HT001"]
        counter.call_next("5", ["HT"])
        page.wait_for_function(
            "document.querySelector('#latest-number').textContent === 'HT002'", timeout=15000)
        page.screenshot(path=str(_shots(tmp_path) / "display.png"))

        # the server goes away: the page says so, then comes back by itself
        central.stop()
        page.wait_for_function("window.kioskDisplay.connected === false", timeout=15000)
        assert "Reconnecting" in page.text_content("#status")
        updates = page.evaluate("window.kioskDisplay.updates")
        central = _start(database, tmp_path, port, monkeypatch)
        kiosk.retarget(central)
        counter.retarget(central)
        page.wait_for_function(
            f"window.kioskDisplay.connected && window.kioskDisplay.updates > {updates}",
            timeout=20000)
        assert counter.call_next("7", ["HT", "CU"])["label"] == "HT003"
        page.wait_for_function(
            "document.querySelector('#latest-number').textContent === 'HT003'", timeout=15000)
        rows = page.eval_on_selector_all("#serving tr", "rows => rows.map(r => r.innerText)")
        assert [r.split()[0] for r in rows] == ["HT003", "HT002", "HT001"]
        assert page.evaluate("window.kioskDisplay.announced") == ["HT001@3", "HT002@5",
                                                                  "HT003@7"]
    finally:
        page.close()
        kiosk.close()
        counter.close()
        central.stop()


def test_statistics_page_shows_live_figures(browser: Any, tmp_path: Path) -> None:
    from kiosk.core.config import KioskConfig, PrinterConfig, SyncConfig
    from kiosk.diagnostics import DiagOptions
    from kiosk.diagnostics.reporter import HealthReporter
    from kiosk.wire.protocol import RecordKind

    central = CentralProcess(f"sqlite:///{tmp_path}/central.db", tmp_path)
    kiosk = Device(central, tmp_path / "kiosk")
    counter = Device(central, tmp_path / "counter", role="counter")
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    try:
        for visit in range(4):
            kiosk.issue("HT", visit=f"v{visit}")
        kiosk.issue("CU", visit="c1")
        kiosk.record(RecordKind.RATING, {"score": 5}, visit="v0")
        kiosk.push()
        counter.call_next("1", ["HT"])
        counter.event("served", "HT", 1)
        counter.push()
        page.goto(central.url + "/stats/HCM-01")
        _wait(page, "window.kioskStats.updates >= 1")
        table = page.text_content("#services")
        assert "Hộ tịch (HT)" in table and "Civil status" in table
        first = page.evaluate("window.kioskStats.last.services.find(s => s.service === 'HT')")
        assert (first["issued"], first["waiting"], first["served"]) == (4, 3, 1)
        counter.call_next("2", ["HT"])
        _wait(page, "window.kioskStats.last.services.find(s => s.service === 'HT').waiting === 2",
              timeout_ms=20000)
        # a kiosk whose printer is out of paper is for the center's staff, not the lobby
        config = KioskConfig(printer=PrinterConfig(url="sim://?paper=out"),
                             sync=SyncConfig(data_dir=str(tmp_path / "kiosk")))
        HealthReporter(kiosk.outbox, DiagOptions(config=config),
                       families=("printer",)).report_once()
        kiosk.push()
        updates = page.evaluate("window.kioskStats.updates")
        _wait(page, f"window.kioskStats.updates > {updates}", timeout_ms=20000)
        text = page.text_content("body") or ""
        assert kiosk.identity.device_id not in text and "printer.paper" not in text
        assert page.query_selector("#gaps") is None and page.query_selector("#failing") is None
        page.screenshot(path=str(_shots(tmp_path) / "stats.png"), full_page=True)
    finally:
        page.close()
        kiosk.close()
        counter.close()
        central.stop()
