from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.config import KioskConfig, load_config
from kiosk.core.errors import ConfigError


def test_defaults_need_no_hardware(tmp_path: Path) -> None:
    config = load_config(path=str(_write(tmp_path, "")), environ={})
    assert config == KioskConfig()
    assert config.printer.url == "sim://"
    assert config.reader.access_order == ("PACE", "BAC")
    assert config.reader.active_authentication == "unless_chip_verified"


def test_active_authentication_setting_reaches_the_read(tmp_path: Path) -> None:
    from kiosk.devices.card.service import read_options

    for text, after_chip in (("", False), ('active_authentication = "always"\n', True)):
        config = load_config(str(_write(tmp_path, "[reader]\n" + text)), environ={})
        assert read_options(config.reader).active_after_chip is after_chip


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_then_environment(tmp_path: Path) -> None:
    path = _write(tmp_path, '[reader]\nname = "ACS"\nblock_size = 160\n'
                            '[center]\nname_vi = "Trung tâm Bến Nghé"\n')
    config = load_config(str(path), environ={"KIOSK_READER_BLOCK_SIZE": "128",
                                             "KIOSK_READER_ACCESS_ORDER": "BAC, PACE",
                                             "KIOSK_READER_READ_FACE": "no"})
    assert config.reader.name == "ACS"
    assert config.reader.block_size == 128
    assert config.reader.access_order == ("BAC", "PACE")
    assert config.reader.read_face is False
    assert config.center.name_vi == "Trung tâm Bến Nghé"


@pytest.mark.parametrize(
    ("text", "env", "fragment"),
    [
        ("[reader]\nnme = 1\n", {}, "Unknown setting(s) nme in [reader]"),
        ("[nope]\na = 1\n", {}, "Unknown section [nope]"),
        ("[reader\n", {}, "not valid TOML"),
        ("", {"KIOSK_READER_BLOCK_SIZE": "big"}, "KIOSK_READER_BLOCK_SIZE must be a number"),
        ("", {"KIOSK_READER_READ_FACE": "maybe"}, "must be true or false"),
        ('[reader]\nactive_authentication = "sometimes"\n', {}, "unless_chip_verified"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, env: dict[str, str],
                                     fragment: str) -> None:
    with pytest.raises(ConfigError, match=None) as info:
        load_config(str(_write(tmp_path, text)), environ=env)
    assert fragment in str(info.value)


def test_missing_explicit_file() -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config("/nonexistent/kiosk.toml", environ={})
