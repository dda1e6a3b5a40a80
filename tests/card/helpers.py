"""Shared helpers for the card-reading tests: sample expectations and key inputs."""

from __future__ import annotations

from kiosk.devices.card.service import AccessInputs, access_plan, key_candidates
from kiosk.devices.chip.access import AccessPlan
from kiosk.devices.chip.access_keys import KeyCandidate
from kiosk.simulated.samples import SampleCitizen, list_samples, load_sample

SAMPLES = list_samples()


def sample_keys(name: str) -> list[KeyCandidate]:
    """Key candidates from what a kiosk knows without typing: the card's QR text."""
    return key_candidates(AccessInputs(qr_text=load_sample(name).qr_text))


def sample_plan(name: str, order: tuple[str, ...] = ("PACE", "BAC")) -> AccessPlan:
    """The access plan (BAC keys + CAN) from the card's QR text."""
    return access_plan(AccessInputs(qr_text=load_sample(name).qr_text), order)


def expected_identity(sample: SampleCitizen) -> dict[str, object]:
    """The identity JSON a read of ``sample`` must produce (text as the card stores it)."""
    return {
        "id_number": sample.id_number,
        "old_id_number": sample.old_id_number,
        "full_name": sample.full_name,
        "date_of_birth": sample.date_of_birth.isoformat(),
        "sex": sample.sex,
        "nationality": sample.nationality,
        "ethnicity": sample.ethnicity,
        "religion": sample.religion,
        "place_of_origin": sample.place_of_origin,
        "place_of_residence": sample.place_of_residence,
        "identifying_marks": sample.identifying_marks,
        "issue_date": sample.issue_date.isoformat(),
        "expiry_date": None if sample.expiry_date is None else sample.expiry_date.isoformat(),
        "father_name": sample.father_name,
        "mother_name": sample.mother_name,
        "spouse_name": sample.spouse_name,
    }
