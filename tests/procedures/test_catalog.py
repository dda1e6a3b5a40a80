"""The shipped procedure catalog, its search and grouping, and the loader's checks."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.procedures import (
    DEFAULT_CATALOG,
    QUEUE_CODE,
    Catalog,
    CatalogError,
    fold,
    load_catalog,
    parse_catalog,
)

RAW: dict[str, Any] = tomllib.loads(DEFAULT_CATALOG.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_the_shipped_catalog_has_the_common_procedures(catalog: Catalog) -> None:
    codes = [p.code for p in catalog.procedures]
    for code in ("CU-THUONGTRU", "CU-TAMTRU", "HT-KHAISINH", "HT-KETHON", "HT-XNHONNHAN",
                 "CT-BANSAO", "LLTP-PHIEU", "KD-HOKD", QUEUE_CODE):
        assert code in codes
    assert len([p for p in catalog.procedures if p.needs_identity]) >= 8
    assert [p.rank for p in catalog.procedures] == sorted(p.rank for p in catalog.procedures)
    for procedure in catalog.procedures:
        assert procedure.name_vi != procedure.name_en
        if procedure.needs_identity:
            assert procedure.documents, procedure.code
            assert any(f.from_chip for f in procedure.fields), procedure.code


def test_the_data_file_says_facts_must_be_checked() -> None:
    header = DEFAULT_CATALOG.read_text(encoding="utf-8").split("[[procedure]]", 1)[0]
    assert "phải đối" in header and "MUST be checked" in header


def test_facts_as_commonly_published(catalog: Catalog) -> None:
    assert catalog.get("CU-THUONGTRU").processing_days == 7
    assert catalog.get("CU-TAMTRU").processing_days == 3
    assert catalog.get("HT-XNHONNHAN").processing_days == 3
    assert catalog.get("LLTP-PHIEU").processing_days == 10
    assert catalog.get("LLTP-PHIEU").fee_vnd == 200000
    assert catalog.get("HT-KETHON").fee_vnd == 0
    assert catalog.get("CU-THUONGTRU").fee_vnd == 20000


@pytest.mark.parametrize("query", ["dang ky ket hon", "ĐĂNG KÝ KẾT HÔN", "Dang  Ky  Ket-Hon",
                                   "đăng ký kết hôn", "marriage", "ket hon"])
def test_search_ignores_diacritics_and_case(catalog: Catalog, query: str) -> None:
    assert catalog.search(query)[0].code == "HT-KETHON"


@pytest.mark.parametrize(("query", "code"), [
    ("ly lich tu phap", "LLTP-PHIEU"),
    ("ho khau", "CU-THUONGTRU"),  # a keyword people still use
    ("tam tru", "CU-TAMTRU"),
    ("chung thuc", "CT-BANSAO"),
    ("khai si", "HT-KHAISINH"),  # words are matched as prefixes while typing
    ("ho kinh doanh", "KD-HOKD"),
    ("lay so", QUEUE_CODE),
])
def test_search_finds(catalog: Catalog, query: str, code: str) -> None:
    assert catalog.search(query)[0].code == code


def test_search_orders_by_use_and_empty_query_lists_all(catalog: Catalog) -> None:
    found = catalog.search("dang ky")
    in_name = [p for p in found if "dang ky" in fold(p.name_vi) or "dang ky" in fold(p.name_en)]
    assert found[:len(in_name)] == in_name  # names holding the phrase first,
    assert in_name == sorted(in_name, key=lambda p: p.rank)  # each part most used first
    rest = found[len(in_name):]
    assert rest == sorted(rest, key=lambda p: p.rank)
    found = [p.code for p in found]
    assert "CU-THUONGTRU" in found and "HT-KHAITU" in found
    assert catalog.search("  ") == list(catalog.procedures)
    assert catalog.search("xyzzy") == []


def test_grouped_by_field_most_used_first(catalog: Catalog) -> None:
    groups = catalog.grouped("vi")
    names = [name for name, _ in groups]
    assert names[0] == "Tiếp nhận chung"
    civil = dict(groups)["Hộ tịch"]
    assert [p.code for p in civil][:4] == ["HT-KHAISINH", "HT-XNHONNHAN", "HT-KETHON",
                                           "HT-KHAITU"]
    assert [p.rank for p in civil] == sorted(p.rank for p in civil)
    english = dict(catalog.grouped("en"))
    assert [p.code for p in english["Residence"]][:2] == ["CU-THUONGTRU", "CU-TAMTRU"]
    only = catalog.grouped("vi", [catalog.get("CU-TAMTRU"), catalog.get("HT-KETHON")])
    assert [(n, [p.code for p in ps]) for n, ps in only] == [("Cư trú", ["CU-TAMTRU"]),
                                                            ("Hộ tịch", ["HT-KETHON"])]


def test_unknown_code_is_a_catalog_error(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="no procedure with code"):
        catalog.get("NOPE")


def test_fold() -> None:
    assert fold("Đăng ký  KẾT-hôn") == "dang ky ket hon"
    assert fold("Đường Nguyễn Huệ") == "duong nguyen hue"


def _first(raw: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in raw["procedure"] if p["code"] == "LLTP-PHIEU")


def _edit(path: str, value: Any) -> dict[str, Any]:
    raw = copy.deepcopy(RAW)
    target: Any = _first(raw)
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    key: Any = int(last) if last.isdigit() else last
    if value is _DELETE:
        del target[key]
    else:
        target[key] = value
    return raw


_DELETE = object()


@pytest.mark.parametrize(("path", "value", "message"), [
    ("colour", "red", "unknown key 'colour'"),
    ("agency_vi", _DELETE, "lacks the key 'agency_vi'"),
    ("rank", "4", "'rank' has the wrong type"),
    ("processing_days", True, "'processing_days' has the wrong type"),
    ("fee_vnd", -1, "must not be negative"),
    ("name_vi", "  ", "'name_vi' is empty"),
    ("code", "lltp phieu", "capitals"),
    ("queue_service", "ll", "queue service"),
    ("rank", 1, "rank 1 is shared"),
    ("code", "CT-BANSAO", "appears more than once"),
    ("keywords", ["ok", ""], "keyword"),
    ("documents", [{"vi": "Tờ khai"}], "lacks the key 'en'"),
    ("fields.0.from_chip", "full_nam", "not an Identity field"),
    ("fields.0.from_qr", "place_of_origin", "not a QrIdentity field"),
    ("fields.0.kind", "email", "kind 'email'"),
    ("fields.0.name", "Full Name", "lower-case"),
    ("fields.0.max_length", 0, "at least 1"),
    ("fields.1.name", "full_name", "appears more than once"),
    ("fields.1", "id_number", "is not a table"),
    ("fields.11.default", "Phiếu số 3", "default is not one of the choices"),
    ("fields.11.choices", [], "choices are needed"),
    ("fields.0.choices", ["A"], "choices are needed"),
    ("fields.11.choices_en", ["Certificate no. 1"], "choices_en must name every choice"),
    ("fields.11.choices_en", _DELETE, "choices_en must name every choice"),
    ("fields.11.choices_en", ["A", " "], "non-empty"),
    ("national_code", "1.1193", "neither a code"),
    ("national_code", _DELETE, "lacks the key 'national_code'"),
    ("official_name", _DELETE, "needs its official_name"),
    ("legal_basis", _DELETE, "lacks the key 'legal_basis'"),
    ("fee_known", "no", "'fee_known' has the wrong type"),
])
def test_invalid_entries_are_named(path: str, value: Any, message: str) -> None:
    with pytest.raises(CatalogError, match=message) as info:
        parse_catalog(_edit(path, value))
    assert str(info.value).startswith("Procedure")


def test_needs_identity_requires_an_id_field() -> None:
    raw = copy.deepcopy(RAW)
    first = _first(raw)
    first["fields"] = [f for f in first["fields"] if f["name"] != "id_number"]
    with pytest.raises(CatalogError, match="must ask for id_number"):
        parse_catalog(raw)


def test_the_queue_entry_is_required() -> None:
    raw = copy.deepcopy(RAW)
    raw["procedure"] = [p for p in raw["procedure"] if p["code"] != QUEUE_CODE]
    with pytest.raises(CatalogError, match="must offer 'QUEUE'"):
        parse_catalog(raw)
    with pytest.raises(CatalogError, match=r"no \[\[procedure\]\]"):
        parse_catalog({})


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot be read"):
        load_catalog(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[procedure]\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid TOML"):
        load_catalog(bad)
    bad.write_bytes(b"code = '\xff'\n")
    with pytest.raises(CatalogError, match="not valid TOML"):
        load_catalog(bad)


def _parse_or_explain(raw: dict[str, Any]) -> None:
    """Only a CatalogError with one clear sentence may come out, or a usable catalog."""
    try:
        result = parse_catalog(raw)
    except CatalogError as exc:
        assert str(exc).endswith(".") and len(str(exc)) > 20
    else:
        assert result.get(QUEUE_CODE).needs_identity is False


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                  max_size=4),
    max_leaves=12,
)
_KEYS = sorted({k for p in RAW["procedure"] for k in p} | {"name", "kind", "choices"})


@pytest.mark.slow  # property-based fuzzing
@settings(max_examples=250, deadline=None)
@given(st.dictionaries(st.sampled_from(["procedure", "x"]), _JSON, max_size=2))
def test_fuzz_arbitrary_data_only_raises_catalog_error(raw: dict[str, Any]) -> None:
    _parse_or_explain(raw)


@pytest.mark.slow  # property-based fuzzing
@settings(max_examples=250, deadline=None)
@given(st.integers(0, len(RAW["procedure"]) - 1), st.sampled_from(_KEYS), _JSON)
def test_fuzz_one_bad_value_in_the_real_catalog(index: int, key: str, value: Any) -> None:
    raw = copy.deepcopy(RAW)
    raw["procedure"][index][key] = value
    _parse_or_explain(raw)


@settings(max_examples=250, deadline=None)
@given(st.text(max_size=40))
def test_fuzz_fold_is_idempotent_and_search_never_fails(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    found = CATALOG.search(text)
    assert all(p in CATALOG.procedures for p in found)


CATALOG = load_catalog()
