"""The emulated chip's authentication protocols beyond BAC: PACE, chip and active auth.

Each handler takes the plain command (already unwrapped from secure messaging when a
session runs) and returns the plain response plus, when the protocol just established
one, the NEW secure-messaging session. The card protects the response with the session
in force when the command arrived, then switches — as ICAO 9303-11 requires for chip
authentication; PACE answers in the clear and starts secure messaging afterwards.

The cryptography is the reader's own card-side code (``kiosk.devices.chip.pace``,
``chip_auth``, ``active_auth``); this module only keeps the chip's state and maps
failures to the status words a real chip answers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from kiosk.core.errors import AccessDeniedError, KioskError
from kiosk.devices.chip.active_auth import sign_active_auth
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.bac import BacKey
from kiosk.devices.chip.chip_auth import ChipAuthCardSide
from kiosk.devices.chip.pace import PaceCardSide
from kiosk.devices.chip.pace_crypto import PacePassword, PasswordKind
from kiosk.devices.chip.pace_info import PaceInfo, choose_pace_info, parse_card_access
from kiosk.devices.chip.security_infos import chip_auth_protocol, parse_dg14
from kiosk.devices.chip.sm import SecureMessaging
from kiosk.devices.chip.tlv import find, parse_tlv

SW_OK = 0x9000
SW_AUTH_FAILED = 0x6300
SW_WRONG_LENGTH = 0x6700
SW_SECURITY = 0x6982
SW_CONDITIONS = 0x6985
SW_WRONG_DATA = 0x6A80
SW_WRONG_P1P2 = 0x6A86
SW_REF_NOT_FOUND = 0x6A88
SW_INS = 0x6D00

Outcome = tuple[ResponseApdu, SecureMessaging | None]


@dataclass
class ChipSecrets:
    """What only the chip knows: its private keys and the CAN printed on the card."""

    aa_key: PrivateKeyTypes | None = field(default=None, repr=False)
    ca_key: ec.EllipticCurvePrivateKey | None = field(default=None, repr=False)
    can: str | None = field(default=None, repr=False)


def cloned(secrets: ChipSecrets) -> ChipSecrets:
    """Secrets a cloned chip would have: the same CAN, but keys other than DG14/DG15's."""
    aa: PrivateKeyTypes | None = None
    if isinstance(secrets.aa_key, rsa.RSAPrivateKey):
        aa = rsa.generate_private_key(65537, secrets.aa_key.key_size)
    elif isinstance(secrets.aa_key, ec.EllipticCurvePrivateKey):
        aa = ec.generate_private_key(secrets.aa_key.curve)
    ca = None if secrets.ca_key is None else ec.generate_private_key(secrets.ca_key.curve)
    return ChipSecrets(aa, ca, secrets.can)


def _status(sw: int, data: bytes = b"") -> Outcome:
    return ResponseApdu.status(sw, data), None


class ChipProtocols:
    """PACE (MSE:Set AT C1A4 + GENERAL AUTHENTICATE), chip auth (41A4/41A6 + 86), AA (88).

    ``pace_refused_sw`` makes MSE:Set AT for PACE answer that status word (6982 was
    reported on real cards whose EF.CardAccess offers PACE; readers then use BAC).
    """

    def __init__(
        self,
        bac_key: BacKey,
        secrets: ChipSecrets,
        card_access: bytes | None,
        dg14: bytes | None,
        rng: Callable[[int], bytes] = os.urandom,
        pace_refused_sw: int | None = None,
    ) -> None:
        self.secrets = secrets
        self._bac_key = bac_key
        self._rng = rng
        self.pace_refused_sw = pace_refused_sw
        self.pace_info: PaceInfo | None = (
            choose_pace_info(parse_card_access(card_access)) if card_access else None
        )
        self._pace: PaceCardSide | None = None
        self._ca: ChipAuthCardSide | None = None
        if dg14 is not None and secrets.ca_key is not None:
            infos = parse_dg14(dg14)
            protocol = infos.chip_auth[0].protocol if infos.chip_auth else None
            if protocol is None:
                protocol = chip_auth_protocol("0.4.0.127.0.7.2.2.3.2.1")  # ECDH-3DES default
            if protocol is not None:
                self._ca = ChipAuthCardSide(secrets.ca_key, protocol)

    def reset(self) -> None:
        """Forget any protocol in progress (reset, power cycle, SM session dropped)."""
        self._pace = None
        if self._ca is not None:
            self._ca = ChipAuthCardSide(self._ca.private_key, self._ca.protocol, self._ca.key_id)

    # -- MSE ------------------------------------------------------------------------------

    def manage_security_environment(self, cmd: CommandApdu, secured: bool) -> Outcome:
        """MSE:Set AT for PACE (C1 A4) or chip authentication (41 A4), MSE:Set KAT (41 A6)."""
        target = (cmd.p1, cmd.p2)
        if target == (0xC1, 0xA4):
            return self._pace_set_at(cmd.data, secured)
        if target in ((0x41, 0xA4), (0x41, 0xA6)):
            if not secured:
                return _status(SW_SECURITY)
            if self._ca is None:
                return _status(SW_WRONG_DATA)
            try:
                if target == (0x41, 0xA4):
                    self._ca.mse_set_at(cmd.data)
                    return _status(SW_OK)
                data, session = self._ca.mse_set_kat(cmd.data)
            except KioskError:
                return _status(SW_WRONG_DATA)
            return ResponseApdu.status(SW_OK, data), session
        return _status(SW_WRONG_P1P2)

    def _pace_set_at(self, data: bytes, secured: bool) -> Outcome:
        self._pace = None
        if secured:
            return _status(SW_CONDITIONS)
        if self.pace_info is None:
            return _status(SW_WRONG_DATA)
        if self.pace_refused_sw is not None:
            return _status(self.pace_refused_sw)
        try:
            ref = find(parse_tlv(data), 0x83)
            kind = ref.value[0] if ref is not None and len(ref.value) == 1 else None
            if kind == PasswordKind.MRZ:
                password = PacePassword.from_mrz(self._bac_key)
            elif kind == PasswordKind.CAN and self.secrets.can:
                password = PacePassword.from_can(self.secrets.can)
            else:
                return _status(SW_REF_NOT_FOUND)
            side = PaceCardSide(password, self.pace_info, self._rng)
            side.mse_set_at(data)
        except KioskError:
            return _status(SW_WRONG_DATA)
        self._pace = side
        return _status(SW_OK)

    # -- GENERAL AUTHENTICATE -------------------------------------------------------------

    def general_authenticate(self, cmd: CommandApdu, secured: bool) -> Outcome:
        """One PACE step (no session yet) or the chip-authentication key agreement."""
        if secured:
            if self._ca is None:
                return _status(SW_CONDITIONS)
            try:
                data, session = self._ca.general_authenticate(cmd.data)
            except KioskError:
                return _status(SW_WRONG_DATA)
            return ResponseApdu.status(SW_OK, data), session
        pace = self._pace
        if pace is None:
            return _status(SW_CONDITIONS)
        try:
            data = pace.general_authenticate(cmd.data)
        except AccessDeniedError:
            self._pace = None
            return _status(SW_AUTH_FAILED)
        except KioskError:
            self._pace = None
            return _status(SW_WRONG_DATA)
        if pace.session is not None:
            self._pace = None
            return ResponseApdu.status(SW_OK, data), pace.session
        return ResponseApdu.status(SW_OK, data), None

    # -- INTERNAL AUTHENTICATE ------------------------------------------------------------

    def internal_authenticate(self, cmd: CommandApdu, secured: bool) -> Outcome:
        """Active authentication: sign the reader's 8-byte challenge with the DG15 key."""
        key = self.secrets.aa_key
        if key is None:
            return _status(SW_INS)
        if not secured:
            return _status(SW_SECURITY)
        if len(cmd.data) != 8:
            return _status(SW_WRONG_LENGTH)
        hash_name = "sha256" if isinstance(key, ec.EllipticCurvePrivateKey) else "sha1"
        try:
            signature = sign_active_auth(key, cmd.data, hash_name, self._rng)
        except KioskError:
            return _status(SW_CONDITIONS)
        return ResponseApdu.status(SW_OK, signature), None
