"""Helpers the UI tests share: fingers that touch the real window (``fingers``)."""
