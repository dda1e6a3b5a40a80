"""ICAO 9303 Part 3 check digits (weights 7-3-1, modulus 10)."""

from __future__ import annotations

from kiosk.core.errors import ParseError

_WEIGHTS = (7, 3, 1)


def char_value(char: str) -> int:
    """Value of one MRZ character: digits 0-9, A-Z 10-35, filler '<' 0."""
    if "0" <= char <= "9":
        return ord(char) - ord("0")
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ParseError(f"Character {char!r} is not allowed in a machine-readable zone.")


def check_digit(text: str) -> int:
    """Return the ICAO 9303 check digit of ``text`` (0-9).

    Raises ParseError when ``text`` holds a character outside 0-9, A-Z and '<'.
    """
    return sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(text)) % 10
