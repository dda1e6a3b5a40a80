"""The current units as lists a citizen picks from: the 34 provinces, then their wards.

:func:`find_wards` searches a province's communes, wards and special zones without
diacritics and by word starts ("phuong o cho dua", "o cho", "ocd" does not match), so the
picker answers as the citizen types on the on-screen keyboard.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from kiosk.core.addresses.convert import Place, Unit
from kiosk.core.addresses.dataset import Units, units
from kiosk.core.addresses.text import fold


def fold_words(text: str) -> str:
    """``text`` folded (no diacritics, lower case) word by word, single spaces between."""
    return " ".join(f for f in (fold(w) for w in text.replace("-", " ").split()) if f)


@dataclass(frozen=True)
class _Index:
    provinces: tuple[Unit, ...]
    wards: dict[str, tuple[tuple[str, Place], ...]]  # province code -> (folded name, place)
    by_code: dict[str, Place]


_lock = threading.Lock()
_index: _Index | None = None


def _build(data: Units) -> _Index:
    provinces: dict[str, Unit] = {}
    wards: dict[str, list[tuple[str, Place]]] = {}
    by_code: dict[str, Place] = {}
    for key, (name, code) in data.province_names.items():
        province = Unit(name, code)
        provinces[code] = province
        seen: set[str] = set()
        for found in data.new_wards.get(key, {}).values():
            for ward in found:
                if ward.code in seen:
                    continue
                seen.add(ward.code)
                place = Place(Unit(ward.name, ward.code), province)
                wards.setdefault(code, []).append((fold_words(ward.name), place))
                by_code[ward.code] = place
    ordered = tuple(sorted(provinces.values(), key=lambda u: _bare_province(u.name)))
    return _Index(ordered, {c: tuple(sorted(w, key=lambda p: (p[0], p[1].ward.code)))
                            for c, w in wards.items()}, by_code)


def _get() -> _Index:
    global _index
    with _lock:
        if _index is None:
            _index = _build(units())
        return _index


def warm() -> int:
    """Read the data now (off the UI thread, at start-up); the number of wards known."""
    return len(_get().by_code)


def provinces() -> tuple[Unit, ...]:
    """The current provinces and cities, in alphabetical order without diacritics."""
    return _get().provinces


def place_of(ward_code: str) -> Place | None:
    """The current ward with official code ``ward_code`` and its province, or None."""
    return _get().by_code.get(ward_code)


def province_of(code: str) -> Unit | None:
    """The current province with official code ``code``, or None."""
    return next((p for p in _get().provinces if p.code == code), None)


_TYPE_WORDS = frozenset({"phuong", "xa", "dac", "khu", "thi", "tran"})


def find_wards(province_code: str, query: str, limit: int = 60) -> list[Place]:
    """The province's wards whose name holds every word of ``query`` as a word start.

    Diacritics and case are ignored; a unit-type word typed alone ("phuong") narrows to
    that type. An empty query lists them all (up to ``limit``).
    """
    words = fold_words(query).split()
    found: list[Place] = []
    for name, place in _get().wards.get(province_code, ()):
        parts = name.split()
        if all(any(p.startswith(w) for p in parts) for w in words):
            found.append(place)
    # A name that starts with the words typed (after its type) comes first.
    wanted = " ".join(w for w in words if w not in _TYPE_WORDS)
    found.sort(key=lambda p: not _bare(fold_words(p.ward.name)).startswith(wanted))
    return found[:limit]


def _bare(name: str) -> str:
    parts = name.split()
    while parts and parts[0] in _TYPE_WORDS:
        parts.pop(0)
    return " ".join(parts)


def _bare_province(name: str) -> str:
    folded = fold_words(name)
    for prefix in ("thanh pho ", "tinh "):
        if folded.startswith(prefix):
            return folded[len(prefix):]
    return folded
