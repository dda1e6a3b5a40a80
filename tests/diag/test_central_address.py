"""Which central service ``kiosk diag`` checks: the one the kiosk uses now.

The demo's embedded central runs on a new port each ``kiosk run``; the address saved
at enrollment is the first run's. Diagnostics must check the current one, and say
plainly when the demo is simply not running rather than "cannot be reached".
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.core.config import KioskConfig
from kiosk.demo.central import EmbeddedCentral, ensure_enrolled
from kiosk.diagnostics import Status, run_diagnostics
from kiosk.sync.embedded_central import RECORD
from kiosk.wire.protocol import RecordKind
from tests.support.central_servers import CentralProcess, free_port

from .conftest import local_identity, options_for

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


def _reachable(config: KioskConfig):  # type: ignore[no-untyped-def]
    report = run_diagnostics(options_for(config), ["central"])
    return report, report.by_name("central.reachable")


def test_demo_central_checked_at_its_current_address(config: KioskConfig) -> None:
    folder = Path(config.sync.data_dir)
    folder.mkdir(parents=True)
    first = EmbeddedCentral(folder)
    first_url = first.start()
    identity = ensure_enrolled(first, folder, "HCM-01", "kiosk")
    assert identity.central_url == first_url
    first.stop()

    report, check = _reachable(config)
    assert check.status is Status.WARNING, check
    assert "not running" in check.summary
    assert "kiosk run" in check.action_en and "network cable" not in check.action_en
    assert "kiosk run" in check.action_vi

    second = EmbeddedCentral(folder)  # the next demo run: another port
    try:
        second_url = second.start()
        assert second_url != first_url
        report, check = _reachable(config)
        assert check.status is Status.OK, report.to_json_dict()
        assert check.facts["url"] == second_url and check.facts["source"] == "demo"
        assert report.by_name("central.enrollment").status is Status.OK
    finally:
        second.stop()
    assert run_diagnostics(options_for(config), ["central"]).by_name(
        "central.reachable").status is Status.WARNING


def test_folder_enrolled_before_the_record_existed(config: KioskConfig) -> None:
    """An older demo folder: identity on a loopback port, the embedded database beside it."""
    folder = Path(config.sync.data_dir)
    local_identity(folder, url=f"http://127.0.0.1:{free_port()}")
    (folder / "central.db").write_bytes(b"")
    assert not (folder / RECORD).exists()
    _report, check = _reachable(config)
    assert check.status is Status.WARNING and "not running" in check.summary


def test_configured_central_wins_over_the_enrolled_address(config: KioskConfig,
                                                           tmp_path: Path) -> None:
    folder = Path(config.sync.data_dir)
    local_identity(folder, url=f"http://127.0.0.1:{free_port()}")  # stale
    (folder / "central.db").write_bytes(b"")
    server = CentralProcess(f"sqlite:///{tmp_path}/c.db", tmp_path)
    try:
        configured = replace(config, sync=replace(config.sync, central_url=server.url))
        _report, check = _reachable(configured)
    finally:
        server.stop()
    assert check.status is Status.OK
    assert check.facts["url"] == server.url and check.facts["source"] == "config"


def test_a_real_central_that_is_down_is_still_unreachable(config: KioskConfig) -> None:
    """Not a demo folder (no embedded database): the enrolled address is checked."""
    url = f"http://127.0.0.1:{free_port()}"
    local_identity(Path(config.sync.data_dir), url=url)
    _report, check = _reachable(config)
    assert check.status is Status.FAILED and "network cable" in check.action_en


def test_sync_flush_uses_the_running_demo_central_too(config: KioskConfig) -> None:
    """``kiosk sync flush`` with no configured URL reaches the demo at its current port."""
    from kiosk.sync.errors import SyncError
    from kiosk.sync.stack import build_sync

    folder = Path(config.sync.data_dir)
    folder.mkdir(parents=True)
    first = EmbeddedCentral(folder)
    first.start()
    ensure_enrolled(first, folder, "HCM-01", "kiosk")
    first.stop()
    with pytest.raises(SyncError, match="demo's central service is not running"):
        build_sync(config)
    second = EmbeddedCentral(folder)
    try:
        second.start()
        stack = build_sync(config)
        try:
            stack.outbox.enqueue(RecordKind.RATING, {"score": 4})
            assert stack.worker.drain().delivered == 1
        finally:
            stack.close()
    finally:
        second.stop()


def test_the_demo_central_record_is_private_whatever_the_umask(tmp_path: Path) -> None:
    from kiosk.sync.embedded_central import record_started

    old = os.umask(0o022)
    try:
        record_started(tmp_path, "http://127.0.0.1:1")
    finally:
        os.umask(old)
    assert ((tmp_path / RECORD).stat().st_mode & 0o777) == 0o600
