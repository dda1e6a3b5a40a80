"""The finder: a citizen's own words in, the right procedures out, best first, with why.

Three maintained or curated parts, combined by plain addition (docs/catalog.md says why):

- BM25 (``bm25s``) over each procedure's short name (weighted three times), keywords (twice),
  official name, field and English name; words and two-word phrases are both indexed,
  because a Vietnamese word is often two syllables ("kết hôn", "căn cước");
- the repaired question (:mod:`kiosk.core.finder.query`: Telex, i/y, glued words, typos by
  ``rapidfuzz``, the unfinished last word);
- the everyday-terms table (:mod:`kiosk.core.finder.terms`): a term points to procedures
  (a fixed bonus) or adds official words to the search.

Plain rules on top: the procedure whose short name best fits the question (F1 of shared
words) wins over its rarer variants ("khai tử" → "Đăng ký khai tử", not "… lưu động"), and
a question that is exactly a short name shows that procedure alone; words after "để"
(the purpose: "giấy độc thân để vay ngân hàng") count less; a procedure holding less than
half of the question's words is not offered unless a term points to it. Results below
:data:`MIN_SCORE`, or far below the best, are not shown; when nothing is left the kiosk
says to ask at the counter.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import bm25s
import numpy as np

from kiosk.core.finder.query import ParsedQuery, QueryReader, content_words
from kiosk.core.finder.terms import TermHit, TermTable, load_terms
from kiosk.core.procedures import Catalog, Procedure, fold

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
try:  # bm25s wraps its loops in (disabled) tqdm bars; tqdm would start a watchdog thread
    import tqdm

    tqdm.tqdm.monitor_interval = 0
except ImportError:  # without tqdm bm25s uses a stand-in: no thread either
    pass

# Weights chosen on the "dev" queries of tests/procedures/data/finder_queries.tsv only.
TERM_BONUS = 12.0  # a term's first procedure; later ones get a share
FIT_BONUS = 12.0  # times how well question and short name fit (F1 of their shared words)
USAGE_PRIOR = 2.0  # the most used procedure gets this much, the least used nothing
PURPOSE_WEIGHT = 0.3  # words after "để" (the purpose, not the procedure)
MIN_QUESTION_COVER = 0.5  # share of the question's words a procedure must hold
COUNTER_PENALTY = 12.0  # the question names something filed elsewhere (divorce, licences)
PREFIX_WEIGHT = 0.6  # a completion of the word still being typed
MIN_SCORE = 3.0
RELATIVE_CUT = 0.35  # hide results scoring under this share of the best
_CACHE_SIZE = 4096  # remembered per-word score arrays (each 150+ floats)
_FIELDS = (("name_vi", 3), ("keywords", 2), ("official_name", 1), ("field_vi", 1),
           ("name_en", 1), ("field_en", 1))


@dataclass(frozen=True)
class Match:
    """One procedure found, its score and why it matched (both languages)."""

    procedure: Procedure
    score: float
    why_vi: str
    why_en: str


@dataclass(frozen=True)
class FindResult:
    """The answer to one question: matches best first, or the reason to ask a person."""

    matches: tuple[Match, ...]
    counter_vi: str = ""  # set when nothing fits: what to tell the citizen
    counter_en: str = ""
    corrections: tuple[tuple[str, str], ...] = field(default=())


def _grams(words: list[str]) -> list[str]:
    return words + [f"{a}_{b}" for a, b in itertools.pairwise(words)]


def _document(procedure: Procedure) -> list[str]:
    tokens: list[str] = []
    for name, weight in _FIELDS:
        value = getattr(procedure, name)
        texts = value if isinstance(value, tuple) else (value,)
        for text in texts:
            tokens += _grams(fold(text).split()) * weight
    return tokens


class Finder:
    """Finds procedures of ``catalog`` from everyday questions; build once, ask often."""

    def __init__(self, catalog: Catalog, terms: TermTable | None = None) -> None:
        self.catalog = catalog
        self._procedures = list(catalog.procedures)
        self.terms = terms or load_terms(p.code for p in self._procedures)
        documents = [_document(p) for p in self._procedures]
        self._bm25 = bm25s.BM25(k1=0.9)  # faster saturation: keyword repeats count less
        self._bm25.index(documents, show_progress=False)
        vocabulary: dict[str, int] = {}
        bigrams: set[tuple[str, str]] = set()
        for tokens in documents:
            for token in set(tokens):
                if "_" in token:
                    left, right = token.split("_", 1)
                    bigrams.add((left, right))
                else:
                    vocabulary[token] = vocabulary.get(token, 0) + 1
        for word in self.terms.words():
            vocabulary.setdefault(word, 0)
        for key in self.terms.sayings:
            bigrams.update(itertools.pairwise(key))
        self._reader = QueryReader(vocabulary, bigrams)
        self._index = {p.code: i for i, p in enumerate(self._procedures)}
        self._names = [set(fold(p.name_vi).split()) for p in self._procedures]
        self._words = [{t for t in doc if "_" not in t} for doc in documents]
        self._cache: dict[str, np.ndarray] = {}

    def find(self, text: str, limit: int = 10, typing: bool = False) -> FindResult:
        """The procedures ``text`` asks for, best first (at most ``limit``).

        ``typing``: the citizen is still typing, so the last word may be unfinished.
        """
        query = self._reader.read(fold(text), typing=typing and not text.endswith(" "))
        if not query.tokens:
            return FindResult(())
        hits = self.terms.match(query.tokens)
        cut = _purpose_start(query.tokens, hits)
        scores, words = self._scores(query, hits, cut)
        order = np.argsort(-scores, kind="stable")
        best = float(scores[order[0]])
        exact = self._exact(query.tokens[:cut])
        matches = []
        for i in order[:1] if exact else order[:limit]:
            score = float(scores[i])
            if score < MIN_SCORE or score < best * RELATIVE_CUT:
                break
            why_vi, why_en = self._why(int(i), hits, words, query)
            matches.append(Match(self._procedures[i], round(score, 3), why_vi, why_en))
        counter = next((h.term for h in hits if h.term.counter), None)
        if matches or counter is None:
            return FindResult(tuple(matches), corrections=tuple(query.corrections))
        return FindResult((), counter.means_vi, counter.means_en, tuple(query.corrections))

    def _exact(self, tokens: list[str]) -> bool:
        """The question is exactly a procedure's short name: show that one alone."""
        words = content_words(tokens)
        return bool(words) and set(words) in self._names and len(set(words)) == len(words)

    def _scores(self, query: ParsedQuery, hits: list[TermHit],
                cut: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        main = content_words(query.tokens[:cut])
        purpose = content_words(query.tokens[cut + 1:])
        weights: dict[str, float] = {}
        for token in _grams(purpose):
            weights[token] = PURPOSE_WEIGHT
        for token in _grams(main):
            weights[token] = 1.0
        for hit in hits:
            for token in _grams(fold(hit.term.expand).split()):
                weights.setdefault(token, 1.0)
        for words in query.prefixes.values():
            for word in words:
                weights.setdefault(word, PREFIX_WEIGHT)
        per_word = {t: self._word_scores(t) * w for t, w in weights.items()}
        total = np.zeros(len(self._procedures), dtype=np.float64)
        for array in per_word.values():
            total += array
        inside = {i for hit in hits if not hit.term.counter for i in range(hit.start, hit.end)}
        plain = set(content_words([t for i, t in enumerate(query.tokens[:cut])
                                   if i not in inside]))
        total += self._bonuses(hits, main, cut, plain)
        return total, per_word

    def _word_scores(self, token: str) -> np.ndarray:
        """BM25 scores of one word for every procedure, remembered (a citizen's next key
        repeats the words of the last one)."""
        scores = self._cache.get(token)
        if scores is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            scores = self._cache[token] = self._bm25.get_scores([token])
        return scores

    def _bonuses(self, hits: list[TermHit], main: list[str], cut: int,
                 plain: set[str]) -> np.ndarray:
        """Terms, fit of the short name, usage; ``plain``: the asked words no term explains
        (a procedure must hold half of them, the terms' words are judged by the terms)."""
        count = len(self._procedures)
        bonus = np.linspace(USAGE_PRIOR, 0.0, count)  # catalog order is most used first
        pointed: set[int] = set()
        for hit in hits:
            weight = PURPOSE_WEIGHT if hit.start > cut else 1.0
            for place, code in enumerate(hit.term.codes):
                bonus[self._index[code]] += weight * TERM_BONUS / (1 + place)
                pointed.add(self._index[code])
            if hit.term.counter:
                bonus -= COUNTER_PENALTY
        words = set(main)
        if not words:
            return bonus
        for i, name in enumerate(self._names):
            bonus[i] += FIT_BONUS * 2 * len(words & name) / (len(words) + len(name))
            if i not in pointed and len(plain & self._words[i]) < MIN_QUESTION_COVER * len(plain):
                bonus[i] -= 1000.0  # holds too little of the question
        return bonus

    def _why(self, index: int, hits: list[TermHit], words: dict[str, np.ndarray],
             query: ParsedQuery) -> tuple[str, str]:
        procedure = self._procedures[index]
        vi: list[str] = []
        en: list[str] = []
        for hit in hits:
            if procedure.code in hit.term.codes or (hit.term.expand and not hit.term.codes):
                vi.append(f"“{hit.said}” nghĩa là {hit.term.means_vi}")
                en.append(f"“{hit.said}” means {hit.term.means_en}")
        shown = _display_words(procedure, self._matched(index, words))
        if shown:
            vi.append("khớp với: " + ", ".join(f"“{w}”" for w in shown))
            en.append("matches: " + ", ".join(f"“{w}”" for w in shown))
        for typed, understood in query.corrections:
            vi.append(f"hiểu “{typed}” là “{understood}”")
            en.append(f"read “{typed}” as “{understood}”")
        return "; ".join(vi) or "gần đúng", "; ".join(en) or "close match"

    @staticmethod
    def _matched(index: int, words: dict[str, np.ndarray]) -> list[str]:
        found = [(float(a[index]), t) for t, a in words.items() if a[index] > 0]
        found.sort(reverse=True)
        return [t for _, t in found[:6]]


def _purpose_start(tokens: list[str], hits: list[TermHit]) -> int:
    """Where the purpose begins: the first "để" outside a term, or the end of the question."""
    inside = {i for hit in hits for i in range(hit.start, hit.end)}
    return next((i for i, t in enumerate(tokens)
                 if t == "de" and i > 0 and i not in inside and tokens[i + 1:i + 2] != ["lai"]),
                len(tokens))  # "để lại" is "to leave behind", not a purpose


def _display_words(procedure: Procedure, tokens: Iterable[str]) -> list[str]:
    """The matched words as the procedure's name writes them, joined where adjacent.

    When no word of the name matched (only keywords or the official name did), the matched
    words are shown folded, as typed.
    """
    matched = {t for token in tokens for t in token.split("_")}
    written = procedure.name_vi.replace(",", " ").replace("(", " ").replace(")", " ").split()
    phrases: list[list[str]] = []
    previous = False
    for word in written:
        hit = fold(word) in matched
        if hit and previous:
            phrases[-1].append(word.lower())
        elif hit:
            phrases.append([word.lower()])
        previous = hit
    shown = [" ".join(p) for p in sorted(phrases, key=len, reverse=True)]
    return shown[:3] if shown else sorted(matched)[:3]
