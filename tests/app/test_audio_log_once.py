"""A kiosk with no sound device says so in its log once, not at every prompt.

Each prompt reports "speaking" before its player fails, and the guide compared the
failure with that: the old code logged "spoken guidance unavailable state=no_device"
for every prompt (thousands of journal lines a day). The guide now logs when the sound
goes away and when it comes back. This test walks a citizen's screens for ~5 s with
the real aplay on an ALSA device no machine has (and with Qt Multimedia, which finds no
output here), and counts the guide's log records
(a plain handler: the log-repeat filter is not what is tested here).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.core.config import AudioConfig, CenterConfig
from kiosk.core.procedures import load_catalog
from kiosk.ui.kiosk.audio.guide import AudioGuide
from kiosk.ui.kiosk.audio.player import SoundState
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.sound import NO_DEVICE, needs_aplay, needs_espeak
from tests.support.touch import tap


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def guide_log() -> Iterator[Records]:
    logger = logging.getLogger("kiosk.ui.kiosk.audio.guide")
    handler, level = Records(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


@needs_espeak
@pytest.mark.parametrize("player", [
    pytest.param("aplay", marks=needs_aplay),
    "qt",  # Qt Multimedia: this machine has no audio output either
])
def test_no_sound_device_is_logged_once_while_prompts_go_on(
        qapp: object, qtbot: QtBot, tmp_path: Path, guide_log: Records, player: str) -> None:
    window = KioskWindow(load_catalog(), CenterConfig(), "portrait")
    window.view.show()
    window.settle()
    device = NO_DEVICE if player == "aplay" else ""
    guide = AudioGuide(window.presenter, AudioConfig(player=player, device=device), tmp_path)
    try:
        for _visit in range(3):  # ~5 s: six prompts, each played and failed
            tap(window, "start")
            qtbot.waitUntil(lambda: guide.said and guide.said[-1][0] == "guide.language",
                            timeout=3000)
            qtbot.waitUntil(lambda: guide.output == SoundState.NO_DEVICE, timeout=15000)
            tap(window, "choose_en")
            qtbot.waitUntil(lambda: guide.said[-1][0] == "guide.choose_procedure",
                            timeout=3000)
            qtbot.wait(200)
            qtbot.waitUntil(lambda: guide.output == SoundState.NO_DEVICE, timeout=15000)
            window.presenter.restart()
            window.settle()
        assert len(guide.said) == 6
        unavailable = [r for r in guide_log.records
                       if r.getMessage() == "spoken guidance unavailable"]
        assert len(unavailable) == 1, [r.getMessage() for r in guide_log.records]
        assert unavailable[0].fields == {"state": "no_device"}  # type: ignore[attr-defined]
    finally:
        guide.close()
        window.close()
