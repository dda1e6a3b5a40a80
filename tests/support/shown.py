"""What a screen shows, as a test compares it with a sentence typed in the test.

The Vietnamese screen texts hold compound words on one line with no-break spaces
(kiosk/ui/qt/i18n.py, kiosk/core/vi_words.py): "căn\u00a0cước". A test comparing a shown
text with plain words reads those as spaces; tests/app/test_keep_words.py checks that
they are there.
"""

from __future__ import annotations

NBSP = "\u00a0"


def plain(text: object) -> str:
    """``text`` as a string with no-break spaces read as spaces."""
    return str(text).replace(NBSP, " ")


def shown(item: object, name: str = "text") -> str:
    """The item's ``name`` property (its text by default), no-break spaces as spaces."""
    return plain(item.property(name))  # type: ignore[attr-defined]
