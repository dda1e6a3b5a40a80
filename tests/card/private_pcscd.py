"""A pcscd of the test's own, for the test that kills the smart-card service mid-read.

The machine's pcscd is shared by every PC/SC test, the demo and other programs: killing
it would break them. So :func:`run_isolated` starts this module in a private mount
namespace (``unshare -m``) with a fresh tmpfs on ``/run/pcscd``: there the module starts
its own ``pcscd -f``, and pyscard, reading the default socket path, talks only to it.
A private network namespace (``unshare -n``, loopback brought up here) gives that pcscd's vpcd the
usual ports without clashing with the shared one's. Killing and restarting it touches
nothing outside.

Run as ``python -m tests.card.private_pcscd`` inside such namespaces: runs the
reader-gone scenario and prints ``scenario passed`` (an assertion error and a non-zero
exit code otherwise).
"""

from __future__ import annotations

import fcntl
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

from tests.support.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
READER = "Virtual PCD 00 00"


def run_isolated(timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run this module's scenario in private mount and network namespaces (needs root)."""
    script = 'mount -t tmpfs kiosk-test-pcscd /run/pcscd && exec "$0" -m tests.card.private_pcscd'
    return subprocess.run(
        ["unshare", "--mount", "--net", "--propagation", "private", "sh", "-c", script,
         sys.executable], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def loopback_up() -> None:
    """Bring up ``lo`` in this (new, empty) network namespace, as ``ip link set lo up``
    would, without needing iproute2."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(sock, siocgifflags, request))[1]
        fcntl.ioctl(sock, siocsifflags, struct.pack("16sh", b"lo", flags | iff_up))


class PrivatePcscd:
    """``pcscd -f`` of this namespace; only ever kills the daemon it started itself."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 15.0) -> None:
        """Start the daemon and wait until it lists the virtual reader."""
        from kiosk.core.errors import ReaderError
        from kiosk.devices.card.pcsc_service import list_reader_names

        binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
        self.proc = subprocess.Popen([binary, "-f"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        proc = self.proc

        def lists_the_reader() -> bool:
            try:
                if READER in list_reader_names():
                    return True
            except ReaderError:
                pass
            if proc.poll() is not None:
                raise RuntimeError("the private pcscd exited at start")
            return False

        wait_until(lists_the_reader, timeout, 0.1, "the private pcscd to list its reader")

    def kill(self) -> None:
        """SIGKILL the daemon this object started (every reader vanishes at once)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def close(self) -> None:
        """Stop the daemon."""
        self.kill()


def reader_gone_mid_read_then_back() -> None:
    """The reader disappears mid-read (pcscd killed), then the service returns.

    A clear ReaderDisconnectedError naming the step, never a hang; after the service
    returns, the reader re-appears as an event and the next read works.
    """
    from kiosk.core.errors import ReaderDisconnectedError
    from kiosk.devices.card.reader import ReaderEvent, ReaderEventKind, ReaderWatcher, connect_card
    from kiosk.devices.chip.card_session import ReadOptions, read_card
    from kiosk.simulated.samples import build_card, load_sample
    from kiosk.simulated.vpcd_slot import virtual_card
    from tests.card.helpers import SAMPLES, sample_plan

    daemon = PrivatePcscd()
    daemon.start()
    try:
        name = SAMPLES[0]
        card = build_card(name)
        original = card.process

        def process(apdu: bytes) -> bytes:
            if card.commands_seen == 8:
                daemon.kill()
                time.sleep(0.3)
            return original(apdu)

        card.process = process  # type: ignore[method-assign]
        events: list[ReaderEvent] = []
        watcher = ReaderWatcher(events.append)
        watcher.start()
        try:
            try:
                with virtual_card(card), \
                        connect_card(READER, timeout=5.0) as transport:
                    read_card(transport, sample_plan(name))
            except ReaderDisconnectedError as exc:
                assert exc.step.startswith("reading"), exc.step
                assert "reconnect it" in str(exc), str(exc)
            else:
                raise AssertionError("the read went on although pcscd was killed")
            daemon.start()
            wait_until(lambda: any(e.kind is ReaderEventKind.READER_ADDED
                                   and e.reader == READER for e in events[1:]),
                       15, 0.1, "the reader to come back")
            kinds = [e.kind for e in events if e.reader == READER]
            removed = kinds.index(ReaderEventKind.READER_REMOVED)
            assert ReaderEventKind.READER_ADDED in kinds[removed:], kinds
        finally:
            watcher.stop()
        with virtual_card(build_card(name)), \
                connect_card(READER, timeout=5.0) as transport:
            result = read_card(transport, sample_plan(name), ReadOptions(read_face=False))
            assert result.identity.id_number == load_sample(name).id_number
    finally:
        daemon.close()


if __name__ == "__main__":
    loopback_up()
    reader_gone_mid_read_then_back()
    print("scenario passed", flush=True)
