"""Test transports: a scripted one replaying recorded card answers, and a minimal chip.

The minimal chip runs the real card-side code (BacCardSide, SecureMessaging card side)
behind a handful of files; it stands in for the project's card emulator in these tests.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.core.errors import AccessDeniedError, SecureMessagingError
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.bac import BacCardSide
from kiosk.devices.chip.sm import SecureMessaging


class ScriptedTransport:
    """Answers each command with the next recorded response; records what was sent."""

    supports_extended = False

    def __init__(self, responses: list[bytes]) -> None:
        self.responses = list(responses)
        self.sent: list[bytes] = []

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        self.sent.append(command.to_bytes())
        return ResponseApdu.from_bytes(self.responses.pop(0))


class MiniChip:
    """GET CHALLENGE, EXTERNAL AUTHENTICATE, then SELECT / READ BINARY under 3DES SM."""

    supports_extended = True

    def __init__(
        self,
        bac: BacCardSide,
        files: dict[int, bytes],
        tamper: Callable[[ResponseApdu], ResponseApdu] | None = None,
    ) -> None:
        self.bac = bac
        self.files = files
        self.sm: SecureMessaging | None = None
        self.selected: bytes | None = None
        self.tamper = tamper
        self.seen_plain: list[CommandApdu] = []

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        if self.sm is None:
            return self._plain(command)
        try:
            plain = self.sm.unprotect_command(command)
        except SecureMessagingError:
            self.sm = None  # a real chip ends the session on an SM error
            return ResponseApdu.status(0x6988)
        self.seen_plain.append(plain)
        response = self.sm.protect_response(self._execute(plain))
        return self.tamper(response) if self.tamper else response

    def _plain(self, command: CommandApdu) -> ResponseApdu:
        if command.ins == 0x84:
            return ResponseApdu.status(0x9000, self.bac.get_challenge())
        if command.ins == 0x82:
            try:
                answer, self.sm = self.bac.external_authenticate(command.data)
            except AccessDeniedError:
                return ResponseApdu.status(0x6300)
            return ResponseApdu.status(0x9000, answer)
        return ResponseApdu.status(0x6982)

    def _execute(self, plain: CommandApdu) -> ResponseApdu:
        if plain.ins == 0xA4:
            fid = int.from_bytes(plain.data, "big")
            if fid not in self.files:
                return ResponseApdu.status(0x6A82)
            self.selected = self.files[fid]
            return ResponseApdu.status(0x9000)
        if plain.ins == 0xB0 and self.selected is not None:
            offset = (plain.p1 << 8) | plain.p2
            chunk = self.selected[offset : offset + (plain.le or 0)]
            return ResponseApdu.status(0x9000 if chunk else 0x6B00, chunk)
        if plain.ins == 0xB1 and self.selected is not None:
            # Offset in DO54 (54 01..03 offset); answer data wrapped in DO53.
            offset = int.from_bytes(plain.data[2:], "big")
            chunk = self.selected[offset : offset + 8]
            return ResponseApdu.status(0x9000, bytes((0x53, len(chunk))) + chunk)
        return ResponseApdu.status(0x6D00)
