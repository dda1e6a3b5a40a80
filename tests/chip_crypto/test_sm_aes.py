"""AES secure messaging against vectors published by an independent eMRTD implementation
(gmrtd's test suite: a protected MSE:Set AT and a long protected READ BINARY answer from a
real session), on top of the ICAO G.1-derived vector in test_pace.py."""

from __future__ import annotations

from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.devices.chip.sm import SecureMessaging


def test_protect_mse_set_at() -> None:
    sm = SecureMessaging(
        bytes.fromhex("cc86415f2ed7e8fd663b754265695ae1"),
        bytes.fromhex("581e84b8ee06c4d3eee30461498d7fb3"),
        bytes.fromhex("000000000000000000000000000000ba"),
        "AES",
    )
    cmd = CommandApdu(0x00, 0x22, 0x41, 0xA4, bytes.fromhex("800a04007f000702020302028401c3"))
    assert sm.protect(cmd).to_bytes() == bytes.fromhex(
        "0c2241a41d871101980953d37f67558690045d78a853b18a8e08929767a2cef172e200"
    )
    assert sm.ssc == bytes.fromhex("000000000000000000000000000000bb")


RESPONSE = bytes.fromhex(
    "8781e1012fabf9e0655d7e987fd28a8aeb19c9cadd990d49399799ed1fe465bcea56da9ba3024291d40d"
    "23d7f1e00485d71faddc6d8c1382e8028dd22efdcc72ed47663d56d20dd6c4b867956fe0507313083ae7"
    "fc54fb46133f184febbe13ad6fd3e2616a1f4a829e75ada1a0e443ca738288f6014be8a7745d8259b089"
    "e6bee35bcc4bf5b63db5fdd84244f67eca099213b70a861b4487225aa68af684278fceb4cb809de42be3"
    "ee95b0e0d72bcdb0ed47cb56efc264e04a9397a90e81ad1d81efa2d14b2ca8ec7bd997f4b1c1fd344d5d"
    "ee8589c38b227ca4cb35810060a7cc76403e990290008e083eb47ef4fa82afc99000"
)
PLAIN = bytes.fromhex(
    "a729901d1a71874700133107ec53306404307bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787"
    "139165efba91f90f8aa5814a503ad4eb04a8c7dd22ce2826043004a8c7dd22ce28268b39b55416f0447c"
    "2fb77de107dcd2a62e880ea53eeb62d57cb4390295dbc9943ab78696fa504c110461041d1c64f068cf45"
    "ffa2a63a81b7c13f6b8847a3e77ef14fe3db7fcafe0cbd10e8e826e03436d646aaef87b2e247d4af1e8a"
    "be1d7520f9c2a45cb1eb8e95cfd55262b70b29feec5864e19c054ff99129280e4646217791811142820"
    "341263c53150231008cb91e82a3"
)


def test_unprotect_long_response() -> None:
    sm = SecureMessaging(
        bytes.fromhex("a8e85e938514ec67ae33cda3d43d3c48"),
        bytes.fromhex("27f1adeb705a049a305b0c619b14b9b3"),
        bytes.fromhex("0000000000000000000000000000000b"),
        "AES",
    )
    assert sm.unprotect(ResponseApdu.from_bytes(RESPONSE)) == ResponseApdu(PLAIN, 0x90, 0x00)
    assert sm.ssc == bytes.fromhex("0000000000000000000000000000000c")


def test_card_side_reproduces_long_response() -> None:
    sm = SecureMessaging(
        bytes.fromhex("a8e85e938514ec67ae33cda3d43d3c48"),
        bytes.fromhex("27f1adeb705a049a305b0c619b14b9b3"),
        bytes.fromhex("0000000000000000000000000000000b"),
        "AES",
    )
    assert sm.protect_response(ResponseApdu(PLAIN, 0x90, 0x00)).to_bytes() == RESPONSE


def test_aes256_session_round_trip() -> None:
    key32 = bytes(range(32))
    reader = SecureMessaging(key32, key32[::-1], 0, "AES")
    card = SecureMessaging(key32, key32[::-1], 0, "AES")
    cmd = CommandApdu(0x00, 0xB0, 0x00, 0x00, le=0xDF)
    assert card.unprotect_command(reader.protect(cmd)) == cmd
    resp = ResponseApdu.status(0x9000, bytes(0xDF))
    assert reader.unprotect(card.protect_response(resp)) == resp
