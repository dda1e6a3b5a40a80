"""Command groups of the ``kiosk`` CLI; each module has ``register(subparsers)``."""

GROUPS: tuple[str, ...] = (
    "card", "qr", "print", "sync", "enroll", "central", "diag", "screenshots", "run",
    "out_of_service", "address", "procedures",
)
