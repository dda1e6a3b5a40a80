"""``kiosk card read`` shows what it reads on a terminal's stderr, and only there
(issue 19 item 10). The integration tests run the real command through pcscd + vpcd
with stderr on a pseudo-terminal, as a person at the machine would see it."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys

import pytest

from kiosk.commands.card_progress import TerminalProgress, terminal_progress
from kiosk.simulated.samples import load_sample

from .helpers import SAMPLES


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_never_with_json() -> None:
    assert terminal_progress(json_output=False, stream=io.StringIO()) is None
    assert terminal_progress(json_output=True, stream=_Tty()) is None
    assert isinstance(terminal_progress(json_output=False, stream=_Tty()), TerminalProgress)


def test_progress_names_the_file_and_its_bytes_on_one_line() -> None:
    stream = _Tty()
    shown = TerminalProgress(stream)
    listener = shown.listener()
    assert listener.on_step is not None and listener.on_progress is not None
    listener.on_step("reading DG2")
    listener.on_progress("DG2", 2230, 19843)
    shown.finish()
    text = stream.getvalue()
    assert "\rĐang đọc DG2 / reading DG2 …" in text
    assert "\rĐang đọc DG2 / reading DG2: 2,230 / 19,843 bytes" in text
    assert text.endswith("\r") and "\n" not in text  # rewritten in place, then cleared


def _run_with_tty_stderr(*args: str) -> tuple[int, str, str]:
    """Run ``kiosk`` with stdout piped and stderr on a pseudo-terminal."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", *args], stdout=subprocess.PIPE,
                            stderr=follower, env={**os.environ, "KIOSK_CONFIG": ""})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    out, _ = proc.communicate(timeout=60)
    os.close(leader)
    return proc.returncode, out.decode(), b"".join(chunks).decode(errors="replace")


@pytest.mark.integration
@pytest.mark.pcsc
def test_cli_shows_progress_on_a_terminal(pcsc_reader: str) -> None:
    name = SAMPLES[0]
    code, out, err = _run_with_tty_stderr("card", "read", "--sim", name)
    assert code == 0, err
    assert "reading DG13" in err and "reading DG2" in err
    assert "/ reading DG2:" in err and "bytes" in err
    assert load_sample(name).full_name in out and "reading DG2" not in out
    assert load_sample(name).full_name not in err  # progress carries no personal data


@pytest.mark.integration
@pytest.mark.pcsc
def test_cli_json_and_pipes_show_nothing_extra(pcsc_reader: str) -> None:
    name = SAMPLES[0]
    code, out, err = _run_with_tty_stderr("card", "read", "--sim", name, "--json")
    assert code == 0, err
    assert "reading" not in err
    json.loads(out)
    piped = subprocess.run([sys.executable, "-m", "kiosk", "card", "read", "--sim", name],
                           capture_output=True, text=True, timeout=60,
                           env={**os.environ, "KIOSK_CONFIG": ""})
    assert piped.returncode == 0, piped.stderr
    assert "reading" not in piped.stderr
