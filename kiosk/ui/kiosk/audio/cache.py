"""Spoken prompts as WAV files in the data folder, synthesised once per text and voice.

The file name is a hash of the voice, the speed and the text, so a changed translation
or voice makes a new file and never replays a stale one. Files are written whole
(temporary file, then rename): a power cut never leaves half a prompt behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from kiosk.speech import SpeechError, synthesize_text

PROMPTS_DIR = "prompts"


class PromptCache:
    """WAV prompts under ``folder``, made with espeak-ng on first use."""

    def __init__(self, folder: Path, speed_wpm: int) -> None:
        self.folder = folder
        self.speed_wpm = speed_wpm

    def path_for(self, text: str, voice: str) -> Path:
        """Where the prompt ``text`` in ``voice`` is (or will be) stored."""
        key = hashlib.sha256(f"{voice}\n{self.speed_wpm}\n{text}".encode()).hexdigest()
        return self.folder / f"{key[:32]}.wav"

    def get(self, text: str, voice: str) -> Path:
        """The WAV file of ``text`` spoken by ``voice``; SpeechError if it cannot be made."""
        path = self.path_for(text, voice)
        if path.is_file() and path.stat().st_size > 44:
            return path
        audio = synthesize_text(text, voice, self.speed_wpm)
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
            with os.fdopen(handle, "wb") as out:
                out.write(audio)
            os.replace(temporary, path)
        except OSError as exc:
            raise SpeechError(f"the prompt could not be saved in {self.folder} "
                              f"({exc.strerror or type(exc).__name__})") from None
        return path
