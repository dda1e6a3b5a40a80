"""Reading elementary files: the READ BINARY strategy and its fallbacks.

The default strategy reads the first bytes of a file by short file identifier (no
SELECT), learns the file's length from its TLV header, then reads the body in blocks
of 223 bytes — the largest block whose secure-messaging response still fits a short
APDU on every card seen. When a card objects it falls back: 6700 (wrong length) →
smaller blocks; 6Cxx → the length the card offers; 6282 (end of file) → what came is
all there is, and a bare 6282 (no data: the card serves nothing past the end) on a
first read → the file's header first, for the rest of the session; SFI not supported →
SELECT by file identifier. Past offset 32 767 (files over 32 KB) the body is read with
the odd instruction B1, the offset in DO54 and the answer in DO53 (ISO/IEC 7816-4).
With extended length a file comes whole in one READ BINARY (a refused length → 4 KB
blocks → short reads).

A :class:`FileReader` never reads a file twice: results are cached for the session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.core.errors import CardFileError, CardRemovedError, ConfigError, ParseError
from kiosk.devices.chip.apdu import (
    SHORT_LE_MAX,
    ClaNotSupportedError,
    CommandApdu,
    EndOfFileError,
    FileNotFoundOnCardError,
    InsNotSupportedError,
    ResponseApdu,
    SecurityStatusError,
    StatusWordError,
    Transport,
    WrongDataError,
    WrongLeError,
    WrongLengthError,
    WrongParametersError,
    reader_max_response,
)
from kiosk.devices.chip.files import ElementaryFile
from kiosk.devices.chip.sod_splice import Splice, splice_point
from kiosk.devices.chip.tlv import parse_one, total_length_from_header

log = logging.getLogger(__name__)

MAX_SHORT_OFFSET = 0x7FFF
MAX_ODD_OFFSET = 0xFFFFFF  # DO54 carries up to 3 offset bytes here
HEADER_READ = 4  # enough for a tag and a 3-byte length (82 xx xx)
ODD_AES_MARGIN = 16  # DO85 has no padding-indicator byte but the DO53 header pads a block
MAX_ATTEMPTS = 8  # length fallbacks per read before giving up
FALLBACK_BLOCKS = (223, 160, 128, 96, 64, 32)
# Extended reads ask for a whole file (65 280: room for secure messaging in 64 KB);
EXTENDED_WHOLE, EXTENDED_FALLBACK = 0xFF00, 4096  # after a refusal, 4 KB blocks


@dataclass(frozen=True)
class ReadStrategy:
    """How files are read.

    ``first_read`` is the length of the first READ BINARY: the default brings small
    files (EF.COM, DG1, DG14, DG15) whole in one APDU, where reading a 4-byte header
    first would cost a second round trip for each. ``select_per_read`` and
    ``use_sfi=False`` exist to model the naive strategy in benchmarks.
    """

    first_read: int = 223
    block: int = 223
    use_sfi: bool = True
    select_per_read: bool = False
    extended: bool = False
    extended_block: int = EXTENDED_WHOLE

    def __post_init__(self) -> None:
        for what, size in (("read block size", self.block), ("first read", self.first_read)):
            if not 1 <= size <= SHORT_LE_MAX:
                raise ConfigError(f"The {what} must be 1 to 256 bytes, not {size}.")
        if not SHORT_LE_MAX < self.extended_block <= 65536:
            raise ConfigError("The extended read block must be 257 to 65536 bytes.")

    @classmethod
    def header_first(cls) -> ReadStrategy:
        """Read a 4-byte header, then the body in 223-byte blocks."""
        return cls(first_read=4)

    @classmethod
    def naive(cls) -> ReadStrategy:
        """SELECT before every read, 160-byte blocks: what simple readers do."""
        return cls(first_read=4, block=160, use_sfi=False, select_per_read=True)


ProgressCallback = Callable[[str, int, int], None]


class FileReader:
    """Reads EFs through a transport with a :class:`ReadStrategy`, caching each file."""

    def __init__(
        self,
        transport: Transport,
        strategy: ReadStrategy | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self.transport = transport
        self.strategy = strategy or ReadStrategy()
        self._block = self.strategy.block
        self._sfi_ok = self.strategy.use_sfi
        self._extended_ok = self.strategy.extended and transport.supports_extended
        self._ext_block = _within_reader(self.strategy.extended_block, transport)
        self._header_first = False  # set when the card answered a long first read bare 6282
        self._cache: dict[str, bytes] = {}
        self._partial: dict[str, bytes] = {}  # verified prefix of a file cut short
        self._selected: str | None = None
        self._on_progress = on_progress

    def rebind(self, transport: Transport) -> None:
        """Continue on a new transport (after re-authentication), keeping what was read.

        Whole files stay cached; a file interrupted mid-read resumes from its last
        verified block instead of from the start.
        """
        self.transport = transport
        self._selected = None
        self._extended_ok = self.strategy.extended and transport.supports_extended

    def same_card(self, ef: ElementaryFile, length: int = 32) -> bool:
        """After a resume: does the card's ``ef`` start as the bytes read before?

        Keys derived from the ID number also open the same citizen's other card (an
        old CCCD and a new thẻ căn cước), so a swapped card is caught by its content.
        """
        known = self._cache.get(ef.name) or self._partial.get(ef.name)
        if not known:
            return True
        length = min(length, len(known))
        response = self.transport.transmit(CommandApdu(0x00, 0xB0, 0x80 | ef.sfi, 0, le=length))
        self._selected = ef.name if response.ok else None
        return response.ok and response.data[:length] == known[:length]

    def cached(self, ef: ElementaryFile) -> bytes | None:
        """The file's bytes if it was already read in this session."""
        return self._cache.get(ef.name)

    def forget(self, ef: ElementaryFile) -> None:
        """Drop what was read of ``ef`` so the next read reads it from the card again."""
        self._cache.pop(ef.name, None)
        self._partial.pop(ef.name, None)

    def read(self, ef: ElementaryFile, splice: Splice | None = None) -> bytes:
        """Read a whole EF. Raises CardFileError (naming the file) when it cannot.

        ``splice`` may supply a known stretch of the file instead of reading it
        (``kiosk.devices.chip.sod_splice``); the bytes around it are read as usual.
        """
        if ef.name in self._cache:
            return self._cache[ef.name]
        try:
            data = self._read_uncached(ef, splice)
        except CardRemovedError as exc:
            raise CardRemovedError(str(exc), step=f"reading {ef.name}") from exc
        except FileNotFoundOnCardError as exc:
            raise CardFileError(f"The card has no {ef.name}.", file=ef.name) from exc
        except SecurityStatusError as exc:
            raise CardFileError(
                f"The card does not allow reading {ef.name} with this access.", file=ef.name
            ) from exc
        except StatusWordError as exc:
            raise CardFileError(
                f"The card could not read {ef.name} ({exc}).", file=ef.name
            ) from exc
        except ParseError as exc:
            raise CardFileError(f"{ef.name} on the card is malformed: {exc}", file=ef.name) from exc
        self._cache[ef.name] = data
        return data

    def _select(self, ef: ElementaryFile) -> None:
        fid = ef.fid.to_bytes(2, "big")
        self.transport.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid)).check()
        self._selected = ef.name

    def _first(self, ef: ElementaryFile) -> bytes:
        """First READ BINARY: by SFI when allowed, else SELECT + offset 0.

        The length shrinks on 6700 / 6Cxx like body reads do, and the smaller block
        is kept for the rest of the session.
        """
        short = min(self.strategy.first_read, self._block)
        if self._header_first:
            short = min(short, HEADER_READ)
        le = self._ext_block if self._extended_ok else short
        for _attempt in range(MAX_ATTEMPTS):
            try:
                data = self._first_once(ef, le)
                if data or le <= HEADER_READ:
                    return data
                # A bare 6282 (or nothing): this card serves no bytes past the end of a
                # file. Read the header first, here and for every later file.
                log.info("card answered a %d-byte first read with no data; reading "
                         "headers first", le)
                self._extended_ok = self._extended_ok and le <= SHORT_LE_MAX
                self._header_first = True
                le = HEADER_READ
                continue
            except (WrongLengthError, WrongParametersError, WrongDataError,
                    InsNotSupportedError, WrongLeError) as exc:
                if le > SHORT_LE_MAX:
                    le = self._extended_refused(le, exc) or short
                    continue
                if isinstance(exc, WrongLeError) and exc.correct_le < le:
                    # The card offers fewer bytes (a short file, or its limit): take
                    # them for this read only; body reads learn the card's limit.
                    le = exc.correct_le
                    continue
                if not isinstance(exc, WrongLengthError) or le <= 6:
                    raise
                self._block = le = self._smaller_block(le)
        raise CardFileError(f"The card kept refusing the first read of {ef.name}.", file=ef.name)

    def _first_once(self, ef: ElementaryFile, le: int) -> bytes:
        if self._sfi_ok and not self.strategy.select_per_read:
            response = self.transport.transmit(
                CommandApdu(0x00, 0xB0, 0x80 | ef.sfi, 0x00, le=le)
            )
            if response.sw in (0x6A86, 0x6B00, 0x6D00, 0x6E00, 0x6A81):
                log.info("card refused SFI read; selecting files by FID instead")
                self._sfi_ok = False
            else:
                data = self._data_or_raise(response)
                self._selected = ef.name  # a READ BINARY by SFI makes the file current
                return data
        self._select(ef)
        return self._read_at(0, le)

    @staticmethod
    def _data_or_raise(response: ResponseApdu) -> bytes:
        if response.sw == 0x6282:
            return response.data
        response.check()
        return response.data

    def _read_at(self, offset: int, le: int) -> bytes:
        if offset > MAX_SHORT_OFFSET:
            return self._read_odd(offset, le)
        response = self.transport.transmit(
            CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, le=le)
        )
        return self._data_or_raise(response)

    def _read_odd(self, offset: int, le: int) -> bytes:
        """READ BINARY B1 of the current file: offset in DO54, the bytes back in DO53.

        Needed past offset 32 767, where B0's 15-bit offset ends. Le counts DO53's
        header; a short read asks for 16 bytes less than the block, since DO85 (odd
        INS under secure messaging) pads that header into one more AES block.
        """
        if offset > MAX_ODD_OFFSET:
            raise CardFileError(f"{self._selected or 'A file'} is larger than 16 MB; the "
                                "kiosk does not read files that large.",
                                file=self._selected or "")
        if le <= SHORT_LE_MAX:
            le = max(1, min(le, self._block - ODD_AES_MARGIN))
        head = 2 if le < 0x80 else (3 if le < 0x100 else 4)
        size = max(1, (offset.bit_length() + 7) // 8)
        do54 = bytes((0x54, size)) + offset.to_bytes(size, "big")
        wanted = le + head
        if wanted > SHORT_LE_MAX and not self._extended_ok:
            wanted = SHORT_LE_MAX
        response = self.transport.transmit(CommandApdu(0x00, 0xB1, 0x00, 0x00, do54, le=wanted))
        data = self._data_or_raise(response)
        if not data:
            return b""
        try:
            tlv, end = parse_one(data)
        except ParseError:
            raise CardFileError("The card's answer to an odd-instruction READ BINARY is "
                                "not a DO53 object.", file=self._selected or "") from None
        if tlv.tag != 0x53 or end != len(data):
            raise CardFileError("The card's answer to an odd-instruction READ BINARY is "
                                "not a DO53 object.", file=self._selected or "")
        return tlv.value

    def _read_block(self, ef: ElementaryFile, offset: int, remaining: int) -> bytes:
        """One body read with the length fallbacks; returns b"" at end of file."""
        for _attempt in range(MAX_ATTEMPTS):
            limit = self._ext_block if self._extended_ok else self._block
            le = min(limit, remaining)
            try:
                if self.strategy.select_per_read or self._selected != ef.name:
                    self._select(ef)
                return self._read_at(offset, le)
            except WrongLengthError as exc:
                if self._extended_ok:
                    self._extended_refused(le, exc)
                    continue
                self._block = self._smaller_block(le)
            except WrongLeError as exc:
                if le > SHORT_LE_MAX:
                    self._extended_refused(le, exc)
                    continue
                if exc.correct_le >= le:
                    raise
                if le < remaining:
                    self._block = exc.correct_le  # the card's own limit: keep it
                else:
                    return self._read_at(offset, exc.correct_le)  # just this last read
            except (
                WrongParametersError,
                WrongDataError,
                InsNotSupportedError,
                ClaNotSupportedError,
            ) as exc:
                if self._extended_ok:
                    self._extended_refused(le, exc)
                    continue
                raise exc
        raise CardFileError(f"The card kept refusing reads of {ef.name}.", file=ef.name)

    def _extended_refused(self, le: int, exc: StatusWordError) -> int:
        """After a refused extended read of ``le``: the next extended length (the card's
        offer, or 4 KB blocks), or 0 when only short reads are left."""
        offer = exc.correct_le if isinstance(exc, WrongLeError) else 0
        if SHORT_LE_MAX < offer < le:
            self._ext_block = offer
        elif le > EXTENDED_FALLBACK and self._ext_block > EXTENDED_FALLBACK:
            log.info("a %d-byte extended read refused; trying %d-byte blocks", le,
                     EXTENDED_FALLBACK)
            self._ext_block = EXTENDED_FALLBACK
        else:
            log.info("extended read refused; using short reads")
            self._extended_ok = False
            return 0
        return self._ext_block

    @property
    def extended_block(self) -> int:
        """The extended read length to remember for the card's family, 0 if nothing new:
        what the card accepted after refusing the strategy's (whole-file) length."""
        shrunk = self._extended_ok and self._ext_block != self.strategy.extended_block
        return self._ext_block if shrunk else 0

    @staticmethod
    def _smaller_block(current: int) -> int:
        for size in FALLBACK_BLOCKS:
            if size < current:
                log.info("card refused %d-byte reads; trying %d", current, size)
                return size
        raise CardFileError("The card refused every read length.")

    def _read_uncached(self, ef: ElementaryFile, splice: Splice | None = None) -> bytes:
        data = self._partial.pop(ef.name, b"")
        if len(data) < 6:
            try:
                data = self._first(ef)
            except EndOfFileError:
                data = b""
        if not data:
            raise CardFileError(f"{ef.name} on the card is empty.", file=ef.name)
        if data[0] != ef.tag:
            raise CardFileError(
                f"{ef.name} starts with tag {data[0]:02X}, expected {ef.tag:02X}.", file=ef.name
            )
        if len(data) < 6:
            try:
                total = total_length_from_header(data)
            except ParseError:
                # The header needs more bytes than the first read brought.
                data += self._read_at(len(data), 6 - len(data))
                total = total_length_from_header(data)
        else:
            total = total_length_from_header(data)
        data = data[:total]
        known_at, known = -1, b""
        while True:  # progress after each read: a whole file may come in the first
            if self._on_progress is not None:
                self._on_progress(ef.name, len(data), total)
            if len(data) >= total:
                break
            point = splice_point(splice, data, total) if splice is not None else None
            if point is not None:  # decided: known bytes to put in, or GIVE_UP (-1)
                splice, (known_at, known) = None, point
            if 0 <= known_at <= len(data):
                data, known_at = data[:known_at] + known, -1
                continue
            end = known_at if known_at >= 0 else total
            self._partial[ef.name] = data
            chunk = self._read_block(ef, len(data), end - len(data))
            if not chunk:
                raise CardFileError(f"{ef.name} ended after {len(data)} of {total} bytes.",
                                    file=ef.name)
            data += chunk
        self._partial.pop(ef.name, None)
        return data



def _within_reader(block: int, transport: Transport) -> int:
    """``block`` within what the reader carries (room left for secure messaging)."""
    size = reader_max_response(transport)
    return min(block, max(EXTENDED_FALLBACK, size - 64)) if size else block
