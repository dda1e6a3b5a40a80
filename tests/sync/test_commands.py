"""``kiosk sync|enroll|central`` command groups, run against a real central service."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from kiosk.commands import central, enroll, sync
from kiosk.core.config import CentralConfig, KioskConfig, SyncConfig
from kiosk.sync.keys import KeyStore
from kiosk.sync.outbox import Outbox
from kiosk.sync.stack import outbox_path
from kiosk.wire.protocol import RecordKind
from tests.support.central_servers import CentralProcess

pytestmark = [pytest.mark.integration]  # a central service process (uvicorn) on 127.0.0.1


def run(config: KioskConfig, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in (sync, enroll, central):
        module.register(subparsers)
    args = parser.parse_args(argv)
    code: int = args.func(args, config)
    return code


def test_enroll_status_flush_retry_dead(tmp_path: Path, sqlite_url: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    config = KioskConfig(sync=SyncConfig(data_dir=str(tmp_path / "kiosk")),
                         central=CentralConfig(database_url=sqlite_url))
    server = CentralProcess(sqlite_url, tmp_path)
    try:
        assert run(config, "central", "issue-code", "DN-02") == 0
        code = capsys.readouterr().out.strip()
        assert len(code) == 14
        assert run(config, "enroll", code, "--central", server.url) == 0
        assert "Enrolled" in capsys.readouterr().out
        ident = KeyStore.in_data_dir(tmp_path / "kiosk").load()
        assert ident.center == "DN-02"
        box = Outbox(outbox_path(tmp_path / "kiosk"), ident)
        box.enqueue(RecordKind.RATING, {"score": 5})
        dead = box.enqueue(RecordKind.RATING, {"score": 2})
        box.mark_dead(dead, "refused: test")
        from kiosk.sync.leases import TicketDesk, service_day

        TicketDesk(box, ident.center).add_lease("blk", "A", service_day(), 1, 20)
        assert run(config, "sync", "status", "--json") == 0
        status = json.loads(capsys.readouterr().out)
        assert (status["depth"], status["dead"]) == (1, 1)
        assert status["dead_letters"][0]["reason"] == "refused: test"
        assert status["ticket_numbers_left"] == {"A": 20}
        assert run(config, "sync", "status") == 0
        shown = capsys.readouterr().out
        assert "Không gửi được (cần xử lý) / Undeliverable (needs attention): 1" in shown
        assert "Dead letters" not in shown and "Thư chết" not in shown
        assert "service A: 20" in shown
        assert run(config, "sync", "retry-dead") == 0
        assert "1 undeliverable record(s) queued again" in capsys.readouterr().out
        assert run(config, "sync", "flush") == 0
        assert "Đã gửi / Delivered: 2;" in capsys.readouterr().out
        assert box.status().delivered == 2
    finally:
        server.stop()
