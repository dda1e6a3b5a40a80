"""kiosk.core.desk."""
