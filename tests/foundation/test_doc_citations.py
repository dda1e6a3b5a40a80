"""Every doc the code cites exists in the repository, with the section it names.

Citations are looked for in every text file under kiosk/, tests/ and benchmarks/:

- ``docs/<name>.md``: the file must exist;
- ``docs/<name>.md#<anchor>``: and one of its headings must have that anchor (GitHub's
  rule: lower case, punctuation dropped, spaces turned into hyphens);
- ``docs/<name>.md, section "<Heading>"``: and one of its headings must read exactly so;
- a bare lower-case ``<name>.md`` (as in "the cccd.md example"): a doc of docs/, by the
  project's convention that docs are named in lower case. Upper-case names such as
  ``README.md`` are files elsewhere, not citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("kiosk", "tests", "benchmarks")
SKIPPED_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"}
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".jp2", ".qm", ".ttf", ".otf", ".der", ".ml",
                   ".crl", ".pdf", ".gz", ".zip", ".pyc", ".sqlite", ".db", ".wav", ".mp3"}

_DOC = re.compile(
    r"docs/(?P<name>[\w.-]+?)\.md"
    r"(?:#(?P<anchor>[\w-]+))?"
    r"(?:,?\s+section\s+\"(?P<section>[^\"\n]+)\")?"
)
_BARE = re.compile(r"(?<![\w/.-])(?P<name>[a-z0-9][a-z0-9_-]*)\.md\b")
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Citation:
    """One reference to a doc: where it is, which doc, and the section it names (if any)."""

    where: str
    doc: str
    anchor: str | None = None
    section: str | None = None


def citations_in(text: str, where: str) -> list[Citation]:
    """The doc citations in one file's text; ``where`` prefixes each line number."""
    found: list[Citation] = []
    for match in _DOC.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found.append(Citation(f"{where}:{line}", match["name"], match["anchor"],
                              match["section"]))
    for match in _BARE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found.append(Citation(f"{where}:{line}", match["name"]))
    return found


def scan(root: Path, folders: tuple[str, ...] = SCANNED) -> list[Citation]:
    """Every citation in the text files under ``root``/``folders``."""
    found: list[Citation] = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if (not path.is_file() or path.suffix.lower() in BINARY_SUFFIXES
                    or SKIPPED_DIRS.intersection(path.relative_to(root).parts)):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            found += citations_in(text, str(path.relative_to(root)))
    return found


def anchor_of(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def problems(root: Path, citations: list[Citation]) -> list[str]:
    """One sentence per citation that does not resolve inside ``root``."""
    out: list[str] = []
    for cite in citations:
        doc = root / "docs" / f"{cite.doc}.md"
        if not doc.is_file():
            out.append(f"{cite.where}: docs/{cite.doc}.md does not exist")
            continue
        headings = [m["text"] for m in _HEADING.finditer(doc.read_text(encoding="utf-8"))]
        if cite.anchor is not None and cite.anchor not in {anchor_of(h) for h in headings}:
            out.append(f"{cite.where}: docs/{cite.doc}.md has no heading #{cite.anchor}")
        if cite.section is not None and cite.section not in headings:
            out.append(f'{cite.where}: docs/{cite.doc}.md has no heading "{cite.section}"')
    return out


def test_every_cited_doc_and_section_exists_in_the_repository() -> None:
    citations = scan(ROOT)
    cited = {c.doc for c in citations}
    # The scan sees the citations that motivated it (a scan finding nothing proves nothing).
    assert {"cccd", "performance", "technician", "counter"} <= cited
    assert any(c.section == "The QR code on the card" for c in citations)
    assert problems(ROOT, citations) == []


def test_a_missing_doc_anchor_or_section_is_reported(tmp_path: Path) -> None:
    # Citations are assembled from parts so that this file itself cites nothing missing.
    doc, bare = "docs/{}.md".format, "{}.md".format
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / bare("present")).write_text(
        "# Title\n\n## The card's expiry by law\n\ntext\n", encoding="utf-8")
    (tmp_path / "kiosk").mkdir()
    (tmp_path / "kiosk" / "mod.py").write_text(
        f'"""See {doc("present")} and {doc("present")}#the-cards-expiry-by-law,\n'
        f'{doc("present")}, section "The card\'s expiry by law", README.md,\n'
        f'the {bare("present")}.\n'
        f'Missing: {doc("absent")}, {doc("present")}#no-such-heading,\n'
        f'{doc("present")}, section "No such heading", the {bare("gone")} example."""\n',
        encoding="utf-8")
    (tmp_path / "kiosk" / "picture.png").write_bytes(bytes(range(256)))

    citations = scan(tmp_path, ("kiosk",))

    assert len(citations) == 8  # README.md is not a citation; the picture is skipped
    assert problems(tmp_path, citations) == [
        f"kiosk/mod.py:4: {doc('absent')} does not exist",
        f"kiosk/mod.py:4: {doc('present')} has no heading #no-such-heading",
        f'kiosk/mod.py:5: {doc("present")} has no heading "No such heading"',
        f"kiosk/mod.py:5: {doc('gone')} does not exist",
    ]


def test_anchors_follow_githubs_rule() -> None:
    assert anchor_of("The card's expiry by law") == "the-cards-expiry-by-law"
    assert anchor_of("DG13: the Vietnamese data group") == "dg13-the-vietnamese-data-group"
    assert anchor_of("The 12-digit ID number") == "the-12-digit-id-number"
    assert anchor_of("Thẻ căn cước") == "thẻ-căn-cước"
