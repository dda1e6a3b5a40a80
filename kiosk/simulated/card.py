"""A virtual CCCD chip: an ICAO 9303 eMRTD (TD1) that answers APDUs like the real card.

The emulator keeps the state a real chip keeps — selected application and file, the BAC
handshake, the secure-messaging session — and answers with the status words documented
in ``docs/cccd.md``. It is plain, synchronous Python: :meth:`EmulatedCard.process` takes
one encoded command APDU and returns the encoded response. The vpcd bridge and the
loopback transport both sit on top of it.

Differences between card models (MF select answer, end-of-file status, answer to a too
large Le) are constructor options, so tests can reproduce each variant seen in the field.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.errors import AccessDeniedError, CardRemovedError, KioskError
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.bac import BacCardSide, BacKey
from kiosk.devices.chip.files import EMRTD_AID
from kiosk.devices.chip.sm import SecureMessaging, SmObjectMissingError
from kiosk.simulated.card_answers import (
    ATR,
    SW_AUTH_FAILED,
    SW_CLA,
    SW_CONDITIONS,
    SW_INS,
    SW_NOT_FOUND,
    SW_OFFSET,
    SW_OK,
    SW_SECURITY,
    SW_SM_INCORRECT,
    SW_SM_MISSING,
    SW_WRONG_DATA,
    SW_WRONG_LENGTH,
    SW_WRONG_P1P2,
    corrupt_mac,
    do53,
)
from kiosk.simulated.card_fs import CardFileSystem, EfEntry, file_key
from kiosk.simulated.card_protocols import ChipProtocols, ChipSecrets, Outcome, cloned

if TYPE_CHECKING:
    from kiosk.simulated.card_files import CardFiles

log = logging.getLogger(__name__)

class CardPulled(CardRemovedError):  # noqa: N818 - the name says what happened
    """The emulated card left the reader's field (fault ``pull_after``)."""


@dataclass
class Faults:
    """Faults to inject, counted in APDUs received (the first APDU is number 1).

    - ``pull_after``: the card answers APDUs 1..n, then leaves the field: APDU n+1 and
      every later one raise :class:`CardPulled` (0 = gone before the first answer).
    - ``bad_mac_at``: the MAC of the n-th APDU's (protected) response is corrupted.
    - ``corrupt_file`` / ``corrupt_offset``: one byte of that file (``"DG1"``, ``"DG13"``,
      ``"SOD"``, ``"COM"``…) is flipped after the SOD was signed.
    - ``truncate_file`` / ``truncate_length``: that file is served cut short (default:
      half its length).
    - ``wrong_key``: the chip is keyed with other MRZ data (and another CAN), so BAC and
      PACE are refused (6300).
    - ``cloned``: the chip lacks the private keys DG14/DG15 announce, as a copy would:
      active and chip authentication then fail.
    """

    pull_after: int | None = None
    bad_mac_at: int | None = None
    corrupt_file: str | None = None
    corrupt_offset: int = 0
    truncate_file: str | None = None
    truncate_length: int | None = None
    wrong_key: bool = False
    cloned: bool = False


def _other_key(key: BacKey) -> BacKey:
    expiry = "991231" if key.date_of_expiry != "991231" else "981231"
    return BacKey(key.document_number, key.date_of_birth, expiry)


class EmulatedCard:
    """A virtual CCCD chip answering command APDUs.

    Options: ``max_read`` is the largest READ BINARY Le accepted under secure messaging
    in a short APDU (231 is the most whose protected answer still fits 256 bytes);
    ``extended_length`` allows extended-length READ BINARY (else 6700); ``omit_do99``
    leaves the status object out of protected responses; ``mf_select_sw`` is the answer
    to SELECT 3F00 (6D00 like some real cards, or 9000); ``end_of_file_sw`` is the status
    of a read cut short by the end of the file (9000 or 6282), and ``bare_end_of_file``
    answers such a read with a bare 6282 and no data; ``wrong_le_hint`` answers
    a too large Le with 6Cxx instead of 6700. ``secrets`` holds the chip's private keys
    and CAN (needed for active/chip authentication and PACE with the CAN); PACE is
    offered when ``files.card_access`` lists it, unless ``pace_refused_sw`` makes MSE:Set
    AT fail with that status (as reported for some real cards).
    """

    def __init__(
        self,
        files: CardFiles,
        bac_key: BacKey,
        *,
        max_read: int = 231,
        extended_length: bool = False,
        omit_do99: bool = False,
        faults: Faults | None = None,
        rng: Callable[[int], bytes] = os.urandom,
        mf_select_sw: int = SW_INS,
        end_of_file_sw: int = SW_OK,
        bare_end_of_file: bool = False,
        wrong_le_hint: bool = False,
        max_extended_read: int = 65536,
        secrets: ChipSecrets | None = None,
        pace_refused_sw: int | None = None,
    ) -> None:
        if not 1 <= max_read <= 256:
            raise KioskError("max_read must be between 1 and 256 bytes.")
        self.faults = dataclasses.replace(faults) if faults else Faults()  # ours to change
        self.max_read = max_read
        self.max_extended_read = max_extended_read
        self.extended_length = extended_length
        self.omit_do99 = omit_do99
        self.mf_select_sw = mf_select_sw
        self.end_of_file_sw, self.bare_end_of_file = end_of_file_sw, bare_end_of_file
        self.wrong_le_hint = wrong_le_hint
        self.atr: bytes = ATR
        self.fs = CardFileSystem(files, self.faults)
        self._rng = rng
        self._bac_key = _other_key(bac_key) if self.faults.wrong_key else bac_key
        self._bac = BacCardSide(self._bac_key, rng)
        chip = secrets or ChipSecrets()
        if self.faults.cloned:
            chip = cloned(chip)
        if self.faults.wrong_key and chip.can:
            chip = ChipSecrets(chip.aa_key, chip.ca_key, "000000" if chip.can != "000000"
                               else "111111")
        self.protocols = ChipProtocols(self._bac_key, chip, files.card_access, files.dg14,
                                       rng, pace_refused_sw)
        self._next_sm: SecureMessaging | None = None
        self.commands_seen = 0
        self.pulled = False
        self.powered = True
        self._app_selected = False
        self._current: EfEntry | None = None
        self._sm: SecureMessaging | None = None

    # -- power and field ----------------------------------------------------------------

    def power_on(self) -> None:
        """Power the chip (it starts with nothing selected and no session)."""
        self.powered = True
        self.reset()

    def power_off(self) -> None:
        """Cut the field: all volatile state is lost."""
        self.powered = False
        self.reset()

    def reset(self) -> None:
        """Warm reset: drop the selection, the pending challenge and the SM session."""
        self._app_selected = False
        self._current = None
        self._sm = None
        self._next_sm = None
        self._bac = BacCardSide(self._bac_key, self._rng)
        self.protocols.reset()

    def reinsert(self) -> None:
        """Put a pulled card back on the reader (fault counters keep counting)."""
        self.pulled = False
        self.faults.pull_after = None
        self.power_on()

    @property
    def authenticated(self) -> bool:
        """Whether a secure-messaging session (after BAC or PACE) is active."""
        return self._sm is not None

    # -- APDU entry point ---------------------------------------------------------------

    def process(self, apdu: bytes) -> bytes:
        """Answer one encoded command APDU with an encoded response APDU."""
        self.commands_seen += 1
        number = self.commands_seen
        pull_after = self.faults.pull_after
        if self.pulled or (pull_after is not None and number > pull_after):
            self.pulled = True
            raise CardPulled("The card left the reader.", step=f"APDU {number}")
        response = self._answer(bytes(apdu))
        if self.faults.bad_mac_at == number:
            response = corrupt_mac(response)
        return response.to_bytes()

    def _answer(self, raw: bytes) -> ResponseApdu:
        try:
            cmd = CommandApdu.from_bytes(raw)
        except KioskError:
            return ResponseApdu.status(SW_WRONG_LENGTH)
        extended = len(raw) > 5 and raw[4] == 0
        if self._sm is None:
            if cmd.cla & 0x0C == 0x0C:
                return ResponseApdu.status(SW_SM_MISSING)  # no session to unwrap it with
            response = self._dispatch(cmd, extended)
            log.debug("INS %02X -> %04X (plain)", cmd.ins, response.sw)
            self._switch_session()
            return response
        sm = self._sm
        try:
            inner = sm.unprotect_command(cmd)
        except KioskError as exc:
            self._drop_session()
            sw = SW_SM_MISSING if isinstance(exc, SmObjectMissingError) else SW_SM_INCORRECT
            log.debug("INS %02X -> %04X (secure messaging refused)", cmd.ins, sw)
            return ResponseApdu.status(sw)
        response = self._dispatch(inner, extended)
        log.debug("INS %02X -> %04X (protected)", cmd.ins, response.sw)
        if self._sm is not sm:  # the command itself ended the session
            return response
        protected = sm.protect_response(response, include_status=not self.omit_do99)
        self._switch_session()  # chip authentication: answered under the old keys
        return protected

    def _switch_session(self) -> None:
        if self._next_sm is not None:
            self._sm, self._next_sm = self._next_sm, None

    def _drop_session(self) -> None:
        self._sm = None
        self._next_sm = None
        self._current = None
        self._bac = BacCardSide(self._bac_key, self._rng)
        self.protocols.reset()

    # -- commands -----------------------------------------------------------------------

    def _dispatch(self, cmd: CommandApdu, extended: bool) -> ResponseApdu:
        chaining_ok = cmd.ins == 0x86  # PACE chains GENERAL AUTHENTICATE (CLA 10)
        if cmd.cla & (0xE3 if chaining_ok else 0xF3) != 0x00:
            return ResponseApdu.status(SW_CLA)
        handlers: dict[int, Callable[[CommandApdu, bool], ResponseApdu]] = {
            0xA4: self._select,
            0xB0: self._read_binary,
            0xB1: self._read_binary_odd,
            0x84: self._get_challenge,
            0x82: self._external_authenticate,
            0x22: self._protocol(self.protocols.manage_security_environment),
            0x86: self._protocol(self.protocols.general_authenticate),
            0x88: self._protocol(self.protocols.internal_authenticate),
        }
        handler = handlers.get(cmd.ins)
        if handler is None:
            return ResponseApdu.status(SW_INS)
        return handler(cmd, extended)

    def _protocol(
        self, handler: Callable[[CommandApdu, bool], Outcome]
    ) -> Callable[[CommandApdu, bool], ResponseApdu]:
        def run(cmd: CommandApdu, extended: bool) -> ResponseApdu:
            del extended
            response, session = handler(cmd, self._sm is not None)
            self._next_sm = session
            return response

        return run

    def _select(self, cmd: CommandApdu, extended: bool) -> ResponseApdu:
        del extended
        if cmd.p1 == 0x04:
            if cmd.data != EMRTD_AID:
                return ResponseApdu.status(SW_NOT_FOUND)
            self._app_selected = True
            self._current = None
            if cmd.p2 & 0x0C == 0x0C:
                return ResponseApdu.status(SW_OK)
            fci = b"\x6F" + bytes((len(EMRTD_AID) + 2, 0x84, len(EMRTD_AID))) + EMRTD_AID
            return ResponseApdu.status(SW_OK, fci)
        if cmd.p1 in (0x00, 0x02):
            if len(cmd.data) != 2 and not (cmd.p1 == 0x00 and not cmd.data):
                return ResponseApdu.status(SW_WRONG_LENGTH)
            fid = int.from_bytes(cmd.data, "big") if cmd.data else 0x3F00
            if fid == 0x3F00:
                if self.mf_select_sw == SW_OK:
                    self._app_selected = False
                    self._current = None
                return ResponseApdu.status(self.mf_select_sw)
            entry = self.fs.by_fid(fid, self._app_selected)
            if entry is None:
                return ResponseApdu.status(SW_NOT_FOUND)
            self._current = entry
            if cmd.p2 & 0x0C == 0x0C:
                return ResponseApdu.status(SW_OK)
            return ResponseApdu.status(SW_OK, entry.fcp())
        return ResponseApdu.status(SW_WRONG_P1P2)

    def _check_le(self, le: int | None, extended: bool) -> ResponseApdu | None:
        """Refuse an Le the card cannot serve; None when it is fine."""
        if extended and not self.extended_length:
            return ResponseApdu.status(SW_WRONG_LENGTH)
        # max_read bounds a protected read (its wrapped answer must fit the card's I/O
        # buffer); a plain short read may ask for the full 256 bytes.
        short_limit = self.max_read if self._sm is not None else 256
        limit = self.max_extended_read if extended else short_limit
        if le is None or le > limit:
            if self.wrong_le_hint and not extended:
                return ResponseApdu.status(0x6C00 | (self.max_read % 256))
            return ResponseApdu.status(SW_WRONG_LENGTH)
        return None

    def _readable(self, entry: EfEntry) -> ResponseApdu | None:
        if entry.needs_eac or (entry.needs_bac and self._sm is None):
            return ResponseApdu.status(SW_SECURITY)
        return None

    def _read_binary(self, cmd: CommandApdu, extended: bool) -> ResponseApdu:
        if cmd.data:
            return ResponseApdu.status(SW_WRONG_LENGTH)
        if cmd.p1 & 0x80:
            if cmd.p1 & 0x60:
                return ResponseApdu.status(SW_WRONG_P1P2)
            entry = self.fs.by_sfi(cmd.p1 & 0x1F, self._app_selected)
            if entry is None:
                return ResponseApdu.status(SW_NOT_FOUND)
            self._current = entry
            offset = cmd.p2
        else:
            if self._current is None:
                return ResponseApdu.status(SW_CONDITIONS)  # no current EF
            entry = self._current
            offset = (cmd.p1 << 8) | cmd.p2
        return self._serve(entry, offset, cmd.le, extended, wrap=False)

    def _read_binary_odd(self, cmd: CommandApdu, extended: bool) -> ResponseApdu:
        fid = (cmd.p1 << 8) | cmd.p2
        if fid:
            found = self.fs.by_fid(fid, self._app_selected)
            if found is None:
                return ResponseApdu.status(SW_NOT_FOUND)
            self._current = found
        if self._current is None:
            return ResponseApdu.status(SW_CONDITIONS)
        data = cmd.data
        if len(data) < 3 or data[0] != 0x54 or data[1] != len(data) - 2 or data[1] > 4:
            return ResponseApdu.status(SW_WRONG_DATA)
        offset = int.from_bytes(data[2:], "big")
        return self._serve(self._current, offset, cmd.le, extended, wrap=True)

    def _serve(
        self, entry: EfEntry, offset: int, le: int | None, extended: bool, *, wrap: bool
    ) -> ResponseApdu:
        refused = self._readable(entry) or self._check_le(le, extended)
        if refused is not None:
            return refused
        assert le is not None  # _check_le refuses a missing Le
        content = entry.content
        if offset >= len(content):
            return ResponseApdu.status(SW_OFFSET)
        room = le
        if wrap:  # B1 answers inside DO53, whose header counts against Le
            room -= 2 if le - 2 < 0x80 else (3 if le - 3 < 0x100 else 4)
        chunk = content[offset : offset + max(room, 0)]
        sw = SW_OK if offset + room <= len(content) else self.end_of_file_sw
        if self.bare_end_of_file and sw != SW_OK:
            return ResponseApdu.status(0x6282)
        if wrap:
            chunk = do53(chunk)
        return ResponseApdu.status(sw, chunk)

    def _get_challenge(self, cmd: CommandApdu, extended: bool) -> ResponseApdu:
        del extended
        if cmd.le != 8 or cmd.data or cmd.p1 or cmd.p2:
            return ResponseApdu.status(SW_WRONG_LENGTH if cmd.le != 8 else SW_WRONG_P1P2)
        if self._sm is not None:
            return ResponseApdu.status(SW_CONDITIONS)
        return ResponseApdu.status(SW_OK, self._bac.get_challenge())

    def _external_authenticate(self, cmd: CommandApdu, extended: bool) -> ResponseApdu:
        del extended
        if self._sm is not None:
            return ResponseApdu.status(SW_CONDITIONS)
        try:
            answer, session = self._bac.external_authenticate(cmd.data)
        except AccessDeniedError:
            log.debug("BAC refused")
            return ResponseApdu.status(SW_AUTH_FAILED)
        self._sm = session
        self._current = None
        log.debug("BAC established")
        return ResponseApdu.status(SW_OK, answer)


__all__ = ["CardPulled", "ChipSecrets", "EmulatedCard", "Faults", "file_key"]
