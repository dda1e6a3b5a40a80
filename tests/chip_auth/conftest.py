"""Fixtures: the sample cards' files (built and signed once) and TEST trust stores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.devices.chip.trust_store import TrustStore
from kiosk.simulated.test_pki import CSCA, PKI_DIR


@pytest.fixture(scope="session")
def csca_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A trust store folder holding only the TEST CSCA certificate (PEM)."""
    folder = tmp_path_factory.mktemp("trust")
    shutil.copy(PKI_DIR / f"{CSCA}.cert.pem", folder)
    return folder


@pytest.fixture(scope="session")
def csca_store(csca_folder: Path) -> TrustStore:
    """The trust store the tests trust: the TEST CSCA."""
    return TrustStore.from_folder(csca_folder)
