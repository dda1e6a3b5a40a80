"""Chip authentication (ICAO 9303-11 §6.2) with ECDH: the chip proves it holds the DG14
private key by continuing secure messaging under keys only that key can derive.

Reader side, inside the running BAC/PACE secure messaging:

- 3DES (id-CA-ECDH-3DES-CBC-CBC, also the default when DG14 has no
  ChipAuthenticationInfo): MSE:Set KAT ``0C 22 41 A6`` with ``91 <ephemeral point>``
  (and ``84 <key ID>`` when DG14 gives one);
- AES (id-CA-ECDH-AES-CBC-CMAC-128/192/256): MSE:Set AT ``0C 22 41 A4`` with
  ``80 <protocol OID>`` (``84 <key ID>``), then GENERAL AUTHENTICATE ``0C 86 00 00``
  with ``7C { 80 <ephemeral point> }``; the chip answers ``7C 00``.

The card answers both under the old keys. Then K = x-coordinate of ECDH(ephemeral,
chip key), KS_enc = KDF(K, 1), KS_mac = KDF(K, 2), and secure messaging restarts with
SSC = 0. A READ BINARY of one byte of EF.COM under the new keys confirms the chip
derived them too: only then is the result ``verified``. When active authentication
follows, its INTERNAL AUTHENTICATE is the confirmation instead (one APDU fewer); the
read runs only when that answer did not pass secure messaging with 9000.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from kiosk.core.errors import CardError, KioskError, ParseError, SecureMessagingError
from kiosk.devices.chip.active_auth import sign_active_auth
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.authenticity import AuthStatus
from kiosk.devices.chip.crypto import KDF_ENC, KDF_MAC, kdf
from kiosk.devices.chip.ecc_point import InvalidPointError
from kiosk.devices.chip.pace_info import decode_oid, encode_oid
from kiosk.devices.chip.security_infos import (
    DEFAULT_CA_DH,
    DEFAULT_CA_ECDH,
    ChipAuthenticationPublicKeyInfo,
    ChipAuthProtocol,
    chip_auth_protocol,
    load_public_key,
    parse_dg14,
)
from kiosk.devices.chip.sm import SecureMessaging, SecureMessagingTransport
from kiosk.devices.chip.tlv import encode_tlv, expect_single, find, parse_tlv

log = logging.getLogger(__name__)

#: EF.COM read by short file identifier (1E): the confirmation under the new keys.
CONFIRM_COMMAND = CommandApdu(0x00, 0xB0, 0x80 | 0x1E, 0x00, b"", 1)
#: For cards that refuse reads by short file identifier: SELECT EF.COM by its FID.
CONFIRM_BY_SELECT = CommandApdu(0x00, 0xA4, 0x02, 0x0C, bytes.fromhex("011E"))
#: Status words meaning "no SFI reads here", not "wrong keys".
_NO_SFI = frozenset({0x6A81, 0x6A86, 0x6B00, 0x6D00, 0x6E00, 0x6986})


class ChipAuthError(CardError):
    """A chip authentication command is malformed or out of order (card side)."""


@dataclass(frozen=True)
class ChipAuthResult:
    """Chip authentication outcome: status, reason, findings and the protocol used."""

    status: AuthStatus
    reason: str
    details: list[str] = field(default_factory=list)
    protocol: str | None = None


def _key_id_bytes(key_id: int) -> bytes:
    return key_id.to_bytes(max(1, (key_id.bit_length() + 7) // 8), "big")


def _choose(dg14: bytes) -> tuple[ChipAuthProtocol, ChipAuthenticationPublicKeyInfo]:
    """The first ECDH protocol of DG14 with its key; KioskError when there is none."""
    infos = parse_dg14(dg14)
    if not infos.chip_auth_keys:
        raise _NotSupportedError("DG14 offers no chip authentication public key.")
    pairs: list[tuple[ChipAuthProtocol, ChipAuthenticationPublicKeyInfo]] = []
    if infos.chip_auth:
        for info in infos.chip_auth:
            for key in infos.chip_auth_keys:
                same_id = info.key_id is None or key.key_id is None or info.key_id == key.key_id
                if same_id and key.agreement == info.protocol.agreement:
                    pairs.append((info.protocol, key))
    else:
        for key in infos.chip_auth_keys:
            pairs.append((DEFAULT_CA_ECDH if key.agreement == "ECDH" else DEFAULT_CA_DH, key))
    for protocol, key in pairs:
        if protocol.agreement == "ECDH":
            return protocol, key
    raise _NotSupportedError("DG14 offers only DH chip authentication, which is not supported.")


class _NotSupportedError(KioskError):
    """The card offers no chip authentication the kiosk implements."""


def _session(secret: bytes, protocol: ChipAuthProtocol) -> SecureMessaging:
    ks_enc = kdf(secret, KDF_ENC, protocol.cipher, protocol.key_bits)
    ks_mac = kdf(secret, KDF_MAC, protocol.cipher, protocol.key_bits)
    return SecureMessaging(ks_enc, ks_mac, 0, protocol.cipher)


def ca_commands(protocol: ChipAuthProtocol, point: bytes, key_id: int | None) -> list[CommandApdu]:
    """The plain commands of chip authentication (before secure messaging wraps them)."""
    key_ref = encode_tlv(0x84, _key_id_bytes(key_id)) if key_id is not None else b""
    if protocol.cipher == "3DES":
        return [CommandApdu(0x00, 0x22, 0x41, 0xA6, encode_tlv(0x91, point) + key_ref)]
    set_at = CommandApdu(0x00, 0x22, 0x41, 0xA4, encode_tlv(0x80, encode_oid(protocol.oid))
                         + key_ref)
    general = CommandApdu(0x00, 0x86, 0x00, 0x00, encode_tlv(0x7C, encode_tlv(0x80, point)), 256)
    return [set_at, general]


def perform_chip_auth(
    transport: SecureMessagingTransport, dg14: bytes, *, confirm: bool = True
) -> tuple[SecureMessagingTransport, ChipAuthResult]:
    """Run chip authentication; return the transport to use next and the result.

    ``confirm=False`` leaves out the confirming read under the new keys: the caller's
    next command confirms them (a 9000 answer only passes secure messaging when its
    MAC verifies), and when it does not, the caller runs :func:`confirm_chip_auth`.

    On success the returned transport speaks secure messaging with the new keys. When
    the card does not offer ECDH chip authentication, or a step fails before the keys
    change, the original transport is returned with a ``not_supported`` / ``failed``
    result. When the chip does not continue under the new keys (a cloned chip), the
    result is ``failed`` and the returned transport is the new one, which the chip
    cannot use: the session is over and the card must be read again.
    """
    try:
        protocol, key_info = _choose(dg14)
        chip_key = load_public_key(key_info.spki, "DG14 chip authentication key")
    except _NotSupportedError as exc:
        return transport, ChipAuthResult(AuthStatus.NOT_SUPPORTED, str(exc), [str(exc)])
    except KioskError as exc:
        return transport, ChipAuthResult(AuthStatus.FAILED, str(exc), [str(exc)])
    if not isinstance(chip_key, ec.EllipticCurvePublicKey):
        reason = "The DG14 chip authentication key is not an EC key."
        return transport, ChipAuthResult(AuthStatus.FAILED, reason, [reason])
    ephemeral = ec.generate_private_key(chip_key.curve)
    point = ephemeral.public_key().public_bytes(serialization.Encoding.X962,
                                                serialization.PublicFormat.UncompressedPoint)
    for command in ca_commands(protocol, point, key_info.key_id):
        try:
            response = transport.transmit(command)
        except SecureMessagingError as exc:
            reason = f"The chip's answer to chip authentication failed secure messaging ({exc})"
            return transport, ChipAuthResult(AuthStatus.FAILED, reason, [reason], protocol.name)
        if not response.ok:
            reason = f"The chip refused chip authentication ({response.sw:04X})."
            log.info("chip authentication refused (SW %04X)", response.sw)
            return transport, ChipAuthResult(AuthStatus.FAILED, reason, [reason], protocol.name)
    new = SecureMessagingTransport(transport.inner,
                                   _session(ephemeral.exchange(ec.ECDH(), chip_key), protocol))
    if not confirm:
        log.info("chip authentication keys set; the next command confirms them")
        message = (f"Chip proved it holds the DG14 key ({protocol.name}); secure messaging "
                   "restarted.")
        return new, ChipAuthResult(AuthStatus.VERIFIED, message, [message], protocol.name)
    return confirm_chip_auth(new, protocol.name)


def _verified(protocol: str) -> ChipAuthResult:
    message = f"Chip proved it holds the DG14 key ({protocol}); secure messaging restarted."
    log.info("chip authentication verified (%s)", protocol)
    return ChipAuthResult(AuthStatus.VERIFIED, message, [message], protocol)


def confirm_chip_auth(new: SecureMessagingTransport, protocol: str | None
                      ) -> tuple[SecureMessagingTransport, ChipAuthResult]:
    """Confirm the chip continues secure messaging under the new keys (one APDU)."""
    try:
        confirmation = new.transmit(CONFIRM_COMMAND)
        if confirmation.sw in _NO_SFI:
            # A genuine card without SFI reads: confirm with a SELECT instead (a 9000
            # answer only passes secure messaging when its MAC verifies).
            confirmation = new.transmit(CONFIRM_BY_SELECT)
    except SecureMessagingError:  # the answer does not verify under the new keys
        confirmation = None
    if confirmation is None or not confirmation.ok:
        reason = ("The chip did not continue secure messaging with the chip authentication "
                  "keys (cloned chip or wrong key).")
        log.info("chip authentication failed")
        return new, ChipAuthResult(AuthStatus.FAILED, reason, [reason], protocol)
    return new, _verified(protocol or "")


def card_chip_auth(
    private_key: ec.EllipticCurvePrivateKey,
    ephemeral_public_point: bytes,
    cipher: str,
    key_bits: int,
) -> SecureMessaging:
    """Card side: the new secure-messaging session from the reader's ephemeral point.

    Raises InvalidPointError when the point is not on the chip key's curve.
    """
    try:
        reader_key = ec.EllipticCurvePublicKey.from_encoded_point(private_key.curve,
                                                                  ephemeral_public_point)
    except ValueError:
        raise InvalidPointError("The reader's ephemeral key is not a point of the chip's "
                                "curve.") from None
    protocol = ChipAuthProtocol("", "ECDH", cipher, key_bits)
    return _session(private_key.exchange(ec.ECDH(), reader_key), protocol)


class ChipAuthCardSide:
    """The chip's half of chip authentication, for the card emulator.

    ``protocol`` is the id-CA protocol the card's DG14 announces. Feed it the plain data
    of MSE:Set KAT (:meth:`mse_set_kat`), or of MSE:Set AT then GENERAL AUTHENTICATE
    (:meth:`mse_set_at`, :meth:`general_authenticate`). The methods that finish the
    protocol return ``(response data, new session)``: the card must protect that
    response with the OLD session, then switch to the new one (SSC 0).
    """

    def __init__(self, private_key: ec.EllipticCurvePrivateKey, protocol: ChipAuthProtocol,
                 key_id: int | None = None) -> None:
        self.private_key = private_key
        self.protocol = protocol
        self.key_id = key_id
        self._armed = False

    @property
    def armed(self) -> bool:
        """True between MSE:Set AT and the GENERAL AUTHENTICATE that completes it."""
        return self._armed

    def _check_key_id(self, data: bytes) -> None:
        ref = find(parse_tlv(data), 0x84)
        if ref is not None and (self.key_id is None
                                or int.from_bytes(ref.value, "big") != self.key_id):
            raise ChipAuthError("The requested chip authentication key does not exist.")

    def mse_set_kat(self, data: bytes) -> tuple[bytes, SecureMessaging]:
        """Answer MSE:Set KAT (3DES): returns (b"", new session)."""
        if self.protocol.cipher != "3DES":
            raise ChipAuthError("This chip uses MSE:Set AT for chip authentication.")
        point = find(parse_tlv(data), 0x91)
        if point is None:
            raise ParseError("MSE:Set KAT lacks the ephemeral public key (91).")
        self._check_key_id(data)
        return b"", card_chip_auth(self.private_key, point.value, "3DES", 128)

    def mse_set_at(self, data: bytes) -> None:
        """Accept MSE:Set AT for chip authentication (AES); GENERAL AUTHENTICATE follows."""
        self._armed = False
        oid = find(parse_tlv(data), 0x80)
        if oid is None or chip_auth_protocol(decode_oid(oid.value)) != self.protocol:
            raise ChipAuthError("The requested chip authentication protocol is not offered.")
        self._check_key_id(data)
        self._armed = True

    def general_authenticate(self, data: bytes) -> tuple[bytes, SecureMessaging]:
        """Answer GENERAL AUTHENTICATE: returns (``7C 00``, new session)."""
        if not self._armed:
            raise ChipAuthError("GENERAL AUTHENTICATE came without MSE:Set AT.")
        self._armed = False
        point = find(expect_single(data, 0x7C, "GENERAL AUTHENTICATE data").children(), 0x80)
        if point is None:
            raise ParseError("GENERAL AUTHENTICATE lacks the ephemeral public key (80).")
        session = card_chip_auth(self.private_key, point.value, self.protocol.cipher,
                                 self.protocol.key_bits)
        return encode_tlv(0x7C, b""), session


class CardAuthResponder:
    """What a card emulator needs for active and chip authentication, in one place.

    Give it the chip's AA key (DG15) and hash, and a :class:`ChipAuthCardSide` for the
    DG14 key. :meth:`handles` says whether a plain (already unwrapped) command is
    INTERNAL AUTHENTICATE or a chip-authentication step; :meth:`answer` returns the
    plain response and, when chip authentication completes, the new session. The
    emulator protects the response with the session that received the command, then
    switches to the new one. PACE's MSE:Set AT (P1 C1) and its GENERAL AUTHENTICATEs
    are not claimed: GENERAL AUTHENTICATE is claimed only after MSE:Set AT 41 A4.
    """

    def __init__(
        self,
        aa_key: PrivateKeyTypes | None = None,
        aa_hash: str = "sha1",
        chip_auth: ChipAuthCardSide | None = None,
        rng: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self.aa_key = aa_key
        self.aa_hash = aa_hash
        self.chip_auth = chip_auth
        self._rng = rng

    def handles(self, cmd: CommandApdu) -> bool:
        """True for INTERNAL AUTHENTICATE (with an AA key) and chip-authentication steps."""
        if cmd.ins == 0x88:
            return self.aa_key is not None
        if self.chip_auth is None:
            return False
        if cmd.ins == 0x22:
            return cmd.p1 == 0x41 and cmd.p2 in (0xA4, 0xA6)
        return cmd.ins == 0x86 and self.chip_auth.armed

    def answer(self, cmd: CommandApdu) -> tuple[ResponseApdu, SecureMessaging | None]:
        """The plain response (9000, 6A80 for bad data, 6985 out of order) and new session."""
        try:
            if cmd.ins == 0x88 and self.aa_key is not None:
                if len(cmd.data) != 8:
                    return ResponseApdu.status(0x6700), None
                signature = sign_active_auth(self.aa_key, cmd.data, self.aa_hash, self._rng)
                return ResponseApdu.status(0x9000, signature), None
            side = self.chip_auth
            if side is not None and cmd.ins == 0x22 and cmd.p2 == 0xA6:
                _, session = side.mse_set_kat(cmd.data)
                return ResponseApdu.status(0x9000), session
            if side is not None and cmd.ins == 0x22 and cmd.p2 == 0xA4:
                side.mse_set_at(cmd.data)
                return ResponseApdu.status(0x9000), None
            if side is not None and cmd.ins == 0x86:
                data, session = side.general_authenticate(cmd.data)
                return ResponseApdu.status(0x9000, data), session
        except ChipAuthError:
            return ResponseApdu.status(0x6985), None
        except KioskError:
            return ResponseApdu.status(0x6A80), None
        return ResponseApdu.status(0x6D00), None
