"""One typed configuration for the kiosk: a TOML file plus environment overrides.

Defaults suit a machine with no hardware: the simulated card, camera and printer, and
no central service configured. Look-up order for the file: ``--config PATH``, then
``$KIOSK_CONFIG``, then ``/etc/kiosk/kiosk.toml``, then ``~/.config/kiosk/kiosk.toml``;
no file at all is fine.

Every field can be overridden by an environment variable named
``KIOSK_<SECTION>_<FIELD>`` in upper case, e.g. ``KIOSK_PRINTER_URL=tcp://10.0.0.5:9100``
or ``KIOSK_READER_ACCESS_ORDER=PACE,BAC``.
"""

from __future__ import annotations

import os
import tomllib
import typing
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiosk.core.config_values import section_from as _section_from
from kiosk.core.config_values import setting as _setting
from kiosk.core.errors import ConfigError

DEFAULT_PATHS = (Path("/etc/kiosk/kiosk.toml"), Path.home() / ".config/kiosk/kiosk.toml")

# The enumerated settings' allowed values (kept equal to the code that reads them:
# tests/foundation/test_config_choices.py compares each with its source).
ACCESS_PROTOCOLS = ("PACE", "BAC")  # kiosk/devices/chip/access.py unlock()
PRINTER_MODES = ("auto", "tcvn3", "cp1258", "raster")  # profiles.TextMode + auto
PRINTER_SCHEMES = ("usb", "serial", "tcp", "file", "cups", "sim")  # connections.SCHEMES
AUDIO_PLAYERS = ("auto", "qt", "none", "pw-play", "paplay", "aplay")  # audio/player.py
HEADPHONES_MODES = ("auto", "always", "never")  # ui/kiosk/audio/headphones.py
ACTIVE_AUTH_MODES = ("unless_chip_verified", "always")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")


def _one_of(*values: str) -> dict[str, Any]:
    """Field metadata: the setting (or each item of a list setting) is one of ``values``."""
    return {"choices": values}


def _checked(rule: typing.Callable[[str], str]) -> dict[str, Any]:
    """Field metadata: ``rule(value)`` says what is wrong with a value ("" when fine), as
    the end of a sentence that starts with the setting's name."""
    return {"rule": rule}


def _printer_url_rule(value: str) -> str:
    scheme = urlsplit(value.strip()).scheme.lower()
    if scheme in PRINTER_SCHEMES:
        return ""
    return "must start with " + ", ".join(f"{s}://" for s in PRINTER_SCHEMES) + f", not {value!r}"


def _scanner_url_rule(value: str) -> str:
    text = value.strip()
    if text in ("", "keyboard:") or text.startswith("serial://"):
        return ""
    return f"must be empty, keyboard: or serial:///dev/DEVICE, not {value!r}"


_EXTENDED_WORDS = {"auto": "auto", "on": "on", "true": "on", "yes": "on", "1": "on",
                   "off": "off", "false": "off", "no": "off", "0": "off"}


def extended_length_mode(value: str) -> str:
    """``[reader] extended_length`` as "auto", "on" or "off" (true/false still accepted)."""
    return _EXTENDED_WORDS.get(str(value).strip().lower(), "auto")


def _extended_rule(value: str) -> str:
    if str(value).strip().lower() in _EXTENDED_WORDS:
        return ""
    return f"must be auto, on or off, not {value!r}"


def _exposure_rule(value: str) -> str:
    if value.strip().lower() == "auto":
        return ""
    try:
        float(value)
    except ValueError:
        return f"must be auto or a number, not {value!r}"
    return ""


@dataclass(frozen=True)
class CenterConfig:
    """The service center this kiosk stands in."""

    name_vi: str = "Trung tâm Phục vụ hành chính công"
    name_en: str = "Public Administration Service Center"
    code: str = "DEMO"
    # Where the center stands, as official codes of today's units (kiosk.core.competence):
    # empty means unknown, and every file is taken as before.
    province_code: str = ""
    ward_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReaderConfig:
    """The ID-card chip reader.

    ``name`` is a PC/SC reader name (or a prefix of one); empty means the first reader.
    ``sim`` names a sample citizen to insert into the virtual reader (vpcd) at start.
    """

    name: str = ""
    sim: str = ""
    sim_pace: bool = True  # simulated cards offer PACE (EF.CardAccess), like real CCCDs
    vpcd_host: str = "127.0.0.1"
    vpcd_port: int = 35963
    access_order: tuple[str, ...] = field(default=("PACE", "BAC"),
                                          metadata=_one_of(*ACCESS_PROTOCOLS))
    block_size: int = 223
    # auto: probe each reader + card family once (before secure messaging) and use
    # extended-length reads where they work; on: always try them; off: never
    extended_length: str = field(default="auto", metadata=_checked(_extended_rule))
    read_face: bool = True
    # unless_chip_verified: DG15 and active authentication only when chip authentication
    # cannot run (it already proves the chip genuine); always: both (docs/cccd.md)
    active_authentication: str = field(default="unless_chip_verified",
                                       metadata=_one_of(*ACTIVE_AUTH_MODES))
    resume_s: float = 3.0  # how long a pulled card may take to come back mid-read
    trust_dir: str = ""  # CSCA trust store folder; empty = the bundled kiosk/assets/trust
    timeout_s: float = 10.0


@dataclass(frozen=True)
class CameraConfig:
    """The QR camera: ``source`` is a device index, a device path, or ``sim:`` + a path.

    ``exposure`` is "auto" or a driver exposure value (a hint for glare-prone kiosks).
    """

    source: str = "sim:qr"
    width: int = 1280
    height: int = 720
    exposure: str = field(default="auto", metadata=_checked(_exposure_rule))


@dataclass(frozen=True)
class DocumentsConfig:
    """The document camera of the documents step (docs/documents.md).

    ``camera``: "" (none: the step is skipped), "qr" (the QR camera's source, one camera
    for both), ``sim:desk`` (the simulated desk the demo's F9-F12 lay papers on), or a
    device index, path or ``sim:`` picture like ``[camera] source``.
    """

    camera: str = ""


@dataclass(frozen=True)
class ScannerConfig:
    """A USB QR scanner: ``url`` is ``keyboard:`` (wedge), ``serial:///dev/ttyACM0`` or empty."""

    url: str = field(default="", metadata=_checked(_scanner_url_rule))
    baudrate: int = 9600


@dataclass(frozen=True)
class PrinterConfig:
    """The receipt printer: one URL (``usb://``, ``serial://``, ``tcp://``, ``file://``,
    ``cups://``, ``sim://``), the escpos-printer-db profile and the text mode."""

    url: str = field(default="sim://", metadata=_checked(_printer_url_rule))
    profile: str = "TM-T20II"  # checked against the printer database by the CLI
    mode: str = field(default="auto", metadata=_one_of(*PRINTER_MODES))


@dataclass(frozen=True)
class SyncConfig:
    """The outbox and the link to the central service (empty URL: not configured)."""

    central_url: str = ""
    # the central's interactive lane (ticket leases, a ticket's queue position, a
    # counter's call-next), when it has an address of its own (docs/scale.md);
    # empty: central_url (or the enrolment's URL)
    interactive_url: str = ""
    data_dir: str = "~/.local/share/kiosk"
    ca_bundle: str = ""
    batch_size: int = 100
    retention_days: int = 30


@dataclass(frozen=True)
class CentralConfig:
    """The reference central service (``kiosk central``)."""

    host: str = "127.0.0.1"
    port: int = 8470
    database_url: str = "sqlite:///~/.local/share/kiosk/central.db"
    key_file: str = ""  # data + index keys (0600); empty: next to the SQLite file
    # database connections per worker process (PostgreSQL: psycopg-pool's max_size; one
    # more listens for board wake-ups) and how long a request waits for one before 503
    pool_size: int = 4
    pool_timeout_s: float = 5.0
    # PostgreSQL itself when database_url goes through pgbouncer in transaction mode
    # (migrations and the board's LISTEN need a session); empty: database_url
    direct_database_url: str = ""
    # service days kept in the database; older ones go to archive files
    # (``kiosk central purge``, see kiosk.central.retention)
    retention_days: int = 400
    # public file status page (/f/CODE): look-ups per minute from one address, per worker
    status_per_minute: int = 30
    # the provincial one-gate system the connector forwards files to (docs/connector.md);
    # empty: files wait in the backlog
    onegate_url: str = ""


@dataclass(frozen=True)
class LoggingConfig:
    """Structured logging: ``format`` is ``json`` or ``text``."""

    level: str = field(default="WARNING", metadata=_one_of(*LOG_LEVELS))
    format: str = field(default="text", metadata=_one_of(*LOG_FORMATS))


@dataclass(frozen=True)
class AudioConfig:
    """Spoken guidance on the kiosk (espeak-ng prompts, cached as WAV in the data folder).

    ``player`` is ``auto`` (the first of pw-play, paplay, aplay found, else Qt
    Multimedia), one of those program names, ``qt``, or ``none``; ``device`` is passed
    to the player (``aplay -D``, ``paplay -d``, ``pw-play --target``) when not empty.
    """

    enabled: bool = True
    player: str = field(default="auto", metadata=_one_of(*AUDIO_PLAYERS))
    device: str = ""
    voice_vi: str = "vi"
    voice_en: str = "en-us"
    speed_wpm: int = 135


@dataclass(frozen=True)
class KeypadConfig:
    """The tactile keypad (docs/accessibility.md): which keyboard keys do what, and time.

    Each action lists Qt key names (``QKeySequence`` spelling: ``Up``, ``Return``,
    ``Escape``, ``F9``, ``Volume Up``, ``+``), so any USB keypad that sends keys works.
    ``idle_s`` and ``countdown_s`` replace the visit's idle time and countdown once the
    keypad is used; ``headphones`` says whether personal data may be spoken: ``auto``
    asks the sound system whether headphones are plugged in.
    """

    up: tuple[str, ...] = ("Up",)
    down: tuple[str, ...] = ("Down",)
    left: tuple[str, ...] = ("Left",)
    right: tuple[str, ...] = ("Right",)
    select: tuple[str, ...] = ("Return", "Enter")
    back: tuple[str, ...] = ("Escape", "Back")
    help: tuple[str, ...] = ("Help", "F9")
    volume_up: tuple[str, ...] = ("Volume Up", "+")
    volume_down: tuple[str, ...] = ("Volume Down", "-")
    idle_s: float = 120.0
    countdown_s: float = 30.0
    headphones: str = field(default="auto", metadata=_one_of(*HEADPHONES_MODES))


@dataclass(frozen=True)
class TechnicianConfig:
    """Technician access and health reports.

    ``pin_hash`` comes from ``kiosk diag pin-hash`` (empty: the technician menu cannot be
    opened on a full-screen kiosk; see kiosk/diagnostics/technician_pin.py);
    ``health_interval_s`` is how often the running kiosk reports its health centrally.
    """

    pin_hash: str = ""
    health_interval_s: float = 300.0


@dataclass(frozen=True)
class KioskConfig:
    """The whole configuration."""

    center: CenterConfig = field(default_factory=CenterConfig)
    reader: ReaderConfig = field(default_factory=ReaderConfig)
    camera: CameraConfig = field(default_factory=CameraConfig)
    documents: DocumentsConfig = field(default_factory=DocumentsConfig)
    scanner: ScannerConfig = field(default_factory=ScannerConfig)
    printer: PrinterConfig = field(default_factory=PrinterConfig)
    sync: SyncConfig = field(default_factory=SyncConfig)
    central: CentralConfig = field(default_factory=CentralConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    technician: TechnicianConfig = field(default_factory=TechnicianConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    keypad: KeypadConfig = field(default_factory=KeypadConfig)


def _apply_env(config: KioskConfig, environ: typing.Mapping[str, str]) -> KioskConfig:
    updates: dict[str, Any] = {}
    for section_field in fields(config):
        section = getattr(config, section_field.name)
        assert is_dataclass(section)
        hints = typing.get_type_hints(type(section))
        changes = {}
        for f in fields(section):
            key = f"KIOSK_{section_field.name}_{f.name}".upper()
            if key in environ:
                changes[f.name] = _setting(environ[key], f, hints[f.name], key)
        if changes:
            updates[section_field.name] = replace(section, **changes)  # type: ignore[type-var]
    return replace(config, **updates)


def _existing_file(path: Path, named: str) -> Path:
    """``path`` when it is a readable file, else a ConfigError saying what it is instead."""
    if path.is_dir():
        raise ConfigError(f"{named} {path} is a folder, not a file; give the path of kiosk.toml.")
    if not path.is_file():
        raise ConfigError(f"{named} {path} does not exist.")
    return path


def find_config_file(explicit: str | None, environ: typing.Mapping[str, str]) -> Path | None:
    """Return the config file to read, or None when there is none."""
    if explicit:
        return _existing_file(Path(explicit).expanduser(), "The config file")
    if environ.get("KIOSK_CONFIG"):
        return _existing_file(Path(environ["KIOSK_CONFIG"]).expanduser(),
                              "KIOSK_CONFIG names")
    return next((p for p in DEFAULT_PATHS if p.is_file()), None)


def _read_text(file: Path) -> str:
    """The file's text: UTF-8 (a leading byte-order mark is allowed), else a ConfigError."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"The config file {file} cannot be read ({exc.strerror}).") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ConfigError(f"The config file {file} is saved as UTF-16; save it as UTF-8.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"The config file {file} is not UTF-8 text; save it as UTF-8."
                          ) from None


def load_config(
    path: str | None = None, environ: typing.Mapping[str, str] | None = None
) -> KioskConfig:
    """Load the configuration: defaults, then the TOML file, then the environment."""
    env = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    file = find_config_file(path, env)
    if file is not None:
        try:
            data = tomllib.loads(_read_text(file))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"The config file {file} is not valid TOML: {exc}.") from None
    sections: dict[str, Any] = {}
    section_types = typing.get_type_hints(KioskConfig)
    for name, value in data.items():
        if name not in section_types:
            raise ConfigError(
                f"Unknown section [{name}] in {file}; known: "
                f"{', '.join(sorted(section_types))}."
            )
        if not isinstance(value, dict):
            raise ConfigError(f"[{name}] in {file} must be a table.")
        sections[name] = _section_from(section_types[name], value, name)
    return _apply_env(KioskConfig(**sections), env)


def data_dir(config: KioskConfig) -> Path:
    """The kiosk's data folder (created with owner-only permissions)."""
    path = Path(config.sync.data_dir).expanduser()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
