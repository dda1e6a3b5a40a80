"""kiosk.devices.card."""
