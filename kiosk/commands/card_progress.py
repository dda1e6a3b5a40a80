"""What ``kiosk card read`` shows on a terminal while it reads: the step, then the file
and its bytes, on stderr (stdout keeps only the result).

Nothing is shown with ``--json`` or when stderr is not a terminal (a pipe, a log, a
test), so scripts see exactly what they saw before. Only step and file names and byte
counts are written: never personal data.
"""

from __future__ import annotations

import sys
from typing import TextIO

from kiosk.devices.chip.card_session import ReadListener

# The card session's steps ("reading DG2"), shown in Vietnamese first.
_STEP_WORDS = {
    "connecting": "Đang kết nối / connecting",
    "unlocking the chip": "Đang mở khóa chip / unlocking the chip",
    "unlocking the chip again": "Đang mở khóa chip lại / unlocking the chip again",
    "checking that the card is genuine": "Đang kiểm tra thẻ thật / checking the card",
}


def step_words(step: str) -> str:
    """The bilingual words for one session step (file reads name the file)."""
    if step.startswith("reading "):
        return f"Đang đọc {step[8:]} / {step}"
    return _STEP_WORDS.get(step, step)


class TerminalProgress:
    """Writes the read's progress to ``stream`` on one line, rewritten in place."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._width = 0

    def _show(self, text: str) -> None:
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def step(self, step: str) -> None:
        """A new step of the read."""
        self._show(step_words(step) + " …")

    def progress(self, file: str, done: int, total: int) -> None:
        """Bytes of ``file`` read so far."""
        self._show(f"Đang đọc {file} / reading {file}: {done:,} / {total:,} bytes")

    def finish(self) -> None:
        """Clear the line so the result starts on a clean one."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def listener(self) -> ReadListener:
        """A card-session listener feeding this display."""
        return ReadListener(on_step=self.step, on_progress=self.progress)


def terminal_progress(json_output: bool, stream: TextIO | None = None) -> TerminalProgress | None:
    """The progress display for a read, or None with ``--json`` or off a terminal."""
    stream = stream if stream is not None else sys.stderr
    if json_output or not stream.isatty():
        return None
    return TerminalProgress(stream)
