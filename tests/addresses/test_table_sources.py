"""Each expected value of the address table is what its cited dataset row says.

Read here straight from vietnamadminunits' files (plain json and sqlite3, none of
kiosk.core.addresses), so the table cannot drift into repeating the converter's answers.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from pathlib import Path

import pytest

from kiosk.core.addresses import AMBIGUOUS, UNCHANGED
from tests.addresses.address_table import ROWS

_spec = importlib.util.find_spec("vietnamadminunits")
assert _spec is not None and _spec.submodule_search_locations
DATA = Path(next(iter(_spec.submodule_search_locations))) / "data"


def _new_units() -> dict[tuple[str, str], tuple[str, str, str, str]]:
    """(province key, ward key) -> (ward name, ward code, province name, province code)."""
    with sqlite3.connect(DATA / "dataset.db") as db:
        rows = db.execute("SELECT provinceKey, wardKey, ward, wardCode, province, provinceCode"
                          " FROM admin_units").fetchall()
    return {(p, w): (name, code, pname, pcode) for p, w, name, code, pname, pcode in rows}


CONVERTER = json.loads((DATA / "converter_2025.json").read_text("utf-8"))


def _successors(old: str) -> set[tuple[str, str]]:
    """The new (province, ward) keys a dataset row gives for an old key or key prefix."""
    converter = CONVERTER
    found = set()
    for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, olds in wards.items():
            if any(o == old or (old.endswith("_") and o.startswith(old)) for o in olds):
                found.add((province, ward))
    for province, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for o, wards in divided.items():
            if o == old or (old.endswith("_") and o.startswith(old)):
                found.update((province, w["newWardKey"]) for w in wards)
    return found


UNITS = _new_units()
CITED = [r for r in ROWS if r[5].startswith(("ds:", "new:"))]


@pytest.mark.parametrize("row", CITED, ids=[r[0] for r in CITED])
def test_expected_units_are_the_cited_rows(row: tuple[object, ...]) -> None:
    _, status, ward, province, _, source = row
    kind, _, key = str(source).partition(":")
    if kind == "new":
        assert status == UNCHANGED
        got = {(n, c, pn, pc) for n, c, pn, pc in UNITS.values() if c == key}
    else:
        got = {UNITS[k] for k in _successors(key)}
    wards = {(n, c) for n, c, _, _ in got}
    assert wards == (ward if status == AMBIGUOUS else {ward}), source
    assert {(pn, pc) for _, _, pn, pc in got} == {province}, source
