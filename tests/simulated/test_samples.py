"""The synthetic sample citizens are consistent with the card rules in docs/cccd.md."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from PIL import Image

from kiosk.core.errors import KioskError
from kiosk.simulated.samples import SampleCitizen, list_samples, load_sample

SAMPLES = [load_sample(name) for name in list_samples()]
PROVINCES = {"001": "Hà Nội", "079": "TP. Hồ Chí Minh", "048": "Đà Nẵng", "031": "Hải Phòng"}
LAW_AGES = {"2014": (25, 40, 60), "2023": (14, 25, 40, 60)}


def law_expiry(dob: dt.date, issued: dt.date, law: str) -> dt.date | None:
    """Expiry = DOB + T for the smallest threshold T with issue < DOB + (T - 2) years."""
    for age in LAW_AGES[law]:
        if issued < dob.replace(year=dob.year + age - 2):
            return dob.replace(year=dob.year + age)
    return None


def test_law_rule_reproduces_the_worked_example() -> None:
    assert law_expiry(dt.date(1993, 1, 5), dt.date(2021, 7, 24), "2014") == dt.date(2033, 1, 5)


def test_at_least_four_samples_and_unknown_names_are_listed() -> None:
    assert len(SAMPLES) >= 4
    with pytest.raises(KioskError) as info:
        load_sample("nobody")
    assert all(name in str(info.value) for name in list_samples())
    with pytest.raises(KioskError):
        load_sample("../pki/TEST-CSCA")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_id_number_matches_birth_sex_and_province(sample: SampleCitizen) -> None:
    number = sample.id_number
    assert len(number) == 12 and number.isdigit()
    assert number[:3] in PROVINCES
    century = (sample.date_of_birth.year - 1900) // 100
    assert int(number[3]) == century * 2 + (0 if sample.sex == "Nam" else 1)
    assert number[4:6] == f"{sample.date_of_birth.year % 100:02d}"
    assert sample.document_number == number[3:]
    assert sample.old_id_number is None or (
        len(sample.old_id_number) == 9 and sample.old_id_number.isdigit())


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_expiry_follows_the_law(sample: SampleCitizen) -> None:
    assert sample.expiry_date == law_expiry(sample.date_of_birth, sample.issue_date, sample.law)
    if sample.expiry_date is None:
        assert sample.expiry_text == "Không thời hạn"
    else:
        assert sample.expiry_text == sample.expiry_date.strftime("%d/%m/%Y")
        assert (sample.expiry_date.month, sample.expiry_date.day) == (
            sample.date_of_birth.month, sample.date_of_birth.day)
    if sample.law == "2023":
        assert sample.issue_date >= dt.date(2024, 7, 1)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_qr_text_has_the_seven_fields(sample: SampleCitizen) -> None:
    fields = sample.qr_text.split("|")
    assert fields == [
        sample.id_number,
        sample.old_id_number or "",
        sample.full_name,
        sample.date_of_birth.strftime("%d%m%Y"),
        sample.sex,
        sample.place_of_residence,
        sample.issue_date.strftime("%d%m%Y"),
    ]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_text_is_nfc_vietnamese(sample: SampleCitizen) -> None:
    for text in (sample.full_name, sample.place_of_residence, sample.place_of_origin,
                 sample.father_name, sample.mother_name, sample.qr_text):
        assert unicodedata.normalize("NFC", text) == text
    assert sample.sex in ("Nam", "Nữ") and sample.nationality == "Việt Nam"
    assert PROVINCES[sample.id_number[:3]].split(". ")[-1] in sample.place_of_residence


def test_the_set_covers_the_required_cases() -> None:
    today = dt.date(2026, 1, 1)
    assert any(s.expiry_date is None and (today - s.date_of_birth).days > 60 * 365
               for s in SAMPLES)
    assert any(s.spouse_name for s in SAMPLES)
    assert any(s.old_id_number is None for s in SAMPLES)
    assert {s.dg13_parents_layout for s in SAMPLES} == {"separate", "combined"}
    assert [s.face_format for s in SAMPLES].count("jp2") == 1
    assert {s.signature_scheme for s in SAMPLES} == {"ecdsa", "rsa-pkcs1v15", "rsa-pss"}
    assert {s.law for s in SAMPLES} == {"2014", "2023"}


def test_names_cover_every_tone_and_vietnamese_letter() -> None:
    names = " ".join(s.full_name for s in SAMPLES)
    decomposed = unicodedata.normalize("NFD", names)
    marks = {"\u0300": "huyền", "\u0301": "sắc", "\u0309": "hỏi", "\u0303": "ngã",
             "\u0323": "nặng"}
    for mark, tone in marks.items():
        assert mark in decomposed, tone
    assert any(not any(m in unicodedata.normalize("NFD", w) for m in marks)
               for w in names.split())  # ngang (level tone)
    toneless = unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if c not in marks)).lower()
    for letter in "đươăâêô":
        assert letter in toneless, letter
    assert "Đ" in names


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_face_image_is_like_a_real_dg2(sample: SampleCitizen) -> None:
    data = sample.face_bytes()
    assert 10_000 <= len(data) <= 20_000
    if sample.face_format == "jpeg":
        assert data[:3] == b"\xFF\xD8\xFF"
    else:
        assert data[:12] == bytes.fromhex("0000000C6A5020200D0A870A")  # JP2 signature box
    with Image.open(sample.face_path) as image:
        image.load()
        assert image.size == (480, 640)


def test_repr_hides_personal_data() -> None:
    for sample in SAMPLES:
        assert sample.full_name not in repr(sample) and sample.id_number not in repr(sample)


def test_portraits_are_deterministic_and_sized_like_dg2() -> None:
    from kiosk.simulated.faces import draw_portrait, encode_face

    first = draw_portrait("x", grey_hair=True)
    assert first.tobytes() == draw_portrait("x", grey_hair=True).tobytes()
    assert first.tobytes() != draw_portrait("y", grey_hair=True).tobytes()
    for fmt in ("jpeg", "jp2"):
        assert 10_000 <= len(encode_face(first, fmt)) <= 20_000
    with pytest.raises(KioskError, match="Unknown face format"):
        encode_face(first, "png")
