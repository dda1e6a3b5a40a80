"""Reading the ends of files (issue 19 item 9): a bare 6282, and files over 32 KB.

The emulated card is reached in-process (LoopbackTransport: the same APDUs a reader
would carry); every read runs real secure messaging against it.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.card_session import ReadOptions, read_card
from kiosk.devices.chip.reading import ReadStrategy
from kiosk.simulated.card import EmulatedCard
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, load_sample

from .helpers import SAMPLES, expected_identity, sample_plan

NAME = SAMPLES[0]


class Recording(LoopbackTransport):
    """The loopback transport to ``card``, keeping every command the card executed and
    its answer as the card saw them (inside secure messaging, before wrapping)."""

    def __init__(self, card: EmulatedCard) -> None:
        super().__init__(card)
        self.commands: list[CommandApdu] = []
        self.answers: list[ResponseApdu] = []
        dispatch = card._dispatch

        def spy(cmd: CommandApdu, extended: bool) -> ResponseApdu:
            answer = dispatch(cmd, extended)
            self.commands.append(cmd)
            self.answers.append(answer)
            return answer

        card._dispatch = spy  # type: ignore[method-assign]


def _big_jpeg(min_bytes: int) -> bytes:
    """A noisy JPEG of at least ``min_bytes`` (noise does not compress)."""
    rng = np.random.default_rng(19)
    side = 240
    while True:
        pixels = rng.integers(0, 256, (side, side * 3 // 4, 3), dtype=np.uint8)
        out = io.BytesIO()
        Image.fromarray(pixels).save(out, "JPEG", quality=95)
        if len(out.getvalue()) >= min_bytes:
            return out.getvalue()
        side += 120


def test_a_bare_6282_on_the_first_read_reads_headers_first() -> None:
    plain = read_card(LoopbackTransport(build_card(NAME, pace=True)), sample_plan(NAME))
    wire = Recording(build_card(NAME, pace=True, end_of_file_sw=0x6282,
                                bare_end_of_file=True))
    result = read_card(wire, sample_plan(NAME))
    expected = expected_identity(load_sample(NAME))
    data = result.identity.to_json_dict()
    assert {k: data[k] for k in expected} == expected
    assert result.face is not None and result.files == plain.files
    assert str(result.access) == "PACE"  # EF.CardAccess was read despite the bare 6282
    bare = [a for a in wire.answers if a.sw == 0x6282 and not a.data]
    # Once for EF.CardAccess (before secure messaging) and once for the first file
    # inside it; the header-first reads are remembered for every later file.
    assert len(bare) == 2
    assert result.stats.apdus <= plain.stats.apdus + 8


def test_a_file_over_32_kb_is_read_with_odd_ins_and_do54() -> None:
    image = _big_jpeg(40_000)
    card = build_card(NAME, face_image=image)
    wire = Recording(card)
    result = read_card(wire, sample_plan(NAME))
    assert result.face is not None and not result.face_unreadable
    assert result.files["DG2"].endswith(image) or image in result.files["DG2"]
    assert len(result.files["DG2"]) > 0x8000
    odd = [c for c in wire.commands if c.ins == 0xB1]
    assert odd, "the part past 32 767 bytes is read with B1"
    first = odd[0]
    assert first.p1 == first.p2 == 0 and first.data[0] == 0x54
    assert int.from_bytes(first.data[2:], "big") > 0x7FFF
    # B0 up to offset 32 767, B1 only past it
    assert all(int.from_bytes(c.data[2:], "big") > 0x7FFF for c in odd)
    assert all(((c.p1 & 0x7F) << 8 | c.p2) <= 0x7FFF for c in wire.commands if c.ins == 0xB0)
    assert result.authenticity.passive == "chain_unverified"  # DG2 hash matched the SOD


def test_a_file_over_32_kb_with_extended_length() -> None:
    image = _big_jpeg(40_000)
    card = build_card(NAME, face_image=image, extended_length=True)
    wire = Recording(card)
    # 4 KB blocks (a card that refused whole-file reads): the body goes past 32 767
    result = read_card(wire, sample_plan(NAME), ReadOptions(strategy=ReadStrategy(
        extended=True, extended_block=4096)))
    assert result.face is not None and len(result.files["DG2"]) > 0x8000
    assert any(c.ins == 0xB1 and (c.le or 0) > 256 for c in wire.commands)
