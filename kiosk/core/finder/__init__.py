"""Find the procedure from the citizen's own words (BM25, typo repair, everyday terms)."""

from kiosk.core.finder.engine import Finder, FindResult, Match
from kiosk.core.finder.terms import Term, TermTable, load_terms

__all__ = ["FindResult", "Finder", "Match", "Term", "TermTable", "load_terms"]
