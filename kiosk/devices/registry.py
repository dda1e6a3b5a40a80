"""Real or simulated: the devices a configuration names, picked in one place.

A station asks here for its reader and QR camera as it would for any device. When no
reader is configured (``[reader] name`` empty) the reader is the simulated one: a sample
citizen's emulated card laid on the virtual reader (vpcd) through the real pcscd. When
the camera source is a folder of QR pictures (``sim:qr``) the camera is the simulated
QR show. Besides the CLI, the demo and the tests, this is the one door into
``kiosk.simulated`` (the camera's ``sim:`` source and the printer's ``sim://`` URL are
the others, in their own factories).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from kiosk.core.config import CameraConfig, DocumentsConfig, ReaderConfig
from kiosk.core.resources import asset
from kiosk.devices.qr.camera import FrameCallback, FrameSource, source_from_config
from kiosk.devices.qr.events import ScanCallback


class SampleReader(Protocol):
    """A reader on which sample cards are laid by hand (the developer keys)."""

    def start(self) -> list[str]:
        """Make sure the reader is there; the PC/SC reader names."""

    def tap(self, sample: str) -> str:
        """Lay ``sample``'s card, or lift it if it lies there; the sample now laid."""

    def close(self) -> None:
        """Lift any card and free the reader."""


class SampleQrShow(Protocol):
    """A camera that is shown a sample card's QR on demand (the developer keys)."""

    def show(self, sample: str) -> None:
        """Hold ``sample``'s QR in view for a few seconds."""

    def close(self) -> None:
        """Take the QR out of view."""


def simulated_reader(config: ReaderConfig, slot: int = 0) -> SampleReader | None:
    """The simulated reader on vpcd ``slot`` when no real reader is configured, else None."""
    if config.name:
        return None
    from kiosk.simulated.sample_devices import SimulatedReader

    return SimulatedReader(config.sim_pace, config.vpcd_host, config.vpcd_port + slot)


def simulated_qr_show(config: CameraConfig, on_scan: ScanCallback,
                      on_frame: FrameCallback | None = None) -> SampleQrShow | None:
    """The simulated QR show when the camera source is a folder of pictures, else None."""
    source = config.source.strip()
    if not source.startswith("sim:"):
        return None
    folder = Path(source[4:]).expanduser()
    if not folder.is_absolute():
        folder = asset() / folder
    if not folder.is_dir():
        return None  # one picture or a video: the camera plays it in a loop
    from kiosk.simulated.sample_devices import SimulatedQrShow

    return SimulatedQrShow(config, on_scan, on_frame=on_frame)


def sample_names() -> list[str]:
    """The sample citizens whose cards the developer keys lay, in key order."""
    from kiosk.simulated.samples import list_samples

    return list_samples()


# The papers the demo's F9-F12 lay on the simulated desk (synthetic photos' seeds, from
# the held-out set: their pages are found; kiosk.simulated.document_photos).
DEMO_PAPERS = (2003, 2011, 2054, 2052)  # plain, busy desk, shadow, tilted


def document_source(documents: DocumentsConfig, camera: CameraConfig) -> FrameSource | None:
    """The document camera ``[documents] camera`` names, or None when the kiosk has none.

    "qr" shares the QR camera's source (one camera: the two steps never overlap);
    ``sim:desk`` is the simulated desk the demo lays papers on (F9-F12).
    """
    name = documents.camera.strip()
    if not name:
        return None
    if name == "sim:desk":
        from kiosk.simulated.document_desk import SimulatedDesk

        return SimulatedDesk()
    if name == "qr":
        return source_from_config(camera)
    return source_from_config(CameraConfig(name, camera.width, camera.height, camera.exposure))
