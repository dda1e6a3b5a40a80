"""kiosk.core.visit."""
