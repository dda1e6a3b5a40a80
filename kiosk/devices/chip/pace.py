"""PACE with ECDH generic mapping (ICAO 9303-11 §4.4): reader side and card side.

Exchange: MSE:Set AT (OID, password reference, optional domain parameter ID), then
four chained GENERAL AUTHENTICATE commands carrying the dynamic authentication data
7C { 80 nonce | 81/82 mapping keys | 83/84 ephemeral keys | 85/86 tokens }.
Supported: standardized domain parameters 8-18 (NIST and Brainpool curves), 3DES and
AES-128/192/256, MRZ and CAN passwords.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Callable

from kiosk.core.errors import AccessDeniedError, CardError, ParseError, SecureMessagingError
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu, Transport, status_error
from kiosk.devices.chip.crypto import UnsupportedAlgorithmError
from kiosk.devices.chip.ecc_curves import CURVES
from kiosk.devices.chip.ecc_point import Curve
from kiosk.devices.chip.pace_crypto import (
    PacePassword,
    PasswordKind,
    auth_token,
    block_size,
    decrypt_nonce,
    encrypt_nonce,
    map_generator,
    random_scalar,
    secure_messaging,
    session_keys,
    shared_secret,
)
from kiosk.devices.chip.pace_info import PaceAlgorithm, PaceInfo, decode_oid, encode_oid
from kiosk.devices.chip.sm import SecureMessaging, SecureMessagingTransport
from kiosk.devices.chip.tlv import Tlv, encode_tlv, expect_single, find, parse_tlv

log = logging.getLogger(__name__)

REFUSED_MESSAGE = "The card refused the access key (check the card access number or MRZ data)."


class PaceSetupError(CardError):
    """MSE:Set AT or GENERAL AUTHENTICATE came with parameters or at a time that do not fit."""


def _suite(info: PaceInfo) -> tuple[PaceAlgorithm, Curve]:
    """The algorithm and curve of a PACEInfo the kiosk supports."""
    if not info.supported or info.parameter_id is None:
        raise UnsupportedAlgorithmError(
            f"PACE {info.algorithm.name} with domain parameters {info.parameter_id} is not"
            " supported."
        )
    return info.algorithm, CURVES[info.parameter_id]


def mse_set_at(
    info: PaceInfo, kind: PasswordKind, include_parameter_id: bool = True
) -> CommandApdu:
    """MSE:Set AT for PACE: 80 OID, 83 password reference, 84 parameter ID if asked."""
    data = encode_tlv(0x80, encode_oid(info.oid)) + encode_tlv(0x83, bytes((kind,)))
    if include_parameter_id and info.parameter_id is not None:
        data += encode_tlv(0x84, bytes((info.parameter_id,)))
    return CommandApdu(0x00, 0x22, 0xC1, 0xA4, data)


def _general_authenticate(tag: int | None, value: bytes, last: bool) -> CommandApdu:
    inner = b"" if tag is None else encode_tlv(tag, value)
    return CommandApdu(0x00 if last else 0x10, 0x86, 0x00, 0x00, encode_tlv(0x7C, inner), 256)


def _answer(response: ResponseApdu, tag: int, last: bool = False) -> bytes:
    """The value of ``tag`` inside the card's 7C answer; raises on refusal or bad data."""
    if last and (response.sw1 == 0x63 or response.sw == 0x6982):
        log.info("PACE refused by the card (SW %04X)", response.sw)
        raise AccessDeniedError(REFUSED_MESSAGE)
    if not response.ok:
        raise status_error(response.sw)
    found = find(expect_single(response.data, 0x7C, "PACE answer").children(), tag)
    if found is None:
        raise ParseError(f"The card's PACE answer lacks data object {tag:02X}.")
    return found.value


def perform_pace(
    transport: Transport,
    password: PacePassword,
    info: PaceInfo,
    include_parameter_id: bool = True,
    rng: Callable[[int], bytes] = os.urandom,
) -> SecureMessagingTransport:
    """Run PACE over ``transport`` and return a transport speaking secure messaging.

    ``include_parameter_id`` adds tag 84 to MSE:Set AT (needed when EF.CardAccess lists
    several parameter sets); if the card refuses that form, the bare form is tried once.
    ``rng`` gives the two private keys (tests fix them).
    Raises AccessDeniedError when the card refuses the password, SecureMessagingError
    when its token does not verify, UnsupportedAlgorithmError for suites the kiosk
    lacks, and the named status-word error when a step is refused otherwise.
    """
    algorithm, curve = _suite(info)
    k_pi = password.password_key(algorithm)

    answer = transport.transmit(mse_set_at(info, password.kind, include_parameter_id))
    if not answer.ok and include_parameter_id and info.parameter_id is not None:
        # Tag 84 is only required when the card offers several parameter sets; a card
        # that rejects it gets the bare form of the ICAO example.
        log.info("MSE:Set AT with a parameter ID refused (SW %04X); retrying without", answer.sw)
        answer = transport.transmit(mse_set_at(info, password.kind, False))
    answer.check()

    z = _answer(transport.transmit(_general_authenticate(None, b"", False)), 0x80)
    nonce = decrypt_nonce(algorithm, k_pi, z)

    sk_map = random_scalar(curve, rng)
    pk_map = curve.encode(curve.multiply(sk_map, curve.generator))
    answer = transport.transmit(_general_authenticate(0x81, pk_map, False))
    pk_map_card = curve.decode(_answer(answer, 0x82))
    generator = map_generator(curve, nonce, curve.multiply(sk_map, pk_map_card))

    sk_dh = random_scalar(curve, rng)
    pk_dh = curve.encode(curve.multiply(sk_dh, generator))
    answer = transport.transmit(_general_authenticate(0x83, pk_dh, False))
    pk_dh_card_bytes = _answer(answer, 0x84)
    pk_dh_card = curve.decode(pk_dh_card_bytes)
    if pk_dh_card_bytes == pk_dh:
        raise SecureMessagingError("The card echoed the kiosk's ephemeral public key.")
    ks_enc, ks_mac = session_keys(algorithm, shared_secret(curve, sk_dh, pk_dh_card))

    token = auth_token(algorithm, ks_mac, pk_dh_card_bytes)
    answer = transport.transmit(_general_authenticate(0x85, token, True))
    card_token = _answer(answer, 0x86, last=True)
    if not hmac.compare_digest(card_token, auth_token(algorithm, ks_mac, pk_dh)):
        raise SecureMessagingError("The card's PACE authentication token does not verify.")
    log.info("PACE established (%s, parameters %s)", algorithm.name, info.parameter_id)
    return SecureMessagingTransport(transport, secure_messaging(algorithm, ks_enc, ks_mac))


class PaceCardSide:
    """The chip's half of PACE-ECDH-GM, for the card emulator.

    Call :meth:`mse_set_at` with the MSE:Set AT data, then :meth:`general_authenticate`
    with each GENERAL AUTHENTICATE data field; it returns the response data. After the
    fourth step :attr:`session` holds the card-side secure-messaging session. ``rng``
    supplies the nonce and the card's two private keys.
    """

    def __init__(
        self, password: PacePassword, info: PaceInfo, rng: Callable[[int], bytes] = os.urandom
    ) -> None:
        self.algorithm, self.curve = _suite(info)
        self.info = info
        self.password = password
        self._rng = rng
        self._step = -1  # -1: no MSE:Set AT yet
        self.session: SecureMessaging | None = None
        self._nonce = b""
        self._sk_map = 0
        self._generator: tuple[int, int] = self.curve.generator
        self._pk_dh = b""
        self._pk_dh_reader = b""
        self._ks: tuple[bytes, bytes] = (b"", b"")

    def mse_set_at(self, data: bytes) -> None:
        """Check MSE:Set AT data against what this card offers and start over.

        Raises PaceSetupError when the OID, password reference or parameter ID differ,
        ParseError when the data is malformed.
        """
        objects = parse_tlv(data)
        oid, ref, param = (find(objects, tag) for tag in (0x80, 0x83, 0x84))
        if oid is None or decode_oid(oid.value) != self.info.oid:
            raise PaceSetupError("The requested PACE protocol is not offered by this card.")
        if ref is None or ref.value != bytes((self.password.kind,)):
            raise PaceSetupError("The requested PACE password is not available on this card.")
        if param is not None and param.value != bytes((self.info.parameter_id or 0,)):
            raise PaceSetupError("The requested PACE domain parameters are not offered.")
        self.session = None
        self._step = 0

    def general_authenticate(self, data: bytes) -> bytes:
        """Answer one GENERAL AUTHENTICATE step; return the response data (7C ...).

        Raises AccessDeniedError when the reader's token is wrong (a card answers 6300),
        PaceSetupError when called out of order, ParseError or InvalidPointError on bad
        data. Any failure ends the attempt: MSE:Set AT must come again.
        """
        step, self._step = self._step, -1
        if step < 0:
            raise PaceSetupError("GENERAL AUTHENTICATE came without a PACE set-up.")
        inner = expect_single(data, 0x7C, "GENERAL AUTHENTICATE data").children()
        answer = (self._nonce_step, self._map_step, self._agree_step, self._token_step)[step](inner)
        self._step = step + 1 if step < 3 else -1
        return encode_tlv(0x7C, answer)

    def _value(self, inner: list[Tlv], tag: int) -> bytes:
        found = find(inner, tag)
        if found is None:
            raise ParseError(f"GENERAL AUTHENTICATE lacks data object {tag:02X}.")
        return found.value

    def _nonce_step(self, inner: list[Tlv]) -> bytes:
        if inner:
            raise ParseError("The first GENERAL AUTHENTICATE must carry no data object.")
        self._nonce = self._rng(block_size(self.algorithm))
        z = encrypt_nonce(self.algorithm, self.password.password_key(self.algorithm), self._nonce)
        return encode_tlv(0x80, z)

    def _map_step(self, inner: list[Tlv]) -> bytes:
        curve = self.curve
        pk_reader = curve.decode(self._value(inner, 0x81))
        self._sk_map = random_scalar(curve, self._rng)
        pk_map = curve.encode(curve.multiply(self._sk_map, curve.generator))
        shared = curve.multiply(self._sk_map, pk_reader)
        self._generator = map_generator(curve, self._nonce, shared)
        return encode_tlv(0x82, pk_map)

    def _agree_step(self, inner: list[Tlv]) -> bytes:
        curve = self.curve
        self._pk_dh_reader = self._value(inner, 0x83)
        pk_reader = curve.decode(self._pk_dh_reader)
        sk_dh = random_scalar(curve, self._rng)
        self._pk_dh = curve.encode(curve.multiply(sk_dh, self._generator))
        if self._pk_dh == self._pk_dh_reader:
            raise PaceSetupError("The reader echoed the card's ephemeral public key.")
        self._ks = session_keys(self.algorithm, shared_secret(curve, sk_dh, pk_reader))
        return encode_tlv(0x84, self._pk_dh)

    def _token_step(self, inner: list[Tlv]) -> bytes:
        ks_enc, ks_mac = self._ks
        expected = auth_token(self.algorithm, ks_mac, self._pk_dh)
        if not hmac.compare_digest(self._value(inner, 0x85), expected):
            raise AccessDeniedError(REFUSED_MESSAGE)
        self.session = secure_messaging(self.algorithm, ks_enc, ks_mac)
        return encode_tlv(0x86, auth_token(self.algorithm, ks_mac, self._pk_dh_reader))
