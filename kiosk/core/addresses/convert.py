"""An address as read from a card, converted to the units in force since 1 July 2025.

The text is read right to left: the province, then a district (old, three-level
addresses) or a current ward (two-level ones), then the ward, and what is left is the
street part, kept as written. The answer is one of

- ``converted``: an old address, and the one current unit it now belongs to;
- ``unchanged``: already a current address (a card issued after the reorganization);
- ``ambiguous``: the old unit was split among several current ones, or only a district
  was named (a place of origin): the candidates are listed and the citizen picks; the
  converter never guesses among them;

and :class:`AddressNotFoundError` when the text names no known province.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.core.addresses.dataset import NewWard, OldWard, Units, units
from kiosk.core.addresses.text import (
    DISTRICT_TYPES,
    WARD_TYPES,
    Part,
    fold,
    parse_part,
    split_parts,
    tone_key,
)
from kiosk.core.errors import KioskError

CONVERTED, UNCHANGED, AMBIGUOUS = "converted", "unchanged", "ambiguous"


class AddressNotFoundError(KioskError):
    """The text names no province, district or ward the data knows."""


@dataclass(frozen=True)
class Unit:
    """A current unit: its name and official code (General Statistics Office list)."""

    name: str
    code: str

    def as_json(self) -> dict[str, str]:
        """``{"name": ..., "code": ...}``."""
        return {"name": self.name, "code": self.code}


@dataclass(frozen=True)
class Place:
    """A current ward (commune, special zone) and its province."""

    ward: Unit
    province: Unit

    def as_json(self) -> dict[str, Any]:
        """``{"ward": {...}, "province": {...}}``."""
        return {"ward": self.ward.as_json(), "province": self.province.as_json()}


@dataclass(frozen=True)
class Conversion:
    """What an address is now: a status, the street part, and the unit(s)."""

    status: str
    input: str
    street: str
    province: Unit
    ward: Unit | None = None
    candidates: tuple[Place, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        """The ``kiosk address convert --json`` object (issue 16's keys)."""
        return {"status": self.status, "input": self.input, "street": self.street,
                "ward": self.ward.as_json() if self.ward else None,
                "province": self.province.as_json(),
                "candidates": [c.as_json() for c in self.candidates]}

    def text(self) -> str:
        """The current address as one line (the candidates' names when ambiguous)."""
        if self.status == AMBIGUOUS:
            names = "; ".join(c.ward.name for c in self.candidates)
            return f"{self.street + ', ' if self.street else ''}[{names}], {self.province.name}"
        return ", ".join(p for p in (self.street, self.ward.name if self.ward else "",
                                     self.province.name) if p)


def convert_address(text: str, data: Units | None = None) -> Conversion:
    """Convert ``text`` (old or current) to the current units; raises when nothing matches."""
    data = data or units()
    parts = [parse_part(p) for p in split_parts(text)]
    if not parts:
        raise AddressNotFoundError("the address is empty")
    parts = _province_apart(data, parts)
    old_province = _match_province(data.old_provinces, parts[-1])
    new_province = _match_province(data.new_provinces, parts[-1])
    if old_province is None and new_province is None:
        raise AddressNotFoundError("no province of Vietnam was found in this address")
    rest = parts[:-1]
    if not rest:  # a province alone: unchanged when named as it is now
        if new_province:
            return _province_only(data, text, UNCHANGED, new_province)
        return _province_only(data, text, CONVERTED, data.new_province_of_old[str(old_province)])
    names_district = old_province is not None and _names_district(data, old_province, rest[-1:])
    if new_province and not names_district:
        current = _pick(data.new_wards.get(new_province, {}), rest[-1])
        if len(current) == 1 and (rest[-1].kind is None or rest[-1].kind in WARD_TYPES):
            return _result(data, text, UNCHANGED, rest[:-1], current)
    if old_province is None:
        raise AddressNotFoundError("no ward of this province was found in this address")
    return _convert_old(data, text, old_province, rest)


def _province_apart(data: Units, parts: list[Part]) -> list[Part]:
    """Set a province written without its unit word or comma apart ("… Đồng Văn Hà Giang")."""
    last = parts[-1]
    if any(k in data.old_provinces or k in data.new_provinces for k in last.lookup_keys()):
        return parts
    words = last.text.split()
    for size in range(min(4, len(words) - 1), 0, -1):
        tail = " ".join(words[-size:])
        if fold(tail) in data.old_provinces or fold(tail) in data.new_provinces:
            return [*parts[:-1], parse_part(" ".join(words[:-size])), parse_part(tail)]
    return parts


def _convert_old(data: Units, text: str, province: str, rest: list[Part]) -> Conversion:
    district_part = rest[-1]
    districts = _district_keys(data, province, district_part)
    if districts:
        rest = rest[:-1]
        wards = [w for d in sorted(districts)
                 for w in _pick(data.old_wards.get((province, d), {}), rest[-1])] if rest else []
        if not wards and rest and rest[-1].kind in WARD_TYPES:
            wards = _pick(data.old_wards_by_province.get(province, {}), rest[-1])
        if wards:
            return _from_old_wards(data, text, rest[:-1], wards)
        if rest and rest[-1].kind in WARD_TYPES:  # a ward the data lacks: not a street
            rest = rest[:-1]
        return _from_districts(data, text, rest, province, sorted(districts))
    if district_part.kind in DISTRICT_TYPES:  # a district since renamed or divided (Huế)
        rest = rest[:-1]
    wards = _pick(data.old_wards_by_province.get(province, {}), rest[-1]) if rest else []
    if wards:
        return _from_old_wards(data, text, rest[:-1], wards)
    raise AddressNotFoundError("no district or ward of this province was found in this address")


def _from_old_wards(data: Units, text: str, street: list[Part],
                    wards: list[OldWard]) -> Conversion:
    new: set[tuple[str, str]] = set()
    for ward in wards:
        new.update(data.successors.get(f"{ward.province}_{ward.district}_{ward.key}", ()))
    current = sorted((data.new_by_key[k] for k in new if k in data.new_by_key),
                     key=_by_name)
    if not current:
        return _from_districts(data, text, street, wards[0].province,
                               sorted({w.district for w in wards}))
    return _result(data, text, CONVERTED, street, current)


def _from_districts(data: Units, text: str, street: list[Part], province: str,
                    districts: list[str]) -> Conversion:
    current: dict[tuple[str, str], NewWard] = {}
    for district in districts:
        for ward in data.successors_of_district(province, district):
            current[(ward.province, ward.key)] = ward
    if not current:  # an island district with no wards: Côn Đảo, Lý Sơn, ...
        for district in districts:
            for pair in data.successors.get(f"{province}_{district}_", ()):
                current[pair] = data.new_by_key[pair]
    if not current:
        raise AddressNotFoundError("this district has no current unit in the data")
    ordered = sorted(current.values(), key=_by_name)
    return _result(data, text, CONVERTED, street, ordered)


def _result(data: Units, text: str, status: str, street: list[Part],
            wards: list[NewWard]) -> Conversion:
    street_text = ", ".join(p.text for p in street)
    if len(wards) == 1:
        ward = wards[0]
        return Conversion(status, text, street_text, _province(data, ward.province),
                          Unit(ward.name, ward.code))
    places = tuple(Place(Unit(w.name, w.code), _province(data, w.province)) for w in wards)
    return Conversion(AMBIGUOUS, text, street_text, places[0].province, None, places)


def _by_name(ward: NewWard) -> tuple[str, str]:
    return fold(ward.name), ward.code


def _province_only(data: Units, text: str, status: str, province: str) -> Conversion:
    return Conversion(status, text, "", _province(data, province))


def _province(data: Units, key: str) -> Unit:
    name, code = data.province_names[key]
    return Unit(name, code)


def _match_province(index: dict[str, str], part: Part) -> str | None:
    if part.kind is not None and part.kind not in ("tinh", "thanhpho"):
        return None
    return next((index[k] for k in part.lookup_keys() if k in index), None)


def _names_district(data: Units, province: str, parts: list[Part]) -> bool:
    return bool(parts) and bool(_district_keys(data, province, parts[0]))


def _district_keys(data: Units, province: str, part: Part) -> set[str]:
    if part.kind is not None and part.kind not in DISTRICT_TYPES:
        return set()
    index = data.old_districts.get(province, {})
    return next((set(index[k]) for k in part.lookup_keys() if k in index), set())


def _pick(index: dict[str, list[Any]], part: Part) -> list[Any]:
    """The units a part names, narrowed by its diacritics when several fold alike."""
    if part.kind is not None and part.kind not in WARD_TYPES:
        return []
    found = next((list(index[k]) for k in part.lookup_keys() if k in index), [])
    if len({(w.key, getattr(w, "district", "")) for w in found}) <= 1:
        return found[:1]
    wanted = tone_key(part.name)
    exact = [w for w in found if tone_key(w.name).endswith(wanted)]
    return exact or found
