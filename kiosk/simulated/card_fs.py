"""The emulated chip's file system: which EFs exist, where, and who may read them.

The eMRTD application holds EF.COM, the data groups and EF.SOD; EF.CardAccess sits in
the master file, readable without selecting the application or authenticating. File
faults (a byte flipped after signing, a truncated file) are applied here, once, when the
card is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.errors import KioskError
from kiosk.devices.chip import files as ef

if TYPE_CHECKING:
    from kiosk.simulated.card import Faults
    from kiosk.simulated.card_files import CardFiles

#: Names accepted in faults, mapped to the file they designate.
FILE_NAMES = ("COM", "DG1", "DG2", "DG3", "DG13", "DG14", "DG15", "SOD", "CARDACCESS")


def file_key(name: str) -> str:
    """Normalise a file name for faults: ``"EF.SOD"`` / ``"sod"`` → ``"SOD"``."""
    key = name.upper().removeprefix("EF.").replace("_", "").replace(" ", "")
    if key not in FILE_NAMES:
        raise KioskError(f"Unknown card file {name!r}; use one of {', '.join(FILE_NAMES)}.")
    return key


@dataclass(frozen=True)
class EfEntry:
    """One elementary file on the emulated chip and its access rules."""

    key: str
    fid: int
    sfi: int
    content: bytes
    in_application: bool = True
    needs_bac: bool = True
    needs_eac: bool = False

    def fcp(self) -> bytes:
        """File control parameters (tag 62): size (80), descriptor (82), FID (83)."""
        size = len(self.content).to_bytes(2, "big")
        body = b"\x80\x02" + size + b"\x82\x01\x01" + b"\x83\x02" + self.fid.to_bytes(2, "big")
        return bytes((0x62, len(body))) + body


class CardFileSystem:
    """The files of one emulated card, looked up by FID or SFI."""

    def __init__(self, files: CardFiles, faults: Faults) -> None:
        plan: list[tuple[str, ef.ElementaryFile, bytes | None]] = [
            ("COM", ef.EF_COM, files.com),
            ("DG1", ef.DG1, files.dg1),
            ("DG2", ef.DG2, files.dg2),
            ("DG3", ef.DG3, files.dg3),
            ("DG13", ef.DG13, files.dg13),
            ("DG14", ef.DG14, files.dg14),
            ("DG15", ef.DG15, files.dg15),
            ("SOD", ef.EF_SOD, files.sod),
        ]
        corrupt = file_key(faults.corrupt_file) if faults.corrupt_file else None
        truncate = file_key(faults.truncate_file) if faults.truncate_file else None
        self._entries: list[EfEntry] = []
        for key, info, content in plan:
            if content is None:
                continue
            data = _apply(content, key, corrupt, faults.corrupt_offset, truncate,
                          faults.truncate_length)
            self._entries.append(EfEntry(key, info.fid, info.sfi, data, needs_eac=key == "DG3"))
        if files.card_access is not None:
            info = ef.EF_CARD_ACCESS
            data = _apply(files.card_access, "CARDACCESS", corrupt, faults.corrupt_offset,
                          truncate, faults.truncate_length)
            self._entries.append(EfEntry("CARDACCESS", info.fid, info.sfi, data,
                                         in_application=False, needs_bac=False))

    def _visible(self, entry: EfEntry, app_selected: bool) -> bool:
        # EF.CardAccess lives in the MF but stays reachable after the application is
        # selected (lenient, like most cards); application EFs need the application.
        return app_selected or not entry.in_application

    def by_fid(self, fid: int, app_selected: bool) -> EfEntry | None:
        """The EF with file identifier ``fid`` visible in the current context, if any."""
        for entry in self._entries:
            if entry.fid == fid and self._visible(entry, app_selected):
                return entry
        return None

    def by_sfi(self, sfi: int, app_selected: bool) -> EfEntry | None:
        """The EF with short file identifier ``sfi`` visible in the current context."""
        for entry in self._entries:
            if entry.sfi == sfi and self._visible(entry, app_selected):
                return entry
        return None

    def content(self, name: str) -> bytes:
        """The bytes served for file ``name`` (after faults)."""
        key = file_key(name)
        for entry in self._entries:
            if entry.key == key:
                return entry.content
        raise KioskError(f"The emulated card has no {key} file.")


def _apply(content: bytes, key: str, corrupt: str | None, offset: int,
           truncate: str | None, truncate_length: int | None) -> bytes:
    data = bytearray(content)
    if corrupt == key:
        if not 0 <= offset < len(data):
            raise KioskError(f"Corrupt offset {offset} is outside {key} ({len(data)} bytes).")
        data[offset] ^= 0xFF
    if truncate == key:
        length = len(data) // 2 if truncate_length is None else truncate_length
        data = data[:length]
    return bytes(data)
