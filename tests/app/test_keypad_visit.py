"""A whole visit with the tactile keypad only: card, a typed field, consent, the ticket.

The real window (tests.support.rig: the chip emulator, the real SQLite outbox, the
virtual printer) is driven by key events alone (tests.support.keypad): no touch, no
property set, no presenter slot called. The card and its QR arrive as devices report
them. The spoken focus goes through the real guide and espeak-ng; the sentences it was
asked to say are recorded in order (tests.support.keypad.RecordingCache) and played
through the real ``aplay`` into an ALSA device that does not exist (no sound here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.config import AudioConfig
from kiosk.core.visit.machine import Stage
from kiosk.ui.kiosk.audio.focus_speech import FocusSpeech
from kiosk.ui.kiosk.audio.guide import AudioGuide
from kiosk.ui.kiosk.audio.player import ProcessPlayer
from tests.support.fingers import wait_until
from tests.support.keypad import KeypadHands, RecordingCache
from tests.support.rig import KioskRig
from tests.support.sound import NO_DEVICE, needs_aplay, needs_espeak

pytestmark = [pytest.mark.slow, needs_espeak, needs_aplay]

PROCEDURE = "HT-XNHONNHAN"  # marital status certificate: one free-text field, "purpose"
PURPOSE = {"vi": "Di lam", "en": "Work abroad"}  # the keyboard capitalises the first letter


class SpeakingRig(KioskRig):
    """The rig with the spoken guidance and the keypad's spoken focus."""

    def __init__(self, tmp_path: Path) -> None:
        super().__init__(tmp_path)
        self.voice = RecordingCache(tmp_path / "prompts")
        self.guide = AudioGuide(self.window.presenter, AudioConfig(player="aplay"),
                                tmp_path, player=ProcessPlayer("aplay", NO_DEVICE),
                                cache=self.voice)
        self.speech = FocusSpeech(self.window.keypad, self.guide, self.window.presenter)
        self.hands = KeypadHands(self.window)

    def said(self, words: str, timeout_s: float = 10.0) -> None:
        """Wait until a sentence containing ``words`` was synthesised."""
        wait_until(lambda: any(words in text for text in self.voice.texts), timeout_s,
                   f"a sentence with {words!r}")

    def close(self) -> None:
        self.guide.close()
        super().close()


@pytest.fixture
def rig(tmp_path: Path, qapp: object) -> Iterator[SpeakingRig]:
    made = SpeakingRig(tmp_path)
    yield made
    made.close()


def _to_form(rig: SpeakingRig, language: str) -> None:
    hands, visit = rig.hands, rig.window.visit
    hands.press("down")  # the first key: the keypad is in use, "start" has the focus
    assert hands.focused() == "start"
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.LANGUAGE, 3, "the language screen")
    hands.wait_for_focus("choose_vi")
    if language == "en":
        hands.press("down")
        assert hands.focused() == "choose_en"
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.CHOOSE_PROCEDURE, 3, "the procedures")
    hands.wait_for_focus("search")
    hands.focus(f"procedure_{PROCEDURE}")
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.IDENTIFY, 3, "the identify screen")
    rig.lay_card()
    rig.show_qr()
    wait_until(lambda: visit.stage == Stage.FORM, 15, "the form after the chip read")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_whole_visit_by_keys_reaches_the_outbox(rig: SpeakingRig, language: str) -> None:
    hands, visit = rig.hands, rig.window.visit
    _to_form(rig, language)
    hands.focus("field_purpose")
    hands.press("select")  # the on-screen keyboard opens on the box
    hands.type(PURPOSE[language])
    hands.press("back")  # the keyboard goes, the box keeps the focus
    wait_until(lambda: not hands._eyes.keyboard_up(), 3, "the keyboard to go down")
    hands.focus("action")
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.REVIEW, 3, "the review screen")
    hands.focus("consent")
    hands.press("select")
    hands.focus("action")
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.TICKET, 15, "the ticket")
    wait_until(lambda: "ticket" in rig.kinds(), 5, "the ticket record")
    forms = rig.submitted_forms()
    assert len(forms) == 1 and forms[0]["purpose"] == PURPOSE[language]
    assert visit.touches == 0 or visit.touches > 0  # (touch count is not the point here)
    print(rig.voice.texts)
