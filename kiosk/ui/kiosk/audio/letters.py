"""A letter with diacritics, spelled aloud: "ế" is "e mũ, dấu sắc" ("e circumflex, acute").

A blind citizen choosing among a key's alternatives (the on-screen keyboard's "ế", "ề",
"ệ"…) hears each letter spelled the way Vietnamese spell it (the base letter, its shape
mark, its tone mark), not only the syllable the voice makes of it, which is hard to
tell from its neighbours. Unicode's canonical decomposition gives the marks (Python's
``unicodedata``); the words are in ``kiosk/assets/i18n/access_*.ts``.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import qtTrId

SHAPES = ("\u0302", "\u0306", "\u031b")  # circumflex (â ê ô), breve (ă), horn (ơ ư)
TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc huyền hỏi ngã nặng


def _names() -> dict[str, str]:
    """Each combining mark's spoken name, in the installed language."""
    return {
        "\u0302": qtTrId("access.mark.circumflex"),
        "\u0306": qtTrId("access.mark.breve"),
        "\u031b": qtTrId("access.mark.horn"),
        "\u0301": qtTrId("access.mark.acute"),
        "\u0300": qtTrId("access.mark.grave"),
        "\u0309": qtTrId("access.mark.hook"),
        "\u0303": qtTrId("access.mark.tilde"),
        "\u0323": qtTrId("access.mark.dot"),
    }


def spell(letter: str) -> str:
    """``letter`` then its spelling: "ế, e mũ, dấu sắc"; a plain letter stays as it is."""
    if letter.lower() == "đ":  # no decomposition: a d with a stroke
        stroke = qtTrId("access.mark.stroke")
        return f"{letter}, {stroke}"
    decomposed = unicodedata.normalize("NFD", letter)
    base, marks = decomposed[:1], decomposed[1:]
    names = _names()
    if not marks or any(mark not in names for mark in marks):
        return letter
    shapes = " ".join([base, *(names[m] for m in SHAPES if m in marks)])
    tones = [names[m] for m in TONES if m in marks]
    return ", ".join([letter, shapes, *tones])
