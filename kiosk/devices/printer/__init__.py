"""The receipt printer: connections, Vietnamese text modes, layouts and health.

Entry points: ``ReceiptPrinter`` (service.py) for the kiosk, ``build_job`` for the
bytes of a slip, ``layouts`` for the queue ticket, receipt and test page.
"""
