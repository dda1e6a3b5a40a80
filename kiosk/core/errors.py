"""The project's typed errors.

Every error a person may see carries a ``message`` that is one plain sentence
(Vietnamese staff and citizens read these through the UI; technicians through the
CLI). Errors never carry personal data in their text.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk raises on purpose."""


def sentence(message: str) -> str:
    """``message`` as a sentence: a capital first letter and a closing full stop."""
    text = message.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?!" else text + "."


class ConfigError(KioskError):
    """The configuration file or an environment override is invalid."""


class CardError(KioskError):
    """Something went wrong while talking to an ID card."""


class ReaderError(CardError):
    """The PC/SC service or reader is missing or failed."""


class NoReaderError(ReaderError):
    """No PC/SC reader is connected."""


class ReaderDisconnectedError(ReaderError):
    """The reader (or the PC/SC service) went away during an operation.

    ``step`` names what the kiosk was doing.
    """

    def __init__(self, message: str, step: str = "") -> None:
        super().__init__(message)
        self.step = step


class NoCardError(ReaderError):
    """The reader is present but no card is on it."""


class CardRemovedError(CardError):
    """The card left the reader during an operation.

    ``step`` names what the kiosk was doing (e.g. "reading DG13").
    """

    def __init__(self, message: str, step: str = "") -> None:
        super().__init__(message)
        self.step = step


class CardSwappedError(CardError):
    """A different card came back to the reader while a read was resuming."""


class AccessDeniedError(CardError):
    """The card refused the access key (wrong MRZ data / CAN)."""


class CanRefusedError(AccessDeniedError):
    """Only the CAN was known (a typed ID number) and the card refused it: wrong number."""


class CanNotEnoughError(AccessDeniedError):
    """Only the CAN was known and the card does not take it (no PACE, or PACE refused).

    BAC needs the date of birth and the card's dates besides the ID number.
    """


class SecureMessagingError(CardError):
    """A secure-messaging response failed verification (bad MAC, missing objects)."""


class CardFileError(CardError):
    """A file on the card is missing, unreadable or malformed.

    ``file`` names it (e.g. "DG13").
    """

    def __init__(self, message: str, file: str = "") -> None:
        super().__init__(message)
        self.file = file


class ParseError(KioskError):
    """Data (TLV, MRZ, DG1, DG13, QR, ...) is malformed. The message says what and where."""
