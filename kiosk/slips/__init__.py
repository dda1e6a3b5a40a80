"""kiosk.slips."""
