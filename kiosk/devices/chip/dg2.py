"""EF.DG2 (file 0102, tag 75): the face image, inside an ISO/IEC 19794-5 record.

Structure (ICAO 9303 part 10)::

    75 L
      7F61 L                       biometric information group template
        02 01 <n>                  number of instances
        7F60 L                     biometric information template
          A1 L                     biometric header template (80 version, 81 type, 87/88 format)
          5F2E L (or 7F2E L)       biometric data block: the 19794-5 facial record

19794-5 facial record: header ``"FAC\\0"``, version ``"010\\0"``, record length (4),
number of images (2); then per image a 20-byte facial information block (whose first
4 bytes are this image's data length and next 2 the number of feature points),
8 bytes per feature point, a 12-byte image information block (image data type
0 = JPEG, 1 = JPEG 2000; width, height) and the image bytes.

The format is taken from the image's own magic bytes (JPEG ``FFD8``, JPEG 2000
codestream ``FF4F FF51`` or JP2 box ``0000000C 6A502020``); Pillow then decodes it
fully to check it and to give the width and height.
"""

from __future__ import annotations

import io
import struct

from PIL import Image

from kiosk.core.errors import ParseError
from kiosk.core.models import FaceImage
from kiosk.devices.chip.tlv import Tlv, encode_tlv, expect_single, find

DG2_TAG = 0x75
GROUP_TAG = 0x7F61
INSTANCE_COUNT_TAG = 0x02
TEMPLATE_TAG = 0x7F60
HEADER_TAG = 0xA1
DATA_TAGS = (0x5F2E, 0x7F2E)
FAC = b"FAC\x00"
VERSION = b"010\x00"
RECORD_HEADER = 14
INFO_BLOCK = 20
FEATURE_POINT = 8
IMAGE_INFO = 12
JPEG_MAGIC = b"\xff\xd8"
J2K_MAGIC = b"\xff\x4f\xff\x51"
JP2_MAGIC = bytes.fromhex("0000000C6A502020")
IMAGE_DATA_TYPE = {"jpeg": 0, "jp2": 1}
MAX_PIXELS = 4096 * 4096


def image_format(image: bytes) -> str:
    """ "jpeg" or "jp2" from the image's magic bytes; ParseError otherwise."""
    if image.startswith(JPEG_MAGIC):
        return "jpeg"
    if image.startswith(J2K_MAGIC) or image.startswith(JP2_MAGIC):
        return "jp2"
    raise ParseError("DG2 image is neither JPEG nor JPEG 2000.")


def _decode_size(image: bytes, fmt: str) -> tuple[int, int]:
    try:
        with Image.open(io.BytesIO(image)) as img:
            if img.width * img.height > MAX_PIXELS:
                raise ParseError("DG2 image is implausibly large.")
            img.load()
            return img.width, img.height
    except ParseError:
        raise
    except Exception:  # Pillow raises many types on corrupt data; turn them into one.
        raise ParseError(f"DG2 {fmt} image cannot be decoded.") from None


def biometric_data_block(dg2: bytes) -> bytes:
    """The first biometric data block (5F2E / 7F2E) of DG2: normally a 19794-5 record."""
    outer = expect_single(dg2, DG2_TAG, "DG2")
    group = find(outer.children(), GROUP_TAG)
    if group is None:
        raise ParseError("DG2 has no biometric information group template (7F61).")
    template = find(group.children(), TEMPLATE_TAG)
    if template is None:
        raise ParseError("DG2 has no biometric information template (7F60).")
    kids = template.children()
    block: Tlv | None = next((k for k in kids if k.tag in DATA_TAGS), None)
    if block is None:
        raise ParseError("DG2 has no biometric data block (5F2E or 7F2E).")
    return block.value


def image_from_record(record: bytes) -> bytes:
    """The first image's bytes from a 19794-5 facial record."""
    if not record.startswith(FAC):
        return record  # some issuers store the bare image: checked by its magic bytes
    if len(record) < RECORD_HEADER + INFO_BLOCK:
        raise ParseError("DG2 facial record is truncated in its header.")
    record_length, count = struct.unpack(">IH", record[8:14])
    if count < 1:
        raise ParseError("DG2 facial record holds no image.")
    if record_length > len(record):
        raise ParseError("DG2 facial record is shorter than its declared length.")
    start = RECORD_HEADER
    data_length, points = struct.unpack(">IH", record[start:start + 6])
    image_start = start + INFO_BLOCK + points * FEATURE_POINT + IMAGE_INFO
    end = start + data_length
    if image_start > end or end > len(record):
        raise ParseError("DG2 facial image block lengths do not fit the record.")
    return record[image_start:end]


def parse_dg2(data: bytes) -> FaceImage:
    """The face image of DG2 (first instance); ParseError when malformed or undecodable."""
    image = image_from_record(biometric_data_block(data))
    fmt = image_format(image)
    width, height = _decode_size(image, fmt)
    return FaceImage(format=fmt, width=width, height=height, data=image)


def facial_record(image: bytes, width: int, height: int, fmt: str) -> bytes:
    """An ISO/IEC 19794-5 facial record holding one image (no feature points)."""
    if fmt not in IMAGE_DATA_TYPE:
        raise ParseError("DG2 image format must be 'jpeg' or 'jp2'.")
    if not (0 < width < 65536 and 0 < height < 65536):
        raise ParseError("DG2 image width and height must be 1 to 65535.")
    info = struct.pack(
        ">IHBBB3sH3s3s",
        INFO_BLOCK + IMAGE_INFO + len(image),  # facial record data length
        0,  # feature points
        0, 0, 0,  # gender, eye colour, hair colour: unspecified
        b"\x00\x00\x00",  # feature mask
        0,  # expression unspecified
        b"\x00\x00\x00", b"\x00\x00\x00",  # pose angles and their uncertainty
    )
    image_info = struct.pack(
        ">BBHHBBHH",
        1,  # face image type: full frontal
        IMAGE_DATA_TYPE[fmt],
        width, height,
        1,  # colour space: 24-bit RGB
        2,  # source type: digital still camera
        0, 0,  # device type, quality unspecified
    )
    total = RECORD_HEADER + len(info) + len(image_info) + len(image)
    header = FAC + VERSION + struct.pack(">IH", total, 1)
    return header + info + image_info + image


def encode_dg2(image: bytes, width: int, height: int, fmt: str) -> bytes:
    """DG2 holding ``image`` in a 19794-5 record with an ICAO biometric header."""
    header = (encode_tlv(0x80, b"\x01\x01")  # ICAO header version 1.1
              + encode_tlv(0x81, b"\x02")  # biometric type: face
              + encode_tlv(0x87, b"\x01\x01")  # format owner: ISO/IEC JTC 1/SC 37
              + encode_tlv(0x88, b"\x00\x08"))  # format type: face image
    template = encode_tlv(TEMPLATE_TAG, encode_tlv(HEADER_TAG, header)
                          + encode_tlv(DATA_TAGS[0], facial_record(image, width, height, fmt)))
    group = encode_tlv(GROUP_TAG, encode_tlv(INSTANCE_COUNT_TAG, b"\x01") + template)
    return encode_tlv(DG2_TAG, group)
