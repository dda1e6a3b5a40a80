"""kiosk.wire."""
