"""The curated table of everyday words ("sổ đỏ", "giấy độc thân") and what they mean.

The table lives in ``kiosk/assets/procedures/everyday_terms.toml`` (its header documents the
keys). :func:`load_terms` checks it against the catalog: with ``strict`` (the tests, for the
shipped catalog) every code a term points to must be a procedure of the catalog, so a
renamed code fails before release; otherwise (a center offering a subset of the catalog)
codes it does not offer are left out, and a term left pointing nowhere is dropped.
:meth:`TermTable.match` finds the terms in a folded, tokenised question, longest first and
without overlap, so "mất sổ đỏ" wins over "sổ đỏ" and "sang tên xe" over "sang tên".
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core.procedures import CatalogError, fold
from kiosk.core.resources import asset

DEFAULT_TERMS = asset("procedures", "everyday_terms.toml")


@dataclass(frozen=True)
class Term:
    """One everyday expression and its official meaning."""

    says: tuple[str, ...]  # as written in the table, with diacritics
    means_vi: str
    means_en: str
    expand: str = ""  # official words added to the search
    codes: tuple[str, ...] = ()  # procedures it points to, most likely first
    counter: bool = False  # a real wish no procedure here serves


@dataclass(frozen=True)
class TermHit:
    """A term found in a question: which term, which of its sayings, where."""

    term: Term
    said: str  # the saying that matched, with diacritics
    start: int  # first token index in the question
    end: int  # one past the last token


@dataclass(frozen=True)
class TermTable:
    """Every term, indexed by the folded token tuple of each saying."""

    terms: tuple[Term, ...]
    sayings: Mapping[tuple[str, ...], tuple[Term, str]]
    longest: int

    def match(self, tokens: list[str]) -> list[TermHit]:
        """Non-overlapping term hits in ``tokens`` (folded), longest sayings first."""
        taken = [False] * len(tokens)
        hits: list[TermHit] = []
        for size in range(min(self.longest, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                if any(taken[start:start + size]):
                    continue
                found = self.sayings.get(tuple(tokens[start:start + size]))
                if found is not None:
                    term, said = found
                    hits.append(TermHit(term, said, start, start + size))
                    taken[start:start + size] = [True] * size
        return sorted(hits, key=lambda hit: hit.start)

    def words(self) -> set[str]:
        """Every folded word of every saying (the finder's spelling vocabulary)."""
        return {word for key in self.sayings for word in key}


def load_terms(known_codes: Iterable[str], path: Path | None = None,
               strict: bool = False) -> TermTable:
    """Read and check the everyday-terms table against the catalog's ``known_codes``.

    ``strict``: a code not in ``known_codes`` is an error (else it is left out).
    """
    path = DEFAULT_TERMS if path is None else path
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(f"The everyday-terms table {path} cannot be read ({exc}).") from None
    known = set(known_codes)
    read = [_term(entry, index, known, strict)
            for index, entry in enumerate(raw.get("term", []), 1)]
    terms = [term for term in read if term is not None]
    sayings: dict[tuple[str, ...], tuple[Term, str]] = {}
    for term in terms:
        for said in term.says:
            key = tuple(fold(said).split())
            if key in sayings:
                raise CatalogError(f"The everyday saying {said!r} appears twice.")
            sayings[key] = (term, said)
    return TermTable(tuple(terms), sayings, max((len(k) for k in sayings), default=1))


def _term(entry: Any, index: int, known: set[str], strict: bool) -> Term | None:
    where = f"Everyday term #{index}"
    if not isinstance(entry, dict):
        raise CatalogError(f"{where} is not a table.")
    allowed = {"says", "means_vi", "means_en", "expand", "codes", "counter"}
    unknown = set(entry) - allowed
    if unknown:
        raise CatalogError(f"{where} has unknown keys {sorted(unknown)}.")
    says = entry.get("says")
    if not isinstance(says, list) or not says or not all(
            isinstance(s, str) and fold(s) for s in says):
        raise CatalogError(f"{where}: 'says' must list what people say.")
    for key in ("means_vi", "means_en"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise CatalogError(f"{where}: {key!r} is missing.")
    codes = entry.get("codes", [])
    missing = [c for c in codes if c not in known]
    if missing and strict:
        raise CatalogError(f"{where} ({says[0]!r}) points to unknown procedures {missing}.")
    counter = bool(entry.get("counter", False))
    if not codes and not entry.get("expand") and not counter:
        raise CatalogError(f"{where} ({says[0]!r}) neither expands, points nor refers.")
    codes = [c for c in codes if c in known]
    if not codes and not entry.get("expand") and not counter:
        return None  # it pointed only to procedures this center does not offer
    return Term(tuple(says), entry["means_vi"], entry["means_en"], entry.get("expand", ""),
                tuple(codes), counter)
