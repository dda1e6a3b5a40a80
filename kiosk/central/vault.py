"""The central service's keys: personal fields encrypted at rest and a blind index.

One key file holds two independent 256-bit keys: the *data key* (AES-256-GCM over
the personal fields of stored records and over staff names) and the *index key*
(HMAC-SHA256 over normalised 12-digit ID numbers, the blind index that lets a counter
find a citizen's submissions without decrypting anything else). A third key, the
*chain-digest key*, is derived from the index key (HMAC with its own label) and keys
the stored record hashes (see ``chain_at_rest``). The file is JSON,
created on first start with mode 0600 (atomically, so several uvicorn workers starting
together agree on one key), and refused when others may read it.

Where it lives: ``[central] key_file`` / ``KIOSK_CENTRAL_KEY_FILE``; empty means next to
the SQLite database (``central.db`` → ``central.db.key``), or
``~/.local/share/kiosk/central.key`` for PostgreSQL. An in-memory SQLite database
(tests) gets throw-away keys.

A sealed value is text ``v1.<key id>.<base64 nonce+ciphertext>``; the key id is the
first 16 hex digits of SHA-256 over the data key (it names the key, it does not reveal
it). Each value is bound to what it belongs to (associated data, e.g. the record id),
so a ciphertext moved to another row does not decrypt. The database remembers the key
id it was sealed under (table ``central_meta``): starting against it with another key
file is refused with a clear :class:`VaultError` rather than failing row by row later.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import stat
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.core.errors import KioskError
from kiosk.core.private_files import check_owner, secure_folder

VERSION = "v1"
DEFAULT_POSTGRES_KEY_FILE = "~/.local/share/kiosk/central.key"
_ID_NUMBER = re.compile(r"^\d{12}$")
_ID_SEPARATORS = re.compile(r"[\s.\-]")


class VaultError(KioskError):
    """The central's key file is missing, unsafe or wrong, or a sealed value will not open."""


def normalize_id_number(text: str) -> str:
    """The 12 digits of a CCCD number (spaces, dots and dashes dropped); ValueError if not."""
    digits = _ID_SEPARATORS.sub("", text)
    if not _ID_NUMBER.fullmatch(digits):
        raise ValueError("an ID number is 12 digits")
    return digits


def default_key_file(database_url: str) -> str:
    """Where the key file lives when none is configured ("" for an in-memory database)."""
    from kiosk.central.storage import sqlite_path

    if database_url.startswith("sqlite://"):
        path = sqlite_path(database_url)
        return "" if path == ":memory:" else path + ".key"
    return DEFAULT_POSTGRES_KEY_FILE


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0600 holding ``data``; leave an existing file alone."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".keyfile-")
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
        os.fsync(fd)
        os.close(fd)
        with contextlib.suppress(FileExistsError):  # another process was first: keep its key
            os.link(temp, path)  # atomic
    finally:
        os.unlink(temp)


class Vault:
    """The data key and the index key, and what they do."""

    def __init__(self, data_key: bytes, index_key: bytes, source: str = "memory") -> None:
        if len(data_key) != 32 or len(index_key) != 32:
            raise VaultError("the central's keys must be 32 bytes each")
        if hmac.compare_digest(data_key, index_key):
            raise VaultError("the central's data key and index key must differ")
        self._aead = AESGCM(data_key)
        self._index_key = index_key
        # the chain-digest key: derived from the index key with its own label (domain
        # separation), so no key file changes and no digest equals a blind-index value
        self._chain_key = hmac.new(index_key, b"kiosk-central/chain-digest/v1",
                                   hashlib.sha256).digest()
        self.key_id = hashlib.sha256(data_key).hexdigest()[:16]
        self.source = source

    def __repr__(self) -> str:
        return f"Vault(key_id={self.key_id}, source={self.source})"

    @classmethod
    def generate(cls) -> Vault:
        """Throw-away keys (in-memory databases, tests)."""
        return cls(os.urandom(32), os.urandom(32))

    @classmethod
    def load(cls, path: str | Path, create: bool = True) -> Vault:
        """Read the key file at ``path``, creating it first when missing (and allowed)."""
        file = Path(path).expanduser()
        secure_folder(file.parent)  # 0700 (fixed with a warning), never another user's
        if not file.exists():
            if not create:
                raise VaultError(f"the central's key file {file} does not exist")
            body = {"version": 1, "data_key": _b64(os.urandom(32)),
                    "index_key": _b64(os.urandom(32))}
            _write_new(file, json.dumps(body).encode("utf-8"))
        try:
            check_owner(file, file.stat())
            mode = file.stat().st_mode
            if mode & (stat.S_IRWXG | stat.S_IRWXO):
                raise VaultError(f"the central's key file {file} must be readable by its owner "
                                 "only (chmod 600)")
            data = json.loads(file.read_text(encoding="utf-8"))
            keys = (base64.b64decode(data["data_key"], validate=True),
                    base64.b64decode(data["index_key"], validate=True))
        except OSError as exc:
            raise VaultError(f"the central's key file {file} cannot be read: "
                             f"{exc.strerror}") from None
        except (ValueError, KeyError, TypeError):
            raise VaultError(f"the central's key file {file} is not a valid key file") from None
        return cls(*keys, source=str(file))

    @classmethod
    def for_database(cls, database_url: str, key_file: str = "") -> Vault:
        """The vault of a database: the configured key file, or the default one."""
        path = key_file or default_key_file(database_url)
        return cls.load(path) if path else cls.generate()

    # -- sealing --------------------------------------------------------------------------

    def seal(self, plain: bytes, bound_to: str) -> str:
        """Encrypt ``plain``, bound to ``bound_to`` (e.g. a record id)."""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plain, bound_to.encode("utf-8"))
        return f"{VERSION}.{self.key_id}.{_b64(nonce + sealed)}"

    def open(self, text: str, bound_to: str) -> bytes:
        """Decrypt a value made by :meth:`seal` for the same ``bound_to``."""
        parts = text.split(".")
        if len(parts) != 3 or parts[0] != VERSION:
            raise VaultError("a sealed value has an unknown format")
        if parts[1] != self.key_id:
            raise VaultError(f"this value was sealed under data key {parts[1]}, but the loaded "
                             f"key is {self.key_id}: the key file is the wrong one")
        try:
            raw = base64.b64decode(parts[2], validate=True)
            return self._aead.decrypt(raw[:12], raw[12:], bound_to.encode("utf-8"))
        except (ValueError, InvalidTag):
            raise VaultError("a sealed value does not decrypt with the loaded data key: the key "
                             "is wrong or the stored data was altered") from None

    def seal_text(self, text: str, bound_to: str) -> str:
        """:meth:`seal` for text."""
        return self.seal(text.encode("utf-8"), bound_to)

    def open_text(self, sealed: str, bound_to: str) -> str:
        """:meth:`open` for text."""
        return self.open(sealed, bound_to).decode("utf-8")

    # -- blind index ----------------------------------------------------------------------

    def blind_index(self, id_number: str) -> str:
        """HMAC-SHA256 (hex) of the normalised ID number; ValueError when malformed."""
        digits = normalize_id_number(id_number)
        return hmac.new(self._index_key, digits.encode("ascii"), hashlib.sha256).hexdigest()

    # -- chain digests --------------------------------------------------------------------

    def chain_digest(self, raw_hash: str) -> str:
        """HMAC-SHA256 (hex) of a record's raw hex hash: stored instead of the hash itself.

        A raw hash confirms a guessed payload; this digest does so only for someone who
        holds the key file (see ``chain_at_rest``).
        """
        return hmac.new(self._chain_key, raw_hash.encode("ascii"), hashlib.sha256).hexdigest()
