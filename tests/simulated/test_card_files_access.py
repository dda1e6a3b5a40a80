"""The emulated chip's file system, driven in-process through LoopbackTransport.

No reader is involved: the loopback transport hands the encoded APDU bytes to the
card, exactly what pcscd would carry.
"""

from __future__ import annotations

import pytest

from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.files import EMRTD_AID
from kiosk.devices.chip.tlv import encode_tlv
from kiosk.simulated.card import EmulatedCard
from kiosk.simulated.loopback import LoopbackTransport

from .card_sessions import read_whole, select_app, unlocked
from .synthetic import KEY, synthetic_card, synthetic_files

FILES = {  # name: (FID, SFI)
    "com": (0x011E, 0x1E), "dg1": (0x0101, 0x01), "dg2": (0x0102, 0x02),
    "dg13": (0x010D, 0x0D), "sod": (0x011D, 0x1D),
}


def test_atr_is_contactless_with_valid_tck() -> None:
    atr = synthetic_card().atr
    assert atr[:4] == bytes.fromhex("3B888001")
    tck = 0
    for b in atr[1:]:
        tck ^= b
    assert tck == 0  # XOR of T0..TCK is zero when TCK is right


def test_select_aid_both_p2_forms() -> None:
    t = LoopbackTransport(synthetic_card())
    assert select_app(t).sw == 0x9000
    fci = t.transmit(CommandApdu(0x00, 0xA4, 0x04, 0x00, EMRTD_AID, le=256))
    assert fci.sw == 0x9000 and fci.data == b"\x6F\x09\x84\x07" + EMRTD_AID
    assert t.transmit(CommandApdu(0x00, 0xA4, 0x04, 0x0C, b"\xA0\x00\x00\x00\x01")).sw == 0x6A82


def test_mf_select_answers_6d00_by_default_and_is_configurable() -> None:
    mf = CommandApdu(0x00, 0xA4, 0x00, 0x0C, b"\x3F\x00")
    assert LoopbackTransport(synthetic_card()).transmit(mf).sw == 0x6D00
    assert LoopbackTransport(synthetic_card(mf_select_sw=0x9000)).transmit(mf).sw == 0x9000


def test_everything_needs_bac_first() -> None:
    t = LoopbackTransport(synthetic_card())
    assert select_app(t).sw == 0x9000
    for name, (fid, sfi) in FILES.items():
        assert t.transmit(CommandApdu(0x00, 0xB0, 0x80 | sfi, 0, le=4)).sw == 0x6982, name
        sel = t.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
        assert sel.sw == 0x9000
        assert t.transmit(CommandApdu(0x00, 0xB0, 0, 0, le=4)).sw == 0x6982, name


def test_application_files_need_the_application_selected() -> None:
    t = LoopbackTransport(synthetic_card())
    assert t.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, b"\x01\x01")).sw == 0x6A82
    assert t.transmit(CommandApdu(0x00, 0xB0, 0x81, 0, le=4)).sw == 0x6A82


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_file_readable_by_fid_and_by_sfi(name: str) -> None:
    files = synthetic_files()
    expected = getattr(files, name)
    fid, sfi = FILES[name]
    t = unlocked(EmulatedCard(files, KEY))
    assert t.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big"))).ok
    assert read_whole(t) == expected
    # By SFI: the first read selects the file, the rest go by offset.
    t2 = unlocked(EmulatedCard(files, KEY))
    first = t2.transmit(CommandApdu(0x00, 0xB0, 0x80 | sfi, 0, le=4))
    assert first.ok and first.data == expected[:4]
    rest = b""
    while 4 + len(rest) < len(expected):
        off = 4 + len(rest)
        rest += t2.transmit(CommandApdu(0x00, 0xB0, off >> 8, off & 0xFF, le=223)).check().data
    assert first.data + rest == expected


def test_select_with_fcp_reports_the_size() -> None:
    files = synthetic_files()
    t = unlocked(EmulatedCard(files, KEY))
    r = t.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x04, b"\x01\x02", le=256)).check()
    assert r.data[:4] == b"\x62\x0B\x80\x02"
    assert int.from_bytes(r.data[4:6], "big") == len(files.dg2)


def test_dg3_needs_eac_and_unknown_files_are_not_found() -> None:
    t = unlocked(synthetic_card())
    assert t.transmit(CommandApdu(0x00, 0xB0, 0x83, 0, le=4)).sw == 0x6982
    assert t.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, b"\x01\x0B")).sw == 0x6A82  # DG11
    assert t.transmit(CommandApdu(0x00, 0xB0, 0x8B, 0, le=4)).sw == 0x6A82
    assert t.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, b"\x01\x1C")).sw == 0x6A82  # no CA


def test_block_limit_6700_or_6cxx() -> None:
    t = unlocked(synthetic_card())
    assert t.transmit(CommandApdu(0x00, 0xB0, 0x82, 0, le=231)).ok
    assert t.transmit(CommandApdu(0x00, 0xB0, 0x82, 0, le=232)).sw == 0x6700
    t = unlocked(synthetic_card(max_read=200, wrong_le_hint=True))
    r = t.transmit(CommandApdu(0x00, 0xB0, 0x82, 0, le=223))
    assert r.sw == 0x6CC8
    assert len(t.transmit(CommandApdu(0x00, 0xB0, 0x82, 0, le=0xC8)).check().data) == 200


def test_reading_past_the_end() -> None:
    files = synthetic_files()
    size = len(files.dg1)
    t = unlocked(EmulatedCard(files, KEY))
    r = t.transmit(CommandApdu(0x00, 0xB0, 0x81, size - 3, le=100))
    assert r.sw == 0x9000 and r.data == files.dg1[-3:]
    assert t.transmit(CommandApdu(0x00, 0xB0, 0x00, size, le=10)).sw == 0x6B00
    t = unlocked(EmulatedCard(files, KEY, end_of_file_sw=0x6282))
    r = t.transmit(CommandApdu(0x00, 0xB0, 0x81, size - 3, le=100))
    assert r.sw == 0x6282 and r.data == files.dg1[-3:]


def test_extended_length_only_when_enabled() -> None:
    files = synthetic_files(dg2_size=5000)
    t = unlocked(EmulatedCard(files, KEY))
    assert not LoopbackTransport(EmulatedCard(files, KEY)).supports_extended
    assert t.transmit(CommandApdu(0x00, 0xB0, 0x82, 0, le=1000)).sw == 0x6700
    card = EmulatedCard(files, KEY, extended_length=True)
    assert LoopbackTransport(card).supports_extended
    t = unlocked(card)
    r = t.transmit(CommandApdu(0x00, 0xB0, 0x82, 0, le=4096)).check()
    assert r.data == files.dg2[:4096]
    assert read_whole(t, block=4096) == files.dg2


def test_odd_ins_read_binary_with_do54_offset() -> None:
    files = synthetic_files(dg2_size=40000)
    t = unlocked(EmulatedCard(files, KEY))
    offset = 33000
    r = t.transmit(CommandApdu(0x00, 0xB1, 0x01, 0x02, encode_tlv(0x54, offset.to_bytes(3, "big")),
                               le=200)).check()
    assert r.data[0] == 0x53
    body = r.data[3:] if r.data[1] == 0x81 else r.data[2:]
    assert len(r.data) <= 200 and body == files.dg2[offset:offset + len(body)]
    # Beyond the end of the file.
    far = len(files.dg2).to_bytes(3, "big")
    assert t.transmit(CommandApdu(0x00, 0xB1, 0, 0, encode_tlv(0x54, far), le=200)).sw == 0x6B00


def test_card_access_readable_without_application_or_bac() -> None:
    card_access = bytes.fromhex("3114301206 0A04007F0007020204020202010202010C".replace(" ", ""))
    card = EmulatedCard(synthetic_files(card_access=card_access), KEY)
    t = LoopbackTransport(card)
    r = t.transmit(CommandApdu(0x00, 0xB0, 0x9C, 0, le=256))
    assert r.ok and r.data == card_access
    assert t.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, b"\x01\x1C")).ok
    assert t.transmit(CommandApdu(0x00, 0xB0, 0, 0, le=256)).data == card_access


def test_unknown_instruction_and_class() -> None:
    t = LoopbackTransport(synthetic_card())
    assert t.transmit(CommandApdu(0x00, 0xCA, 0, 0, le=256)).sw == 0x6D00
    assert t.transmit(CommandApdu(0x80, 0xA4, 0x04, 0x0C, EMRTD_AID)).sw == 0x6E00
    assert ResponseApdu.from_bytes(synthetic_card().process(b"\x00\xA4")).sw == 0x6700
