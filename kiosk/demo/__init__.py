"""kiosk.demo."""
