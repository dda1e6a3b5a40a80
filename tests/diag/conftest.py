"""Fixtures for the diagnostics tests: configurations pointing at the simulators."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.core.config import CameraConfig, KioskConfig, PrinterConfig, ReaderConfig, SyncConfig
from kiosk.diagnostics import DiagOptions
from kiosk.sync.keys import DeviceIdentity, KeyStore

# The second virtual reader (card socket 127.0.0.1:35964): the card tests use the first,
# and a diagnostics SELECT must never land in the middle of their secure session.
SPARE_READER = "Virtual PCD 00 01"
SPARE_PORT = 35964


def make_config(tmp_path: Path, **sections: object) -> KioskConfig:
    """A configuration on the simulators with its own data folder."""
    config = KioskConfig(
        reader=ReaderConfig(name=SPARE_READER),
        camera=CameraConfig(source="sim:qr"),
        printer=PrinterConfig(url="sim://"),
        sync=SyncConfig(data_dir=str(tmp_path / "data")),
    )
    return replace(config, **sections)  # type: ignore[arg-type]


def options_for(config: KioskConfig, **extra: object) -> DiagOptions:
    """Diagnostics options with a short camera measurement."""
    return DiagOptions(config=config, camera_seconds=0.4, **extra)  # type: ignore[arg-type]


def local_identity(data_dir: Path, device_id: str = "k-diagtest", center: str = "HCM-01",
                   url: str = "http://127.0.0.1:9") -> DeviceIdentity:
    """A stored device identity that no central service knows (outbox tests only)."""
    store = KeyStore.in_data_dir(data_dir)
    signing, data_key = store.new_keys()
    identity = DeviceIdentity(device_id, center, url, signing, data_key)
    store.save(identity)
    return identity


@pytest.fixture
def config(tmp_path: Path) -> KioskConfig:
    """The default simulator configuration."""
    return make_config(tmp_path)
