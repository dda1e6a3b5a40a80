"""Typed errors of the receipt printer package.

Messages are one plain sentence for the technician; they never contain personal data
(names, ID numbers) because printed data never reaches an error message.
"""

from __future__ import annotations

from kiosk.core.errors import ConfigError, KioskError


class PrinterError(KioskError):
    """Base of every printer error."""


class PrinterConfigError(PrinterError, ConfigError):
    """The printer URL, profile or text mode in the configuration is invalid."""


class UnknownProfileError(PrinterConfigError):
    """The profile name is not in the escpos-printer-db; ``suggestions`` holds close names."""

    def __init__(self, name: str, suggestions: tuple[str, ...]) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"printer profile {name!r} does not exist{hint}")
        self.name = name
        self.suggestions = suggestions


class PrinterConnectionError(PrinterError):
    """The printer could not be opened or vanished while the kiosk talked to it."""


class TemplateError(PrinterError):
    """A layout template in kiosk/assets/templates is missing or malformed."""


class JobDataError(PrinterError):
    """Data given to a layout is missing a field or has a wrong value."""
