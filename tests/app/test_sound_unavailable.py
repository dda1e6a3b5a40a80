"""With no sound device the header's speaker says so instead of being an empty toggle.

The toggle was drawn as an empty circle in the cage session with no sound device, and a
tap on it "muted" guidance that could not be heard anyway. The spoken guidance's state
(AudioGuide.state_changed, wired in KioskRun) now reaches the presenter: without a
device or a voice the speaker is dimmed and struck through, "Không có âm thanh" / "No
sound" is written under it, and a touch changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from pytestqt.qtbot import QtBot

from kiosk.core.config import AudioConfig
from kiosk.ui.kiosk.audio.guide import AudioGuide
from kiosk.ui.kiosk.audio.player import ProcessPlayer, SoundState
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.sound import NO_DEVICE, needs_aplay, needs_espeak
from tests.support.touch import tap, text_of


def _speaker_pixels(window: KioskWindow) -> set[str]:
    window.settle(80)
    image = window.view.grabWindow()
    toggle = window.item("toggle_sound")
    rect = toggle.mapRectToScene(QRectF(0, 0, toggle.width(), toggle.height())).toRect()
    return {image.pixelColor(x, y).name() for x in range(rect.left() + 20, rect.right() - 20)
            for y in range(rect.top() + 20, rect.bottom() - 20)}


def test_no_sound_device_is_drawn_and_written_in_both_languages(window: KioskWindow) -> None:
    presenter = window.presenter
    assert not window.item("sound_unavailable").isVisible()
    drawn_with_sound = _speaker_pixels(window)
    assert "#ffffff" in drawn_with_sound  # the white speaker
    presenter.show_sound_state(SoundState.NO_DEVICE.value)
    label = window.item("sound_unavailable")
    assert label.isVisible() and text_of(window, "sound_unavailable") == "Không có âm thanh"
    drawn_without = _speaker_pixels(window)
    assert "#ff8a8a" in drawn_without and "#ffffff" not in drawn_without  # struck through
    tap(window, "toggle_sound")  # nothing to switch off
    assert presenter.property("muted") is False
    presenter.switch_language("en")
    window.settle()
    assert text_of(window, "sound_unavailable") == "No sound"
    presenter.show_sound_state(SoundState.READY.value)  # a device came back
    assert not window.item("sound_unavailable").isVisible()
    tap(window, "toggle_sound")
    assert presenter.property("muted") is True


@pytest.mark.slow
@needs_espeak
@needs_aplay
def test_the_guide_finding_no_device_turns_the_speaker_to_no_sound(
        window: KioskWindow, tmp_path: Path, qtbot: QtBot) -> None:
    presenter = window.presenter
    guide = AudioGuide(presenter, AudioConfig(), tmp_path, ProcessPlayer("aplay", NO_DEVICE))
    guide.state_changed.connect(presenter.show_sound_state)  # as KioskRun wires it
    try:
        with qtbot.waitSignal(guide.state_changed, timeout=20_000,
                              check_params_cb=lambda state: state == "no_device"):
            presenter.start()  # the language screen's prompt: played to no device
        assert presenter.property("sound_available") is False
        window.settle()
        assert window.item("sound_unavailable").isVisible()
    finally:
        guide.close()
