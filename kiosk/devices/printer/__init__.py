"""The receipt printer: connections, Vietnamese text modes, layouts and health.

==================  =====================================================================
service.py          ``ReceiptPrinter``: health before every job, checks during, outcome
connections.py      one URL -> a python-escpos connection (usb, serial, tcp, file, cups, sim)
profiles.py         escpos-printer-db models, paper width, automatic ``TextMode``
vietnamese.py       the 146 letters, the printable check, TCVN-3 via python-escpos
cp1258.py           Windows-1258 output: base letter + combining tone mark
raster.py           lines drawn with the bundled font, QR, barcode, GS v 0 bytes
document.py         blocks of a slip, printer-independent
job_builder.py      Document + profile + mode -> ESC/POS bytes (``PrintJob``)
layouts.py          TOML templates in kiosk/assets/templates -> Document
jobs.py             ticket and receipt data (+ synthetic demo data)
working_days.py     Vietnamese working days (``holidays``: Tết, Hùng Kings, swaps)
health.py           DLE EOT replies -> ``PrinterState`` with named groups
preview.py          the slip as a picture for the screen
==================  =====================================================================

``ReceiptPrinter`` is blocking and not thread-safe: use it from one worker thread.
"""
