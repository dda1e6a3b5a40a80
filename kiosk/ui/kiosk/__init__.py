"""kiosk.ui.kiosk."""
