"""Sample devices for the demo and tests: a card laid on the virtual reader, a QR shown.

- :class:`SimulatedReader`: lays a sample citizen's emulated card on the virtual reader
  (vpcd through the real pcscd) and takes it off again;
- :class:`SimulatedQrShow`: holds a sample citizen's QR picture in front of the
  simulated camera for a few seconds (the real decoder reads it).

Both block (pcscd, sockets, the camera worker): the app calls them off the UI thread.
Stations reach them through :mod:`kiosk.devices.registry`, as they would a real device.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path

from kiosk.core.config import CameraConfig
from kiosk.core.errors import KioskError
from kiosk.core.resources import asset
from kiosk.devices.card.pcsc_service import ensure_pcscd
from kiosk.devices.qr.camera import CameraScanner, FrameCallback, source_from_config
from kiosk.devices.qr.events import ScanCallback
from kiosk.simulated.samples import build_card, list_samples
from kiosk.simulated.vpcd_slot import virtual_card

log = logging.getLogger(__name__)

QR_DIR = asset("qr")


class SampleDeviceError(KioskError):
    """A sample device could not do what was asked (no such sample, no picture)."""


def qr_image(sample: str) -> Path:
    """The picture of ``sample``'s card QR that the simulated camera can be shown."""
    found = sorted(QR_DIR.glob(f"*{sample}.*"))
    if not found:
        raise SampleDeviceError(f"There is no QR picture for the sample citizen {sample!r}.")
    return found[0]


class SimulatedReader:
    """The virtual reader's one slot: lay a sample citizen's card on it, or take it off."""

    def __init__(self, pace: bool = True, host: str = "127.0.0.1", port: int = 35963) -> None:
        self._pace = pace
        self._host = host
        self._port = port
        self._lock = threading.Lock()
        self._slot: contextlib.ExitStack | None = None
        self.sample = ""

    def start(self) -> list[str]:
        """Make sure pcscd runs with the virtual reader; return the reader names."""
        return ensure_pcscd(want_virtual=True)

    def tap(self, sample: str) -> str:
        """Toggle ``sample``'s card: take off the card lying there, lay this one if new.

        Returns the sample now on the reader ("" when it is empty).
        """
        if sample not in list_samples():
            raise SampleDeviceError(f"There is no sample citizen {sample!r}.")
        with self._lock:
            previous = self.sample
            self._remove()
            if previous == sample:
                return ""
            slot = contextlib.ExitStack()
            slot.enter_context(virtual_card(build_card(sample, pace=self._pace),
                                            self._host, self._port))
            self._slot, self.sample = slot, sample
            log.info("simulated card laid on the reader")
            return sample

    def _remove(self) -> None:
        if self._slot is not None:
            self._slot.close()
            log.info("simulated card taken off the reader")
        self._slot, self.sample = None, ""

    def close(self) -> None:
        """Take off any card and free the slot."""
        with self._lock:
            self._remove()


class SimulatedQrShow:
    """Shows one sample citizen's QR picture to the simulated camera, then stops.

    ``on_frame`` (optional) receives what the camera sees while a QR is held, for the
    live preview; when nothing is held no frames come (the preview shows its empty
    placeholder).
    """

    def __init__(self, camera: CameraConfig, on_scan: ScanCallback, show_s: float = 4.0,
                 on_frame: FrameCallback | None = None) -> None:
        self._camera = camera
        self._on_scan = on_scan
        self._on_frame = on_frame
        self._show_s = show_s
        self._lock = threading.Lock()
        self._scanner: CameraScanner | None = None
        self._timer: threading.Timer | None = None

    def show(self, sample: str) -> None:
        """Hold ``sample``'s QR in view for a few seconds (replacing one held already)."""
        image = qr_image(sample)
        config = CameraConfig(f"sim:{image}", self._camera.width, self._camera.height)
        with self._lock:
            self._stop()
            scanner = CameraScanner(source_from_config(config), self._on_scan,
                                    on_frame=self._on_frame)
            scanner.start()
            timer = threading.Timer(self._show_s, self.close)
            timer.daemon = True
            timer.start()
            self._scanner, self._timer = scanner, timer

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._scanner is not None:
            self._scanner.stop()
        self._scanner = self._timer = None

    def close(self) -> None:
        """Take the QR out of view."""
        with self._lock:
            self._stop()
