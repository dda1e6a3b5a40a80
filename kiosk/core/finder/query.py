"""From what the citizen typed to words the catalog knows.

A question is folded (no diacritics, đ → d, lower case) and split into syllables. Each
syllable the catalog does not know is repaired, in this order, each step a small rule:

1. Telex typed on a keyboard without a Vietnamese input method ("ddawng kys" → "dang ky");
2. i/y spelled the other way ("kí" → "ky", "lí lịch" → "ly lich");
3. two syllables glued together ("kethon" → "ket hon");
4. a typo: the closest known syllable by edit distance (``rapidfuzz``), preferring one that
   makes a known two-word phrase with its neighbour ("ket hn" → "ket hon", not "ket han");
5. the last syllable, while the citizen is still typing, also stands for the known words it
   begins ("khai si" → "khai sinh").

Filler words of a question ("tôi muốn", "ở đâu", "thế nào") are dropped before scoring but
kept for matching everyday terms. Telex and i/y are hand-written rules (a few lines, no
library does Vietnamese Telex reversal offline); distances are rapidfuzz's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

# Filler of a question, folded. A folded word that is also a catalog word in another tone
# (căn/cần, hội/hỏi, đầu/đâu, bán/bạn, nhà/nha, vay/vậy, cải/cái, sao) is not listed here: it
# is dropped only inside FILLER_PHRASES, in its question-only sense. "cho" (for) is dropped
# although names say "cho thuê", "tặng cho": the words around it carry those meanings.
STOPWORDS = frozenset((
    "toi", "em", "anh", "minh", "ad", "oi", "a", "ah", "nhe", "voi", "thi", "la", "cua", "gi",
    "nao", "khong", "duoc", "muon", "nhi", "ha", "roi", "nay", "cac", "nhung", "nen", "giup",
    "gium", "dum", "ne", "cho",
))
FILLER_PHRASES = (
    ("nhu", "the", "nao"), ("the", "nao"), ("o", "dau"), ("bao", "nhieu"), ("bao", "lau"),
    ("can", "gi"), ("can", "nhung", "gi"), ("can", "lam", "gi"), ("lam", "sao"),
    ("lam", "gi"), ("cho", "hoi"), ("xin", "hoi"), ("thu", "tuc"), ("giay", "to", "gi"),
    ("co", "phai"), ("duoc", "khong"), ("can", "giay", "to"), ("phai", "lam"), ("can", "lam"),
)
_TELEX_PAIRS = (("dd", "d"), ("aa", "a"), ("ee", "e"), ("oo", "o"), ("aw", "a"), ("ow", "o"),
                ("uw", "u"), ("w", "u"))
_TONE_KEYS = "sfrxj"


@dataclass
class ParsedQuery:
    """A question as the finder uses it."""

    tokens: list[str]  # every repaired syllable, in order (terms are matched on these)
    content: list[str]  # the syllables that carry meaning (fillers removed)
    prefixes: dict[str, list[str]] = field(default_factory=dict)  # last syllable → words
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (typed, understood)


def telex(token: str) -> str:
    """``token`` with Telex keystrokes undone ("ddawngs" → "dang")."""
    for typed, letter in _TELEX_PAIRS:
        token = token.replace(typed, letter)
    if len(token) > 2 and token[-1] in _TONE_KEYS:
        token = token[:-1]
    return token


class QueryReader:
    """Repairs questions against a vocabulary of known syllables and two-word phrases."""

    def __init__(self, vocabulary: Mapping[str, int], bigrams: set[tuple[str, str]]) -> None:
        self._vocab = dict(vocabulary)  # syllable → how many documents hold it
        self._words = sorted(self._vocab)
        self._bigrams = bigrams
        self._glued = {a + b: (a, b) for a, b in bigrams}

    def read(self, folded: str, typing: bool = True) -> ParsedQuery:
        """Parse a folded question; ``typing``: the last word may be unfinished."""
        raw = folded.split()
        tokens: list[str] = []
        corrections: list[tuple[str, str]] = []
        for index, token in enumerate(raw):
            previous = tokens[-1] if tokens else None
            following = raw[index + 1] if index + 1 < len(raw) else None
            last = typing and index == len(raw) - 1
            repaired = self._repair(token, previous, following, last)
            if repaired != [token]:
                corrections.append((token, " ".join(repaired)))
            tokens.extend(repaired)
        prefixes: dict[str, list[str]] = {}
        if typing and tokens and not folded.endswith(" "):
            longer = self._completions(tokens[-1])
            if longer:
                prefixes[tokens[-1]] = longer
        return ParsedQuery(tokens, content_words(tokens), prefixes, corrections)

    def _repair(self, token: str, previous: str | None, following: str | None,
                last: bool) -> list[str]:
        if token in self._vocab or token in STOPWORDS or token.isdigit():
            return [token]
        for candidate in (telex(token), _swap_iy(token)):
            if candidate in self._vocab:
                return [candidate]
        if token in self._glued:
            return list(self._glued[token])
        if last and self._completions(token):
            return [token]  # still being typed: the prefix stands for its completions
        near = self._nearest(token, previous, following)
        return [near] if near else [token]

    def _nearest(self, token: str, previous: str | None, following: str | None) -> str | None:
        cutoff = 80.0 if len(token) <= 4 else 75.0
        found = process.extract(token, self._words, scorer=fuzz.ratio, limit=6,
                                score_cutoff=cutoff)
        if not found:
            return None

        def rank(item: tuple[str, float, int]) -> tuple[bool, float, int]:
            word, score, _ = item
            fits = ((previous, word) in self._bigrams) or ((word, following) in self._bigrams)
            return (fits, score, self._vocab[word])

        return max(found, key=rank)[0]

    def _completions(self, prefix: str) -> list[str]:
        if len(prefix) < 2:
            return []
        start = _bisect(self._words, prefix)
        found = []
        for word in self._words[start:]:
            if not word.startswith(prefix):
                break
            if word != prefix:
                found.append(word)
        return sorted(found, key=lambda w: -self._vocab[w])[:6]


def content_words(tokens: list[str]) -> list[str]:
    """``tokens`` without question fillers (phrases first, then single words)."""
    keep = [True] * len(tokens)
    for phrase in sorted(FILLER_PHRASES, key=len, reverse=True):
        size = len(phrase)
        for start in range(len(tokens) - size + 1):
            if all(keep[start:start + size]) and tuple(tokens[start:start + size]) == phrase:
                keep[start:start + size] = [False] * size
    return [t for t, k in zip(tokens, keep, strict=True) if k and t not in STOPWORDS]


def _swap_iy(token: str) -> str:
    if token.endswith("i"):
        return token[:-1] + "y"
    if token.endswith("y"):
        return token[:-1] + "i"
    return token


def _bisect(words: list[str], prefix: str) -> int:
    low, high = 0, len(words)
    while low < high:
        middle = (low + high) // 2
        if words[middle] < prefix:
            low = middle + 1
        else:
            high = middle
    return low
