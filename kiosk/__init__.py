"""Self-service kiosk for Vietnam's Public Administration Service Centers."""

__version__ = "0.1.0"
