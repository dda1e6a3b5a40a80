"""A bad configuration, as the real ``kiosk`` command reports it: one sentence, exit 2.

Each case runs ``python -m kiosk`` in a subprocess (the installed entry point's code)
and checks the exit code, that stderr is a single line, and that no traceback shows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import typing
from dataclasses import fields
from pathlib import Path

import pytest

from kiosk.core.config import (
    ACCESS_PROTOCOLS,
    AUDIO_PLAYERS,
    HEADPHONES_MODES,
    LOG_FORMATS,
    LOG_LEVELS,
    PRINTER_MODES,
    PRINTER_SCHEMES,
    KioskConfig,
    extended_length_mode,
    load_config,
)
from kiosk.core.errors import ConfigError
from kiosk.core.resources import asset

pytestmark = [pytest.mark.slow]  # each test runs the kiosk command as a process

ROOT = Path(__file__).resolve().parents[2]
QR = next(asset("qr").glob("*.jpg"))


def _kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=60, env={**environ, **(env or {})})


def _one_sentence_exit_2(done: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kiosk: ") and lines[0].endswith((".", "?")), lines[0]
    assert lines[0][len("kiosk: ")].isupper(), lines[0]
    assert fragment in lines[0], lines[0]


def _toml(tmp_path: Path, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding=encoding)
    return str(path)


# Every enumerated or patterned setting with a value it must refuse.
BAD_VALUES = [
    ("logging", "level", '"LOUD"', "[logging] level must be one of DEBUG, INFO"),
    ("logging", "format", '"yaml"', "[logging] format must be one of text, json, not 'yaml'"),
    ("reader", "access_order", '["PACE", "FOO"]',
     "[reader] access_order must be one of PACE, BAC, not 'FOO'"),
    ("reader", "access_order", "[]", "[reader] access_order must name at least one"),
    ("printer", "mode", '"bitmap"', "[printer] mode must be one of auto, tcvn3"),
    ("printer", "url", '"lpt://1"', "[printer] url must start with usb://"),
    ("printer", "profile", '"TM-T20"', "not in the escpos-printer-db; did you mean TM-T20II"),
    ("audio", "player", '"mplayer"', "[audio] player must be one of auto, qt, none"),
    ("scanner", "url", '"usb:0"', "[scanner] url must be empty, keyboard: or serial://"),
    ("camera", "exposure", '"bright"', "[camera] exposure must be auto or a number"),
    ("reader", "extended_length", '"maybe"', "[reader] extended_length must be auto, on or off"),
    ("keypad", "headphones", '"maybe"', "[keypad] headphones must be one of auto, always"),
    ("reader", "active_authentication", '"sometimes"',
     "[reader] active_authentication must be one of unless_chip_verified, always"),
]


@pytest.mark.parametrize(("section", "name", "value", "fragment"), BAD_VALUES,
                         ids=[f"{s}.{n}={v}" for s, n, v, _ in BAD_VALUES])
def test_bad_enumerated_setting_in_the_file(tmp_path: Path, section: str, name: str,
                                            value: str, fragment: str) -> None:
    config = _toml(tmp_path, f"[{section}]\n{name} = {value}\n")
    _one_sentence_exit_2(_kiosk("--config", config, "sync", "status"), fragment)


def test_bad_enumerated_setting_in_the_environment() -> None:
    done = _kiosk("sync", "status", env={"KIOSK_LOGGING_LEVEL": "loud"})
    _one_sentence_exit_2(done, "KIOSK_LOGGING_LEVEL must be one of DEBUG")


def test_every_enumerated_setting_is_checked() -> None:
    """Each setting declaring its allowed values refuses another (no setting forgotten)."""
    checked = set()
    for section, kind in typing.get_type_hints(KioskConfig).items():
        for spec in fields(kind):
            if "choices" in spec.metadata or "rule" in spec.metadata:
                checked.add(f"{section}.{spec.name}")
                key = f"KIOSK_{section}_{spec.name}".upper()
                with pytest.raises(ConfigError, match=key):
                    load_config(environ={key: "no-such-value", "KIOSK_CONFIG": ""})
    # The printer profile is checked against the printer database by the CLI (core reads
    # no device data); test_bad_enumerated_setting_in_the_file covers it through the CLI.
    assert checked | {"printer.profile"} == {f"{s}.{n}" for s, n, _, _ in BAD_VALUES}


def test_extended_length_auto_by_default_and_old_booleans_still_read(tmp_path: Path) -> None:
    assert load_config(environ={"KIOSK_CONFIG": ""}).reader.extended_length == "auto"
    for value, mode in (("true", "on"), ("false", "off"), ('"auto"', "auto"), ('"OFF"', "off")):
        config = load_config(_toml(tmp_path, f"[reader]\nextended_length = {value}\n"),
                             environ={})
        assert extended_length_mode(config.reader.extended_length) == mode


def test_case_does_not_matter_and_is_made_canonical() -> None:
    config = load_config(environ={"KIOSK_LOGGING_LEVEL": "info", "KIOSK_LOGGING_FORMAT": "JSON",
                                  "KIOSK_READER_ACCESS_ORDER": "bac,pace",
                                  "KIOSK_PRINTER_MODE": "Raster", "KIOSK_CONFIG": ""})
    assert (config.logging.level, config.logging.format) == ("INFO", "json")
    assert config.reader.access_order == ("BAC", "PACE")
    assert config.printer.mode == "raster"


def test_choices_match_the_code_that_reads_them() -> None:
    from kiosk.devices.printer.connections import SCHEMES
    from kiosk.devices.printer.profiles import TextMode
    from kiosk.ui.kiosk.audio.player import PROGRAMS

    assert set(PRINTER_MODES) == {"auto", *(m.value for m in TextMode)}
    assert set(PRINTER_SCHEMES) == set(SCHEMES)
    assert set(AUDIO_PLAYERS) == {"auto", "qt", "none", *PROGRAMS}
    assert set(ACCESS_PROTOCOLS) == {"PACE", "BAC"}
    assert set(LOG_LEVELS) <= set(__import__("logging").getLevelNamesMapping())
    assert set(LOG_FORMATS) == {"text", "json"}
    from kiosk.ui.kiosk.audio.headphones import MODES

    assert set(HEADPHONES_MODES) == set(MODES)


def test_utf16_file(tmp_path: Path) -> None:
    config = _toml(tmp_path, '[logging]\nlevel = "INFO"\n', encoding="utf-16")
    _one_sentence_exit_2(_kiosk("--config", config, "sync", "status"),
                         "is saved as UTF-16; save it as UTF-8")


def test_not_utf8_file(tmp_path: Path) -> None:
    config = _toml(tmp_path, '[center]\nname_vi = "Trung tâm"\n', encoding="cp1258")
    _one_sentence_exit_2(_kiosk("--config", config, "sync", "status"),
                         "is not UTF-8 text; save it as UTF-8")


def test_config_given_a_folder(tmp_path: Path) -> None:
    _one_sentence_exit_2(_kiosk("--config", str(tmp_path), "sync", "status"),
                         f"The config file {tmp_path} is a folder, not a file")


def test_config_missing(tmp_path: Path) -> None:
    _one_sentence_exit_2(_kiosk("--config", str(tmp_path / "nope.toml"), "sync", "status"),
                         "does not exist")


def test_config_after_the_subcommand(tmp_path: Path) -> None:
    bad = _toml(tmp_path, '[logging]\nformat = "yaml"\n')
    _one_sentence_exit_2(_kiosk("sync", "status", "--config", bad), "[logging] format")
    _one_sentence_exit_2(_kiosk("diag", "pin-hash", "--config", bad), "[logging] format")
    good = _toml(tmp_path, '[logging]\nlevel = "info"\n')
    done = _kiosk("qr", "decode", str(QR), "--config", good)
    assert done.returncode == 0, done.stderr
