"""Extended length found by probing, and EF.CardAccess remembered, per card family
(issue 19 items 7 and 8). The emulated card is reached in-process (LoopbackTransport);
``reader_extended=True`` models a reader that carries extended APDUs, so the card's own
answer decides."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kiosk.core.errors import CardRemovedError
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.card_family import CardFamilies, family_key
from kiosk.devices.chip.card_session import CardReadResult, ReadOptions, read_card
from kiosk.devices.chip.sod_splice import (
    GIVE_UP,
    certificate_field,
    certificate_span,
    certificate_splice,
)
from kiosk.simulated.card import EmulatedCard
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card

from .helpers import SAMPLES, sample_plan

NAME = SAMPLES[2]  # the sample with the largest SOD + DG13: the most APDUs
P256 = bytes.fromhex("31143012060A04007F0007020204020202010202010C")
BRAINPOOL = P256[:-1] + b"\x0d"  # a valid EF.CardAccess of another family (curve 13)


def _read(card: EmulatedCard, families: CardFamilies | None, *, auto: bool = True,
          reader_extended: bool | None = True) -> CardReadResult:
    options = ReadOptions(extended_auto=auto, families=families)
    return read_card(LoopbackTransport(card, reader_extended), sample_plan(NAME), options)


def test_extended_card_is_found_and_read_in_a_few_apdus() -> None:
    families = CardFamilies()
    first = _read(build_card(NAME, pace=True, extended_length=True), families)
    assert str(first.access) == "PACE"
    assert first.face_stats[0] <= 5  # DG2 in one to a few extended reads
    assert first.stats.apdus <= 22
    facts = families.get(next(iter(families._facts)))
    assert facts.extended is True and facts.card_access == P256
    # The probe was the EF.CardAccess read: no APDU more than PACE needs.
    second = _read(build_card(NAME, pace=True, extended_length=True), families)
    assert second.identity_stats[0] == first.identity_stats[0] - 1  # EF.CardAccess cached
    assert second.files == first.files


def test_card_without_extended_length_falls_back_once_and_is_remembered() -> None:
    today = read_card(LoopbackTransport(build_card(NAME, pace=True)), sample_plan(NAME))
    families = CardFamilies()
    probed = _read(build_card(NAME, pace=True), families)
    assert probed.files == today.files
    assert probed.stats.apdus == today.stats.apdus + 1  # the refused probe, once
    again = _read(build_card(NAME, pace=True), families)
    # Never slower than before: the family is known short-only, its EF.CardAccess and
    # its document signer's certificate are remembered (4 SOD blocks fewer here).
    assert again.stats.apdus == today.stats.apdus - 1 - 3
    assert again.identity_stats[0] <= 16  # issue 19 item 8: PACE, short APDUs
    assert again.files == today.files


def test_pace_short_apdus_identity_within_16_once_the_family_is_known() -> None:
    for name in SAMPLES:
        families = CardFamilies()
        options = ReadOptions(extended_auto=True, families=families)
        for _ in range(2):
            result = read_card(LoopbackTransport(build_card(name, pace=True), False),
                               sample_plan(name), options)
        assert str(result.access) == "PACE"
        assert result.identity_stats[0] <= 16, name
        fresh = read_card(LoopbackTransport(build_card(name, pace=True)), sample_plan(name))
        assert result.files == fresh.files  # the same bytes as a read of every block


def test_a_wrong_cached_card_access_is_caught_by_pace_and_replaced() -> None:
    families = CardFamilies()
    card = build_card(NAME, pace=True)
    key = family_key(LoopbackTransport(card))
    families.remember(key, card_access=BRAINPOOL, extended=False)
    result = _read(card, families)
    assert str(result.access) == "PACE"
    assert families.get(key).card_access == P256


def test_auto_off_keeps_the_strategy_and_reads_card_access_every_time() -> None:
    today = read_card(LoopbackTransport(build_card(NAME, pace=True)), sample_plan(NAME))
    off = _read(build_card(NAME, pace=True), None, auto=False)
    assert off.stats.apdus == today.stats.apdus


def test_a_reader_that_cannot_carry_extended_apdus_is_not_probed() -> None:
    today = read_card(LoopbackTransport(build_card(NAME, pace=True)), sample_plan(NAME))
    families = CardFamilies()
    result = _read(build_card(NAME, pace=True, extended_length=True), families,
                   reader_extended=False)
    assert result.stats.apdus == today.stats.apdus  # no probe, short reads
    assert families.get(next(iter(families._facts))).extended is None


def test_bac_card_without_card_access(tmp_path: Path) -> None:
    families = CardFamilies(tmp_path / "families.json")
    first = _read(build_card(NAME), families)
    assert str(first.access) == "BAC"
    facts = families.get(next(iter(families._facts)))
    assert facts.no_card_access and facts.extended is False
    reloaded = CardFamilies(tmp_path / "families.json")
    assert reloaded.get(next(iter(families._facts))) == facts
    again = _read(build_card(NAME), reloaded)
    assert again.stats.apdus < first.stats.apdus  # no probe, no EF.CardAccess read
    assert again.files == first.files


def test_family_memory_survives_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "families.json"
    path.write_text("{not json", encoding="utf-8")
    families = CardFamilies(path)
    assert families.get("x|00").extended is None
    families.remember("x|00", extended=True, card_access=P256)
    assert CardFamilies(path).get("x|00").card_access == P256
    # written owner-only, whatever the umask, and the broken file's loose mode is gone
    assert path.stat().st_mode & 0o777 == 0o600


def test_family_memory_in_a_new_folder_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "kiosk" / "families.json"
    old = os.umask(0o022)
    try:
        CardFamilies(path).remember("x|00", extended=False)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_a_wrong_family_certificate_fails_passive_auth_and_the_sod_is_read_whole() -> None:
    families = CardFamilies()
    card = build_card(NAME, pace=True)
    key = family_key(LoopbackTransport(card))
    real = certificate_field(read_card(LoopbackTransport(build_card(NAME, pace=True)),
                                       sample_plan(NAME)).files["EF.SOD"])
    assert real is not None
    # Same length and start, another public key: the SOD's signature cannot verify.
    spki = x509.load_der_x509_certificate(real).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    key_at = real.index(spki)
    forged = real[:key_at + 40] + bytes(b ^ 0x5A for b in real[key_at + 40:key_at + 70]) \
        + real[key_at + 70:]
    families.remember(key, sod_certificates=(forged,), extended=False)
    result = _read(card, families)
    assert result.authenticity.passive == "chain_unverified"  # not "failed": re-read
    assert certificate_field(result.files["EF.SOD"]) == real
    assert families.get(key).sod_certificates == (real, forged)


def test_certificate_span_needs_only_headers() -> None:
    sod = read_card(LoopbackTransport(build_card(NAME)), sample_plan(NAME)).files["EF.SOD"]
    start, length = certificate_span(sod) or (0, 0)
    assert sod[start:start + 2] == b"\x30\x82"  # a DER certificate starts there
    assert certificate_span(sod[:start - 5]) is None  # the A0 header not read yet
    assert certificate_span(sod[:start]) == (start, length)
    splice = certificate_splice([sod[start:start + length]])
    assert splice(sod[:223]) is None
    assert splice(sod[:start]) == (start, sod[start:start + length])
    assert certificate_splice([b"\x30" * length])(sod[:start + 60]) == GIVE_UP
    assert certificate_splice([sod[start:start + length]])(b"\x6d\x03\x02\x01\x01") == GIVE_UP


class _ShortOnlyReader(LoopbackTransport):
    """A reader that cannot carry extended APDUs and drops them as if the card left
    (some PC/SC drivers do); the card itself would take them."""

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        if command.needs_extended:
            raise CardRemovedError("The card was removed from the reader.")
        return super().transmit(command)


def test_a_reader_that_drops_extended_apdus_reads_short() -> None:
    families = CardFamilies()
    card = build_card(NAME, pace=True, extended_length=True)
    result = read_card(_ShortOnlyReader(card, reader_extended=True), sample_plan(NAME),
                       ReadOptions(extended_auto=True, families=families))
    assert str(result.access) == "PACE" and result.face is not None
    assert families.get(family_key(LoopbackTransport(card))).extended is False


def test_extended_reads_take_each_file_whole() -> None:
    """One READ BINARY per file with extended length: the face (13-20 KB) included."""
    families = CardFamilies()
    result = _read(build_card(NAME, pace=True, extended_length=True), families)
    assert result.face_stats[0] == 1
    short = read_card(LoopbackTransport(build_card(NAME, pace=True)), sample_plan(NAME))
    assert result.files == short.files


def test_a_card_refusing_whole_file_reads_gets_4_kb_blocks_and_its_family_remembers() -> None:
    """A card whose buffer takes 4 KB answers 6700 to a whole-file Le: the kiosk reads
    4 KB blocks (not short APDUs), and the next card of the family is asked for 4 KB."""
    families = CardFamilies()
    card = build_card(NAME, pace=True, extended_length=True, max_extended_read=4096)
    key = family_key(LoopbackTransport(card))
    families.remember(key, extended=True)  # its probe of a small file would say yes
    first = _read(card, families)
    assert 3 <= first.face_stats[0] <= 6  # 4 KB blocks, after one refused read
    assert families.get(key).extended_block == 4096
    second = _read(build_card(NAME, pace=True, extended_length=True,
                              max_extended_read=4096), families)
    # no refused read this time, and EF.CardAccess now remembered: 2 APDUs fewer
    assert second.stats.apdus == first.stats.apdus - 2
    assert second.face_stats[0] == first.face_stats[0]
    assert second.files == first.files
