"""Each sample citizen's emulated card, read end to end in-process and checked byte for byte."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization

from kiosk.core.errors import AccessDeniedError
from kiosk.devices.chip.apdu import CommandApdu
from kiosk.devices.chip.bac import BacKey, perform_bac
from kiosk.devices.chip.dg1 import parse_dg1
from kiosk.devices.chip.dg13 import parse_dg13
from kiosk.devices.chip.sm import SecureMessagingTransport
from kiosk.devices.chip.tlv import expect_single
from kiosk.simulated.card_files import build_card_files, sample_mrz
from kiosk.simulated.loopback import LoopbackTransport
from kiosk.simulated.samples import (
    SampleCitizen,
    build_card,
    list_samples,
    load_sample,
    sample_bac_key,
)
from kiosk.simulated.test_pki import CSCA, load_certificate, load_private_key

from .card_sessions import select_app
from .sod_check import chain_ok, verify_sod

SAMPLES = [load_sample(name) for name in list_samples()]
SFIS = {"com": 0x1E, "dg1": 0x01, "dg2": 0x02, "dg13": 0x0D, "dg14": 0x0E, "dg15": 0x0F,
        "sod": 0x1D}


def read_sfi(t: SecureMessagingTransport, sfi: int) -> bytes:
    head = t.transmit(CommandApdu(0x00, 0xB0, 0x80 | sfi, 0, le=4)).check().data
    total = 2 + (head[1] if head[1] < 0x80 else 0)
    if head[1] == 0x81:
        total = 3 + head[2]
    elif head[1] == 0x82:
        total = 4 + int.from_bytes(head[2:4], "big")
    data = head
    while len(data) < total:
        off = len(data)
        le = min(223, total - off)
        data += t.transmit(CommandApdu(0x00, 0xB0, off >> 8, off & 0xFF, le=le)).check().data
    return data


def unlock(sample: SampleCitizen) -> tuple[SecureMessagingTransport, LoopbackTransport]:
    plain = LoopbackTransport(build_card(sample))
    select_app(plain).check()
    return perform_bac(plain, sample_bac_key(sample)), plain


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_card_serves_every_file_and_the_sod_verifies(sample: SampleCitizen) -> None:
    t, _ = unlock(sample)
    expected = build_card_files(sample)
    read = {name: read_sfi(t, sfi) for name, sfi in SFIS.items()}
    for name in ("com", "dg1", "dg2", "dg13", "dg14", "dg15"):
        assert read[name] == getattr(expected, name), name
    # DG3 stays on the chip (EAC); its hash is checked against the emulator's own copy.
    assert t.transmit(CommandApdu(0x00, 0xB0, 0x83, 0, le=4)).sw == 0x6982
    groups = {1: read["dg1"], 2: read["dg2"], 3: expected.dg3 or b"", 13: read["dg13"],
              14: read["dg14"], 15: read["dg15"]}
    cert = verify_sod(read["sod"], groups)
    assert chain_ok(cert, load_certificate(CSCA))
    assert cert.subject.rfc4514_string().endswith(f"CN={sample.signer}") or (
        sample.signer in cert.subject.rfc4514_string())


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_dg1_and_dg13_carry_the_sample(sample: SampleCitizen) -> None:
    files = build_card_files(sample)
    mrz = parse_dg1(files.dg1)
    assert mrz.document_number == sample.document_number
    assert mrz.id_number == sample.id_number
    assert mrz.date_of_birth == sample.date_of_birth
    assert mrz.sex == sample.mrz_sex
    assert mrz.raw.replace("\n", "") == sample_mrz(sample)
    if sample.expiry_date is not None:
        assert mrz.expiry_date == sample.expiry_date
    dg13 = parse_dg13(files.dg13)
    assert dg13.fields["id_number"] == sample.id_number
    assert dg13.fields["full_name"] == sample.full_name
    assert dg13.fields["date_of_birth"] == sample.date_of_birth.strftime("%d/%m/%Y")
    assert dg13.fields["expiry"] == sample.expiry_text
    assert dg13.fields.get("old_id_number") == sample.old_id_number
    assert (dg13.father_name, dg13.mother_name, dg13.spouse_name) == (
        sample.father_name, sample.mother_name, sample.spouse_name)
    assert dg13.layout == f"parents-{sample.dg13_parents_layout}"
    assert dg13.fields.get("entry16") == sample.dg13_entry16
    assert not dg13.unknown


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_dg2_holds_the_face_and_dg14_dg15_the_chip_keys(sample: SampleCitizen) -> None:
    files = build_card_files(sample)
    assert sample.face_bytes() in files.dg2
    spki = expect_single(files.dg15 or b"", 0x6F, "DG15").value
    aa = load_private_key(sample.aa_key_path).public_key()
    assert spki == aa.public_bytes(serialization.Encoding.DER,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)
    ca = load_private_key(sample.ca_key_path).public_key()
    ca_spki = ca.public_bytes(serialization.Encoding.DER,
                              serialization.PublicFormat.SubjectPublicKeyInfo)
    dg14 = expect_single(files.dg14 or b"", 0x6E, "DG14").value
    assert ca_spki in dg14
    assert bytes.fromhex("060A04007F00070202030202") in dg14  # id-CA-ECDH-AES-CBC-CMAC-128


def test_no_expiry_card_needs_the_second_candidate() -> None:
    from kiosk.devices.chip.access_keys import bac_candidates

    sample = next(s for s in SAMPLES if s.expiry_date is None)
    candidates = list(bac_candidates(sample.id_number, sample.date_of_birth, sample.issue_date))
    keys = [BacKey(c.document_number, c.date_of_birth.strftime("%y%m%d"), c.expiry_yymmdd)
            for c in candidates]
    assert keys[1] == sample_bac_key(sample)
    plain = LoopbackTransport(build_card(sample))
    select_app(plain).check()
    with pytest.raises(AccessDeniedError):
        perform_bac(plain, keys[0])
    assert perform_bac(plain, keys[1]).transmit(
        CommandApdu(0x00, 0xB0, 0x9E, 0, le=4)).ok


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_bac_key_comes_from_the_qr_facts(sample: SampleCitizen) -> None:
    key = sample_bac_key(sample)
    assert key.document_number == sample.id_number[-9:]
    assert key.date_of_birth == sample.date_of_birth.strftime("%y%m%d")
    if sample.expiry_date is not None:
        assert key.date_of_expiry == sample.expiry_date.strftime("%y%m%d")
