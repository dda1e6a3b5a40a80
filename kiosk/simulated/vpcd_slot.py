"""A sample citizen's emulated card laid on the virtual reader (vpcd) for a block of code.

The demo, the CLI's ``kiosk card read --sim`` and the tests lay cards this way; the
kiosk itself reads whatever card the real PC/SC stack reports.
"""

from __future__ import annotations

import contextlib
import fcntl
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.core.errors import KioskError
from kiosk.devices.card.pcsc_service import ensure_pcscd
from kiosk.simulated.card import EmulatedCard
from kiosk.simulated.samples import build_card
from kiosk.simulated.vpcd import VpcdCard


@contextlib.contextmanager
def simulated_card(sample: str, host: str = "127.0.0.1", port: int = 35963,
                   **card_options: Any) -> Iterator[str]:
    """Insert a sample citizen's emulated card into the virtual reader (vpcd) for the block.

    Yields the PC/SC reader name to read from. The card is removed on exit.
    """
    names = ensure_pcscd(want_virtual=True)
    with virtual_card(build_card(sample, **card_options), host, port):
        index = port - 35963
        yield next((n for n in names if n.startswith(f"Virtual PCD 00 {index:02d}")), names[0])


@contextlib.contextmanager
def virtual_card(card: EmulatedCard, host: str = "127.0.0.1", port: int = 35963,
                 timeout: float = 30.0, real_pace: bool = False) -> Iterator[VpcdCard]:
    """Hold the virtual reader's slot, insert ``card``, and remove it on exit.

    vpcd serves one card per slot; a lock file serialises processes (a demo and a test
    run, say) that want the same slot, instead of failing on a busy socket. With
    ``real_pace`` the card answers as slowly as a real contactless chip (field_timing).
    """
    lock_path = Path(tempfile.gettempdir()) / f"kiosk-vpcd-{port}.lock"
    with lock_path.open("a") as lock:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise KioskError("The virtual reader is busy with another program.") from None
                time.sleep(0.05)
        slot = VpcdCard(card, host=host, port=port, real_pace=real_pace)
        try:
            slot.insert(timeout=20.0)
            yield slot
        finally:
            slot.stop()
            fcntl.flock(lock, fcntl.LOCK_UN)
