"""EF.DG13 (file 010D, tag 6D): the Vietnamese citizen data, parse and encode.

Layout (see docs/cccd.md)::

    6D L
      30 L
        02 01 01                  version
        06 06 28 D3 16 01 00 08   OID 1.0.10646.1.0.8
        31 L                      entries, each 30 L 02 01 <n> <value...>

Entries 1-12, 15 and 16 hold one string (PrintableString 13 or UTF8String 0C).
Entry 13 (parents) comes in two layouts, both handled and reported in ``layout``:

- ``parents-separate``: ``30{02 0D, 30{0C father}, 30{0C mother}}``
- ``parents-combined``: ``30{02 0D, 30{0C father, 0C mother}}``
- ``parents-father-only``: ``30{02 0D, 30{0C father}}`` (one name: the father)

``parents-absent`` means no entry 13; ``unknown`` means entry 13 had another shape
(it is kept in ``unknown``). Entry 14 (spouse) is ``30 03 02 01 0E`` when empty,
otherwise it nests the name in a SEQUENCE (a bare string is accepted too).

The parser never fails on content it does not understand: such entries (unknown
numbers such as 17, unexpected shapes, undecodable text, duplicates, trailing bytes,
objects beside or after the SET or the 30 wrapper) are returned in ``unknown``, named.
Fields under the context tags C0-CA (a layout one public reader met) are kept there one
by one with their text (``Dg13.context_fields``); their meaning is not known. It
raises ParseError only when the bytes are not a DG13 at all (not one complete TLV
object with tag 6D). A missing ``30`` wrapper or a missing ``31`` set is tolerated
(numbered SEQUENCEs are then taken as the entries); cards issued since 2024 may
differ (docs/cccd.md, uncertain), hence this leniency.

``Dg13.fields`` maps entry numbers to text and also answers lookups by key name
(``fields["full_name"]``, ``fields.get("old_id_number")``). ``old_id_number`` is entry
15, or entry 16 when 15 is absent and 16 is 9 or 12 digits (one source says 2024 cards
carry the old ID number there; on the cards described it is a 16-character string of
unknown meaning).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from kiosk.core.errors import ParseError
from kiosk.core.models import UnknownEntry
from kiosk.devices.chip.tlv import Tlv, expect_single, parse_one

log = logging.getLogger(__name__)

DG13_TAG = 0x6D
SEQUENCE = 0x30
SET = 0x31
INTEGER = 0x02
OID = 0x06
UTF8_STRING = 0x0C
PRINTABLE_STRING = 0x13
STRING_TAGS = frozenset({UTF8_STRING, PRINTABLE_STRING, 0x16, 0x1E})
CONTEXT_TAGS = frozenset(range(0xC0, 0xCB))  # C0-CA: another public layout's field tags
DG13_OID = bytes.fromhex("28D316010008")

ENTRY_KEYS: dict[int, str] = {
    1: "id_number",
    2: "full_name",
    3: "date_of_birth",
    4: "sex",
    5: "nationality",
    6: "ethnicity",
    7: "religion",
    8: "place_of_origin",
    9: "place_of_residence",
    10: "identifying_marks",
    11: "issue_date",
    12: "expiry",
    15: "old_id_number",
    16: "entry16",
}
PRINTABLE_ENTRIES = frozenset({1, 3, 11, 15, 16})
PARENTS, SPOUSE = 13, 14
LAYOUT_SEPARATE = "parents-separate"
LAYOUT_COMBINED = "parents-combined"
LAYOUT_FATHER_ONLY = "parents-father-only"
LAYOUT_ABSENT = "parents-absent"
LAYOUT_UNKNOWN = "unknown"


_NUMBER_BY_KEY = {name: number for number, name in ENTRY_KEYS.items()}


class Dg13Fields(dict[int, str]):
    """Entry number → text; lookups also accept the entry's key name ("full_name")."""

    @staticmethod
    def _number(key: object) -> object:
        return _NUMBER_BY_KEY.get(key, key) if isinstance(key, str) else key

    def __getitem__(self, key: int | str) -> str:
        number = self._number(key)
        if not isinstance(number, int):
            raise KeyError(key)
        return super().__getitem__(number)

    def __contains__(self, key: object) -> bool:
        return super().__contains__(self._number(key))

    def get(self, key: int | str, default: str | None = None) -> str | None:  # type: ignore[override]
        """The text of entry ``key`` (number or key name), or ``default``."""
        number = self._number(key)
        if isinstance(number, int) and super().__contains__(number):
            return super().__getitem__(number)
        return default


@dataclass(frozen=True)
class Dg13:
    """What DG13 holds: simple entries by number, parents, spouse, and what was not understood."""

    fields: Dg13Fields
    father_name: str | None = None
    mother_name: str | None = None
    spouse_name: str | None = None
    layout: str = LAYOUT_UNKNOWN
    unknown: tuple[UnknownEntry, ...] = ()
    version: int | None = None
    oid_ok: bool = False

    @property
    def old_id_number(self) -> str | None:
        """The old ID number: entry 15, else entry 16 when it is 9 or 12 digits."""
        old = self.fields.get(15)
        if old:
            return old
        return self.entry16_number

    @property
    def entry16_number(self) -> str | None:
        """Entry 16 when it is a 9-digit CMND or a 12-digit number, else None."""
        e16 = (self.fields.get(16) or "").strip()
        return e16 if len(e16) in (9, 12) and e16.isascii() and e16.isdigit() else None

    @property
    def context_fields(self) -> dict[int, str]:
        """The C0-CA fields met (tag → text), kept unread: their meaning is not known."""
        return {u.tag: u.text for u in self.unknown
                if u.tag in CONTEXT_TAGS and u.text is not None}

    def __repr__(self) -> str:
        return f"Dg13(layout={self.layout!r}, entries={sorted(self.fields)}, <masked>)"


@dataclass
class _Builder:
    fields: dict[int, str] = field(default_factory=dict)
    father: str | None = None
    mother: str | None = None
    spouse: str | None = None
    layout: str = LAYOUT_ABSENT
    unknown: list[UnknownEntry] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    def keep(self, name: str, tlv: Tlv, text: str | None = None) -> None:
        self.unknown.append(UnknownEntry(name=name, tag=tlv.tag, raw=tlv.encode(), text=text))


def _tolerant_children(value: bytes) -> tuple[list[Tlv], bytes]:
    """Parse as many TLV objects as possible; return them and the unparsable rest."""
    out: list[Tlv] = []
    offset = 0
    while offset < len(value):
        try:
            tlv, offset = parse_one(value, offset)
        except ParseError:
            return out, value[offset:]
        out.append(tlv)
    return out, b""


def _strict_children(tlv: Tlv) -> list[Tlv] | None:
    if not tlv.constructed:
        return None
    try:
        return tlv.children()
    except ParseError:
        return None


def _text(tlv: Tlv) -> str | None:
    """Decode a string object; None when it is not a string or not valid text."""
    if tlv.tag not in STRING_TAGS:
        return None
    try:
        return tlv.value.decode("utf-16-be" if tlv.tag == 0x1E else "utf-8")
    except UnicodeDecodeError:
        return None


def _text_any(tlv: Tlv) -> str | None:
    """The value of a primitive object as UTF-8 text; None when it is not text."""
    if tlv.constructed:
        return None
    try:
        return tlv.value.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _name(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


def _single_text(objs: list[Tlv]) -> str | None:
    return _text(objs[0]) if len(objs) == 1 else None


def _parents(values: list[Tlv]) -> tuple[str, str | None, str | None] | None:
    """Recognise entry 13's two layouts; None when neither fits."""
    kids = [_strict_children(v) if v.tag == SEQUENCE else None for v in values]
    if len(values) == 2 and all(k is not None and len(k) <= 1 for k in kids):
        names = [None if not k else _single_text(k) for k in kids]
        if all(n is not None or not k for n, k in zip(names, kids, strict=True)):
            return LAYOUT_SEPARATE, _name(names[0]), _name(names[1])
    if len(values) == 1 and kids[0] is not None and len(kids[0]) == 2:
        father, mother = _text(kids[0][0]), _text(kids[0][1])
        if father is not None and mother is not None:
            return LAYOUT_COMBINED, _name(father), _name(mother)
    if len(values) == 1 and kids[0] is not None and len(kids[0]) == 1:
        father = _text(kids[0][0])
        if father is not None:  # one name alone: the outside readers take it as the father
            return LAYOUT_FATHER_ONLY, _name(father), None
    return None


def _spouse(values: list[Tlv]) -> tuple[bool, str | None]:
    """Recognise entry 14; (understood, name)."""
    if not values:
        return True, None
    if len(values) == 1:
        direct = _text(values[0])
        if direct is not None:
            return True, _name(direct)
        kids = _strict_children(values[0]) if values[0].tag == SEQUENCE else None
        if kids is not None and len(kids) <= 1:
            text = _single_text(kids) if kids else ""
            if text is not None:
                return True, _name(text)
    return False, None


def _entry(b: _Builder, tlv: Tlv) -> None:
    if _context_tagged(tlv):
        _keep_extra(b, tlv, "in the entry set")
        return
    kids = _strict_children(tlv) if tlv.tag == SEQUENCE else None
    if not kids or kids[0].tag != INTEGER or not 1 <= len(kids[0].value) <= 2:
        b.keep("DG13 object that is not a numbered entry", tlv)
        return
    number = int.from_bytes(kids[0].value, "big")
    values = kids[1:]
    if number in b.seen:
        b.keep(f"DG13 entry {number} (duplicate)", tlv)
        return
    b.seen.add(number)
    if number == PARENTS:
        parents = _parents(values)
        if parents is None:
            b.layout = LAYOUT_UNKNOWN
            b.keep("DG13 entry 13 (unknown layout)", tlv)
        else:
            b.layout, b.father, b.mother = parents
    elif number == SPOUSE:
        ok, spouse = _spouse(values)
        if ok:
            b.spouse = spouse
        else:
            b.keep("DG13 entry 14 (unknown layout)", tlv)
    elif number in ENTRY_KEYS:
        text = _single_text(values)
        if text is None:
            b.keep(f"DG13 entry {number} (unexpected content)", tlv)
        else:
            b.fields[number] = text
    else:
        b.keep(f"DG13 entry {number}", tlv, _single_text(values))


def _is_wrapper(obj: Tlv) -> bool:
    """The 30 wrapper holds the version, the OID and the SET (an entry never holds those)."""
    kids = _strict_children(obj) if obj.tag == SEQUENCE else None
    return kids is not None and any(k.tag in (SET, OID) for k in kids)


def _context_tagged(obj: Tlv) -> bool:
    """A C0-CA object (the layout one public reader met), or a SEQUENCE made of them."""
    if obj.tag in CONTEXT_TAGS:
        return True
    kids = _strict_children(obj) if obj.tag == SEQUENCE else None
    return bool(kids) and all(k.tag in CONTEXT_TAGS for k in kids or ())


def _keep_extra(b: _Builder, obj: Tlv, where: str) -> None:
    """Keep an object met outside the entry set: C0-CA fields one by one, the rest raw."""
    if obj.tag in CONTEXT_TAGS:
        b.keep(f"DG13 tag {obj.tag:02X}", obj, _text_any(obj))
    elif obj.tag == SEQUENCE and _context_tagged(obj):
        for kid in _strict_children(obj) or []:
            _keep_extra(b, kid, where)
    else:
        b.keep(f"DG13 object {where}", obj, _text(obj))


def _header(obj: Tlv, found: dict[str, object]) -> bool:
    """Note the version INTEGER or the OID; True when ``obj`` was one of them."""
    if obj.tag == INTEGER and len(obj.value) == 1 and "version" not in found:
        found["version"] = obj.value[0]
        return True
    if obj.tag == OID and "oid" not in found:
        found["oid"] = obj.value == DG13_OID
        return True
    return False


def _locate_entries(top: Tlv, b: _Builder) -> tuple[list[Tlv], int | None, bool]:
    """Find the entry list (6D/30/31 normally); return entries, version, OID match.

    Everything met on the way that is neither the header nor the entries (objects
    beside or after the SET, after the wrapper, undecodable bytes) goes to ``unknown``.
    """
    level, rest = _tolerant_children(top.value)
    found: dict[str, object] = {}
    entries: list[Tlv] = []
    where = "after the DG13 header"
    for depth in range(2):  # 6D → 30 → 31, tolerating a missing 30 wrapper
        container = next((o for o in level if o.tag == SET), None)
        wrapper = None if container is not None or depth == 1 else next(
            (o for o in level if _is_wrapper(o)), None)
        last = container is not None or wrapper is None or depth == 1
        for obj in level:
            if _header(obj, found) or obj is container or obj is wrapper:
                continue
            if (last and container is None and obj.tag == SEQUENCE
                    and not _context_tagged(obj) and not _is_wrapper(obj)):
                entries.append(obj)  # no SET: numbered SEQUENCEs are taken as the entries
            else:
                _keep_extra(b, obj, "beside the entry set" if container else where)
        if rest:
            b.unknown.append(UnknownEntry("DG13 undecodable bytes", top.tag, rest))
        if container is not None:
            entries, tail = _tolerant_children(container.value)
            if tail:
                b.unknown.append(UnknownEntry("DG13 undecodable bytes in entry set", SET, tail))
        if last or wrapper is None:
            break
        level, rest = _tolerant_children(wrapper.value)
        where = "inside the DG13 wrapper"
    version = found.get("version")
    return entries, version if isinstance(version, int) else None, found.get("oid") is True


def parse_dg13(data: bytes) -> Dg13:
    """Parse DG13, returning every field understood and naming the rest."""
    top = expect_single(data, DG13_TAG, "DG13")
    b = _Builder()
    entries, version, oid_ok = _locate_entries(top, b)
    for tlv in entries:
        _entry(b, tlv)
    # Only structural facts: which entries and layout, never their text.
    log.debug("DG13 parsed", extra={"fields": {
        "layout": b.layout, "entries": sorted(b.fields), "unknown": [u.name for u in b.unknown],
        "version": version, "oid_ok": oid_ok}})
    return Dg13(
        fields=Dg13Fields(b.fields),
        father_name=b.father,
        mother_name=b.mother,
        spouse_name=b.spouse,
        layout=b.layout,
        unknown=tuple(b.unknown),
        version=version,
        oid_ok=oid_ok,
    )
