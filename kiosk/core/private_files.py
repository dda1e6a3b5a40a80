"""Owner-only files and folders for the data at rest, whatever the umask.

Both sides keep their data in SQLite files (the central's ``central.db``, the kiosk's
``outbox.db``) plus the ``-wal`` and ``-shm`` files SQLite makes beside them, and key
files. Every such file must be mode 0600 and its folder 0700, so another local user
reads nothing (not even the staff PIN hashes to crack offline).

How it is enforced:

* :func:`prepare_sqlite` runs before SQLite opens a database file: it makes the folder
  0700 and creates the database file empty with mode 0600 when missing. SQLite creates
  ``-wal`` and ``-shm`` with the mode of the main file (``robust_open`` copies it, umask
  aside), so they are 0600 too; the tests check this after real writes.
* At start-up (the same call) existing files and folders are checked. We chose **fix
  and warn** for a mode that lets group or others in: the mode is set to 0600 / 0700 and
  a warning names the path and the old mode (paths and modes only, never contents). A
  database readable by others for a while is not itself compromised beyond what was
  read, and refusing to start would stop a kiosk in front of citizens. We **refuse to
  start** (:class:`PrivateFileError`) when the file or folder belongs to another user:
  chmod would not be ours to do, and someone else owning our data is not a permission
  slip but a sign of tampering or a wrong deployment.
* Key files are stricter and stay refused when readable by others (``vault`` and
  ``sync.keys``): a key that others could read must be replaced, not quietly reused.

Shared scratch folders (the sticky bit set, like ``/tmp``) are never chmodded: a
database put directly in one keeps its own 0600 mode and a warning says so.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from kiosk.core.errors import ConfigError

log = logging.getLogger(__name__)

FILE_MODE = 0o600
FOLDER_MODE = 0o700
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class PrivateFileError(ConfigError):
    """A data file or folder belongs to another user: the program refuses to start.

    A :class:`ConfigError` (a deployment mistake), so every entry point already turns it
    into a one-sentence refusal.
    """


def check_owner(path: Path, info: os.stat_result) -> None:
    """Raise :class:`PrivateFileError` unless ``path`` (stat ``info``) is ours."""
    if info.st_uid != os.geteuid():
        raise PrivateFileError(
            f"{path} belongs to user id {info.st_uid}, not to the user this program runs as "
            f"({os.geteuid()}): refusing to start; give it back with chown or move it away")


def secure_folder(folder: Path) -> Path:
    """Create ``folder`` (0700) when missing; fix a looser mode with a warning."""
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    info = folder.stat()
    if info.st_mode & stat.S_ISVTX:
        log.warning("%s is a shared folder (sticky bit): it is left as it is; keep data in a "
                    "folder of its own", folder)
        return folder
    check_owner(folder, info)
    _tighten(folder, info, FOLDER_MODE)
    return folder


def secure_file(path: Path) -> bool:
    """Fix an existing file's loose mode with a warning; False when it does not exist."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return False
    check_owner(path, info)
    _tighten(path, info, FILE_MODE)
    return True


def _tighten(path: Path, info: os.stat_result, mode: int) -> None:
    """Set ``mode`` when group or others may reach ``path``, with a warning."""
    old = stat.S_IMODE(info.st_mode)
    if old & 0o077:
        os.chmod(path, mode)
        log.warning("%s was mode %04o (open to group or others); set to %04o", path, old, mode)


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 when missing (umask cannot widen it)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def prepare_sqlite(path: Path) -> Path:
    """Make ``path``'s folder 0700 and the database file (and companions) 0600.

    Call it before ``sqlite3.connect``. Raises :class:`PrivateFileError` when the folder
    or a file belongs to another user.
    """
    secure_folder(path.parent)
    for suffix in SQLITE_COMPANIONS:
        secure_file(path.with_name(path.name + suffix))
    create_private(path)
    return path


__all__ = ["FILE_MODE", "FOLDER_MODE", "PrivateFileError", "check_owner", "create_private",
           "prepare_sqlite", "secure_file", "secure_folder"]
