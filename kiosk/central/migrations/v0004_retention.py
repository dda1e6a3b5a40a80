"""Retention (see ``kiosk.central.retention``): where each device's archived chain ends.

``chain_archived`` holds, per device, the seq and keyed hash digest of its last record
moved to an archive file, so ``chain_verify`` resumes there instead of reporting the
archived records as missing.
"""

from yoyo import step

__depends__ = {"v0003_centers"}

steps = [
    step("""CREATE TABLE chain_archived (
        device_id TEXT PRIMARY KEY,
        seq BIGINT NOT NULL,
        hash TEXT NOT NULL,
        archived_at DOUBLE PRECISION NOT NULL
    )"""),
]
