"""The address reader never crashes: any text gives a result or the one refusal."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.addresses import AMBIGUOUS, AddressNotFoundError, Conversion, convert_address

PIECES = ["Phường", "P.", "Xã", "Quận", "Q.", "Huyện", "Thành phố", "TP.", "Tỉnh", "Thị trấn",
          "Đặc khu", "1", "Bến Nghé", "Ô Chợ Dừa", "Đống Đa", "Hà Nội", "Hồ Chí Minh",
          "Thái Thuỵ", "Thái Bình", "Hoà", "Bà Rịa - Vũng Tàu", "Huế", "Việt Nam", ",", "-",
          ";", ".", "  ", "\n", "\u0300", "İ", "ǅ", "각"]


def _check(text: str) -> None:
    try:
        result = convert_address(text)
    except AddressNotFoundError as refused:
        assert str(refused)
        return
    assert isinstance(result, Conversion)
    assert result.province.code
    if result.status == AMBIGUOUS:
        assert result.ward is None
        assert len(result.candidates) >= 2
    else:
        assert result.candidates == ()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join))
def test_address_like_text_never_crashes(text: str) -> None:
    _check(text)
