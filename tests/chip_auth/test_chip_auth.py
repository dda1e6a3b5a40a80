"""Chip authentication: full reader-card exchanges in process, 3DES and AES, and clones."""

from __future__ import annotations

import pytest
from asn1crypto import core
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.devices.chip.authenticity import AuthStatus
from kiosk.devices.chip.chip_auth import (
    CONFIRM_COMMAND,
    ChipAuthCardSide,
    ChipAuthError,
    card_chip_auth,
    perform_chip_auth,
)
from kiosk.devices.chip.ecc_point import InvalidPointError
from kiosk.devices.chip.security_infos import (
    ID_CA,
    ID_PK_DH,
    ID_PK_ECDH,
    chip_auth_protocol,
    parse_dg14,
)
from kiosk.devices.chip.tlv import encode_tlv
from kiosk.simulated.samples import load_sample
from kiosk.simulated.test_pki import load_private_key

from .helpers import MiniChip, connect, session_pair

SAMPLE = "vu-duc-thang"


def _seq(*parts: bytes) -> bytes:
    return encode_tlv(0x30, b"".join(parts))


def _oid(dotted: str) -> bytes:
    der: bytes = core.ObjectIdentifier(dotted).dump()
    return der


def _int(value: int) -> bytes:
    der: bytes = core.Integer(value).dump()
    return der


def _spki(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def dg14(key: ec.EllipticCurvePrivateKey, ca_oid: str | None, key_id: int | None = None,
         extra: tuple[bytes, ...] = ()) -> bytes:
    """A DG14 announcing ``key`` (and the protocol ``ca_oid`` when given)."""
    kid = _int(key_id) if key_id is not None else b""
    infos = [_seq(_oid(ID_PK_ECDH), _spki(key), kid), *extra]
    if ca_oid is not None:
        infos.append(_seq(_oid(ca_oid), _int(1), kid))
    return encode_tlv(0x6E, encode_tlv(0x31, b"".join(infos)))


def _chip_key() -> ec.EllipticCurvePrivateKey:
    key = load_private_key(load_sample(SAMPLE).ca_key_path)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


@pytest.mark.parametrize(("ca_oid", "sm_cipher", "name"), [
    (None, "3DES", "CA-ECDH-3DES-CBC-CBC"),
    (f"{ID_CA}.2.1", "AES", "CA-ECDH-3DES-CBC-CBC"),
    (f"{ID_CA}.2.2", "3DES", "CA-ECDH-AES-CBC-CMAC-128"),
    (f"{ID_CA}.2.3", "AES", "CA-ECDH-AES-CBC-CMAC-192"),
    (f"{ID_CA}.2.4", "AES", "CA-ECDH-AES-CBC-CMAC-256"),
])
def test_full_exchange_restarts_secure_messaging(ca_oid: str | None, sm_cipher: str,
                                                 name: str) -> None:
    key = _chip_key()
    file = dg14(key, ca_oid)
    protocol = parse_dg14(file).chip_auth[0].protocol if ca_oid else chip_auth_protocol(
        f"{ID_CA}.2.1")
    assert protocol is not None
    reader, card = session_pair(sm_cipher)
    chip = MiniChip(card, chip_auth=ChipAuthCardSide(key, protocol))
    transport = connect(chip, reader)
    new, result = perform_chip_auth(transport, file)
    assert result.status is AuthStatus.VERIFIED, result.reason
    assert result.protocol == name
    assert new is not transport and chip.sessions_started == 1
    assert new.sm.cipher == protocol.cipher
    assert len(new.sm.ks_enc) == protocol.key_bits // 8
    assert new.sm.ssc == bytes(new.sm.block)[:-1] + b"\x02"  # SSC 0, then confirm: 1 and 2
    assert chip.session is not None and chip.session.ks_mac == new.sm.ks_mac
    # The session keeps working under the new keys.
    assert new.transmit(CONFIRM_COMMAND).data == b"\x60"
    commands = chip.plain_commands
    if protocol.cipher == "3DES":
        assert (commands[0].ins, commands[0].p1, commands[0].p2) == (0x22, 0x41, 0xA6)
        point = commands[0].data[2:]
        assert commands[0].data[:2] == b"\x91\x41" and point[0] == 0x04 and len(point) == 65
    else:
        assert (commands[0].ins, commands[0].p1, commands[0].p2) == (0x22, 0x41, 0xA4)
        assert commands[0].data == encode_tlv(0x80, _oid(protocol.oid)[2:])
        assert (commands[1].ins, commands[1].data[:4]) == (0x86, b"\x7c\x43\x80\x41")
    assert commands[-2] == CONFIRM_COMMAND


def test_the_sample_dg14_works() -> None:
    from .helpers import sample_files

    files = sample_files(SAMPLE)
    assert files.dg14 is not None
    protocol = parse_dg14(files.dg14).chip_auth[0].protocol
    reader, card = session_pair("3DES")
    chip = MiniChip(card, chip_auth=ChipAuthCardSide(_chip_key(), protocol))
    _, result = perform_chip_auth(connect(chip, reader), files.dg14)
    assert result.status is AuthStatus.VERIFIED


def test_key_ids_are_sent_and_matched() -> None:
    key = _chip_key()
    other = ec.generate_private_key(ec.SECP256R1())
    file = encode_tlv(0x6E, encode_tlv(0x31, b"".join([
        _seq(_oid(ID_PK_ECDH), _spki(other), _int(1)),
        _seq(_oid(ID_PK_ECDH), _spki(key), _int(2)),
        _seq(_oid(f"{ID_CA}.2.2"), _int(1), _int(2)),
    ])))
    protocol = parse_dg14(file).chip_auth[0].protocol
    reader, card = session_pair()
    chip = MiniChip(card, chip_auth=ChipAuthCardSide(key, protocol, key_id=2))
    _, result = perform_chip_auth(connect(chip, reader), file)
    assert result.status is AuthStatus.VERIFIED
    assert chip.plain_commands[0].data.endswith(b"\x84\x01\x02")


def test_cloned_chip_fails() -> None:
    """The clone has DG14 copied but not the private key: it derives other keys."""
    key = _chip_key()
    file = dg14(key, f"{ID_CA}.2.2")
    protocol = parse_dg14(file).chip_auth[0].protocol
    reader, card = session_pair()
    clone = ChipAuthCardSide(ec.generate_private_key(ec.SECP256R1()), protocol)
    chip = MiniChip(card, chip_auth=clone)
    _, result = perform_chip_auth(connect(chip, reader), file)
    assert result.status is AuthStatus.FAILED
    assert "cloned chip or wrong key" in result.reason


def test_refusal_keeps_the_old_session() -> None:
    key = _chip_key()
    file = dg14(key, f"{ID_CA}.2.2")
    reader, card = session_pair()
    chip = MiniChip(card)  # no chip authentication: answers 6D00
    transport = connect(chip, reader)
    same, result = perform_chip_auth(transport, file)
    assert same is transport and result.status is AuthStatus.FAILED
    assert result.reason == "The chip refused chip authentication (6D00)."
    assert same.transmit(CONFIRM_COMMAND).ok


def test_not_supported_cases() -> None:
    reader, card = session_pair()
    transport = connect(MiniChip(card), reader)
    dh_key = _seq(_oid(ID_PK_DH), _seq(_oid("1.2.840.10046.2.1")))
    dh_only = encode_tlv(0x6E, encode_tlv(0x31, dh_key))
    no_key = encode_tlv(0x6E, encode_tlv(0x31, _seq(_oid(f"{ID_CA}.2.2"), _int(1))))
    for file in (dh_only, no_key):
        same, result = perform_chip_auth(transport, file)
        assert same is transport and result.status is AuthStatus.NOT_SUPPORTED


def test_malformed_dg14_fails_without_sending_anything() -> None:
    reader, card = session_pair()
    chip = MiniChip(card)
    _, result = perform_chip_auth(connect(chip, reader), b"\x6e\x02\x31\x01")
    assert result.status is AuthStatus.FAILED and chip.plain_commands == []


def test_card_side_rejects_bad_input() -> None:
    key = _chip_key()
    with pytest.raises(InvalidPointError):
        card_chip_auth(key, b"\x04" + bytes(64), "AES", 128)
    protocol = chip_auth_protocol(f"{ID_CA}.2.2")
    assert protocol is not None
    side = ChipAuthCardSide(key, protocol)
    with pytest.raises(ChipAuthError):
        side.general_authenticate(encode_tlv(0x7C, b""))  # no MSE:Set AT first
    with pytest.raises(ChipAuthError):
        side.mse_set_at(encode_tlv(0x80, _oid(f"{ID_CA}.2.4")[2:]))  # not offered
    with pytest.raises(ChipAuthError):
        side.mse_set_kat(encode_tlv(0x91, b"\x04"))  # AES chip: no KAT
    with pytest.raises(ChipAuthError, match="key does not exist"):
        side.mse_set_at(encode_tlv(0x80, _oid(protocol.oid)[2:]) + b"\x84\x01\x05")
    side.mse_set_at(encode_tlv(0x80, _oid(protocol.oid)[2:]))
    _, session = side.general_authenticate(encode_tlv(0x7C, encode_tlv(0x80, _spki_point())))
    assert session.cipher == "AES" and session.ssc == bytes(16)


def _spki_point() -> bytes:
    return ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def test_responder_claims_only_its_commands() -> None:
    """The emulator routes by ``handles``: PACE's MSE (P1 C1) and GA stay with PACE."""
    from kiosk.devices.chip.apdu import CommandApdu
    from kiosk.devices.chip.chip_auth import CardAuthResponder

    key = _chip_key()
    protocol = chip_auth_protocol(f"{ID_CA}.2.2")
    assert protocol is not None
    responder = CardAuthResponder(key, "sha256", ChipAuthCardSide(key, protocol))
    pace_mse = CommandApdu(0x00, 0x22, 0xC1, 0xA4, b"\x80\x01\x00")
    ga = CommandApdu(0x00, 0x86, 0x00, 0x00, encode_tlv(0x7C, encode_tlv(0x80, _spki_point())),
                     256)
    ca_mse = CommandApdu(0x00, 0x22, 0x41, 0xA4, encode_tlv(0x80, _oid(protocol.oid)[2:]))
    assert not responder.handles(pace_mse) and not responder.handles(ga)
    assert responder.handles(CommandApdu(0x00, 0x88, 0x00, 0x00, bytes(8), 256))
    assert responder.answer(CommandApdu(0x00, 0x88, 0x00, 0x00, bytes(4), 256))[0].sw == 0x6700
    assert responder.handles(ca_mse)
    assert responder.answer(ca_mse) == (responder.answer(ca_mse)[0], None)
    assert responder.handles(ga)
    response, session = responder.answer(ga)
    assert response.data == b"\x7c\x00" and session is not None and session.cipher == "AES"
    assert not responder.handles(ga)  # one GENERAL AUTHENTICATE per MSE:Set AT
    kat = CommandApdu(0x00, 0x22, 0x41, 0xA6, encode_tlv(0x91, _spki_point()))
    assert responder.answer(kat)[0].sw == 0x6985  # an AES chip has no MSE:Set KAT
    bad = CommandApdu(0x00, 0x22, 0x41, 0xA4, b"\x80")
    assert responder.answer(bad)[0].sw == 0x6A80
