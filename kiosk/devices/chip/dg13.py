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

``parents-absent`` means no entry 13; ``unknown`` means entry 13 had another shape
(it is kept in ``unknown``). Entry 14 (spouse) is ``30 03 02 01 0E`` when empty,
otherwise it nests the name in a SEQUENCE (a bare string is accepted too).

The parser never fails on content it does not understand: such entries (unknown
numbers such as 17, unexpected shapes, undecodable text, duplicates, trailing bytes)
are returned in ``unknown``, named. It raises ParseError only when the bytes are not a
DG13 at all (not one complete TLV object with tag 6D). A missing ``30`` wrapper or a
missing ``31`` set is tolerated (numbered SEQUENCEs are then taken as the entries);
cards issued since 2024 may differ (docs/cccd.md, uncertain), hence this leniency.

``Dg13.fields`` maps entry numbers to text and also answers lookups by key name
(``fields["full_name"]``, ``fields.get("old_id_number")``). ``old_id_number`` is entry
15, or entry 16 when 15 is absent and 16 is nine digits (one source calls 16 the old
ID; on the cards described it is a 16-character string of unknown meaning).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from kiosk.core.errors import ParseError
from kiosk.core.models import UnknownEntry
from kiosk.devices.chip.tlv import Tlv, encode_tlv, expect_single, parse_one

log = logging.getLogger(__name__)

DG13_TAG = 0x6D
SEQUENCE = 0x30
SET = 0x31
INTEGER = 0x02
OID = 0x06
UTF8_STRING = 0x0C
PRINTABLE_STRING = 0x13
STRING_TAGS = frozenset({UTF8_STRING, PRINTABLE_STRING, 0x16, 0x1E})
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
        """The old 9-digit CMND: entry 15, else entry 16 when it is nine digits."""
        old = self.fields.get(15)
        if old:
            return old
        e16 = self.fields.get(16) or ""
        return e16 if len(e16) == 9 and e16.isascii() and e16.isdigit() else None

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


def _locate_entries(top: Tlv, b: _Builder) -> tuple[list[Tlv], int | None, bool]:
    """Find the entry list (6D/30/31 normally); return entries, version, OID match."""
    level, rest = _tolerant_children(top.value)
    version: int | None = None
    oid_ok = False
    for _ in range(2):  # 6D → 30 → 31, tolerating a missing 30 wrapper
        for obj in level:
            if obj.tag == INTEGER and len(obj.value) == 1:
                version = obj.value[0]
            elif obj.tag == OID:
                oid_ok = obj.value == DG13_OID
        container = next((o for o in level if o.tag == SET), None)
        if container is not None:
            entries, tail = _tolerant_children(container.value)
            if tail:
                b.unknown.append(UnknownEntry("DG13 undecodable bytes in entry set", SET, tail))
            return entries, version, oid_ok
        wrapper = next((o for o in level if _is_wrapper(o)), None)
        if wrapper is None:
            break
        level, inner_rest = _tolerant_children(wrapper.value)
        rest = rest or inner_rest
    if rest:
        b.unknown.append(UnknownEntry("DG13 undecodable bytes", top.tag, rest))
    # No SET found: numbered SEQUENCEs at this level are taken as the entries.
    return [o for o in level if o.tag == SEQUENCE and not _is_wrapper(o)], version, oid_ok


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


def _string(number: int, text: str) -> bytes:
    if number in PRINTABLE_ENTRIES:
        if not text.isascii():
            raise ParseError(f"DG13 entry {number} must be ASCII (PrintableString).")
        return encode_tlv(PRINTABLE_STRING, text.encode("ascii"))
    return encode_tlv(UTF8_STRING, text.encode("utf-8"))


def _numbered(number: int, *values: bytes) -> bytes:
    return encode_tlv(SEQUENCE, encode_tlv(INTEGER, bytes((number,))) + b"".join(values))


def encode_dg13(
    values: dict[str, str | None],
    parents_layout: str = "separate",
    include_entry16: str | None = None,
) -> bytes:
    """Encode DG13 exactly as docs/cccd.md describes (used by the card emulator).

    Entries 1-13 are always written (missing text as ""); entry 14 is the empty
    ``30 03 02 01 0E`` without a spouse; entry 15 only with ``old_id_number``; entry 16
    only with ``include_entry16``. ``parents_layout`` is "separate" or "combined".
    """
    known = set(ENTRY_KEYS.values()) | {"father_name", "mother_name", "spouse_name"}
    extra = set(values) - known
    if extra:
        raise ParseError(f"DG13 encoder got unknown keys: {', '.join(sorted(extra))}.")
    out = []
    for number in range(1, 13):
        out.append(_numbered(number, _string(number, values.get(ENTRY_KEYS[number]) or "")))
    father = encode_tlv(UTF8_STRING, (values.get("father_name") or "").encode())
    mother = encode_tlv(UTF8_STRING, (values.get("mother_name") or "").encode())
    if parents_layout == "separate":
        out.append(_numbered(PARENTS, encode_tlv(SEQUENCE, father), encode_tlv(SEQUENCE, mother)))
    elif parents_layout == "combined":
        out.append(_numbered(PARENTS, encode_tlv(SEQUENCE, father + mother)))
    else:
        raise ParseError("DG13 parents layout must be 'separate' or 'combined'.")
    spouse = values.get("spouse_name")
    out.append(
        _numbered(SPOUSE, encode_tlv(SEQUENCE, encode_tlv(UTF8_STRING, spouse.encode())))
        if spouse
        else _numbered(SPOUSE)
    )
    old = values.get("old_id_number")
    if old:
        out.append(_numbered(15, _string(15, old)))
    if include_entry16 is not None:
        out.append(_numbered(16, _string(16, include_entry16)))
    body = encode_tlv(INTEGER, b"\x01") + encode_tlv(OID, DG13_OID) + encode_tlv(SET, b"".join(out))
    return encode_tlv(DG13_TAG, encode_tlv(SEQUENCE, body))
