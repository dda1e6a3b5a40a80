"""The files stored on an emulated card, built from a sample citizen.

Uses the reader's own encoders (``kiosk.devices.chip``) for EF.COM, DG1, DG2 and DG13,
so what the emulator serves is exactly what the parsers are tested to read; DG14/DG15
come from :mod:`kiosk.simulated.chip_keys` and EF.SOD from
:mod:`kiosk.simulated.sod_builder`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from dataclasses import dataclass

from PIL import Image

from kiosk.devices.chip.dg1 import encode_dg1
from kiosk.devices.chip.dg2 import encode_dg2
from kiosk.devices.chip.dg13_encode import encode_dg13
from kiosk.devices.chip.efcom import encode_efcom
from kiosk.devices.chip.mrz import build_td1
from kiosk.devices.chip.tlv import encode_tlv, expect_single
from kiosk.simulated.chip_keys import encode_dg14, encode_dg15
from kiosk.simulated.samples import SampleCitizen
from kiosk.simulated.sod_builder import build_sod
from kiosk.simulated.test_pki import load_private_key, load_signer

#: DG3 as the card holds it: a biometric group template announcing no fingerprint.
#: Its content never leaves the chip (reading needs EAC), only its hash is in the SOD.
DG3_PLACEHOLDER = encode_tlv(0x63, encode_tlv(0x7F61, bytes.fromhex("020100")))

#: EF.CardAccess offering PACE-ECDH-GM-AES-CBC-CMAC-128, version 2, standardized domain
#: parameters 12 (NIST P-256) — the file quoted in docs/cccd.md.
CARD_ACCESS_PACE_P256 = bytes.fromhex("3114301206 0A04007F0007020204020202010202010C"
                                      .replace(" ", ""))


@dataclass
class CardFiles:
    """The bytes of every EF on an emulated card (None = the file does not exist)."""

    com: bytes
    dg1: bytes
    dg2: bytes
    dg13: bytes
    dg14: bytes | None
    dg15: bytes | None
    sod: bytes
    card_access: bytes | None
    dg3: bytes | None = None

    def data_groups(self) -> dict[int, bytes]:
        """Data-group number → file bytes, for every DG present."""
        found = {1: self.dg1, 2: self.dg2, 3: self.dg3, 13: self.dg13, 14: self.dg14,
                 15: self.dg15}
        return {n: content for n, content in found.items() if content is not None}


def _ddmmyyyy(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def sample_mrz(sample: SampleCitizen) -> str:
    """The sample's TD1 MRZ (90 characters, as DG1 stores it)."""
    surname, _, given = sample.full_name.partition(" ")
    return build_td1(
        sample.document_number,
        sample.date_of_birth,
        sample.mrz_sex,
        sample.expiry_date,
        surname,
        given,
        sample.id_number,
        no_expiry_yymmdd=sample.mrz_expiry,
    )


def sample_dg13(sample: SampleCitizen) -> bytes:
    """The sample's DG13 in its parents layout (and with entry 16 when it has one)."""
    values: dict[str, str | None] = {
        "id_number": sample.id_number,
        "full_name": sample.full_name,
        "date_of_birth": _ddmmyyyy(sample.date_of_birth),
        "sex": sample.sex,
        "nationality": sample.nationality,
        "ethnicity": sample.ethnicity,
        "religion": sample.religion,
        "place_of_origin": sample.place_of_origin,
        "place_of_residence": sample.place_of_residence,
        "identifying_marks": sample.identifying_marks,
        "issue_date": _ddmmyyyy(sample.issue_date),
        "expiry": sample.expiry_text,
        "old_id_number": sample.old_id_number,
        "father_name": sample.father_name,
        "mother_name": sample.mother_name,
        "spouse_name": sample.spouse_name,
    }
    return encode_dg13(values, parents_layout=sample.dg13_parents_layout,
                       include_entry16=sample.dg13_entry16)


def sample_dg2(sample: SampleCitizen) -> bytes:
    """The sample's DG2 holding the face image file unchanged."""
    with Image.open(sample.face_path) as image:
        width, height = image.size
    return encode_dg2(sample.face_bytes(), width, height, sample.face_format)


def build_card_files(sample: SampleCitizen, pace: bool = False) -> CardFiles:
    """Build every file of the sample's card and sign the SOD with the sample's signer.

    ``pace`` adds EF.CardAccess offering PACE (and its PACEInfo to DG14, as ICAO 9303-11
    asks); without it, the sample's own ``card_access`` (none so far) is used.
    """
    aa_key = load_private_key(sample.aa_key_path)
    ca_key = load_private_key(sample.ca_key_path)
    card_access = CARD_ACCESS_PACE_P256 if pace else sample.card_access
    pace_infos: tuple[bytes, ...] = ()
    if card_access is not None:
        pace_infos = tuple(info.encode() for info in expect_single(
            card_access, 0x31, "EF.CardAccess").children())
    files = CardFiles(
        com=encode_efcom([1, 2, 3, 13, 14, 15]),
        dg1=encode_dg1(sample_mrz(sample)),
        dg2=sample_dg2(sample),
        dg13=sample_dg13(sample),
        dg14=encode_dg14(ca_key, aa_key, pace_infos),
        dg15=encode_dg15(aa_key),
        sod=b"",
        card_access=card_access,
        dg3=DG3_PLACEHOLDER,
    )
    signing_time = dt.datetime.combine(sample.issue_date, dt.time(9, 0), tzinfo=dt.UTC)
    files.sod = build_sod(files.data_groups(), load_signer(sample.signer),
                          sample.signature_scheme, signing_time)
    return files


def with_face_image(files: CardFiles, sample: SampleCitizen, image: bytes) -> CardFiles:
    """A copy of ``files`` whose DG2 holds ``image`` as it is, with the SOD signed again.

    For cards whose face is not JPEG / JPEG 2000 (the image is labelled JPEG in its
    header): the SOD still matches, so only the face is wrong, as issue 19 describes.
    """
    try:
        with Image.open(io.BytesIO(image)) as decoded:
            width, height = decoded.size
    except OSError:  # not a picture at all: any plausible size for the record
        width, height = 480, 640
    out = dataclasses.replace(files, dg2=encode_dg2(image, width, height, "jpeg"))
    signing_time = dt.datetime.combine(sample.issue_date, dt.time(9, 0), tzinfo=dt.UTC)
    out.sod = build_sod(out.data_groups(), load_signer(sample.signer),
                        sample.signature_scheme, signing_time)
    return out
