"""Cards that bend the rules: each quirk must end in a complete read or a typed error,
within a bounded number of APDUs (never a hang). Found by review; kept as regressions."""

from __future__ import annotations

import pytest

from kiosk.core.errors import ConfigError
from kiosk.core.models import AccessProtocol
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.card_session import ReadListener, ReadOptions, read_card
from kiosk.devices.chip.reading import ReadStrategy
from kiosk.simulated.card import EmulatedCard
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, load_sample

from .helpers import SAMPLES, expected_identity, sample_plan

NAME = SAMPLES[0]


class _Quirk(LoopbackTransport):
    """A loopback transport that lets a test rewrite the card's answers.

    ``rewrite`` may return a response to send instead of the card's, or the marker
    ``AFTER_CARD`` plus a response: the card still processes the command (so both
    secure-messaging counters advance, as on a real card) but its answer is replaced.
    """

    def __init__(self, card: EmulatedCard, rewrite) -> None:  # type: ignore[no-untyped-def]
        super().__init__(card)
        self.rewrite = rewrite
        self.sent = 0

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        self.sent += 1
        assert self.sent < 400, "the read did not terminate"
        forced = self.rewrite(command)
        if isinstance(forced, tuple):
            super().transmit(command)
            return forced[1]
        return forced if forced is not None else super().transmit(command)


AFTER_CARD = "after-card"


def _reference(pace: bool = False, **options: object) -> dict[str, bytes]:
    card = build_card(NAME, pace=pace, **options)
    return read_card(LoopbackTransport(card), sample_plan(NAME)).files


def test_extended_le_answered_with_6cxx_falls_back_and_ends() -> None:
    card = build_card(NAME, extended_length=True)
    original = card._check_le

    def check(le: int | None, extended: bool) -> ResponseApdu | None:
        if extended and le is not None and le > 256:
            return ResponseApdu.status(0x6CE7)
        return original(le, extended)

    card._check_le = check  # type: ignore[method-assign]
    result = read_card(LoopbackTransport(card), sample_plan(NAME),
                       ReadOptions(strategy=ReadStrategy(extended=True)))
    assert result.files == _reference(extended_length=True)


@pytest.mark.parametrize("block", [0, 300])
def test_impossible_block_size_is_a_config_error(block: int) -> None:
    with pytest.raises(ConfigError, match="block size"):
        ReadStrategy(block=block)


def test_card_without_sfi_reads_is_still_genuine() -> None:
    """Chip authentication's confirmation must not mistake "no SFI" for a clone."""

    def no_sfi(command: CommandApdu) -> object:
        if command.ins == 0xB0 and command.p1 & 0x80 and command.p1 != 0x9C:
            # SFI reads refused with a plain status, as some real cards answer.
            return (AFTER_CARD, ResponseApdu.status(0x6A86))
        return None

    card = build_card(NAME, pace=True)
    result = read_card(_Quirk(card, no_sfi), sample_plan(NAME))
    assert result.access is AccessProtocol.PACE
    assert result.authenticity.chip == "verified"
    assert not result.authenticity.failed
    assert result.files == _reference(pace=True)


def test_oversized_card_access_is_ignored_not_followed() -> None:
    def hostile(command: CommandApdu) -> ResponseApdu | None:
        if command.ins == 0xB0 and command.p1 == 0x9C:  # EF.CardAccess by SFI
            return ResponseApdu(bytes.fromhex("3183020000") + bytes(200), 0x90, 0x00)
        if command.ins == 0xB0 and command.p1 & 0x80 == 0 and command.cla == 0:
            raise AssertionError("followed a hostile EF.CardAccess length")
        return None

    card = build_card(NAME, pace=True)
    result = read_card(_Quirk(card, hostile), sample_plan(NAME))
    assert result.access is AccessProtocol.BAC  # no usable EF.CardAccess: BAC


def test_malformed_pace_answer_falls_back_to_bac() -> None:
    def garble(command: CommandApdu) -> ResponseApdu | None:
        if command.ins == 0x86 and command.data[2:3] == b"\x81":  # GA with the mapping key
            return ResponseApdu(b"\x7c\x03\x82\x01\x00", 0x90, 0x00)  # not a point
        return None

    result = read_card(_Quirk(build_card(NAME, pace=True), garble), sample_plan(NAME))
    assert result.access is AccessProtocol.BAC
    assert any("PACE" in w for w in result.warnings)


def test_bac_first_order_can_still_reach_pace() -> None:
    plan = sample_plan(NAME, order=("BAC", "PACE"))
    plan = type(plan)(bac=[], can=plan.can, order=plan.order)  # no BAC key at all
    result = read_card(LoopbackTransport(build_card(NAME, pace=True)), plan)
    assert result.access is AccessProtocol.PACE


PNG_FACE = bytes.fromhex("89504E470D0A1A0A") + bytes(64)  # a PNG signature: not a card's face


def test_malformed_face_keeps_the_verified_identity() -> None:
    """Issue 19 item 5: a DG2 image that is neither JPEG nor JPEG 2000 loses only the face."""
    faces: list[object] = []
    unreadable: list[str] = []
    identities: list[object] = []
    listener = ReadListener(on_identity=lambda i, a: identities.append(i),
                            on_face=faces.append, on_face_unreadable=unreadable.append)
    card = build_card(NAME, face_image=PNG_FACE)
    result = read_card(LoopbackTransport(card), sample_plan(NAME), ReadOptions(), listener)
    expected = expected_identity(load_sample(NAME))
    data = result.identity.to_json_dict()
    assert {k: data[k] for k in expected} == expected
    assert result.face is None and result.face_unreadable
    assert faces == [] and unreadable == ["DG2 image is neither JPEG nor JPEG 2000."]
    assert len(identities) == 1
    assert any(w.startswith("The face image on the card (DG2) is unreadable") for w in
               result.warnings)
    # DG2's bytes still match the SOD: only the picture is wrong, not the card.
    assert result.authenticity.passive == "chain_unverified"
    assert not result.authenticity.failed
    assert result.files["DG2"].endswith(PNG_FACE)
