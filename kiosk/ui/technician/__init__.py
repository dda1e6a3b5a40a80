"""kiosk.ui.technician."""
