"""Basic Access Control (ICAO 9303-11 §4.3 and Appendix D): reader side and card side.

The access key comes from the MRZ: document number, date of birth and date of expiry,
each followed by its check digit. Mutual authentication uses GET CHALLENGE and
EXTERNAL AUTHENTICATE with 3DES and the retail MAC; both sides then derive the
session keys and the send sequence counter for 3DES secure messaging.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.core.errors import AccessDeniedError, CardError, ParseError, SecureMessagingError
from kiosk.devices.chip.apdu import CommandApdu, Transport, status_error
from kiosk.devices.chip.checkdigit import check_digit
from kiosk.devices.chip.crypto import (
    KDF_ENC,
    KDF_MAC,
    des3_decrypt,
    des3_encrypt,
    kdf,
    pad_m2,
    retail_mac,
)
from kiosk.devices.chip.sm import SecureMessaging, SecureMessagingTransport

log = logging.getLogger(__name__)

_DOCUMENT_NUMBER = re.compile(r"[0-9A-Z<]{1,}")
# ICAO 9303-3 lets unknown date parts be the filler "<" (and "<<<<<<" marks no date).
_YYMMDD = re.compile(r"[0-9<]{6}")
#: Status words a card uses to say the access key is wrong.
REFUSED_SW = (0x6300, 0x6982)
REFUSED_MESSAGE = (
    "The card refused the access key (check the document number, date of birth and date of expiry)."
)


@dataclass(frozen=True)
class BacKey:
    """The MRZ fields BAC derives its keys from (dates as YYMMDD strings).

    A date may hold the filler '<' where it is unknown; ``"<<<<<<"`` stands for no date
    (one of the candidates for cards that never expire).
    """

    document_number: str
    date_of_birth: str
    date_of_expiry: str

    def __post_init__(self) -> None:
        if not _DOCUMENT_NUMBER.fullmatch(self.document_number):
            raise ParseError("The document number may hold only digits, A-Z and '<'.")
        for label, value in (
            ("date of birth", self.date_of_birth),
            ("date of expiry", self.date_of_expiry),
        ):
            if not _YYMMDD.fullmatch(value):
                raise ParseError(f"The {label} must be six characters YYMMDD (digits or '<').")

    def mrz_information(self) -> str:
        """Document number (padded with '<' to 9), DOB and expiry, each with its check digit."""
        number = self.document_number.ljust(9, "<")
        return "".join(
            f"{field}{check_digit(field)}"
            for field in (number, self.date_of_birth, self.date_of_expiry)
        )

    def key_seed(self) -> bytes:
        """The first 16 bytes of SHA-1 over the MRZ information."""
        return hashlib.sha1(self.mrz_information().encode("ascii")).digest()[:16]

    def __repr__(self) -> str:
        # The fields are personal data: keep them out of logs and tracebacks.
        return "BacKey(<hidden>)"


def derive_bac_keys(key_seed: bytes) -> tuple[bytes, bytes]:
    """Derive (K_enc, K_mac) from a 16-byte key seed (3DES keys, parity adjusted)."""
    return kdf(key_seed, KDF_ENC), kdf(key_seed, KDF_MAC)


def _session(k_ifd: bytes, k_icc: bytes, rnd_icc: bytes, rnd_ifd: bytes) -> SecureMessaging:
    """Session keys from K.IFD xor K.ICC, SSC from the low halves of both nonces."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_icc, strict=True))
    ks_enc, ks_mac = derive_bac_keys(seed)
    return SecureMessaging(ks_enc, ks_mac, rnd_icc[4:] + rnd_ifd[4:], "3DES")


def _seal(k_enc: bytes, k_mac: bytes, plain: bytes) -> bytes:
    """Encrypt 32 bytes and append their retail MAC (E || M, 40 bytes)."""
    cryptogram = des3_encrypt(k_enc, plain)
    return cryptogram + retail_mac(k_mac, pad_m2(cryptogram))


def _open(k_enc: bytes, k_mac: bytes, sealed: bytes) -> bytes | None:
    """Check the MAC of E || M and return the decrypted E, or None when the MAC is wrong."""
    cryptogram, mac = sealed[:32], sealed[32:]
    if not hmac.compare_digest(retail_mac(k_mac, pad_m2(cryptogram)), mac):
        return None
    return des3_decrypt(k_enc, cryptogram)


def perform_bac(
    transport: Transport,
    key: BacKey,
    rnd_ifd: bytes | None = None,
    k_ifd: bytes | None = None,
) -> SecureMessagingTransport:
    """Run BAC over ``transport`` and return a transport that speaks secure messaging.

    ``rnd_ifd`` (8 bytes) and ``k_ifd`` (16 bytes) are random unless given (tests).
    Raises AccessDeniedError when the card refuses the key, SecureMessagingError when
    the card's answer does not verify, and the named status-word error otherwise.
    """
    rnd_ifd = os.urandom(8) if rnd_ifd is None else rnd_ifd
    k_ifd = os.urandom(16) if k_ifd is None else k_ifd
    if len(rnd_ifd) != 8 or len(k_ifd) != 16:
        raise ValueError("RND.IFD must be 8 bytes and K.IFD 16 bytes")
    k_enc, k_mac = derive_bac_keys(key.key_seed())

    challenge = transport.transmit(CommandApdu(0x00, 0x84, 0x00, 0x00, le=8)).check()
    rnd_icc = challenge.data
    if len(rnd_icc) != 8:
        raise CardError(f"The card's challenge is {len(rnd_icc)} bytes long instead of 8.")

    sealed = _seal(k_enc, k_mac, rnd_ifd + rnd_icc + k_ifd)
    answer = transport.transmit(CommandApdu(0x00, 0x82, 0x00, 0x00, sealed, le=40))
    if answer.sw in REFUSED_SW:
        log.info("BAC refused by the card (SW %04X)", answer.sw)
        raise AccessDeniedError(REFUSED_MESSAGE)
    if not answer.ok:
        raise status_error(answer.sw)
    if len(answer.data) != 40:
        raise SecureMessagingError(
            f"The card's authentication answer is {len(answer.data)} bytes long instead of 40."
        )
    plain = _open(k_enc, k_mac, answer.data)
    if plain is None:
        raise SecureMessagingError("The card's authentication answer failed MAC verification.")
    if not (hmac.compare_digest(plain[:8], rnd_icc) and hmac.compare_digest(plain[8:16], rnd_ifd)):
        raise SecureMessagingError("The card's authentication answer holds the wrong nonces.")
    log.info("BAC established")
    return SecureMessagingTransport(transport, _session(k_ifd, plain[16:], rnd_icc, rnd_ifd))


class BacCardSide:
    """The chip's half of BAC, for the card emulator.

    Call :meth:`get_challenge` for GET CHALLENGE, then :meth:`external_authenticate`
    with the EXTERNAL AUTHENTICATE data. ``rng`` supplies RND.ICC and K.ICC.
    """

    def __init__(self, key: BacKey, rng: Callable[[int], bytes] = os.urandom) -> None:
        self._k_enc, self._k_mac = derive_bac_keys(key.key_seed())
        self._rng = rng
        self._rnd_icc: bytes | None = None

    def get_challenge(self) -> bytes:
        """Return a fresh 8-byte RND.ICC (it replaces any earlier challenge)."""
        self._rnd_icc = self._rng(8)
        return self._rnd_icc

    def external_authenticate(self, data: bytes) -> tuple[bytes, SecureMessaging]:
        """Check the reader's E_IFD || M_IFD; return (E_ICC || M_ICC, card-side SM session).

        Raises AccessDeniedError when no challenge is pending, the data is not 40 bytes,
        the MAC is wrong or the reader did not encrypt our challenge (a card answers 6300).
        The challenge is used up either way.
        """
        rnd_icc, self._rnd_icc = self._rnd_icc, None
        if rnd_icc is None:
            raise AccessDeniedError("No challenge was requested before authentication.")
        if len(data) != 40:
            raise AccessDeniedError(REFUSED_MESSAGE)
        plain = _open(self._k_enc, self._k_mac, data)
        if plain is None or not hmac.compare_digest(plain[8:16], rnd_icc):
            raise AccessDeniedError(REFUSED_MESSAGE)
        rnd_ifd, k_ifd = plain[:8], plain[16:]
        k_icc = self._rng(16)
        answer = _seal(self._k_enc, self._k_mac, rnd_icc + rnd_ifd + k_icc)
        return answer, _session(k_ifd, k_icc, rnd_icc, rnd_ifd)
