"""An in-process :class:`~kiosk.devices.chip.apdu.Transport` straight into an emulated card.

No PC/SC, no sockets: each command is encoded, handed to
:meth:`EmulatedCard.process` and the answer decoded, so the bytes are exactly those
that would cross a real reader. Once the card is pulled (fault ``pull_after``), every
transmit raises :class:`kiosk.core.errors.CardRemovedError`.
"""

from __future__ import annotations

from kiosk.core.errors import CardRemovedError
from kiosk.devices.chip.apdu import CommandApdu, ResponseApdu
from kiosk.simulated.card import CardPulled, EmulatedCard


class LoopbackTransport:
    """A transport that talks to an :class:`EmulatedCard` in the same process."""

    def __init__(self, card: EmulatedCard, reader_extended: bool | None = None) -> None:
        self.card = card
        self.reader_extended = reader_extended

    @property
    def supports_extended(self) -> bool:
        """Extended-length APDUs pass when the card accepts them (or, with
        ``reader_extended``, when the modelled reader carries them: the card decides)."""
        if self.reader_extended is not None:
            return self.reader_extended
        return self.card.extended_length

    def transmit(self, command: CommandApdu) -> ResponseApdu:
        """Send ``command`` to the card and return its response."""
        try:
            raw = self.card.process(command.to_bytes())
        except CardPulled as exc:
            raise CardRemovedError("The card was removed from the reader.", exc.step) from exc
        return ResponseApdu.from_bytes(raw)
