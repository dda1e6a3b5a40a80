"""Issue 18: a kiosk shows a card holder the files they have (``kiosk.central.holder_files``).

``file_holders`` links a file to its holder without the ID number: ``holder`` is the
blind index of the submission the file was accepted for (HMAC-SHA256 of the 12-digit ID
number under the central's index key, ``kiosk.central.vault``), copied when the counter
accepts the file, so it outlives the purge of the submission's own index row.
``file_code`` is the short code the citizen was shown at the kiosk (not a secret). Files
accepted before this migration are linked from the index rows still kept.
"""

from yoyo import step

__depends__ = {"v0005_files"}

steps = [
    step("""CREATE TABLE file_holders (
        file_id TEXT PRIMARY KEY REFERENCES files (file_id),
        holder TEXT NOT NULL,
        file_code TEXT,
        created_at DOUBLE PRECISION NOT NULL
    )"""),
    step("CREATE INDEX file_holders_holder ON file_holders (holder, created_at)"),
    # files accepted before this migration, whose submission's index row is still kept
    # (their short code is left out: the kiosk then shows none)
    step("INSERT INTO file_holders (file_id, holder, file_code, created_at) "
         "SELECT f.file_id, MIN(c.id_hmac), NULL, f.created_at FROM files f "
         "JOIN citizen_index c ON c.record_id = f.submission_id "
         "GROUP BY f.file_id, f.created_at"),
]
