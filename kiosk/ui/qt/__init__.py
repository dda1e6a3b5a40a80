"""kiosk.ui.qt."""
