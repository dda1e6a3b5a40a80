"""Old card addresses converted to the July 2025 units, row by row (address_table.py)."""

from __future__ import annotations

import pytest

from kiosk.core.addresses import (
    AMBIGUOUS,
    CONVERTED,
    UNCHANGED,
    AddressNotFoundError,
    convert_address,
)
from tests.addresses.address_table import DN, DONG_DA, HN, HUE, OLD_PROVINCES, ROWS


def test_the_table_is_as_large_as_the_issue_asks() -> None:
    old_rows = [r for r in ROWS if r[1] != UNCHANGED]
    assert len(old_rows) >= 60, len(old_rows)
    assert len(OLD_PROVINCES) >= 12, sorted(OLD_PROVINCES)


@pytest.mark.parametrize(("text", "status", "ward", "province", "street", "source"), ROWS,
                         ids=[r[0] for r in ROWS])
def test_old_address_converts_as_its_source_says(
        text: str, status: str, ward: object, province: tuple[str, str], street: str,
        source: str) -> None:
    result = convert_address(text)
    assert result.status == status, (source, result)
    assert (result.province.name, result.province.code) == province, source
    assert result.street == street
    assert result.input == text
    if status == AMBIGUOUS:
        assert result.ward is None
        got = {(c.ward.name, c.ward.code) for c in result.candidates}
        assert got == ward, source
        assert all((c.province.name, c.province.code) == province for c in result.candidates)
    else:
        assert result.candidates == ()
        got_ward = (result.ward.name, result.ward.code) if result.ward else None
        assert got_ward == ward, source


def test_candidates_come_in_alphabetical_order_without_diacritics() -> None:
    names = [c.ward.name for c in convert_address("Quận Đống Đa, Hà Nội").candidates]
    assert names == ["Phường Bạch Mai", "Phường Đống Đa", "Phường Giảng Võ", "Phường Kim Liên",
                     "Phường Láng", "Phường Ô Chợ Dừa", "Phường Văn Miếu - Quốc Tử Giám"]


@pytest.mark.parametrize("text", ["", "   ", "không có địa chỉ", "Quận 1", "12 Lê Lợi, Quận 1",
                                  "Phường Bến Nghé, Quận Không Có, Hà Nội", "Việt Nam"])
def test_text_naming_no_known_unit_is_refused_with_a_sentence(text: str) -> None:
    with pytest.raises(AddressNotFoundError) as raised:
        convert_address(text)
    assert str(raised.value)


def test_a_ward_the_district_never_had_leaves_the_district_to_choose_from() -> None:
    result = convert_address("Số 1, Phường Không Tồn Tại, Quận Đống Đa, Hà Nội")
    assert result.status == AMBIGUOUS
    assert {(c.ward.name, c.ward.code) for c in result.candidates} == DONG_DA
    assert result.street == "Số 1"


def test_as_json_has_the_issue_keys() -> None:
    result = convert_address("Phường Ô Chợ Dừa, Quận Đống Đa, Hà Nội").as_json()
    assert set(result) == {"status", "input", "street", "ward", "province", "candidates"}
    assert result["ward"] is None
    assert {"ward": {"name": "Phường Ô Chợ Dừa", "code": "00190"},
            "province": {"name": "Thành phố Hà Nội", "code": "01"}} in result["candidates"]


@pytest.mark.parametrize(("text", "status", "province"), [
    ("Hà Nội", UNCHANGED, HN),  # NQ202: Hà Nội kept as it was
    ("Tỉnh Quảng Nam", CONVERTED, DN),  # NQ202: Quảng Nam into Đà Nẵng
    ("Thừa Thiên Huế", CONVERTED, HUE),  # Nghị quyết 175/2024/QH15: renamed Thành phố Huế
])
def test_a_province_alone_is_converted_without_a_ward(
        text: str, status: str, province: tuple[str, str]) -> None:
    result = convert_address(text)
    assert (result.status, result.ward, result.candidates) == (status, None, ())
    assert (result.province.name, result.province.code) == province
