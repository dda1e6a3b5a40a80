"""Every client of the central reads a named CA bundle the same way, and says plainly
when it cannot (kiosk.sync.client.tls_verify)."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.core.errors import ConfigError
from kiosk.sync.client import tls_verify
from kiosk.sync.errors import SyncError
from kiosk.sync.holder_files import HolderFilesLookup
from kiosk.sync.keys import DeviceIdentity
from kiosk.sync.queue_position import QueuePositionLookup


def test_no_bundle_means_the_system_authorities() -> None:
    assert tls_verify("") is True


def test_a_readable_bundle_becomes_a_context() -> None:
    bundle = ssl.get_default_verify_paths().cafile
    if bundle is None or not Path(bundle).is_file():
        pytest.skip("this machine has no system CA file to read")
    assert isinstance(tls_verify(bundle), ssl.SSLContext)


def test_an_unreadable_bundle_is_a_sentence_naming_it(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.pem")
    with pytest.raises(SyncError, match=r"the CA bundle .*missing\.pem cannot be read"):
        tls_verify(missing)
    identity = DeviceIdentity("kiosk-1", "HCM-01", "https://central.invalid",
                              Ed25519PrivateKey.generate(), bytes(32))
    # the kiosk's look-ups are set up from the configuration: a configuration error
    with pytest.raises(ConfigError, match=r"missing\.pem cannot be read"):
        QueuePositionLookup("https://central.invalid", identity, "HCM-01", ca_bundle=missing)
    with pytest.raises(ConfigError, match=r"missing\.pem cannot be read"):
        HolderFilesLookup("https://central.invalid", identity, ca_bundle=missing)
