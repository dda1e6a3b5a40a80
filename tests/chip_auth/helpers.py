"""Test helpers: sample files with another signer, and a tiny in-process chip.

:class:`MiniChip` is the card side of active and chip authentication as the emulator
will run it: secure messaging from ``kiosk.devices.chip.sm``, answers from
``sign_active_auth`` and ``ChipAuthCardSide``. Nothing is mocked: it is a real (if
minimal) card implementation living in the tests until ``card.py`` grows the commands.
"""

from __future__ import annotations

import dataclasses
import functools
import os

from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from kiosk.core.errors import KioskError
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.chip_auth import CardAuthResponder, ChipAuthCardSide
from kiosk.devices.chip.sm import SecureMessaging, SecureMessagingTransport
from kiosk.simulated.card_files import CardFiles, build_card_files
from kiosk.simulated.samples import load_sample


@functools.lru_cache(maxsize=16)
def sample_files(name: str, signer: str | None = None) -> CardFiles:
    """A sample's card files, signed by its own signer or by ``signer``."""
    sample = load_sample(name)
    if signer is not None:
        scheme = sample.signature_scheme if signer.endswith("RSA") else "ecdsa"
        sample = dataclasses.replace(sample, signer=signer, signature_scheme=scheme)
    return build_card_files(sample)


class MiniChip:
    """A chip answering INTERNAL AUTHENTICATE, MSE / GENERAL AUTHENTICATE (chip
    authentication, through :class:`CardAuthResponder` exactly as the emulator will)
    and READ BINARY of EF.COM by SFI, inside secure messaging."""

    def __init__(
        self,
        session: SecureMessaging | None,
        aa_key: PrivateKeyTypes | None = None,
        chip_auth: ChipAuthCardSide | None = None,
        aa_hash: str = "sha1",
        efcom: bytes = bytes.fromhex("60055F0104303130"),
        aa_answer: bytes | None = None,
    ) -> None:
        self.session = session
        self.aa_key = aa_key
        self.chip_auth = chip_auth
        self.aa_hash = aa_hash
        self.efcom = efcom
        self.aa_answer = aa_answer
        self.responder = CardAuthResponder(aa_key, aa_hash, chip_auth)
        self.plain_commands: list[CommandApdu] = []
        self.sessions_started = 0

    @property
    def supports_extended(self) -> bool:
        """Short APDUs only."""
        return False

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        """Unwrap, answer, wrap with the session that received the command, then switch."""
        session = self.session
        if session is None:
            response, _ = self._dispatch(command)
            return response
        try:
            plain = session.unprotect_command(command)
        except KioskError:
            self.session = None
            return ResponseApdu.status(0x6988)
        response, new_session = self._dispatch(plain)
        wrapped = session.protect_response(response)
        if new_session is not None:
            self.session = new_session
            self.sessions_started += 1
        return wrapped

    def _dispatch(self, cmd: CommandApdu) -> tuple[ResponseApdu, SecureMessaging | None]:
        self.plain_commands.append(cmd)
        if cmd.ins == 0x88 and self.aa_answer is not None:
            return ResponseApdu.status(0x9000, self.aa_answer), None
        if self.responder.handles(cmd):
            return self.responder.answer(cmd)
        if cmd.ins == 0xB0 and cmd.p1 == 0x9E:
            return ResponseApdu.status(0x9000, self.efcom[cmd.p2:cmd.p2 + (cmd.le or 0)]), None
        return ResponseApdu.status(0x6D00), None


def session_pair(cipher: str = "3DES", key_bits: int = 128) -> tuple[SecureMessaging,
                                                                     SecureMessaging]:
    """Two ends of one secure-messaging session (random keys and SSC), as after BAC/PACE."""
    size = 16 if cipher == "3DES" else key_bits // 8
    ks_enc, ks_mac = os.urandom(size), os.urandom(size)
    block = 8 if cipher == "3DES" else 16
    ssc = os.urandom(block)
    return (SecureMessaging(ks_enc, ks_mac, ssc, cipher),
            SecureMessaging(ks_enc, ks_mac, ssc, cipher))


def connect(chip: MiniChip, reader_session: SecureMessaging) -> SecureMessagingTransport:
    """The reader's secure-messaging transport to ``chip``."""
    return SecureMessagingTransport(chip, reader_session)
