"""Offline-first delivery of the kiosk's records to the central service.

``outbox`` (durable, encrypted, chained SQLite queue), ``leases`` (ticket numbers
while offline), ``client`` (signed httpx), ``worker`` (drains on its own thread),
``enrollment`` and ``keys`` (device identity), ``stack`` (built from config).
No Qt in here: events are plain callbacks.
"""
