"""Full card reads against the emulator in-process (LoopbackTransport).

Fast enough to run every APDU position of the card-pulled fault; the same reads run
through the real pcscd in test_read_pcsc.py.
"""

from __future__ import annotations

import pytest

from kiosk.core.errors import (
    AccessDeniedError,
    CardFileError,
    CardRemovedError,
    KioskError,
    SecureMessagingError,
)
from kiosk.core.models import AccessProtocol, FaceImage
from kiosk.devices.chip.card_session import ReadListener, ReadOptions, read_card
from kiosk.devices.chip.reading import ReadStrategy
from kiosk.simulated.card import Faults
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, load_sample

from .helpers import SAMPLES, expected_identity, sample_keys, sample_plan


@pytest.mark.parametrize("name", SAMPLES)
def test_full_read_matches_the_sample(name: str) -> None:
    sample = load_sample(name)
    events: list[str] = []
    listener = ReadListener(
        on_identity=lambda ident, auth: events.append(f"identity:{auth.passive}"),
        on_face=lambda face: events.append("face"),
    )
    result = read_card(LoopbackTransport(build_card(name)), sample_plan(name), listener=listener)
    data = result.identity.to_json_dict()
    for key, value in expected_identity(sample).items():
        assert data[key] == value, key
    assert result.access is AccessProtocol.BAC
    # The identity (checked against the SOD) comes before the slow face.
    assert events == ["identity:chain_unverified", "face"]
    assert result.face is not None
    assert result.face.format == sample.face_format
    assert result.face.width > 100 and result.face.height > 100
    assert {"EF.SOD", "DG1", "DG13", "DG2"} <= set(result.files)
    assert "EF.COM" not in result.files  # the SOD already lists the data groups
    assert result.warnings == [] or all("PACE" in w for w in result.warnings)


@pytest.mark.parametrize("name", SAMPLES)
def test_identity_with_sod_within_sixteen_apdus(name: str) -> None:
    result = read_card(LoopbackTransport(build_card(name)), sample_plan(name),
                       ReadOptions(read_face=False))
    apdus, _bytes, _ms = result.identity_stats
    # EF.CardAccess probe + SELECT + GET CHALLENGE + EXT AUTH + SOD + DG1 + DG13;
    # failed BAC tries (cards that do not expire) cost 2 APDUs each on top.
    tries = [c.label for c in sample_keys(name)].index(result.key_label)
    assert apdus - 2 * tries <= 16
    assert result.face is None and "DG2" not in result.files


def test_no_expiry_card_reports_which_candidate_worked() -> None:
    name = next(n for n in SAMPLES if load_sample(n).expiry_date is None)
    keys = sample_keys(name)
    result = read_card(LoopbackTransport(build_card(name)), sample_plan(name),
                       ReadOptions(read_face=False))
    assert result.key_label != keys[0].label  # the first guess is the law rule: it fails
    assert result.identity.expiry_date is None
    assert result.identity.expiry_text == load_sample(name).expiry_text


def test_wrong_key_is_access_denied() -> None:
    name = SAMPLES[0]
    card = build_card(name, faults=Faults(wrong_key=True))
    with pytest.raises(AccessDeniedError, match="refused every access key"):
        read_card(LoopbackTransport(card), sample_plan(name))


def test_bad_mac_is_a_secure_messaging_error() -> None:
    name = SAMPLES[0]
    card = build_card(name, faults=Faults(bad_mac_at=6))
    with pytest.raises(SecureMessagingError):
        read_card(LoopbackTransport(card), sample_plan(name), ReadOptions(read_face=False))


def _full_read_apdus(name: str, options: ReadOptions) -> int:
    card = build_card(name)
    read_card(LoopbackTransport(card), sample_plan(name), options)
    return card.commands_seen


@pytest.mark.parametrize(("name", "both"), [(SAMPLES[0], False), (SAMPLES[1], False),
                                            (SAMPLES[0], True)])
def test_card_pulled_at_every_apdu_position(name: str, both: bool) -> None:
    """``both``: active authentication after chip authentication too (DG15 read)."""
    plan = sample_plan(name)
    options = ReadOptions(active_after_chip=both)
    total = _full_read_apdus(name, options)
    steps: set[str] = set()
    for n in range(total):
        faces: list[FaceImage] = []
        card = build_card(name, faults=Faults(pull_after=n))
        with pytest.raises(CardRemovedError) as info:
            read_card(LoopbackTransport(card), plan, options,
                      ReadListener(on_face=faces.append))
        err = info.value
        assert err.step, n
        assert "removed while" in str(err) and "place it on the reader again" in str(err)
        steps.add(err.step)
        assert not faces  # the face never comes from a read that failed
    expected = {"unlocking the chip", "reading EF.SOD", "reading DG1", "reading DG13",
                "reading DG14", "checking that the card is genuine", "reading DG2"}
    # chip authentication verified: DG15 and active authentication are not needed
    assert expected | ({"reading DG15"} if both else set()) <= steps
    assert both or "reading DG15" not in steps
    # And one APDU more is a complete read.
    card = build_card(name, faults=Faults(pull_after=total))
    read_card(LoopbackTransport(card), plan, options)


@pytest.mark.parametrize("file", ["DG1", "DG13", "DG2"])
def test_truncated_file_names_the_file(file: str) -> None:
    name = SAMPLES[0]
    card = build_card(name, faults=Faults(truncate_file=file))
    with pytest.raises(KioskError) as info:
        read_card(LoopbackTransport(card), sample_plan(name))
    assert file in str(info.value)
    assert isinstance(info.value, CardFileError)


def test_truncated_sod_is_reported_not_fatal() -> None:
    name = SAMPLES[0]
    card = build_card(name, faults=Faults(truncate_file="SOD"))
    result = read_card(LoopbackTransport(card), sample_plan(name))
    assert result.identity.id_number == load_sample(name).id_number
    assert result.authenticity.passive == "failed"
    assert any("security object (SOD)" in w for w in result.warnings)
    assert "EF.COM" in result.files  # the file list came from EF.COM instead


@pytest.mark.parametrize(
    "options",
    [
        {"max_read": 128},  # 6700 on 223-byte reads → smaller blocks
        {"max_read": 100, "wrong_le_hint": True},  # 6Cxx → the offered length
        {"end_of_file_sw": 0x6282},
        {"omit_do99": True},
    ],
)
def test_read_fallbacks(options: dict[str, object]) -> None:
    name = SAMPLES[1]
    sample = load_sample(name)
    result = read_card(LoopbackTransport(build_card(name, **options)), sample_plan(name))
    assert result.identity.full_name == sample.full_name
    assert result.face is not None


def test_extended_length_reads_use_fewer_apdus() -> None:
    name = SAMPLES[0]
    short = read_card(LoopbackTransport(build_card(name)), sample_plan(name))
    long = read_card(
        LoopbackTransport(build_card(name, extended_length=True)),
        sample_plan(name),
        ReadOptions(strategy=ReadStrategy(extended=True)),
    )
    assert long.files["DG2"] == short.files["DG2"]
    assert long.stats.apdus < short.stats.apdus / 3


def test_extended_refused_falls_back_to_short() -> None:
    name = SAMPLES[0]
    transport = LoopbackTransport(build_card(name, extended_length=False))
    transport_ext = _ForceExtended(transport)
    options = ReadOptions(strategy=ReadStrategy(extended=True))
    result = read_card(transport_ext, sample_plan(name), options)
    assert result.face is not None


class _ForceExtended:
    """A transport that claims extended-length support the card does not have."""

    def __init__(self, inner: LoopbackTransport) -> None:
        self.inner = inner

    @property
    def supports_extended(self) -> bool:
        return True

    def transmit(self, command):  # type: ignore[no-untyped-def]
        return self.inner.transmit(command)


@pytest.mark.parametrize("name", SAMPLES)
def test_identity_files_within_twelve_apdus_even_header_first(name: str) -> None:
    """Issue 2's budget: unlock + DG1 + DG13 in ≤ 12 APDUs with the 4-byte-header strategy."""
    from kiosk.devices.chip.access import unlock
    from kiosk.devices.chip.apdu import CountingTransport
    from kiosk.devices.chip.files import DG1, DG13
    from kiosk.devices.chip.reading import FileReader

    counting = CountingTransport(LoopbackTransport(build_card(name)))
    unlocked = unlock(counting, sample_plan(name, order=("BAC",)))
    reader = FileReader(unlocked.transport, ReadStrategy.header_first())
    reader.read(DG1)
    reader.read(DG13)
    tries = [c.label for c in sample_keys(name)].index(unlocked.key_label)
    assert counting.stats.apdus - 2 * tries <= 12
