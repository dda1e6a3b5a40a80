"""The catalog of administrative procedures the kiosk offers, loaded from data.

The catalog lives in ``kiosk/assets/procedures/catalog.toml`` (one ``[[procedure]]`` table per
procedure; the file's header documents the schema). :func:`load_catalog` checks every
entry and raises :class:`CatalogError` with one sentence naming the procedure and the
key at fault. :meth:`Catalog.search` is diacritics-insensitive ("dang ky ket hon" finds
"Đăng ký kết hôn", đ folds to d) and :meth:`Catalog.grouped` lists procedures by field
(lĩnh vực), most used first.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from kiosk.core.errors import KioskError
from kiosk.core.models import Identity, QrIdentity
from kiosk.core.resources import asset

DEFAULT_CATALOG = asset("procedures", "catalog.toml")

FIELD_KINDS = frozenset({"text", "date", "id_number", "phone", "choice", "number", "address"})
# Which level of government decides (docs/addresses.md, "Who is competent").
LEVELS = frozenset({"commune", "province"})
# Where a file may be filed: any center in the country, any center of the province, or
# only a center whose area holds the citizen's residence (the competent unit's own center).
FILE_AT = frozenset({"country", "province", "residence"})
IDENTITY_FIELDS = frozenset(f.name for f in fields(Identity)) - {
    "mrz", "access", "dg13_layout", "unknown_entries", "warnings",
}
QR_FIELDS = frozenset(f.name for f in fields(QrIdentity)) - {
    "birth_date_precision", "variant", "extra_fields", "text_repair", "warnings", "raw",
}
QUEUE_CODE = "QUEUE"  # "chỉ lấy số thứ tự": every catalog must offer it
# national_code is a code of the national database (Cơ sở dữ liệu quốc gia về thủ tục hành
# chính, e.g. "1.001193") or one of two markers: not an administrative procedure at all, or a
# procedure whose code could not be sourced (docs/catalog.md).
NO_NATIONAL_CODE = "NONE"
UNVERIFIED_CODE = "UNVERIFIED"
_NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")
_QUEUE_SERVICE = re.compile(r"^[A-Z]{1,4}$")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,31}$")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class CatalogError(KioskError):
    """The procedure catalog file is missing or one of its entries is invalid."""


@dataclass(frozen=True)
class RequiredDocument:
    """One document the citizen brings to the counter."""

    vi: str
    en: str


@dataclass(frozen=True)
class FieldSpec:
    """One field of a procedure's form and where the card can fill it from."""

    name: str
    label_vi: str
    label_en: str
    kind: str
    required: bool
    max_length: int | None = None
    choices: tuple[str, ...] = ()  # the values sent, in Vietnamese
    choices_en: tuple[str, ...] = ()  # what an English visit shows for each, in order
    from_chip: str | None = None
    from_qr: str | None = None
    default: str | None = None


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure (thủ tục hành chính) as the kiosk offers it."""

    code: str
    rank: int
    name_vi: str
    name_en: str
    field_vi: str
    field_en: str
    agency_vi: str
    agency_en: str
    processing_days: int
    processing_note_vi: str
    processing_note_en: str
    fee_vnd: int
    fee_note_vi: str
    fee_note_en: str
    queue_service: str
    needs_identity: bool
    level: str  # one of LEVELS: who decides
    file_at: str  # one of FILE_AT: where the file may be filed
    keywords: tuple[str, ...]
    documents: tuple[RequiredDocument, ...]
    fields: tuple[FieldSpec, ...]
    competent_field: str | None = None  # the address field locating the competent unit
    national_code: str = NO_NATIONAL_CODE  # the national database's code, or a marker
    official_name: str = ""  # the name in the national database ("" for a marker)
    legal_basis: str = ""  # the law behind level and file_at
    fee_known: bool = True  # False: the amount is set locally or unverified; show the note

    def name(self, language: str) -> str:
        """The procedure's name in ``language`` ("vi" or "en")."""
        return self.name_en if language == "en" else self.name_vi

    def field_name(self, language: str) -> str:
        """The procedure's field (lĩnh vực) in ``language``."""
        return self.field_en if language == "en" else self.field_vi


def fold(text: str) -> str:
    """Lower-case ``text`` without diacritics (đ → d) and with single spaces, for search."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", bare.casefold()).split())


@dataclass(frozen=True)
class Catalog:
    """Every procedure of one center, ordered by usage rank (most used first)."""

    procedures: tuple[Procedure, ...]

    def get(self, code: str) -> Procedure:
        """The procedure with ``code``; CatalogError when there is none."""
        for procedure in self.procedures:
            if procedure.code == code:
                return procedure
        raise CatalogError(f"The catalog has no procedure with code {code!r}.")

    def search(self, query: str) -> list[Procedure]:
        """Procedures matching every word of ``query`` (diacritics ignored), best first.

        A word matches when it starts a word of the name (either language), the field,
        the code or a keyword. Matches whose Vietnamese or English name contains the whole
        query come first; ties go to the most used. An empty query returns everything.
        """
        words = fold(query).split()
        if not words:
            return list(self.procedures)
        scored: list[tuple[int, int, Procedure]] = []
        for procedure in self.procedures:
            haystack = _search_words(procedure)
            if all(any(h.startswith(w) for h in haystack) for w in words):
                phrase = " ".join(words)
                in_name = any(
                    phrase in fold(name) for name in (procedure.name_vi, procedure.name_en)
                )
                scored.append((0 if in_name else 1, procedure.rank, procedure))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [procedure for _, _, procedure in scored]

    def grouped(
        self, language: str = "vi", procedures: Iterable[Procedure] | None = None
    ) -> list[tuple[str, list[Procedure]]]:
        """(field name, procedures) pairs; groups and members ordered most used first."""
        groups: dict[str, list[Procedure]] = {}
        chosen = self.procedures if procedures is None else tuple(procedures)
        for procedure in sorted(chosen, key=lambda p: p.rank):
            groups.setdefault(procedure.field_name(language), []).append(procedure)
        return list(groups.items())


def _search_words(procedure: Procedure) -> set[str]:
    texts = [procedure.name_vi, procedure.name_en, procedure.field_vi, procedure.field_en,
             procedure.code.replace("-", " "), *procedure.keywords]
    return {word for text in texts for word in fold(text).split()}


def load_catalog(path: Path | None = None) -> Catalog:
    """Read and check the catalog at ``path`` (default: the shipped one)."""
    path = DEFAULT_CATALOG if path is None else path
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(
            f"The procedure catalog {path} cannot be read ({exc.strerror})."
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(f"The procedure catalog {path} is not valid TOML ({exc}).") from None
    return parse_catalog(raw)


def parse_catalog(raw: Mapping[str, Any]) -> Catalog:
    """Build a Catalog from already-parsed TOML data, checking every entry."""
    entries = raw.get("procedure")
    if not isinstance(entries, list) or not entries:
        raise CatalogError("The procedure catalog has no [[procedure]] entries.")
    procedures = [_procedure(entry, index) for index, entry in enumerate(entries, 1)]
    codes = [p.code for p in procedures]
    for code in codes:
        if codes.count(code) > 1:
            raise CatalogError(f"Procedure code {code!r} appears more than once.")
    national = [p.national_code for p in procedures
                if p.national_code not in (NO_NATIONAL_CODE, UNVERIFIED_CODE)]
    for code in national:
        if national.count(code) > 1:
            raise CatalogError(f"National code {code!r} is given to two procedures.")
    ranks = [p.rank for p in procedures]
    for procedure in procedures:
        if ranks.count(procedure.rank) > 1:
            raise CatalogError(f"Procedure {procedure.code}: rank {procedure.rank} is shared.")
    queue = [p for p in procedures if p.code == QUEUE_CODE]
    if not queue or queue[0].needs_identity or queue[0].fields:
        raise CatalogError(
            f"The catalog must offer {QUEUE_CODE!r} (just a queue number, no identity, no form)."
        )
    return Catalog(tuple(sorted(procedures, key=lambda p: p.rank)))


_PROCEDURE_KEYS: dict[str, type | tuple[type, ...]] = {
    "code": str, "rank": int, "name_vi": str, "name_en": str, "field_vi": str,
    "field_en": str, "agency_vi": str, "agency_en": str, "processing_days": int,
    "processing_note_vi": str, "processing_note_en": str, "fee_vnd": int,
    "fee_note_vi": str, "fee_note_en": str, "queue_service": str, "needs_identity": bool,
    "level": str, "file_at": str, "keywords": list, "documents": list, "fields": list,
    "competent_field": str, "national_code": str, "official_name": str, "legal_basis": str,
    "fee_known": bool,
}
_PROCEDURE_OPTIONAL = frozenset({"competent_field", "official_name", "fee_known"})
_PROCEDURE_REQUIRED = tuple(k for k in _PROCEDURE_KEYS if k not in _PROCEDURE_OPTIONAL)
_FIELD_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str, "label_vi": str, "label_en": str, "kind": str, "required": bool,
    "max_length": int, "choices": list, "choices_en": list, "from_chip": str, "from_qr": str,
    "default": str,
}
_FIELD_REQUIRED = ("name", "label_vi", "label_en", "kind", "required")


def _check_keys(
    entry: object, spec: Mapping[str, type | tuple[type, ...]], required: Iterable[str],
    where: str,
) -> Mapping[str, Any]:
    if not isinstance(entry, dict):
        raise CatalogError(f"{where} is not a table.")
    for key in entry:
        if key not in spec:
            raise CatalogError(f"{where} has an unknown key {key!r}.")
    for key in required:
        if key not in entry:
            raise CatalogError(f"{where} lacks the key {key!r}.")
    for key, value in entry.items():
        expected = spec[key]
        # bool is an int in Python: an int key given true/false is still wrong.
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise CatalogError(f"{where}: {key!r} has the wrong type.")
        if isinstance(value, str) and not value.strip() and key not in {"fee_note_vi",
                                                                          "fee_note_en"}:
            raise CatalogError(f"{where}: {key!r} is empty.")
    return entry


def _procedure(entry: object, index: int) -> Procedure:
    code = entry.get("code") if isinstance(entry, dict) else None
    where = f"Procedure {code}" if isinstance(code, str) else f"Procedure #{index}"
    data = _check_keys(entry, _PROCEDURE_KEYS, _PROCEDURE_REQUIRED, where)
    if not _CODE.match(data["code"]):
        raise CatalogError(f"{where}: the code must be capitals, digits and hyphens.")
    if not _QUEUE_SERVICE.match(data["queue_service"]):
        raise CatalogError(f"{where}: the queue service must be 1-4 capital letters.")
    for key in ("rank", "processing_days", "fee_vnd"):
        if data[key] < 0:
            raise CatalogError(f"{where}: {key!r} must not be negative.")
    if data["level"] not in LEVELS:
        raise CatalogError(f"{where}: level {data['level']!r} is not one of {sorted(LEVELS)}.")
    if data["file_at"] not in FILE_AT:
        raise CatalogError(
            f"{where}: file_at {data['file_at']!r} is not one of {sorted(FILE_AT)}.")
    if not all(isinstance(k, str) and k.strip() for k in data["keywords"]):
        raise CatalogError(f"{where}: every keyword must be non-empty text.")
    documents = []
    for number, doc in enumerate(data["documents"], 1):
        d = _check_keys(doc, {"vi": str, "en": str}, ("vi", "en"), f"{where} document {number}")
        documents.append(RequiredDocument(d["vi"], d["en"]))
    specs = [_field(f, f"{where} field {n}") for n, f in enumerate(data["fields"], 1)]
    names = [s.name for s in specs]
    for name in names:
        if names.count(name) > 1:
            raise CatalogError(f"{where}: the form field {name!r} appears more than once.")
    competent = data.get("competent_field")
    if competent is not None and not any(
        s.name == competent and s.kind == "address" for s in specs
    ):
        raise CatalogError(f"{where}: competent_field {competent!r} is not an address field.")
    if data["needs_identity"] and "id_number" not in names:
        raise CatalogError(f"{where}: a procedure that needs identity must ask for id_number.")
    _check_national(data, where)
    return Procedure(
        code=data["code"], rank=data["rank"], name_vi=data["name_vi"], name_en=data["name_en"],
        field_vi=data["field_vi"], field_en=data["field_en"], agency_vi=data["agency_vi"],
        agency_en=data["agency_en"], processing_days=data["processing_days"],
        processing_note_vi=data["processing_note_vi"],
        processing_note_en=data["processing_note_en"], fee_vnd=data["fee_vnd"],
        fee_note_vi=data["fee_note_vi"], fee_note_en=data["fee_note_en"],
        queue_service=data["queue_service"], needs_identity=data["needs_identity"],
        level=data["level"], file_at=data["file_at"], keywords=tuple(data["keywords"]),
        documents=tuple(documents), fields=tuple(specs), competent_field=competent,
        national_code=data["national_code"], official_name=data.get("official_name", ""),
        legal_basis=data["legal_basis"], fee_known=data.get("fee_known", True),
    )


def _check_national(data: Mapping[str, Any], where: str) -> None:
    """The national code is a real code with its official name, or a marker without one."""
    national = data["national_code"]
    if national in (NO_NATIONAL_CODE, UNVERIFIED_CODE):
        return
    if not _NATIONAL_CODE.match(national):
        raise CatalogError(
            f"{where}: national_code {national!r} is neither a code like '1.001193' nor "
            f"{UNVERIFIED_CODE!r} / {NO_NATIONAL_CODE!r}.")
    if "official_name" not in data:
        raise CatalogError(f"{where}: a national code needs its official_name.")


def _field(entry: object, where: str) -> FieldSpec:
    data = _check_keys(entry, _FIELD_KEYS, _FIELD_REQUIRED, where)
    if not _NAME.match(data["name"]):
        raise CatalogError(f"{where}: the name must be lower-case letters, digits and _.")
    if data["kind"] not in FIELD_KINDS:
        raise CatalogError(f"{where}: kind {data['kind']!r} is not one of {sorted(FIELD_KINDS)}.")
    choices = tuple(data.get("choices", ()))
    if (data["kind"] == "choice") != bool(choices):
        raise CatalogError(f"{where}: choices are needed for, and only for, kind 'choice'.")
    choices_en = tuple(data.get("choices_en", ()))
    if not all(isinstance(c, str) and c.strip() for c in choices + choices_en):
        raise CatalogError(f"{where}: every choice must be non-empty text.")
    if len(choices_en) != len(choices):
        raise CatalogError(f"{where}: choices_en must name every choice in English, in order.")
    max_length = data.get("max_length")
    if max_length is not None and max_length < 1:
        raise CatalogError(f"{where}: max_length must be at least 1.")
    from_chip, from_qr = data.get("from_chip"), data.get("from_qr")
    if from_chip is not None and from_chip not in IDENTITY_FIELDS:
        raise CatalogError(f"{where}: from_chip {from_chip!r} is not an Identity field.")
    if from_qr is not None and from_qr not in QR_FIELDS:
        raise CatalogError(f"{where}: from_qr {from_qr!r} is not a QrIdentity field.")
    default = data.get("default")
    if default is not None and data["kind"] == "choice" and default not in choices:
        raise CatalogError(f"{where}: the default is not one of the choices.")
    return FieldSpec(
        name=data["name"], label_vi=data["label_vi"], label_en=data["label_en"],
        kind=data["kind"], required=data["required"], max_length=max_length, choices=choices,
        choices_en=choices_en, from_chip=from_chip, from_qr=from_qr, default=default,
    )
