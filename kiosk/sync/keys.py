"""The device's identity and keys on disk.

A folder (``<data dir>/device``, mode 0700) holds:

- ``identity.json`` — device id, center code, role, central URL (no secrets);
- ``signing.key`` — the 32-byte Ed25519 seed that signs records and requests;
- ``data.key`` — the 32-byte AES-256 key that encrypts personal fields at rest.

Key files are created with mode 0600 by the user the kiosk runs as (root in the
packaged service, so the files are root-only) and are refused if anyone else can
read them. The OS keyring is not used: kiosks run headless without a keyring daemon.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
)

from kiosk.core.private_files import secure_file, secure_folder
from kiosk.sync.crypto import KEY_BYTES, FieldCipher
from kiosk.sync.errors import KeyStoreError, NotEnrolledError
from kiosk.wire.keys import public_key_text


def write_secret(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with mode 0600 and fsync it."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_secret(path: Path, size: int) -> bytes:
    """Read a key file, refusing it when others may read it or it has the wrong size."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise NotEnrolledError(
            "this kiosk is not enrolled: run kiosk enroll CODE --central URL"
        ) from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyStoreError(f"key file {path.name} is readable by others; expected mode 0600")
    data = path.read_bytes()
    if len(data) != size:
        raise KeyStoreError(f"key file {path.name} has the wrong size")
    return data


@dataclass(frozen=True)
class DeviceIdentity:
    """Who this kiosk is to the central service, and its keys."""

    device_id: str
    center: str
    central_url: str
    signing_key: Ed25519PrivateKey
    data_key: bytes
    role: str = "kiosk"  # fixed at enrolment by the code: kiosk, counter, display, technician

    @property
    def cipher(self) -> FieldCipher:
        """The cipher for personal fields at rest."""
        return FieldCipher(self.data_key)

    def __repr__(self) -> str:
        return f"DeviceIdentity(device_id={self.device_id}, center={self.center})"


class KeyStore:
    """Reads and writes the device identity folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> KeyStore:
        """The key store inside the kiosk's data folder."""
        return cls(data_dir / "device")

    def exists(self) -> bool:
        """True when an identity has been stored."""
        return (self.folder / "identity.json").is_file()

    def new_keys(self) -> tuple[Ed25519PrivateKey, bytes]:
        """Generate a fresh signing key and data key (not yet stored)."""
        return Ed25519PrivateKey.generate(), os.urandom(KEY_BYTES)

    def save(self, identity: DeviceIdentity) -> None:
        """Store the identity and its keys (keys first, identity last: atomic enough)."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.folder, 0o700)
        seed = identity.signing_key.private_bytes_raw()
        write_secret(self.folder / "signing.key", seed)
        write_secret(self.folder / "data.key", identity.data_key)
        info = {
            "device_id": identity.device_id,
            "center": identity.center,
            "role": identity.role,
            "central_url": identity.central_url,
            "public_key": public_key_text(identity.signing_key.public_key()),
        }
        write_secret(self.folder / "identity.json", json.dumps(info, indent=2).encode())

    def load(self) -> DeviceIdentity:
        """Load the stored identity; :class:`NotEnrolledError` when there is none."""
        path = self.folder / "identity.json"
        if path.is_file():  # the folder 0700 and identity.json 0600 (fixed with a warning)
            secure_folder(self.folder)
            secure_file(path)
        if not path.is_file():
            raise NotEnrolledError(
                "this kiosk is not enrolled: run kiosk enroll CODE --central URL"
            )
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
            device_id, center, url = info["device_id"], info["center"], info["central_url"]
        except (ValueError, KeyError, TypeError):
            raise KeyStoreError("identity.json is damaged; enroll the kiosk again") from None
        seed = read_secret(self.folder / "signing.key", 32)
        data_key = read_secret(self.folder / "data.key", KEY_BYTES)
        return DeviceIdentity(
            str(device_id), str(center), str(url),
            Ed25519PrivateKey.from_private_bytes(seed), data_key,
            str(info.get("role") or "kiosk"),
        )
