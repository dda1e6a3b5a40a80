"""Errors of the contract between kiosk and central: a record, a request or a key is wrong.

Both sides raise and catch these; neither side's own errors (the kiosk's outbox, the
central's storage) belong here. Messages are one plain sentence without personal data.
"""

from __future__ import annotations

from kiosk.core.errors import ParseError


class ProtocolError(ParseError):
    """A record or a request does not follow the sync protocol."""


class SignatureError(ProtocolError):
    """A request's HTTP message signature is missing, malformed, stale or wrong."""


class PublicKeyError(ProtocolError):
    """A device's public key is not 32 bytes of Ed25519 in base64."""


class RecordsRefusedError(ProtocolError):
    """Some records of a batch are malformed: ``rejected`` names each (id and reason).

    The sender can then set exactly those records aside and deliver the others.
    """

    def __init__(self, message: str, rejected: list[dict[str, str]]) -> None:
        super().__init__(message)
        self.rejected = rejected
