"""kiosk.ui.counter."""
