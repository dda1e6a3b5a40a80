"""Small synthetic card files for the emulator's file-system tests (no sample needed)."""

from __future__ import annotations

import datetime as dt

from kiosk.devices.chip.bac import BacKey
from kiosk.devices.chip.dg1 import encode_dg1
from kiosk.devices.chip.efcom import encode_efcom
from kiosk.devices.chip.mrz import build_td1
from kiosk.devices.chip.tlv import encode_tlv
from kiosk.simulated.card import EmulatedCard, Faults
from kiosk.simulated.card_files import DG3_PLACEHOLDER, CardFiles
from kiosk.simulated.sod_builder import build_sod
from kiosk.simulated.test_pki import DS_ECDSA, load_signer

KEY = BacKey("190012345", "900712", "300712")
MRZ = build_td1("190012345", dt.date(1990, 7, 12), "F", dt.date(2030, 7, 12), "TRAN",
                "THI A", "001190012345")


def synthetic_files(dg2_size: int = 3000, card_access: bytes | None = None) -> CardFiles:
    """Files with recognisable content: DG2's body is the byte pattern i % 251."""
    dg2 = encode_tlv(0x75, bytes(i % 251 for i in range(dg2_size)))
    files = CardFiles(
        com=encode_efcom([1, 2, 3, 13]),
        dg1=encode_dg1(MRZ),
        dg2=dg2,
        dg13=encode_tlv(0x6D, encode_tlv(0x30, b"\x02\x01\x01")),
        dg14=None,
        dg15=None,
        sod=b"",
        card_access=card_access,
        dg3=DG3_PLACEHOLDER,
    )
    files.sod = build_sod(files.data_groups(), load_signer(DS_ECDSA))
    return files


def synthetic_card(faults: Faults | None = None, **options: object) -> EmulatedCard:
    """An emulated card holding :func:`synthetic_files`."""
    return EmulatedCard(synthetic_files(), KEY, faults=faults, **options)  # type: ignore[arg-type]
