"""The CCCD QR code: text repair, payload parsing and decoding it from camera frames."""

from kiosk.devices.qr.cccd_qr import (
    QrFormatError,
    QrValidationError,
    parse_cccd_qr,
)
from kiosk.devices.qr.events import Deduplicator, ScanEvent
from kiosk.devices.qr.frame_decoder import Decoded, FrameDecoder
from kiosk.devices.qr.text_repair import decode_scanned, repair_mojibake

__all__ = [
    "Decoded",
    "Deduplicator",
    "FrameDecoder",
    "QrFormatError",
    "QrValidationError",
    "ScanEvent",
    "decode_scanned",
    "parse_cccd_qr",
    "repair_mojibake",
]
