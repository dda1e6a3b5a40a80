"""Talking to the emulated chip in-process: select the eMRTD application, unlock it
with BAC (the synthetic card's key), read a whole elementary file.

Shared by the card emulator's tests in this folder.
"""

from __future__ import annotations

from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.bac import perform_bac
from kiosk.devices.chip.files import EMRTD_AID
from kiosk.devices.chip.sm import SecureMessagingTransport
from kiosk.simulated.card import EmulatedCard
from kiosk.simulated.loopback import LoopbackTransport

from .synthetic import KEY


def select_app(t: LoopbackTransport | SecureMessagingTransport) -> ResponseApdu:
    """SELECT the eMRTD application by its AID."""
    return t.transmit(CommandApdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))


def unlocked(card: EmulatedCard) -> SecureMessagingTransport:
    """The card with its application selected and BAC done: a secure messaging channel."""
    plain = LoopbackTransport(card)
    assert select_app(plain).sw == 0x9000
    return perform_bac(plain, KEY)


def read_whole(t: SecureMessagingTransport | LoopbackTransport, block: int = 223) -> bytes:
    """Read the currently selected EF to its end, by offset."""
    out = b""
    while True:
        r = t.transmit(CommandApdu(0x00, 0xB0, len(out) >> 8, len(out) & 0xFF, le=block))
        if r.sw == 0x6B00:
            return out
        assert r.sw == 0x9000, hex(r.sw)
        out += r.data
        if len(r.data) < block:
            return out
