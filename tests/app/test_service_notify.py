"""systemd's notify protocol: READY after the first frame, watchdog pings from the Qt loop.

The test listens on a real datagram socket given as ``NOTIFY_SOCKET`` (a path, and an
abstract ``@name`` one), starts the real ``kiosk run`` as a process (offscreen, simulated
devices, its embedded central) with ``WATCHDOG_USEC`` set, and watches what arrives:
READY=1, regular WATCHDOG=1, and no ping while the UI thread is stalled on purpose
(the test-only ``KIOSK_TEST_UI_STALL_S`` hook, SIGUSR2), then pings again.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtQuick import QQuickView
from pytestqt.qtbot import QtBot

from kiosk.core.sd_notify import Notifier, NotifyTarget, notify_target
from kiosk.ui.qt.service_notify import ServiceNotify

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(0.1)
    yield sock, str(path)
    sock.close()


def received(sock: socket.socket, seconds: float) -> list[tuple[float, str]]:
    """Every datagram that arrives within ``seconds``, with its arrival time."""
    got: list[tuple[float, str]] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with contextlib.suppress(TimeoutError):
            got.append((time.monotonic(), sock.recv(4096).decode()))
    return got


def test_the_environment_names_the_socket_and_the_watchdog() -> None:
    assert notify_target({}) is None
    assert notify_target({"NOTIFY_SOCKET": "relative/path"}) is None
    target = notify_target({"NOTIFY_SOCKET": "@kiosk/notify", "WATCHDOG_USEC": "3000000"})
    assert target == NotifyTarget("\0kiosk/notify", 3_000_000)
    assert target.ping_interval_s == 1.5
    # the watchdog is another process's: no pings from this one
    watched = {"NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "3000000"}
    other = notify_target({**watched, "WATCHDOG_PID": "1"}, pid=4242, parent=4000)
    assert other == NotifyTarget("/run/x", 0) and other.ping_interval_s == 0
    mine = notify_target({**watched, "WATCHDOG_PID": "4242"}, pid=4242, parent=4000)
    assert mine is not None and mine.watchdog_usec == 3_000_000
    # the unit's main process is cage, which started the app: the app pings for it
    cage = notify_target({**watched, "WATCHDOG_PID": "4000"}, pid=4242, parent=4000)
    assert cage is not None and cage.watchdog_usec == 3_000_000


def test_a_notification_reaches_an_abstract_socket() -> None:
    name = f"kiosk-test-{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    sock.settimeout(2)
    try:
        notifier = Notifier(notify_target({"NOTIFY_SOCKET": f"@{name}"}))
        assert notifier.send(READY="1", STATUS="two\nlines")
        assert sock.recv(4096) == b"READY=1\nSTATUS=two lines"  # one line per field
        notifier.close()
    finally:
        sock.close()


def test_ready_waits_for_the_first_frame(qtbot: QtBot, listener: tuple[socket.socket, str]
                                         ) -> None:
    sock, path = listener
    view = QQuickView()
    view.resize(200, 100)
    service = ServiceNotify(view, "test window", notifier=Notifier(NotifyTarget(path)))
    service.start()
    qtbot.wait(300)
    before = [text for _at, text in received(sock, 0.2)]
    assert before == ["STATUS=test window: starting, showing the first screen"]
    assert not service.ready
    view.show()
    qtbot.waitUntil(lambda: service.ready, timeout=5000)
    after = [text for _at, text in received(sock, 0.3)]
    assert after == ["READY=1\nSTATUS=test window: screen shown, starting sync"]
    service.stop()
    view.close()


@pytest.mark.integration  # the kiosk command as a process, with its embedded central
@pytest.mark.slow
def test_kiosk_run_is_ready_pings_and_stops_pinging_while_the_ui_stalls(
        tmp_path: Path, listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_SYNC_DATA_DIR": str(tmp_path),
           "KIOSK_CONFIG": "", "NOTIFY_SOCKET": path, "WATCHDOG_USEC": "2000000",
           "KIOSK_TEST_UI_STALL_S": "4"}
    log_file = tmp_path / "stderr.log"
    with log_file.open("w") as log_out:
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--windowed",
                                 "--exit-after", "60"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=log_out)
    try:
        start = received(sock, 0)
        deadline = time.monotonic() + 45
        while not any(text.startswith("READY=1") for _at, text in start):
            assert time.monotonic() < deadline and proc.poll() is None, "no READY=1"
            start += received(sock, 0.5)
        steady = received(sock, 4.5)
        pings = [at for at, text in steady if text == "WATCHDOG=1"]
        assert len(pings) >= 3, steady  # every second (half of 2 s)
        assert max(b - a for a, b in itertools.pairwise(pings)) < 1.6
        assert any(text.startswith("STATUS=kiosk run: running, device k-")
                   for _at, text in start + steady)
        stalled_at = time.monotonic()
        proc.send_signal(signal.SIGUSR2)  # the UI thread sleeps 4 s
        around = received(sock, 7)
        pings = [at for at, text in steady + around if text == "WATCHDOG=1"]
        gaps = [b - a for a, b in itertools.pairwise(pings)]
        assert max(gaps) > 3.5, around  # silence while stalled: systemd would act
        after = [at for at in pings if at > stalled_at + 4]
        assert len(after) >= 2, around  # and pings again once the loop runs
        proc.send_signal(signal.SIGTERM)
        last = received(sock, 3)
        assert any("STOPPING=1" in text for _at, text in last), last
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
    assert "test hook: UI thread stalled on purpose" in log_file.read_text()
