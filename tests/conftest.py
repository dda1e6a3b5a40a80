"""Shared fixtures: the real PC/SC stack (pcscd + vsmartcard-vpcd)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

VPCD_PORT = 35963


@pytest.fixture(scope="session")
def pcscd_readers() -> list[str]:
    """Make sure pcscd runs with the vpcd driver; return the reader names.

    This is the real PC/SC service; nothing is mocked. Tests that need it fail (not skip)
    when it cannot be started: CI installs it through the README's test command.
    """
    from kiosk.devices.pcsc_service import ensure_pcscd

    names = ensure_pcscd(want_virtual=True)
    assert any(n.startswith("Virtual PCD 00 00") for n in names), names
    return names


@pytest.fixture
def pcsc_reader(pcscd_readers: list[str]) -> Iterator[str]:
    """The first virtual reader's PC/SC name (its card socket is 127.0.0.1:35963)."""
    yield next(n for n in pcscd_readers if n.startswith("Virtual PCD 00 00"))
