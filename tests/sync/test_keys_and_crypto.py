from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.sync.crypto import FieldCipher
from kiosk.sync.errors import KeyStoreError, NotEnrolledError
from kiosk.sync.keys import DeviceIdentity, KeyStore


def test_fields_round_trip_and_personal_text_disappears() -> None:
    cipher = FieldCipher(os.urandom(32))
    payload = {"procedure": "P1", "citizen": {"name": "Trần Thị Bình"}, "form": {"a": 1}}
    sealed = cipher.encrypt_fields("r1", payload, ["citizen", "form"])
    assert sealed["procedure"] == "P1"
    assert "Bình" not in repr(sealed)
    assert cipher.decrypt_fields("r1", sealed) == payload


def test_known_nonce_gives_a_fixed_ciphertext_layout() -> None:
    cipher = FieldCipher(bytes(32))
    token = cipher.seal("x", b"r/f", nonce=bytes(12))
    # 12-byte nonce + 3 bytes of ciphertext ('"x"') + 16-byte tag, base64
    import base64

    raw = base64.b64decode(token)
    assert raw[:12] == bytes(12) and len(raw) == 12 + 3 + 16
    assert cipher.open(token, b"r/f") == "x"


def test_ciphertext_is_bound_to_its_record_and_field() -> None:
    cipher = FieldCipher(os.urandom(32))
    sealed = cipher.encrypt_fields("r1", {"citizen": {"id": "001099012345"}}, ["citizen"])
    with pytest.raises(KeyStoreError):
        cipher.decrypt_fields("r2", sealed)
    with pytest.raises(KeyStoreError):
        FieldCipher(os.urandom(32)).decrypt_fields("r1", sealed)
    tampered = {"citizen": {"$enc": sealed["citizen"]["$enc"][:-4] + "AAA="}}
    with pytest.raises(KeyStoreError):
        cipher.decrypt_fields("r1", tampered)
    with pytest.raises(KeyStoreError):
        FieldCipher(b"short")


def test_key_store_writes_owner_only_files_and_refuses_loose_ones(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    with pytest.raises(NotEnrolledError):
        store.load()
    key, data_key = store.new_keys()
    store.save(DeviceIdentity("k-1", "HCM-01", "https://c", key, data_key))
    for name in ("signing.key", "data.key", "identity.json"):
        assert (store.folder / name).stat().st_mode & 0o777 == 0o600
    assert store.folder.stat().st_mode & 0o777 == 0o700
    loaded = store.load()
    assert loaded.device_id == "k-1" and loaded.data_key == data_key
    assert "HCM-01" in repr(loaded) and "data_key" not in repr(loaded)
    os.chmod(store.folder / "data.key", 0o644)
    with pytest.raises(KeyStoreError, match="readable by others"):
        store.load()
    os.chmod(store.folder / "data.key", 0o600)
    (store.folder / "signing.key").write_bytes(b"short")
    with pytest.raises(KeyStoreError, match="wrong size"):
        store.load()
    (store.folder / "identity.json").write_text("{")
    with pytest.raises(KeyStoreError, match="damaged"):
        store.load()
