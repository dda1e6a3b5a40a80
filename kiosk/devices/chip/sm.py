"""ICAO 9303-11 §9.8 secure messaging, reader side and card side, 3DES and AES.

3DES (after BAC or PACE-3DES): 8-byte send sequence counter (SSC), 3DES-CBC with a
zero IV, retail MAC. AES (after PACE-AES): 16-byte SSC, AES-CBC with
IV = E(KS_enc, SSC), AES-CMAC truncated to 8 bytes. Both pad with ISO 9797-1 method 2.

Objects: DO87 (01 || encrypted data) for even INS, DO85 (encrypted data) for odd INS
such as READ BINARY B1, DO97 (Le), DO99 (status), DO8E (MAC).
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass

from kiosk.core.errors import SecureMessagingError
from kiosk.devices.chip.apdu import (
    EXTENDED_LE_MAX,
    SHORT_LE_MAX,
    CommandApdu,
    ResponseApdu,
    Transport,
)
from kiosk.devices.chip.crypto import (
    AES_BLOCK,
    DES_BLOCK,
    UnsupportedAlgorithmError,
    aes_cmac,
    aes_decrypt,
    aes_encrypt,
    des3_decrypt,
    des3_encrypt,
    pad_m2,
    retail_mac,
    unpad_m2,
)

log = logging.getLogger(__name__)

SM_CLA_BITS = 0x0C
MAC_LENGTH = 8


class SmObjectMissingError(SecureMessagingError):
    """A protected message lacks a mandatory object (a card answers 6987)."""


class SmObjectInvalidError(SecureMessagingError):
    """A protected message has a wrong MAC or malformed objects (a card answers 6988)."""


@dataclass(frozen=True)
class _Objects:
    """The secure-messaging data objects found in one message."""

    cryptogram: bytes | None  # value of DO87 / DO85
    odd: bool  # True when the cryptogram came in DO85
    le: bytes | None  # value of DO97
    status: bytes | None  # value of DO99
    mac: bytes | None  # value of DO8E
    mac_input: bytes  # every byte preceding DO8E


def _parse_objects(data: bytes) -> _Objects:
    """Split SM data into its objects; raise SmObjectInvalidError on anything malformed."""
    found: dict[int, bytes] = {}
    pos = 0
    mac_start = len(data)
    while pos < len(data):
        tag = data[pos]
        if tag not in (0x85, 0x87, 0x97, 0x99, 0x8E):
            raise SmObjectInvalidError(f"Unexpected secure-messaging object {tag:02X}.")
        if tag in found:
            raise SmObjectInvalidError(f"Secure-messaging object {tag:02X} appears twice.")
        length, pos = _read_length(data, pos + 1)
        if pos + length > len(data):
            raise SmObjectInvalidError(f"Secure-messaging object {tag:02X} is truncated.")
        if tag == 0x8E:
            mac_start = pos - 2
            if pos + length != len(data):
                raise SmObjectInvalidError("Data follows the MAC object.")
        found[tag] = data[pos : pos + length]
        pos += length
    if 0x85 in found and 0x87 in found:
        raise SmObjectInvalidError("A message carries both DO85 and DO87.")
    odd = 0x85 in found
    return _Objects(
        cryptogram=found.get(0x85) if odd else found.get(0x87),
        odd=odd,
        le=found.get(0x97),
        status=found.get(0x99),
        mac=found.get(0x8E),
        mac_input=data[:mac_start],
    )


def _read_length(data: bytes, pos: int) -> tuple[int, int]:
    """Read a BER length at ``pos``; return (length, position after it)."""
    if pos >= len(data):
        raise SmObjectInvalidError("A secure-messaging object has no length.")
    first = data[pos]
    if first < 0x80:
        return first, pos + 1
    count = first & 0x7F
    if count not in (1, 2, 3) or pos + 1 + count > len(data):
        raise SmObjectInvalidError("A secure-messaging object has a malformed length.")
    return int.from_bytes(data[pos + 1 : pos + 1 + count], "big"), pos + 1 + count


def _tlv(tag: int, value: bytes) -> bytes:
    """Encode one object with a BER length."""
    n = len(value)
    if n < 0x80:
        length = bytes((n,))
    elif n < 0x100:
        length = bytes((0x81, n))
    else:
        length = b"\x82" + n.to_bytes(2, "big")
    return bytes((tag,)) + length + value


class SecureMessaging:
    """One secure-messaging session: session keys, SSC and cipher.

    ``cipher`` is "3DES" (8-byte SSC) or "AES" (16-byte SSC; KS_enc 16, 24 or 32 bytes).
    The same class serves the reader (:meth:`protect`, :meth:`unprotect`) and the card
    (:meth:`unprotect_command`, :meth:`protect_response`). Each message advances the SSC
    by one, before it is MACed.
    """

    def __init__(
        self, ks_enc: bytes, ks_mac: bytes, ssc: bytes | int, cipher: str = "3DES"
    ) -> None:
        if cipher == "3DES":
            self.block = DES_BLOCK
        elif cipher == "AES":
            self.block = AES_BLOCK
        else:
            raise UnsupportedAlgorithmError(f"Secure messaging with {cipher!r} is not supported.")
        if isinstance(ssc, bytes):
            if len(ssc) != self.block:
                raise ValueError(f"{cipher} SSC must be {self.block} bytes, got {len(ssc)}")
            ssc = int.from_bytes(ssc, "big")
        self.cipher = cipher
        self.ks_enc = ks_enc
        self.ks_mac = ks_mac
        self._ssc = ssc
        self._odd_ins = False  # card side: the last command used DO85

    @property
    def ssc(self) -> bytes:
        """The current send sequence counter, big-endian, one block long."""
        return self._ssc.to_bytes(self.block, "big")

    def _next_ssc(self) -> bytes:
        self._ssc = (self._ssc + 1) % (1 << (8 * self.block))
        return self.ssc

    # -- primitives -------------------------------------------------------------------

    def _mac(self, ssc: bytes, data: bytes) -> bytes:
        padded = pad_m2(ssc + data, self.block)
        if self.cipher == "3DES":
            return retail_mac(self.ks_mac, padded)
        return aes_cmac(self.ks_mac, padded, MAC_LENGTH)

    def _iv(self, ssc: bytes) -> bytes:
        if self.cipher == "3DES":
            return bytes(DES_BLOCK)
        return aes_encrypt(self.ks_enc, ssc)

    def _encrypt(self, ssc: bytes, data: bytes) -> bytes:
        padded = pad_m2(data, self.block)
        if self.cipher == "3DES":
            return des3_encrypt(self.ks_enc, padded, self._iv(ssc))
        return aes_encrypt(self.ks_enc, padded, self._iv(ssc))

    def _decrypt(self, ssc: bytes, cryptogram: bytes) -> bytes:
        if not cryptogram or len(cryptogram) % self.block:
            raise SmObjectInvalidError("The encrypted data is not a whole number of cipher blocks.")
        if self.cipher == "3DES":
            padded = des3_decrypt(self.ks_enc, cryptogram, self._iv(ssc))
        else:
            padded = aes_decrypt(self.ks_enc, cryptogram, self._iv(ssc))
        return unpad_m2(padded)

    def _check_mac(self, ssc: bytes, prefix: bytes, objects: _Objects, what: str) -> None:
        if objects.mac is None:
            raise SmObjectMissingError(f"The {what} has no MAC object (DO8E).")
        expected = self._mac(ssc, prefix + objects.mac_input)
        if not hmac.compare_digest(expected, objects.mac):
            raise SmObjectInvalidError(f"The {what} failed MAC verification.")

    def _cryptogram_object(self, ssc: bytes, data: bytes, odd: bool) -> bytes:
        encrypted = self._encrypt(ssc, data)
        return _tlv(0x85, encrypted) if odd else _tlv(0x87, b"\x01" + encrypted)

    def _plain_data(self, ssc: bytes, objects: _Objects) -> bytes:
        if objects.cryptogram is None:
            return b""
        value = objects.cryptogram
        if not objects.odd:
            if not value or value[0] != 0x01:
                raise SmObjectInvalidError("DO87 lacks the padding-content indicator 01.")
            value = value[1:]
        return self._decrypt(ssc, value)

    # -- reader side ------------------------------------------------------------------

    def protect(self, cmd: CommandApdu) -> CommandApdu:
        """Wrap a plain command for the card (reader side); advances the SSC."""
        ssc = self._next_ssc()
        cla = cmd.cla | SM_CLA_BITS
        header = pad_m2(bytes((cla, cmd.ins, cmd.p1, cmd.p2)), self.block)
        body = b""
        if cmd.data:
            body += self._cryptogram_object(ssc, cmd.data, bool(cmd.ins & 1))
        if cmd.le is not None:
            body += _tlv(0x97, _encode_le(cmd.le))
        body += _tlv(0x8E, self._mac(ssc, header + body))
        extended = len(body) > 255 or (cmd.le is not None and cmd.le > SHORT_LE_MAX)
        return CommandApdu(
            cla, cmd.ins, cmd.p1, cmd.p2, body, EXTENDED_LE_MAX if extended else SHORT_LE_MAX
        )

    def unprotect(self, resp: ResponseApdu) -> ResponseApdu:
        """Verify and decrypt the card's response (reader side); advances the SSC.

        A response with no data and a status other than 9000 is a plain error the card
        sent outside secure messaging (e.g. 6282, 6987, 6988): it is returned as is.
        """
        ssc = self._next_ssc()
        if not resp.data and resp.sw != 0x9000:
            log.debug("card answered %04X without secure messaging", resp.sw)
            return resp
        objects = _parse_objects(resp.data)
        self._check_mac(ssc, b"", objects, "card's response")
        data = self._plain_data(ssc, objects)
        sw1, sw2 = resp.sw1, resp.sw2
        if objects.status is not None:
            if len(objects.status) != 2:
                raise SmObjectInvalidError("The status object DO99 is not two bytes long.")
            sw1, sw2 = objects.status
        return ResponseApdu(data, sw1, sw2)

    # -- card side --------------------------------------------------------------------

    def unprotect_command(self, cmd: CommandApdu) -> CommandApdu:
        """Verify and decrypt a protected command (card side); advances the SSC."""
        ssc = self._next_ssc()
        if cmd.cla & SM_CLA_BITS != SM_CLA_BITS:
            raise SmObjectMissingError("The command is not marked as secure messaging (CLA).")
        objects = _parse_objects(cmd.data)
        if objects.status is not None:
            raise SmObjectInvalidError("A command must not carry a status object DO99.")
        header = pad_m2(bytes((cmd.cla, cmd.ins, cmd.p1, cmd.p2)), self.block)
        self._check_mac(ssc, header, objects, "command")
        if objects.cryptogram is not None and objects.odd != bool(cmd.ins & 1):
            raise SmObjectInvalidError("The data object does not match the instruction's parity.")
        self._odd_ins = bool(cmd.ins & 1)
        data = self._plain_data(ssc, objects)
        le = None if objects.le is None else _decode_le(objects.le)
        return CommandApdu(cmd.cla & ~SM_CLA_BITS & 0xFF, cmd.ins, cmd.p1, cmd.p2, data, le)

    def protect_response(self, resp: ResponseApdu, include_status: bool = True) -> ResponseApdu:
        """Wrap a plain response for the reader (card side); advances the SSC.

        ``include_status=False`` leaves out DO99, as some cards and emulators do (the
        reader then takes the status from the trailer).
        """
        ssc = self._next_ssc()
        body = b""
        if resp.data:
            body += self._cryptogram_object(ssc, resp.data, self._odd_ins)
        if include_status:
            body += _tlv(0x99, bytes((resp.sw1, resp.sw2)))
        body += _tlv(0x8E, self._mac(ssc, body))
        return ResponseApdu(body, resp.sw1, resp.sw2)


def _encode_le(le: int) -> bytes:
    """Le as carried in DO97: one byte up to 256 (00 = 256), else two (0000 = 65536)."""
    if not 1 <= le <= EXTENDED_LE_MAX:
        raise ValueError(f"Le {le} out of range")
    if le <= SHORT_LE_MAX:
        return bytes((le % SHORT_LE_MAX,))
    return (le % EXTENDED_LE_MAX).to_bytes(2, "big")


def _decode_le(value: bytes) -> int:
    """Inverse of :func:`_encode_le`."""
    if len(value) == 1:
        return value[0] or SHORT_LE_MAX
    if len(value) == 2:
        return int.from_bytes(value, "big") or EXTENDED_LE_MAX
    raise SmObjectInvalidError("The Le object DO97 must be one or two bytes long.")


class SecureMessagingTransport:
    """A :class:`Transport` that protects every command and unprotects every response."""

    def __init__(self, inner: Transport, sm: SecureMessaging) -> None:
        self.inner = inner
        self._sm = sm

    @property
    def sm(self) -> SecureMessaging:
        """The secure-messaging session in use."""
        return self._sm

    @property
    def supports_extended(self) -> bool:
        """Whether the wrapped transport supports extended APDUs."""
        return self.inner.supports_extended

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        """Protect ``command``, send it, and return the verified plain response."""
        response = self.inner.transmit(self._sm.protect(command))
        return self._sm.unprotect(response)
