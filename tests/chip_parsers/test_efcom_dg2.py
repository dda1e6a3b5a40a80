"""EF.COM (ICAO 9303 part 11 appendix D bytes) and DG2 (JPEG and JPEG 2000 round trips)."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image

from kiosk.core.errors import ParseError
from kiosk.devices.chip.dg2 import encode_dg2, facial_record, image_format, parse_dg2
from kiosk.devices.chip.efcom import encode_efcom, parse_efcom
from kiosk.devices.chip.tlv import encode_tlv, total_length_from_header

# EF.COM read in ICAO Doc 9303 part 11, appendix D.4 (first 4 bytes, then 18 more).
ICAO_EFCOM = bytes.fromhex("60145F01" "04303130365F36063034303030305C026175")


def test_icao_appendix_d_efcom() -> None:
    assert total_length_from_header(ICAO_EFCOM[:4]) == len(ICAO_EFCOM) == 22
    com = parse_efcom(ICAO_EFCOM)
    assert com.lds_version == "1.6"
    assert com.unicode_version == "4.0.0"
    assert com.tags == (0x61, 0x75)
    assert com.data_groups == [1, 2]
    assert encode_efcom([1, 2], "1.6", "4.0.0") == ICAO_EFCOM


def test_cccd_efcom() -> None:
    data = encode_efcom([1, 2, 3, 13, 14, 15])
    com = parse_efcom(data)
    assert com.tags == (0x61, 0x75, 0x63, 0x6D, 0x6E, 0x6F)
    assert com.data_groups == [1, 2, 3, 13, 14, 15]
    assert com.lds_version == "1.7"


def test_efcom_sod_and_unknown_tags_are_not_data_groups() -> None:
    body = (encode_tlv(0x5F01, b"0107") + encode_tlv(0x5F36, b"040000")
            + encode_tlv(0x5C, bytes.fromhex("61 77 99 6F".replace(" ", ""))))
    com = parse_efcom(encode_tlv(0x60, body))
    assert com.data_groups == [1, 15]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (encode_tlv(0x61, b""), "expected tag 0x60"),
        (encode_tlv(0x60, encode_tlv(0x5F01, b"0107")), "lacks"),
        (encode_tlv(0x60, encode_tlv(0x5F01, b"01A7") + encode_tlv(0x5F36, b"040000")
                    + encode_tlv(0x5C, b"a")), "LDS version"),
        (encode_tlv(0x60, encode_tlv(0x5F01, b"0107") + encode_tlv(0x5F36, b"0400")
                    + encode_tlv(0x5C, b"a")), "Unicode version"),
        (ICAO_EFCOM[:21], "truncated"),
        (ICAO_EFCOM[:3], "truncated"),
    ],
)
def test_efcom_malformed(data: bytes, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment):
        parse_efcom(data)


def test_efcom_encoder_rejects_bad_input() -> None:
    with pytest.raises(ParseError, match="1 to 16"):
        encode_efcom([17])
    with pytest.raises(ParseError, match="LDS version"):
        encode_efcom([1], "1.7.0")


def make_image(fmt: str, size: tuple[int, int] = (36, 48)) -> bytes:
    img = Image.new("RGB", size, (180, 120, 90))
    for x in range(size[0]):
        img.putpixel((x, x % size[1]), (0, 0, 0))
    out = io.BytesIO()
    if fmt == "jpeg":
        img.save(out, "JPEG", quality=80)
    elif fmt == "jp2":
        img.save(out, "JPEG2000")
    else:
        img.save(out, "JPEG2000", no_jp2=True)  # bare codestream
    return out.getvalue()


@pytest.mark.parametrize("kind", ["jpeg", "jp2", "j2k"])
def test_dg2_round_trip(kind: str) -> None:
    image = make_image(kind)
    fmt = "jpeg" if kind == "jpeg" else "jp2"
    data = encode_dg2(image, 36, 48, fmt)
    face = parse_dg2(data)
    assert (face.format, face.width, face.height) == (fmt, 36, 48)
    assert face.data == image
    assert total_length_from_header(data[:6]) == len(data)


def test_dg2_structure_bytes() -> None:
    image = make_image("jpeg")
    data = encode_dg2(image, 36, 48, "jpeg")
    # 75 L 7F61 L 02 01 01 7F60 L A1 0F 80 02 0101 81 01 02 87 02 0101 88 02 0008 5F2E L FAC\0
    assert bytes.fromhex("020101") in data[:12]
    assert bytes.fromhex("A10F8002010181010287020101880200085F2E") in data
    record = facial_record(image, 36, 48, "jpeg")
    assert record[:8] == b"FAC\x00010\x00"
    assert struct.unpack(">IH", record[8:14]) == (len(record), 1)
    assert struct.unpack(">I", record[14:18])[0] == 20 + 12 + len(image)
    info = record[34:46]
    assert struct.unpack(">BBHH", info[:6]) == (1, 0, 36, 48)
    assert record[46:] == image
    assert facial_record(make_image("jp2"), 36, 48, "jp2")[35] == 1  # image data type JPEG 2000


def test_dg2_with_7f2e_and_feature_points() -> None:
    image = make_image("jpeg")
    points = 2
    info = struct.pack(">IH", 20 + 8 * points + 12 + len(image), points) + bytes(14)
    record_body = info + bytes(8 * points) + struct.pack(">BBHHBBHH", 1, 0, 36, 48, 1, 2, 0, 0)
    record = b"FAC\x00010\x00" + struct.pack(">IH", 14 + len(record_body) + len(image), 1)
    record += record_body + image
    template = encode_tlv(0x7F60, encode_tlv(0xA1, b"") + encode_tlv(0x7F2E, record))
    data = encode_tlv(0x75, encode_tlv(0x7F61, encode_tlv(0x02, b"\x01") + template))
    assert parse_dg2(data).data == image


def test_dg2_bare_image_in_data_block() -> None:
    image = make_image("jpeg")
    template = encode_tlv(0x7F60, encode_tlv(0x5F2E, image))
    data = encode_tlv(0x75, encode_tlv(0x7F61, encode_tlv(0x02, b"\x01") + template))
    assert parse_dg2(data).format == "jpeg"


def _dg2_with_record(record: bytes) -> bytes:
    template = encode_tlv(0x7F60, encode_tlv(0x5F2E, record))
    return encode_tlv(0x75, encode_tlv(0x7F61, encode_tlv(0x02, b"\x01") + template))


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (encode_tlv(0x61, b""), "expected tag 0x75"),
        (encode_tlv(0x75, encode_tlv(0x02, b"\x01")), "7F61"),
        (encode_tlv(0x75, encode_tlv(0x7F61, b"")), "7F60"),
        (encode_tlv(0x75, encode_tlv(0x7F61, encode_tlv(0x7F60, b""))), "5F2E"),
        (_dg2_with_record(b"FAC\x00010\x00" + bytes(10)), "truncated in its header"),
        (_dg2_with_record(b"FAC\x00010\x00" + struct.pack(">IH", 34, 0) + bytes(20)),
         "no image"),
        (_dg2_with_record(b"FAC\x00010\x00" + struct.pack(">IH", 999, 1) + bytes(20)),
         "declared length"),
        (_dg2_with_record(b"FAC\x00010\x00" + struct.pack(">IH", 34, 1)
                          + struct.pack(">IH", 500, 0) + bytes(14)), "do not fit"),
        (_dg2_with_record(b"GIF89a" + bytes(40)), "neither JPEG"),
        (_dg2_with_record(make_image("jpeg")[:60]), "cannot be decoded"),
        (_dg2_with_record(b"\xff\x4f\xff\x51" + bytes(40)), "cannot be decoded"),
    ],
)
def test_dg2_malformed(data: bytes, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment):
        parse_dg2(data)


def test_dg2_truncated() -> None:
    data = encode_dg2(make_image("jpeg"), 36, 48, "jpeg")
    for cut in (1, 3, 8, 40, len(data) - 1):
        with pytest.raises(ParseError, match="truncated"):
            parse_dg2(data[:cut])


def test_image_format_and_encoder_checks() -> None:
    assert image_format(bytes.fromhex("0000000C6A502020")) == "jp2"
    with pytest.raises(ParseError, match="format"):
        encode_dg2(b"\xff\xd8", 1, 1, "png")
    with pytest.raises(ParseError, match="width"):
        encode_dg2(b"\xff\xd8", 0, 1, "jpeg")
