"""DG13 in the layouts public readers met (issue 19), read field by field."""

from __future__ import annotations

from kiosk.devices.chip.dg13 import LAYOUT_ABSENT, LAYOUT_FATHER_ONLY, parse_dg13
from kiosk.devices.chip.identity import build_identity
from kiosk.devices.chip.tlv import encode_tlv

from . import outside_layouts as outside

BASIC_FIELDS = {1: "079093001234", 2: "Trần Văn Bình", 3: "05/01/1993", 4: "Nam"}


def test_father_only_entry13() -> None:
    dg13 = parse_dg13(outside.father_only())
    assert dg13.layout == LAYOUT_FATHER_ONLY
    assert dg13.father_name == "Trần Văn Cường"
    assert dg13.mother_name is None
    assert dg13.spouse_name is None
    assert dg13.unknown == ()
    assert dict(dg13.fields) == BASIC_FIELDS
    identity = build_identity(None, dg13)
    assert identity.father_name == "Trần Văn Cường" and identity.mother_name is None
    assert identity.dg13_layout == LAYOUT_FATHER_ONLY
    assert not any("did not understand" in w for w in identity.warnings)


def test_content_after_the_set_is_kept_in_unknown() -> None:
    dg13 = parse_dg13(outside.after_set())
    assert dict(dg13.fields) == BASIC_FIELDS
    assert dg13.version == 1 and dg13.oid_ok
    assert [(u.name, u.tag, u.text) for u in dg13.unknown] == [
        ("DG13 object after the DG13 header", 0x30, None),
        ("DG13 object after the DG13 header", 0x5F01, None),
        ("DG13 object beside the entry set", 0x0C, "Phụ lục"),
        ("DG13 object beside the entry set", 0x04, None),
    ]
    assert dg13.unknown[0].raw == outside.entry(17, outside.utf8("thêm"))
    assert dg13.unknown[1].raw == encode_tlv(0x5F01, b"\x07")
    assert dg13.unknown[3].raw == bytes.fromhex("04020102")
    identity = build_identity(None, dg13)
    assert "DG13 holds 4 item(s) the kiosk did not understand; they are kept unread." \
        in identity.warnings
    assert identity.unknown_entries == dg13.unknown


def test_context_tags_flat_are_parsed_and_kept() -> None:
    dg13 = parse_dg13(outside.context_tags_flat())
    assert dg13.fields == {}
    assert dg13.layout == LAYOUT_ABSENT
    assert dg13.context_fields == outside.CONTEXT_FIELDS
    assert [u.name for u in dg13.unknown] == [f"DG13 tag {t:02X}" for t in range(0xC0, 0xCB)]
    for item in dg13.unknown:
        assert item.raw == encode_tlv(item.tag, outside.CONTEXT_FIELDS[item.tag].encode())
    identity = build_identity(None, dg13)
    assert "DG13 holds 11 item(s) the kiosk did not understand; they are kept unread." \
        in identity.warnings
    assert "DG13 has no ID number entry." in identity.warnings


def test_context_tags_inside_a_sequence() -> None:
    dg13 = parse_dg13(outside.context_tags_wrapped())
    assert dg13.context_fields == outside.CONTEXT_FIELDS
    assert len(dg13.unknown) == 11


def test_context_tags_inside_the_entry_set_next_to_entries() -> None:
    tagged = encode_tlv(0xC3, "Nữ".encode())
    dg13 = parse_dg13(outside.wrapped(*outside.BASIC, tagged))
    assert dict(dg13.fields) == BASIC_FIELDS
    assert dg13.context_fields == {0xC3: "Nữ"}


def test_entry16_with_twelve_digits_is_reported() -> None:
    dg13 = parse_dg13(outside.entry16_twelve_digits())
    assert 15 not in dg13.fields
    assert dg13.fields[16] == "079093009999"
    assert dg13.entry16_number == "079093009999"
    assert dg13.old_id_number == "079093009999"
    identity = build_identity(None, dg13)
    assert identity.old_id_number == "079093009999"
    assert identity.to_json_dict()["old_id_number"] == "079093009999"
    assert any("entry 16 holds a 12-digit number" in w for w in identity.warnings)


def test_entry16_sixteen_characters_stays_unreported() -> None:
    dg13 = parse_dg13(outside.wrapped(*outside.BASIC, outside.entry(16, outside.printable(
        "A1B2C3D4E5F6G7H8"))))
    assert dg13.old_id_number is None and dg13.entry16_number is None


def test_a_nested_wrapper_is_kept_not_dropped() -> None:
    inner = encode_tlv(0x30, outside.HEADER + encode_tlv(0x31, outside.BASIC[0]))
    dg13 = parse_dg13(encode_tlv(0x6D, encode_tlv(0x30, outside.HEADER + inner)))
    assert [u.name for u in dg13.unknown] == ["DG13 object inside the DG13 wrapper"]
    assert dg13.unknown[0].raw == inner
