"""The technician PIN: salted scrypt hash, constant-time check, lockout, and its CLI."""

from __future__ import annotations

import argparse
import io
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.commands import diag as diag_command
from kiosk.core.config import KioskConfig, load_config
from kiosk.diagnostics.technician_pin import (
    DEV_PIN,
    LOCKOUT_S,
    MAX_ATTEMPTS,
    PinGate,
    PinHash,
    TechnicianPinError,
    Verdict,
    make_pin_hash,
    read_new_pin,
)

ROOT = Path(__file__).resolve().parents[2]
HASH = make_pin_hash("4826")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_hash_is_salted_and_checks_only_the_right_pin() -> None:
    again = make_pin_hash("4826")
    assert again != HASH  # a fresh salt each time
    assert HASH.startswith("scrypt$16384$8$1$") and "4826" not in HASH
    parsed = PinHash.parse(HASH)
    assert parsed.matches("4826") and PinHash.parse(again).matches("4826")
    for wrong in ("4827", "48260", "", "48２6", "4826 ", "x" * 5000):
        assert not parsed.matches(wrong)


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "", "１２３４"])
def test_a_new_pin_must_be_4_to_12_digits(pin: str) -> None:
    with pytest.raises(TechnicianPinError, match="4 to 12 digits"):
        make_pin_hash(pin)


@pytest.mark.parametrize("text", [
    "", "4826", "pbkdf2$1$2$3$4$5", "scrypt$16384$8$1$salt$hash",
    "scrypt$1000$8$1$AAAAAAAAAAA=$" + "A" * 44,  # n not a power of two
    "scrypt$4194304$8$1$AAAAAAAAAAA=$" + "A" * 44,  # n far too costly
    HASH[:-4],
])
def test_a_malformed_hash_is_a_clear_error(text: str) -> None:
    with pytest.raises(TechnicianPinError, match="kiosk diag pin-hash"):
        PinHash.parse(text)


def test_five_wrong_pins_lock_for_five_minutes(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    gate = PinGate(HASH, clock=clock)
    assert gate.availability() is None
    caplog.set_level(logging.INFO)
    for left in range(MAX_ATTEMPTS - 1, 0, -1):
        outcome = gate.attempt("0000")
        assert outcome.verdict is Verdict.WRONG and outcome.attempts_left == left
    locked = gate.attempt("0000")
    assert locked.verdict is Verdict.LOCKED and locked.locked_s == LOCKOUT_S
    assert gate.attempt("4826").verdict is Verdict.LOCKED  # even the right PIN
    clock.now += LOCKOUT_S - 1
    assert gate.availability() is Verdict.LOCKED and gate.locked_s() == 1
    clock.now += 1
    assert gate.availability() is None
    assert gate.attempt("4826").verdict is Verdict.OPEN
    # a right PIN resets the count
    gate.attempt("0000")
    assert gate.attempt("4826").verdict is Verdict.OPEN
    assert gate.attempts_left() == MAX_ATTEMPTS
    assert "4826" not in caplog.text and "0000" not in caplog.text


def test_no_hash_opens_nothing_on_full_screen_and_the_dev_pin_in_a_window() -> None:
    windowed = [False]
    gate = PinGate("", dev_allowed=lambda: windowed[0])
    assert gate.availability() is Verdict.NOT_SET
    assert gate.attempt(DEV_PIN).verdict is Verdict.NOT_SET
    windowed[0] = True
    assert gate.dev_pin_in_use
    assert gate.attempt("0000").verdict is Verdict.WRONG
    assert gate.attempt(DEV_PIN).verdict is Verdict.OPEN
    # A configured hash always wins over the development PIN, window or not.
    assert PinGate(HASH, dev_allowed=lambda: True).attempt(DEV_PIN).verdict is Verdict.WRONG


def test_a_malformed_configured_hash_opens_nothing() -> None:
    gate = PinGate("scrypt$oops", dev_allowed=lambda: True)
    assert gate.availability() is Verdict.INVALID
    assert gate.attempt(DEV_PIN).verdict is Verdict.INVALID
    assert not gate.dev_pin_in_use


def test_read_new_pin_asks_twice() -> None:
    answers = iter(["2468", "2468"])
    assert read_new_pin(lambda _prompt: next(answers)) == "2468"
    answers = iter(["2468", "2469"])
    with pytest.raises(TechnicianPinError, match="differ"):
        read_new_pin(lambda _prompt: next(answers))


def test_cli_makes_a_hash_the_config_accepts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    diag_command.register(parser.add_subparsers())
    args = parser.parse_args(["diag", "pin-hash", "--stdin"])
    monkeypatch.setattr(sys, "stdin", io.StringIO("97531\n"))
    assert args.func(args, KioskConfig()) == 0
    toml = capsys.readouterr().out
    assert toml.startswith("[technician]\npin_hash = ") and "97531" not in toml
    path = tmp_path / "kiosk.toml"
    path.write_text(toml, encoding="utf-8")
    config = load_config(str(path), environ={})
    assert PinGate(config.technician.pin_hash).attempt("97531").verdict is Verdict.OPEN
    assert config.technician.health_interval_s == 300.0
    # `kiosk diag` itself still parses without the sub-command
    assert parser.parse_args(["diag", "--json"]).func is not args.func


def test_cli_refuses_a_bad_pin_with_one_sentence() -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk", "diag", "pin-hash", "--stdin"],
                          input="12\n", cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "KIOSK_CONFIG": ""})
    assert done.returncode == 1
    assert "4 to 12 digits" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
