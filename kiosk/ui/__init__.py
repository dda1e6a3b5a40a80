"""kiosk.ui."""
