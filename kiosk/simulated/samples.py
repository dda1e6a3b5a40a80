"""Synthetic sample citizens (``kiosk/assets/samples/<name>.json``) and the cards built from them.

Every sample is invented: names, ID numbers, addresses and faces belong to nobody. The
JSON holds what is printed on / stored in the card; derived data (DG1's MRZ, DG13, the
SOD) is built at run time by :mod:`kiosk.simulated.card_files`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core.errors import KioskError
from kiosk.core.resources import asset

if TYPE_CHECKING:
    from kiosk.devices.chip.bac import BacKey
    from kiosk.simulated.card import EmulatedCard
    from kiosk.simulated.card_files import CardFiles
    from kiosk.simulated.card_protocols import ChipSecrets

SAMPLES_DIR = asset("samples")


@dataclass(frozen=True)
class SampleCitizen:
    """One synthetic citizen and how their card is laid out.

    ``expiry_date`` is None for a card that does not expire; ``mrz_expiry`` is then the
    YYMMDD the emulated MRZ carries instead (see :func:`sample_bac_key`).
    ``dg13_parents_layout`` is ``"separate"`` (``SEQ{INT 13, SEQ{father}, SEQ{mother}}``)
    or ``"combined"`` (``SEQ{INT 13, SEQ{father, mother}}``).
    """

    name: str
    description: str
    id_number: str
    full_name: str
    date_of_birth: dt.date
    sex: str  # "Nam" or "Nữ", as DG13 stores it
    nationality: str
    ethnicity: str
    religion: str
    place_of_origin: str
    place_of_residence: str
    identifying_marks: str
    issue_date: dt.date
    expiry_date: dt.date | None
    expiry_text: str
    law: str  # "2014" (CCCD) or "2023" (thẻ căn cước)
    old_id_number: str | None
    father_name: str
    mother_name: str
    spouse_name: str | None
    dg13_parents_layout: str
    dg13_entry16: str | None
    face_file: str
    face_format: str  # "jpeg" or "jp2"
    grey_hair: bool
    signer: str
    signature_scheme: str  # "ecdsa", "rsa-pkcs1v15" or "rsa-pss"
    qr_text: str
    card_access: bytes | None = None

    def __repr__(self) -> str:
        return f"SampleCitizen({self.name!r})"

    @property
    def document_number(self) -> str:
        """The MRZ document number: the last 9 digits of the 12-digit ID."""
        return self.id_number[-9:]

    @property
    def mrz_sex(self) -> str:
        """The MRZ sex letter, ``M`` or ``F``."""
        return "M" if self.sex == "Nam" else "F"

    @property
    def mrz_date_of_birth(self) -> str:
        """Date of birth as the MRZ writes it (YYMMDD)."""
        return self.date_of_birth.strftime("%y%m%d")

    @property
    def mrz_expiry(self) -> str:
        """Expiry as the MRZ writes it (YYMMDD), also for a card that does not expire."""
        if self.expiry_date is not None:
            return self.expiry_date.strftime("%y%m%d")
        return no_expiry_mrz_value(self)

    @property
    def face_path(self) -> Path:
        """Where the face image file lives."""
        return SAMPLES_DIR / self.face_file

    def face_bytes(self) -> bytes:
        """The encoded face image (JPEG or JPEG 2000) as stored in DG2."""
        try:
            return self.face_path.read_bytes()
        except FileNotFoundError as exc:
            raise KioskError(
                f"Face image for sample {self.name!r} is missing; "
                "run python -m kiosk.simulated.faces."
            ) from exc

    @property
    def aa_key_path(self) -> Path:
        """PEM private key for Active Authentication (DG15's public key)."""
        return SAMPLES_DIR / "keys" / f"TEST-{self.name}-aa.key.pem"

    @property
    def ca_key_path(self) -> Path:
        """PEM private key for Chip Authentication (DG14's public key)."""
        return SAMPLES_DIR / "keys" / f"TEST-{self.name}-ca.key.pem"


def no_expiry_mrz_value(sample: SampleCitizen) -> str:
    """The MRZ expiry the emulator writes for a card that does not expire.

    Nobody has published what real cards carry, so the emulator deliberately uses the
    SECOND candidate of the reader's list (``access_keys.bac_candidates``): the kiosk
    must then try candidates in order and report which one worked.
    """
    from kiosk.devices.chip import access_keys

    candidates = list(
        access_keys.bac_candidates(sample.id_number, sample.date_of_birth, sample.issue_date)
    )
    if len(candidates) < 2:
        raise KioskError("The access-key module offers fewer than two no-expiry candidates.")
    expiry: str = candidates[1].expiry_yymmdd
    return expiry


def list_samples() -> list[str]:
    """Names of the sample citizens shipped in ``kiosk/assets/samples/`` (sorted)."""
    return sorted(p.stem for p in SAMPLES_DIR.glob("*.json"))


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value))


def load_sample(name: str) -> SampleCitizen:
    """Load the sample citizen called ``name`` (a KioskError lists the valid names)."""
    path = SAMPLES_DIR / f"{name}.json"
    if "/" in name or not path.is_file():
        raise KioskError(
            f"Unknown sample citizen {name!r}; available: {', '.join(list_samples())}."
        )
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        face = raw["face"]
        return SampleCitizen(
            name=name,
            description=raw["description"],
            id_number=raw["id_number"],
            full_name=raw["full_name"],
            date_of_birth=_date(raw["date_of_birth"]),
            sex=raw["sex"],
            nationality=raw["nationality"],
            ethnicity=raw["ethnicity"],
            religion=raw["religion"],
            place_of_origin=raw["place_of_origin"],
            place_of_residence=raw["place_of_residence"],
            identifying_marks=raw["identifying_marks"],
            issue_date=_date(raw["issue_date"]),
            expiry_date=None if raw["expiry_date"] is None else _date(raw["expiry_date"]),
            expiry_text=raw["expiry_text"],
            law=raw["law"],
            old_id_number=raw["old_id_number"],
            father_name=raw["father_name"],
            mother_name=raw["mother_name"],
            spouse_name=raw["spouse_name"],
            dg13_parents_layout=raw["dg13_parents_layout"],
            dg13_entry16=raw["dg13_entry16"],
            face_file=face["file"],
            face_format=face["format"],
            grey_hair=bool(face["grey_hair"]),
            signer=raw["signer"],
            signature_scheme=raw["signature_scheme"],
            qr_text=raw["qr_text"],
            card_access=(bytes.fromhex(raw["card_access"]) if raw.get("card_access") else None),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KioskError(f"Sample file {path.name} is malformed ({exc}).") from exc


def _resolve(name_or_sample: str | SampleCitizen) -> SampleCitizen:
    if isinstance(name_or_sample, SampleCitizen):
        return name_or_sample
    return load_sample(name_or_sample)


def sample_bac_key(sample: str | SampleCitizen) -> BacKey:
    """The BAC key of a sample's card: document number, MRZ date of birth, MRZ expiry."""
    from kiosk.devices.chip.bac import BacKey

    citizen = _resolve(sample)
    return BacKey(citizen.document_number, citizen.mrz_date_of_birth, citizen.mrz_expiry)


@functools.lru_cache(maxsize=32)
def _card_files(citizen: SampleCitizen, pace: bool) -> CardFiles:
    """Build (and sign) a sample's files once per process: tests build many cards."""
    from kiosk.simulated.card_files import build_card_files

    return build_card_files(citizen, pace=pace)


@functools.lru_cache(maxsize=32)
def _chip_secrets(citizen: SampleCitizen) -> ChipSecrets:
    from cryptography.hazmat.primitives.asymmetric import ec

    from kiosk.simulated.card_protocols import ChipSecrets
    from kiosk.simulated.test_pki import load_private_key

    ca_key = load_private_key(citizen.ca_key_path)
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise KioskError(f"The chip authentication key of {citizen.name!r} is not an EC key.")
    return ChipSecrets(load_private_key(citizen.aa_key_path), ca_key, sample_can(citizen))


def sample_can(sample: str | SampleCitizen) -> str:
    """The card access number of a sample's card: the last 6 digits of the ID."""
    return _resolve(sample).id_number[-6:]


def build_card(
    name_or_sample: str | SampleCitizen,
    rng: Callable[[int], bytes] | None = None,
    *,
    pace: bool = False,
    **options: Any,
) -> EmulatedCard:
    """Build an :class:`EmulatedCard` for a sample; ``options`` go to its constructor.

    The chip gets the sample's private keys (active and chip authentication) and its
    CAN. ``pace=True`` adds an EF.CardAccess offering PACE-ECDH-GM-AES-128 on P-256 (the
    one seen in public code, docs/cccd.md; DG14 and the SOD follow); add
    ``pace_refused_sw=0x6982`` for the cards reported to refuse it. With
    ``Faults(wrong_key=True)`` the chip is keyed with other data, so the sample's own
    keys are refused (6300) — as if the MRZ were mistyped. ``face_image`` puts other
    image bytes in DG2 (e.g. a PNG, which no card should hold) and signs the SOD over it.
    """
    from kiosk.simulated.card import EmulatedCard

    citizen = _resolve(name_or_sample)
    files = dataclasses.replace(_card_files(citizen, pace))  # a copy: callers may edit theirs
    face_image = options.pop("face_image", None)
    if face_image is not None:
        from kiosk.simulated.card_files import with_face_image

        files = with_face_image(files, citizen, face_image)
    key = sample_bac_key(citizen)
    if rng is not None:
        options["rng"] = rng
    options.setdefault("secrets", _chip_secrets(citizen))
    return EmulatedCard(files, key, **options)
