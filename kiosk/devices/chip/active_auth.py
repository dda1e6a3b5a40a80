"""Active authentication (ICAO 9303-11 §6.1): the chip signs a fresh challenge with the
DG15 key, which a copied chip cannot do.

Reader: INTERNAL AUTHENTICATE ``00 88 00 00 08 <8 random bytes> 00``, then

- RSA: ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery. The
  recovered representative is ``6A || M1 || H(M1 || challenge) || trailer`` where the
  trailer is ``BC`` (SHA-1, implicit) or ``<hash id> CC`` (``33`` SHA-1, ``34``
  SHA-256, ``35`` SHA-512, ``36`` SHA-384, ``38`` SHA-224; ISO/IEC 10118-3 IDs).
  Both ``s^e mod n`` and ``n - s^e mod n`` are accepted (ISO 9796-2 lets the signer
  send the smaller of ``J^d`` and ``n - J^d``; the right one ends in nibble C).
- ECDSA: plain ``r || s`` (BSI TR-03111) over the challenge, hashed with the algorithm
  DG14's ActiveAuthenticationInfo names; without one, SHA-256, SHA-1, SHA-384,
  SHA-512 and SHA-224 are tried in that order and the match is reported.

Card side (for the emulator): :func:`sign_active_auth`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from kiosk.core.errors import KioskError, SecureMessagingError
from kiosk.devices.chip.apdu import CommandApdu, Transport
from kiosk.devices.chip.authenticity import AuthStatus
from kiosk.devices.chip.security_infos import PublicKey, parse_dg14, parse_dg15
from kiosk.devices.chip.sod import DIGEST_SIZES, hash_algorithm, plain_to_der

log = logging.getLogger(__name__)

CHALLENGE_LENGTH = 8
INS_INTERNAL_AUTHENTICATE = 0x88
TRAILER_IMPLICIT = 0xBC
TRAILER_EXPLICIT = 0xCC
HEADER_PARTIAL_RECOVERY = 0x6A
#: ISO/IEC 10118-3 hash identifiers used in the explicit ISO 9796-2 trailer.
HASH_IDS: dict[int, str] = {0x31: "ripemd160", 0x33: "sha1", 0x34: "sha256", 0x35: "sha512",
                            0x36: "sha384", 0x38: "sha224"}
_IDS_BY_HASH = {name: ident for ident, name in HASH_IDS.items()}
_CLONE = " (cloned chip or wrong key)."
_FALLBACK_HASHES = ("sha256", "sha1", "sha384", "sha512", "sha224")


class ActiveAuthError(KioskError):
    """Active authentication cannot be run with these inputs (bad challenge or key)."""


@dataclass(frozen=True)
class ActiveResult:
    """Active authentication outcome: status, reason, findings and the algorithm used."""

    status: AuthStatus
    reason: str
    details: list[str] = field(default_factory=list)
    algorithm: str | None = None


def internal_authenticate(challenge: bytes) -> CommandApdu:
    """INTERNAL AUTHENTICATE carrying the 8-byte challenge, Le = 256 (encoded 00)."""
    if len(challenge) != CHALLENGE_LENGTH:
        raise ActiveAuthError("The active authentication challenge must be 8 bytes.")
    return CommandApdu(0x00, INS_INTERNAL_AUTHENTICATE, 0x00, 0x00, challenge, 256)


def _modulus_bytes(n: int) -> int:
    if n.bit_length() % 8:
        raise ActiveAuthError("RSA keys whose modulus is not a whole number of bytes are "
                              "not supported for active authentication.")
    return n.bit_length() // 8


def recover_iso9796_2(public_key: rsa.RSAPublicKey, signature: bytes) -> bytes:
    """The ISO 9796-2 representative J recovered from an RSA signature (k/8 bytes).

    Raises ActiveAuthError when the signature is out of range or no candidate ends in
    nibble C (not an ISO 9796-2 signature under this key).
    """
    numbers = public_key.public_numbers()
    size = _modulus_bytes(numbers.n)
    value = int.from_bytes(signature, "big")
    if len(signature) != size or not 0 < value < numbers.n:
        raise ActiveAuthError("The RSA signature does not fit the DG15 key's modulus.")
    recovered = pow(value, numbers.e, numbers.n)
    for candidate in (recovered, numbers.n - recovered):
        if candidate % 16 == 12:
            return candidate.to_bytes(size, "big")
    raise ActiveAuthError("The RSA signature does not recover an ISO 9796-2 message.")


def verify_iso9796_2(
    key: rsa.RSAPublicKey, signature: bytes, m2: bytes, implicit_hash: str = "sha1"
) -> tuple[bool, str]:
    """Verify an ISO 9796-2 scheme 1 signature with partial recovery over ``M1 || m2``.

    The trailer BC leaves the hash implicit: ICAO 9303 makes it SHA-1 (other users of
    ISO 9796-2 agree on another one, hence ``implicit_hash``). Returns (valid,
    algorithm name or the reason it failed).
    """
    try:
        rep = recover_iso9796_2(key, signature)
    except ActiveAuthError as exc:
        return False, str(exc).rstrip(".") + _CLONE
    if rep[0] != HEADER_PARTIAL_RECOVERY:
        return False, f"The recovered message has header {rep[0]:02X}, not 6A{_CLONE}"
    if rep[-1] == TRAILER_IMPLICIT:
        hash_name, trailer = implicit_hash, 1
    elif rep[-1] == TRAILER_EXPLICIT and rep[-2] in HASH_IDS:
        hash_name, trailer = HASH_IDS[rep[-2]], 2
    else:
        trailer_hex = rep[-2:].hex().upper()
        return False, f"The recovered message has an unknown trailer {trailer_hex}{_CLONE}"
    size = hashlib.new(hash_name).digest_size
    body = rep[1:-trailer]
    if len(body) <= size:
        return False, f"The recovered message is too short for its hash{_CLONE}"
    m1, digest = body[:-size], body[-size:]
    expected = hashlib.new(hash_name, m1 + m2).digest()
    algorithm = f"rsa-iso9796-2-{hash_name}"
    if not hmac.compare_digest(expected, digest):
        return False, (f"The chip's {algorithm} signature does not cover the challenge "
                       "(cloned chip or wrong key).")
    return True, algorithm


def _verify_ec(key: ec.EllipticCurvePublicKey, signature: bytes, challenge: bytes,
               hash_name: str | None) -> tuple[bool, str]:
    size = (key.curve.key_size + 7) // 8
    if len(signature) != 2 * size:
        return False, (f"The ECDSA signature is {len(signature)} bytes, not {2 * size} "
                       "(plain r||s).")
    der = plain_to_der(signature)
    for name in (hash_name,) if hash_name else _FALLBACK_HASHES:
        try:
            key.verify(der, challenge, ec.ECDSA(hash_algorithm(name)))
        except InvalidSignature:
            continue
        return True, f"ecdsa-plain-{name}"
    return False, "The chip's ECDSA signature does not verify (cloned chip or wrong key)."


def verify_active_auth(
    public_key: PublicKey, challenge: bytes, signature: bytes, hash_name: str | None = None
) -> tuple[bool, str]:
    """Check a chip's answer; return (valid, algorithm name or the reason it failed)."""
    if isinstance(public_key, rsa.RSAPublicKey):
        return verify_iso9796_2(public_key, signature, challenge)
    return _verify_ec(public_key, signature, challenge, hash_name)


def _ecdsa_hash(dg14: bytes | None, details: list[str]) -> str | None:
    if dg14 is None:
        return None
    try:
        info = parse_dg14(dg14).active_auth
    except KioskError as exc:
        details.append(f"DG14 unreadable for the AA hash ({exc}); trying the usual hashes.")
        return None
    if info is None:
        return None
    if info.hash_name is None:
        details.append(f"DG14 names an unknown AA algorithm {info.signature_algorithm}; "
                       "trying the usual hashes.")
    return info.hash_name


def perform_active_auth(
    transport: Transport,
    dg15: bytes,
    challenge: bytes | None = None,
    *,
    dg14: bytes | None = None,
    rng: Callable[[int], bytes] = os.urandom,
) -> ActiveResult:
    """Run active authentication with a fresh random challenge (or the one given).

    ``dg14`` supplies the ECDSA hash (ActiveAuthenticationInfo). Bad card data gives a
    ``failed`` result saying why; only transport errors (card removed) propagate.
    """
    details: list[str] = []
    try:
        key = parse_dg15(dg15)
    except KioskError as exc:
        return ActiveResult(AuthStatus.FAILED, str(exc), [str(exc)])
    nonce = rng(CHALLENGE_LENGTH) if challenge is None else challenge
    command = internal_authenticate(nonce)
    hash_name = _ecdsa_hash(dg14, details) if isinstance(key, ec.EllipticCurvePublicKey) else None
    try:
        response = transport.transmit(command)
    except SecureMessagingError as exc:
        reason = f"The chip's answer to INTERNAL AUTHENTICATE failed secure messaging ({exc})"
        return ActiveResult(AuthStatus.FAILED, reason, [*details, reason])
    if not response.ok:
        reason = f"The chip refused INTERNAL AUTHENTICATE ({response.sw:04X})."
        log.info("active authentication refused by the chip (SW %04X)", response.sw)
        return ActiveResult(AuthStatus.FAILED, reason, [*details, reason])
    valid, what = verify_active_auth(key, nonce, response.data, hash_name)
    if not valid:
        log.info("active authentication failed")
        return ActiveResult(AuthStatus.FAILED, what, [*details, what])
    log.info("active authentication verified (%s)", what)
    message = f"Chip signed a fresh challenge with the DG15 key ({what})."
    return ActiveResult(AuthStatus.VERIFIED, message, [*details, message], what)


def sign_active_auth(
    private_key: PrivateKeyTypes,
    challenge: bytes,
    hash_name: str = "sha1",
    rng: Callable[[int], bytes] = os.urandom,
) -> bytes:
    """The chip's answer to INTERNAL AUTHENTICATE (card side, for the emulator).

    RSA: ISO 9796-2 scheme 1, partial recovery, random M1 filling the modulus, trailer
    BC for SHA-1 and ``<id> CC`` otherwise. EC: ECDSA over the challenge, plain r||s.
    """
    if hash_name not in DIGEST_SIZES:
        raise ActiveAuthError(f"Unsupported active authentication hash {hash_name!r}.")
    if isinstance(private_key, rsa.RSAPrivateKey):
        numbers = private_key.private_numbers()
        n = numbers.public_numbers.n
        size = _modulus_bytes(n)
        trailer = (bytes((TRAILER_IMPLICIT,)) if hash_name == "sha1"
                   else bytes((_IDS_BY_HASH[hash_name], TRAILER_EXPLICIT)))
        m1_length = size - 1 - DIGEST_SIZES[hash_name] - len(trailer)
        if m1_length < 1:
            raise ActiveAuthError("The RSA key is too small for this hash.")
        m1 = rng(m1_length)
        digest = hashlib.new(hash_name, m1 + challenge).digest()
        representative = bytes((HEADER_PARTIAL_RECOVERY,)) + m1 + digest + trailer
        value = pow(int.from_bytes(representative, "big"), numbers.d, n)
        return value.to_bytes(size, "big")
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        der = private_key.sign(challenge, ec.ECDSA(hash_algorithm(hash_name)))
        r, s = decode_dss_signature(der)
        size = (private_key.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    raise ActiveAuthError("Active authentication keys must be RSA or EC keys.")
