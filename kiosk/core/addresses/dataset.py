"""The administrative units, read from the data files vietnamadminunits ships.

Only the package's data is used, never its code: importing ``vietnamadminunits`` loads
shapely and geopy, and its converter asks the ArcGIS geocoder on-line when an old ward
was split (docs/addresses.md). The files are found with ``importlib.util.find_spec``,
which locates a top-level package without running it. Two files are read:

- ``data/dataset.db`` (SQLite): the 63-province units (province, district, ward, with
  their search keywords and official codes) and the 34-province units;
- ``data/converter_2025.json``: which old wards make each new one, and the old wards
  split among several new ones.

Loading takes tens of milliseconds (docs/performance.md, section "Addresses (issue 16):
converting a card's old address"); :func:`units` loads once, on first use, under a lock.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import sqlite3
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.addresses.text import fold
from kiosk.core.errors import KioskError

PACKAGE = "vietnamadminunits"

# Renamed before the data's snapshot and still printed on older cards. Thừa Thiên Huế
# became Thành phố Huế on 1 January 2025 (Nghị quyết 175/2024/QH15).
_OLD_PROVINCE_ALIASES = {"thuathienhue": "thanhphohue", "tinhthuathienhue": "thanhphohue"}


class AddressDataMissingError(KioskError):
    """The address data package is not installed."""


@dataclass(frozen=True)
class NewWard:
    """A current (2025) commune, ward or special zone with its official code."""

    province: str  # the data's province key
    key: str
    name: str
    code: str


@dataclass(frozen=True)
class OldWard:
    """A pre-2025 ward (or commune, or town) with its district."""

    province: str
    district: str
    key: str
    name: str


@dataclass
class Units:
    """Every index the converter needs, keyed by folded keywords."""

    old_provinces: dict[str, str] = field(default_factory=dict)
    new_provinces: dict[str, str] = field(default_factory=dict)
    province_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # name, code
    old_districts: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    old_wards: dict[tuple[str, str], dict[str, list[OldWard]]] = field(default_factory=dict)
    old_wards_by_province: dict[str, dict[str, list[OldWard]]] = field(default_factory=dict)
    new_wards: dict[str, dict[str, list[NewWard]]] = field(default_factory=dict)
    new_by_key: dict[tuple[str, str], NewWard] = field(default_factory=dict)
    new_province_of_old: dict[str, str] = field(default_factory=dict)
    successors: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    split: set[str] = field(default_factory=set)  # old keys split among new wards
    district_successors: dict[tuple[str, str], set[tuple[str, str]]] = field(
        default_factory=dict)

    def successors_of_district(self, province: str, district: str) -> list[NewWard]:
        """The current wards that took in some part of an old district, by name."""
        found = self.district_successors.get((province, district), set())
        wards = [self.new_by_key[p] for p in found if p in self.new_by_key]
        return sorted(wards, key=lambda w: (fold(w.name), w.code))


def data_dir() -> Path:
    """Where vietnamadminunits keeps its data, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise AddressDataMissingError(
            f"the address data is not installed (pip install {PACKAGE})")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def load_units(directory: Path | None = None) -> Units:
    """Read the data files into fresh indexes (see :func:`units` for the shared copy)."""
    directory = directory or data_dir()
    found = Units()
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of small containers and no cycles: skip the GC passes
    try:
        _read_files(found, directory)
    finally:
        if collecting:
            gc.enable()
    return found


def _read_files(found: Units, directory: Path) -> None:
    uri = (directory / "dataset.db").resolve().as_uri() + "?mode=ro&immutable=1"
    with sqlite3.connect(uri, uri=True) as db:
        _read_new(found, db)
        _read_old(found, db)
    db.close()
    converter = json.loads((directory / "converter_2025.json").read_text("utf-8"))
    _read_converter(found, converter)


def _keywords(raw: str | None, *names: str) -> set[str]:
    """The data's keywords (already folded, but for a few accented ones) and the names."""
    words = json.loads(raw) if raw else []
    folded = {w if w.isascii() else fold(w) for w in words}
    return (folded | {fold(n) for n in names if n}) - {""}


def _read_new(found: Units, db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT provinceKey, province, provinceCode, provinceKeywords, wardKey,"
                      " ward, wardCode, wardKeywords FROM admin_units")
    for pkey, pname, pcode, pwords, wkey, wname, wcode, wwords in rows:
        if pkey not in found.province_names:
            found.province_names[pkey] = (pname, pcode)
            for word in _keywords(pwords, pname):
                found.new_provinces[word] = pkey
        ward = NewWard(pkey, wkey, wname, wcode)
        found.new_by_key[(pkey, wkey)] = ward
        index = found.new_wards.setdefault(pkey, {})
        for word in _keywords(wwords):
            index.setdefault(word, []).append(ward)


def _read_old(found: Units, db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT provinceKey, province, provinceKeywords, districtKey,"
                      " districtKeywords, wardKey, ward, wardKeywords"
                      " FROM admin_units_legacy")
    seen_province: set[str] = set()
    seen_district: set[tuple[str, str]] = set()
    for pkey, pname, pwords, dkey, dwords, wkey, wname, wwords in rows:
        if pkey not in seen_province:
            seen_province.add(pkey)
            for word in _keywords(pwords, pname):
                found.old_provinces[word] = pkey
        if (pkey, dkey) not in seen_district:
            seen_district.add((pkey, dkey))
            districts = found.old_districts.setdefault(pkey, defaultdict(set))
            for word in _keywords(dwords):
                districts[word].add(dkey)
        if not wkey:
            continue
        ward = OldWard(pkey, dkey, wkey, wname)
        in_district = found.old_wards.setdefault((pkey, dkey), {})
        in_province = found.old_wards_by_province.setdefault(pkey, {})
        for word in _keywords(wwords):
            in_district.setdefault(word, []).append(ward)
            in_province.setdefault(word, []).append(ward)
    for alias, pkey in _OLD_PROVINCE_ALIASES.items():
        found.old_provinces.setdefault(alias, pkey)


def _read_converter(found: Units, converter: dict[str, dict[str, object]]) -> None:
    for new_province, olds in converter["DICT_PROVINCE"].items():
        for old in olds:  # type: ignore[attr-defined]
            found.new_province_of_old[str(old)] = new_province
    successors: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, olds in wards.items():  # type: ignore[attr-defined]
            for old in olds:
                successors[old].add((new_province, new_ward))
    for new_province, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, new_wards in divided.items():  # type: ignore[attr-defined]
            found.split.add(old)
            successors[old].update((new_province, w["newWardKey"]) for w in new_wards)
    found.successors = {old: tuple(sorted(pairs)) for old, pairs in successors.items()}
    for old, pairs in successors.items():
        province, district, _ = old.split("_", 2)
        found.district_successors.setdefault((province, district), set()).update(pairs)


_lock = threading.Lock()
_units: Units | None = None


def units() -> Units:
    """The shared indexes, loaded on first use (thread-safe; call it off the UI thread)."""
    global _units
    with _lock:
        if _units is None:
            _units = load_units()
        return _units
