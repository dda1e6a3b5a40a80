"""Fuzz the emulated chip: any bytes in, a well-formed response out, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.sm import SecureMessagingTransport
from kiosk.simulated.samples import build_card, list_samples

from .card_sessions import unlocked
from .synthetic import synthetic_card

PLAIN = synthetic_card()
PACE_CARD = build_card(list_samples()[0], pace=True)
SESSION_CARD = synthetic_card()
_current: list[SecureMessagingTransport] = []


def _session() -> SecureMessagingTransport:
    """The BAC session on SESSION_CARD, re-established when a bad command dropped it."""
    if not SESSION_CARD.authenticated or not _current:
        _current[:] = [unlocked(SESSION_CARD)]
    return _current[0]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_get_a_status_word(raw: bytes) -> None:
    response = ResponseApdu.from_bytes(PLAIN.process(raw))
    assert 0x6000 <= response.sw <= 0x9FFF


@settings(max_examples=200, deadline=None)
@given(
    ins=st.sampled_from([0xA4, 0xB0, 0xB1, 0x84, 0x82, 0x88, 0x22, 0x86, 0xCA]),
    p1=st.integers(0, 255),
    p2=st.integers(0, 255),
    data=st.binary(max_size=64),
    le=st.one_of(st.none(), st.integers(1, 256)),
)
def test_protected_commands_with_random_fields(
    ins: int, p1: int, p2: int, data: bytes, le: int | None
) -> None:
    response = _session().transmit(CommandApdu(0x00, ins, p1, p2, data, le))
    assert 0x6000 <= response.sw <= 0x9FFF


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=80))
def test_garbage_secure_messaging_bodies(body: bytes) -> None:
    _session()  # a fresh session each time the garbage dropped the previous one
    header = b"\x0C\xB0\x00\x00"
    raw = header + bytes((len(body),)) + body + b"\x00" if body else header
    response = ResponseApdu.from_bytes(SESSION_CARD.process(raw))
    assert response.sw in (0x6987, 0x6988, 0x6700) or response.ok



@settings(max_examples=200, deadline=None)
@given(
    cla=st.sampled_from([0x00, 0x10]),
    p1p2=st.sampled_from([(0xC1, 0xA4), (0x41, 0xA4), (0x41, 0xA6), (0x00, 0x00)]),
    ins=st.sampled_from([0x22, 0x86, 0x88]),
    data=st.binary(max_size=90),
)
def test_pace_and_authentication_commands_with_random_data(
    cla: int, p1p2: tuple[int, int], ins: int, data: bytes
) -> None:
    """Garbage MSE / GENERAL AUTHENTICATE / INTERNAL AUTHENTICATE on a PACE-capable card."""
    PACE_CARD.reset()
    command = CommandApdu(cla, ins, *p1p2, data, 256 if ins != 0x22 else None)
    response = ResponseApdu.from_bytes(PACE_CARD.process(command.to_bytes()))
    assert 0x6000 <= response.sw <= 0x9FFF
