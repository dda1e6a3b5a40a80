"""Issue 3 end to end in-process: PACE first with BAC fallback, authenticity, resume.

The same emulator runs through the real pcscd in test_read_pcsc.py; here the
in-process transport keeps the many fault permutations fast.
"""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from kiosk.core.errors import CardFileError, CardRemovedError, CardSwappedError
from kiosk.core.models import AccessProtocol
from kiosk.core.resources import asset
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.card_session import ReadListener, ReadOptions, read_card
from kiosk.devices.chip.chip_first import NOT_NEEDED
from kiosk.devices.chip.reading import ReadStrategy
from kiosk.devices.chip.trust_store import TrustStore
from kiosk.simulated.card import EmulatedCard, Faults
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, load_sample

from .helpers import SAMPLES, sample_plan

PKI = asset("samples", "pki")


@pytest.fixture(scope="module")
def trust(tmp_path_factory: pytest.TempPathFactory) -> TrustStore:
    """A trust store holding only the TEST CSCA (never the document signers)."""
    folder = tmp_path_factory.mktemp("trust")
    shutil.copy(PKI / "TEST-CSCA.cert.pem", folder)
    return TrustStore.from_folder(folder)


@pytest.mark.parametrize("name", SAMPLES)
def test_pace_with_can_is_used_when_offered(name: str, trust: TrustStore) -> None:
    card = build_card(name, pace=True)
    result = read_card(LoopbackTransport(card), sample_plan(name), ReadOptions(trust=trust))
    assert result.access is AccessProtocol.PACE
    assert result.key_label == "can"
    assert result.identity.access is AccessProtocol.PACE
    # chip authentication verified the chip: DG15 and active authentication not needed
    assert result.authenticity.to_json_dict() | {"details": []} == {
        "passive": "verified", "active": "not_run", "chip": "verified", "details": []}
    assert f"Active: {NOT_NEEDED}" in result.authenticity.details
    assert result.authenticity.genuine and "DG15" not in result.files
    both_card = build_card(name, pace=True)
    both = read_card(LoopbackTransport(both_card), sample_plan(name),
                     ReadOptions(trust=trust, active_after_chip=True))
    assert (both.authenticity.active, both.authenticity.chip) == ("verified", "verified")
    assert "DG15" in both.files
    # DG15's read and INTERNAL AUTHENTICATE, less the confirming read the face's
    # answer now stands in for
    assert both_card.commands_seen - card.commands_seen == 2


def test_bac_card_verifies_too(trust: TrustStore) -> None:
    name = SAMPLES[0]
    result = read_card(LoopbackTransport(build_card(name)), sample_plan(name),
                       ReadOptions(trust=trust, active_after_chip=True))
    assert result.access is AccessProtocol.BAC
    assert (result.authenticity.passive, result.authenticity.active,
            result.authenticity.chip) == ("verified", "verified", "verified")
    assert any("PACE is not offered" in w for w in result.warnings)


def test_pace_refused_with_6982_falls_back_to_bac() -> None:
    name = SAMPLES[1]
    card = build_card(name, pace=True, pace_refused_sw=0x6982)
    result = read_card(LoopbackTransport(card), sample_plan(name))
    assert result.access is AccessProtocol.BAC
    assert any("PACE with the CAN failed" in w and "6982" in w for w in result.warnings)
    assert result.identity.full_name == load_sample(name).full_name


def test_order_is_configurable() -> None:
    name = SAMPLES[0]
    card = build_card(name, pace=True)
    result = read_card(LoopbackTransport(card), sample_plan(name, order=("BAC",)))
    assert result.access is AccessProtocol.BAC


def test_pace_with_mrz_when_no_id_is_known() -> None:
    name = SAMPLES[0]
    plan = dataclasses.replace(sample_plan(name), can=None)
    result = read_card(LoopbackTransport(build_card(name, pace=True)), plan)
    assert result.access is AccessProtocol.PACE
    assert result.key_label.startswith("mrz:")


def test_no_trust_store_is_chain_unverified_never_verified() -> None:
    name = SAMPLES[0]
    result = read_card(LoopbackTransport(build_card(name)), sample_plan(name))
    assert result.authenticity.passive == "chain_unverified"
    assert not result.authenticity.genuine


@pytest.mark.parametrize(("file", "offset"), [("DG13", 60), ("DG2", 4000), ("DG15", 30)])
def test_a_changed_data_group_fails_and_is_shown(file: str, offset: int,
                                                  trust: TrustStore) -> None:
    name = SAMPLES[0]
    card = build_card(name, faults=Faults(corrupt_file=file, corrupt_offset=offset))
    seen: list[str] = []
    listener = ReadListener(on_identity=lambda ident, auth: seen.append(auth.passive))
    # DG15 is read only with active authentication after chip authentication
    options = ReadOptions(trust=trust, active_after_chip=file == "DG15")
    result = read_card(LoopbackTransport(card), sample_plan(name), options, listener)
    assert result.authenticity.passive == "failed"
    assert any(file in d for d in result.authenticity.details)
    # The identity is still delivered (the visit can go on) but marked, not hidden.
    assert seen == ["failed" if file == "DG13" else "verified"]


def test_a_garbled_mrz_names_dg1() -> None:
    name = SAMPLES[0]
    card = build_card(name, faults=Faults(corrupt_file="DG1", corrupt_offset=40))
    with pytest.raises(CardFileError, match="DG1 on the card is malformed") as info:
        read_card(LoopbackTransport(card), sample_plan(name))
    assert info.value.file == "DG1"


@pytest.mark.parametrize(("signer", "reason"), [
    ("TEST-DS-WRONG-SIGNER", "signer"),
    ("TEST-DS-EXPIRED", "expired"),
])
def test_bad_document_signer_fails(signer: str, reason: str, trust: TrustStore) -> None:
    sample = dataclasses.replace(load_sample(SAMPLES[0]), signer=signer)
    result = read_card(LoopbackTransport(build_card(sample)), sample_plan(SAMPLES[0]),
                       ReadOptions(trust=trust))
    assert result.authenticity.passive == "failed"
    assert any(reason in d.lower() for d in result.authenticity.details)


@pytest.mark.parametrize("both", [False, True])
def test_cloned_chip_fails_active_and_chip_authentication(both: bool, trust: TrustStore
                                                          ) -> None:
    """A copy of a genuine card's files: with chip authentication first (``both``
    False) the face's read is what the copy cannot answer under the new keys; the chip
    fails, the session is renewed, and the face still comes for staff to compare."""
    name = SAMPLES[0]
    card = build_card(name, faults=Faults(cloned=True))
    result = read_card(LoopbackTransport(card), sample_plan(name),
                       ReadOptions(trust=trust, active_after_chip=both))
    assert result.authenticity.chip == "failed"
    assert result.authenticity.active in ("failed", "not_run")
    assert result.authenticity.failed and not result.authenticity.genuine
    assert result.face is not None and "DG2" in result.files


def test_a_card_pulled_before_the_keys_are_confirmed_is_authenticated_again() -> None:
    """The face's read confirms chip authentication's keys; a card that leaves during
    it must not come back with the provisional ``verified``: chip authentication runs
    again in the new session (a copy cannot skip it by going away)."""
    name = SAMPLES[0]
    reference = build_card(name, pace=True)
    read_card(LoopbackTransport(reference), sample_plan(name))
    card = build_card(name, pace=True, faults=Faults(pull_after=reference.commands_seen - 3))
    steps: list[str] = []
    result = read_card(_ReturningCard(card), sample_plan(name), ReadOptions(resume_s=5.0),
                       ReadListener(on_step=steps.append))
    assert result.resumed == 1 and steps.count("checking that the card is genuine") == 2
    assert steps.index("waiting for the card to return") > steps.index("reading DG2")
    assert (result.authenticity.chip, result.authenticity.active) == ("verified", "not_run")
    assert result.face is not None


class _ReturningCard:
    """A loopback transport whose pulled card comes back after ``delay`` reconnect polls."""

    def __init__(self, card: EmulatedCard, delay: int = 3) -> None:
        self.inner = LoopbackTransport(card)
        self.card = card
        self.polls = 0
        self.delay = delay
        self.reads: list[tuple[int, int]] = []

    @property
    def supports_extended(self) -> bool:
        return self.inner.supports_extended

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        return self.inner.transmit(command)

    def reconnect(self) -> None:
        self.polls += 1
        if self.polls < self.delay:
            raise CardRemovedError("not back yet")
        self.card.reinsert()


@pytest.mark.parametrize("pull_after", [12, 30, 60])
def test_card_back_within_the_window_resumes(pull_after: int) -> None:
    name = SAMPLES[0]
    reference_card = build_card(name, pace=True)
    reference = read_card(LoopbackTransport(reference_card), sample_plan(name))
    card = build_card(name, pace=True, faults=Faults(pull_after=pull_after))
    transport = _ReturningCard(card)
    steps: list[str] = []
    result = read_card(transport, sample_plan(name), ReadOptions(resume_s=5.0),
                       ReadListener(on_step=steps.append))
    assert result.resumed == 1
    assert "waiting for the card to return" in steps
    assert result.files == reference.files  # nothing lost, nothing garbled
    # Resuming costs a new unlock plus one re-SELECT, never a second read of a file.
    assert card.commands_seen - reference_card.commands_seen <= 12


def test_card_not_back_in_time_is_a_clear_error() -> None:
    name = SAMPLES[0]
    card = build_card(name, faults=Faults(pull_after=20))
    transport = _ReturningCard(card, delay=10_000)
    with pytest.raises(CardRemovedError, match="removed while"):
        read_card(transport, sample_plan(name), ReadOptions(resume_s=0.3))


def test_extended_reads_bring_each_file_in_one_apdu() -> None:
    name = SAMPLES[0]
    card = build_card(name, pace=True, extended_length=True)
    result = read_card(LoopbackTransport(card), sample_plan(name),
                       ReadOptions(strategy=ReadStrategy(extended=True)))
    apdus, _bytes, _ms = result.identity_stats
    # EF.CardAccess, MSE:Set AT, 4 x GENERAL AUTHENTICATE, SELECT, SOD, DG1, DG13.
    assert apdus == 10
    # DG2 whole in one READ BINARY (a card that refuses that length gets 4 KB blocks:
    # tests/card/test_card_family.py).
    assert result.face_stats[0] == 1


def test_a_different_card_coming_back_stops_the_read() -> None:
    """The CAN and BAC keys of one citizen open both of their cards: compare content."""
    name = SAMPLES[0]
    first = build_card(name, pace=True, faults=Faults(pull_after=30))
    # The same person's other card: same keys, different files (another signer).
    other = build_card(dataclasses.replace(load_sample(name), signer="TEST-DS-RSA"), pace=True)
    transport = _ReturningCard(first, delay=1)

    def swap() -> None:
        transport.inner = LoopbackTransport(other)

    transport.reconnect = swap  # type: ignore[method-assign]
    with pytest.raises(CardSwappedError, match="different card"):
        read_card(transport, sample_plan(name), ReadOptions(resume_s=5.0))
