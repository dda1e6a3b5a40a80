"""The elementary files of an ICAO 9303 application, as data.

File identifiers, short file identifiers and outer tags from ICAO 9303-10. The
Vietnamese ID card's application ID is ``A0000002471001`` (the standard eMRTD AID).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.errors import CardFileError
from kiosk.devices.chip.apdu import CommandApdu, Transport

EMRTD_AID = bytes.fromhex("A0000002471001")


@dataclass(frozen=True)
class ElementaryFile:
    """One EF: its name for people, FID, SFI and the tag its content starts with."""

    name: str
    fid: int
    sfi: int
    tag: int


EF_COM = ElementaryFile("EF.COM", 0x011E, 0x1E, 0x60)
EF_SOD = ElementaryFile("EF.SOD", 0x011D, 0x1D, 0x77)
EF_CARD_ACCESS = ElementaryFile("EF.CardAccess", 0x011C, 0x1C, 0x31)
DG1 = ElementaryFile("DG1", 0x0101, 0x01, 0x61)
DG2 = ElementaryFile("DG2", 0x0102, 0x02, 0x75)
DG3 = ElementaryFile("DG3", 0x0103, 0x03, 0x63)
DG11 = ElementaryFile("DG11", 0x010B, 0x0B, 0x6B)
DG13 = ElementaryFile("DG13", 0x010D, 0x0D, 0x6D)
DG14 = ElementaryFile("DG14", 0x010E, 0x0E, 0x6E)
DG15 = ElementaryFile("DG15", 0x010F, 0x0F, 0x6F)

DATA_GROUPS: dict[int, ElementaryFile] = {
    1: DG1,
    2: DG2,
    3: DG3,
    11: DG11,
    13: DG13,
    14: DG14,
    15: DG15,
}


def data_group(number: int) -> ElementaryFile:
    """The EF of data group ``number`` (1..16)."""
    if number in DATA_GROUPS:
        return DATA_GROUPS[number]
    if not 1 <= number <= 16:
        raise ValueError(f"there is no data group {number}")
    tags = {4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68, 9: 0x69, 10: 0x6A, 12: 0x6C, 16: 0x70}
    return ElementaryFile(f"DG{number}", 0x0100 + number, number, tags[number])


def select_application(transport: Transport, aid: bytes = EMRTD_AID) -> None:
    """SELECT the eMRTD application by AID (never the MF: some cards answer 6D00)."""
    response = transport.transmit(CommandApdu(0x00, 0xA4, 0x04, 0x0C, aid))
    if response.sw == 0x6A82:
        raise CardFileError(
            "This card has no ID-card chip application; it is not a citizen ID card.",
            file="application",
        )
    response.check()
