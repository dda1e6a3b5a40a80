"""Diagnostics for technicians: checks of every device and link, a report, health records."""

from kiosk.diagnostics.context import DiagOptions
from kiosk.diagnostics.result import Check, Report, Status
from kiosk.diagnostics.runner import FAMILIES, run_diagnostics

__all__ = ["FAMILIES", "Check", "DiagOptions", "Report", "Status", "run_diagnostics"]
