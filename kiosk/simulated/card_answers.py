"""How the emulated chip's answers are encoded: its ATR, the ISO 7816 status words it
answers with, the DO53 wrapping of an odd-INS READ BINARY, and the corrupted MAC of the
``bad_mac_at`` fault. ``card`` (the chip's state and commands) builds on these.
"""

from __future__ import annotations

from kiosk.devices.chip.apdu import ResponseApdu

#: A contactless eMRTD ATR as PC/SC builds it for an ISO 14443-4 type B card:
#: 3B 88 80 01, eight bytes of ATQB application data / protocol info, then TCK.
ATR_BODY = bytes.fromhex("3B8880010000000000718100")


def _with_tck(body: bytes) -> bytes:
    tck = 0
    for byte in body[1:]:
        tck ^= byte
    return body + bytes((tck,))


ATR = _with_tck(ATR_BODY)

SW_OK = 0x9000
SW_WRONG_LENGTH = 0x6700
SW_SECURITY = 0x6982
SW_SM_MISSING = 0x6987
SW_SM_INCORRECT = 0x6988
SW_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_OFFSET = 0x6B00
SW_INS = 0x6D00
SW_CLA = 0x6E00
SW_AUTH_FAILED = 0x6300
SW_CONDITIONS = 0x6985
SW_WRONG_DATA = 0x6A80


def do53(chunk: bytes) -> bytes:
    """``chunk`` wrapped in DO53, as READ BINARY with an odd INS (B1) answers."""
    n = len(chunk)
    if n < 0x80:
        head = bytes((0x53, n))
    elif n < 0x100:
        head = bytes((0x53, 0x81, n))
    else:
        head = b"\x53\x82" + n.to_bytes(2, "big")
    return head + chunk


def corrupt_mac(response: ResponseApdu) -> ResponseApdu:
    """Flip the last MAC byte of a protected response (a plain one is left alone)."""
    data = response.data
    if len(data) >= 10 and data[-10:-8] == b"\x8E\x08":
        data = data[:-1] + bytes((data[-1] ^ 0xFF,))
    return ResponseApdu(data, response.sw1, response.sw2)
