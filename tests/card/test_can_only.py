"""A typed ID number alone: its last six digits (the CAN) open the chip with PACE.

There is no BAC key without the date of birth and the card's dates, so the errors say
which of the two things went wrong: the card refused the CAN (a wrong number), or the
card cannot take a CAN at all (no PACE, or PACE refused at set-up).
"""

from __future__ import annotations

import pytest

from kiosk.core.errors import CanNotEnoughError, CanRefusedError
from kiosk.core.models import AccessProtocol
from kiosk.devices.card.service import AccessInputs, access_plan
from kiosk.devices.chip.card_session import read_card
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import build_card, load_sample

from .helpers import SAMPLES

NAME, OTHER = SAMPLES[:2]


def _typed(name: str) -> AccessInputs:
    return AccessInputs(id_number=load_sample(name).id_number)


def test_an_id_alone_gives_the_can_and_no_bac_key() -> None:
    plan = access_plan(_typed(NAME))
    assert plan.can == load_sample(NAME).id_number[-6:]
    assert list(plan.bac) == []


@pytest.mark.parametrize("name", SAMPLES)
def test_the_typed_id_opens_a_pace_card(name: str) -> None:
    result = read_card(LoopbackTransport(build_card(name, pace=True)), access_plan(_typed(name)))
    assert result.access == AccessProtocol.PACE and result.key_label == "can"
    assert result.identity.id_number == load_sample(name).id_number


def test_a_wrong_number_is_refused_as_such() -> None:
    assert load_sample(NAME).id_number[-6:] != load_sample(OTHER).id_number[-6:]
    with pytest.raises(CanRefusedError, match="does not match"):
        read_card(LoopbackTransport(build_card(NAME, pace=True)), access_plan(_typed(OTHER)))


@pytest.mark.parametrize("options", [{"pace": False},
                                     {"pace": True, "pace_refused_sw": 0x6982}],
                         ids=["bac-only", "pace-refused"])
def test_a_card_that_takes_no_can_needs_the_dates(options: dict[str, object]) -> None:
    with pytest.raises(CanNotEnoughError, match="date of birth"):
        read_card(LoopbackTransport(build_card(NAME, **options)), access_plan(_typed(NAME)))
