"""Finding 5: the data at rest is 0600 in 0700 folders whatever the umask, on both sides.

Real writes on real files: a central database (SQLite, WAL), its key file, a kiosk's
identity folder and its outbox. Before the fix, the databases and their ``-wal``/``-shm``
followed the umask (0644 under 0022) and the folders were 0755.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.central.sealed_records import bind_database
from kiosk.central.service import CentralService
from kiosk.central.storage import Database
from kiosk.central.vault import Vault
from kiosk.core.private_files import PrivateFileError
from kiosk.sync.keys import KeyStore
from kiosk.sync.outbox import Outbox
from kiosk.wire.keys import public_key_text
from kiosk.wire.protocol import RecordKind
from tests.support.sample_identities import identity, submission


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield int(request.param)
    os.umask(old)


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode)
            for p in [root, *root.rglob("*")]}


def _central_writes(folder: Path) -> None:
    db = Database(f"sqlite:///{folder}/central.db", pool_size=2)
    vault = Vault.for_database(db.url)
    bind_database(db, vault)
    service = CentralService(db, vault)
    ident = identity()
    service.enroll({"code": service.issue_code("HCM-01"),
                    "public_key": public_key_text(ident.signing_key.public_key())})
    with db.reader() as tx:  # open readers keep the -wal and -shm in place
        tx.one("SELECT COUNT(*) FROM devices")
        assert (folder / "central.db-wal").exists() and (folder / "central.db-shm").exists()
        assert all(m == 0o600 for n, m in _modes(folder).items() if n != ".")
    db.close()


def test_central_and_kiosk_files_are_owner_only_whatever_the_umask(
        tmp_path: Path, umask: int) -> None:
    central = tmp_path / "central"
    _central_writes(central)
    data = tmp_path / "kiosk-data"
    store = KeyStore.in_data_dir(data)
    store.save(identity())
    box = Outbox(data / "outbox.db", store.load())
    for _ in range(30):
        box.enqueue(RecordKind.SUBMISSION, submission())
    assert (data / "outbox.db-wal").exists() and (data / "outbox.db-shm").exists()
    seen = {**_modes(central), **{f"k/{n}": m for n, m in _modes(data).items()}}
    box.close()
    for root in (central, data):
        assert stat.S_IMODE(root.stat().st_mode) == 0o700
    folders = {n for n in seen if n in {".", "k/.", "k/device"}}
    assert folders == {".", "k/.", "k/device"}
    for name, mode in seen.items():
        assert mode == (0o700 if name in folders else 0o600), (name, oct(mode))
    assert {"central.db", "central.db.key", "k/outbox.db", "k/outbox.db-wal",
            "k/device/signing.key"} <= set(seen)


def test_a_loose_database_is_fixed_at_start_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "central"
    _central_writes(folder)
    (folder / "central.db").chmod(0o644)
    folder.chmod(0o755)
    with caplog.at_level(logging.WARNING, logger="kiosk.core.private_files"):
        Database(f"sqlite:///{folder}/central.db", pool_size=1).close()
    assert stat.S_IMODE((folder / "central.db").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    text = caplog.text
    assert f"{folder / 'central.db'} was mode 0644" in text and f"{folder} was mode 0755" in text
    data = tmp_path / "kiosk-data"
    store = KeyStore.in_data_dir(data)
    store.save(identity())
    Outbox(data / "outbox.db", store.load()).close()
    (data / "outbox.db").chmod(0o664)
    (data / "device").chmod(0o755)
    Outbox(data / "outbox.db", store.load()).close()
    assert stat.S_IMODE((data / "outbox.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "device").stat().st_mode) == 0o700
    assert f"{data / 'outbox.db'} was mode 0664" in caplog.text


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_database_owned_by_another_user_refuses_to_start(tmp_path: Path) -> None:
    folder = tmp_path / "central"
    _central_writes(folder)
    os.chown(folder / "central.db", 65534, 65534)
    with pytest.raises(PrivateFileError, match=r"belongs to user id 65534.*refusing to start"):
        Database(f"sqlite:///{folder}/central.db", pool_size=1)
    data = tmp_path / "kiosk-data"
    store = KeyStore.in_data_dir(data)
    store.save(identity())
    os.chown(data, 65534, 65534)
    with pytest.raises(PrivateFileError, match="refusing to start"):
        Outbox(data / "outbox.db", store.load())
