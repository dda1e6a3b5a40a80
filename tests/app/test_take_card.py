""""Take your ID card back": shown and said at the end of a visit while the card is on
the reader, gone when it is lifted.

The window is driven by finger taps (:mod:`tests.support.fingers`); the card is laid and
lifted by the reader's own signals (:mod:`tests.support.rig`), as pcscd's watcher does
in the running kiosk. The spoken guidance is the real :class:`AudioGuide` (espeak-ng,
aplay aimed at a sound device that does not exist); what it chose to say is in ``said``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.config import AudioConfig
from kiosk.core.visit.machine import Stage
from kiosk.ui.kiosk.audio.guide import AudioGuide
from kiosk.ui.kiosk.audio.prompts import TAKE_CARD_PROMPT, prompt_id, prompt_text
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.fingers import wait_until
from tests.support.rig import KioskRig
from tests.support.sound import NO_DEVICE, needs_aplay, needs_espeak

TAKE_CARD_VI = "Mời ông bà nhận lại thẻ căn cước trên đầu đọc."
TAKE_CARD_EN = "Please take your ID card back from the reader."


@pytest.fixture
def rig(tmp_path: Path, qapp: object) -> Iterator[KioskRig]:
    made = KioskRig(tmp_path, "portrait")
    yield made
    made.close()


def test_the_prompts_exist_in_both_languages(window: KioskWindow) -> None:
    window.translations.use("vi")
    vi = {key: prompt_text(key) for key in (TAKE_CARD_PROMPT, "guide.can_refused",
                                            "guide.needs_qr")}
    window.translations.use("en")
    en = {key: prompt_text(key) for key in vi}
    assert vi[TAKE_CARD_PROMPT] == TAKE_CARD_VI and en[TAKE_CARD_PROMPT] == TAKE_CARD_EN
    assert all(vi[k] and en[k] and vi[k] != en[k] for k in vi)
    assert prompt_id("identify", notice="read_failed:can_refused") == "guide.can_refused"
    assert prompt_id("identify", notice="read_failed:needs_qr") == "guide.needs_qr"


def _reminder_shown(rig: KioskRig) -> bool:
    rig.window.settle()
    return (rig.window.has_item("take_card_reminder")
            and rig.fingers.reachable(rig.window.item("take_card_reminder")))


@needs_espeak
@needs_aplay
def test_shown_and_said_while_the_card_is_on_the_reader(rig: KioskRig, tmp_path: Path
                                                        ) -> None:
    guide = AudioGuide(rig.window.presenter, AudioConfig(player="aplay", device=NO_DEVICE),
                       tmp_path)
    fingers, visit = rig.fingers, rig.window.visit
    try:
        fingers.tap("start")
        fingers.tap("choose_vi")
        rig.lay_card()  # the citizen lays the card, then decides on a queue number only
        wait_until(lambda: visit.stage == Stage.IDENTIFY, 5, "the identify screen")
        fingers.tap("back")
        fingers.tap("queue_only")
        wait_until(lambda: visit.stage == Stage.TICKET, 10, "the ticket")
        assert _reminder_shown(rig)
        text = fingers.item("take_card_text").property("text")
        assert text.replace("\u00a0", " ") == "Vui lòng nhận lại thẻ căn cước của bạn"
        assert "căn\u00a0cước" in text  # never broken between "căn" and "cước"
        # said after the ticket's own prompt, in one breath
        wait_until(lambda: any(key == "guide.ticket" for key, _l, _w in guide.said), 3,
                   "the ticket prompt")
        key, language, words = guide.said[-1]
        assert (key, language) == ("guide.ticket", "vi") and words.endswith(TAKE_CARD_VI)
        said = len(guide.said)

        rig.bridge.card_removed.emit("Virtual PCD 00 00")  # lifted
        wait_until(lambda: not _reminder_shown(rig), 3, "the reminder to go")
        fingers.item("ticket_number")  # the ticket itself stays
        rig.window.settle(200)
        assert len(guide.said) == said  # lifting says nothing new

        rig.lay_card()  # laid back: the reminder alone
        wait_until(lambda: _reminder_shown(rig), 3, "the reminder")
        wait_until(lambda: len(guide.said) == said + 1, 3, "the reminder spoken")
        assert guide.said[-1] == (TAKE_CARD_PROMPT, "vi", TAKE_CARD_VI)

        fingers.tap("action")  # on to the rating: no reminder there
        assert visit.stage == Stage.RATING and not _reminder_shown(rig)
        fingers.tap("star_5")
        wait_until(lambda: visit.stage == Stage.DONE, 5, "the thank-you screen")
        assert _reminder_shown(rig)
        wait_until(lambda: guide.said[-1][0] == "guide.done", 3, "the thank-you prompt")
        assert guide.said[-1][2].endswith(TAKE_CARD_VI)
        rig.bridge.card_removed.emit("Virtual PCD 00 00")
        wait_until(lambda: not _reminder_shown(rig), 3, "the reminder to go")
        assert rig.window.qml_warnings == []
    finally:
        guide.close()


def test_no_reminder_when_no_card_was_laid(rig: KioskRig) -> None:
    fingers, visit = rig.fingers, rig.window.visit
    fingers.tap("start")
    fingers.tap("choose_en")
    fingers.tap("queue_only")
    wait_until(lambda: visit.stage == Stage.TICKET, 10, "the ticket")
    assert not _reminder_shown(rig)
    rig.lay_card()  # a card laid on the ticket screen is reminded too, in English
    wait_until(lambda: _reminder_shown(rig), 3, "the reminder")
    assert fingers.item("take_card_text").property("text") == "Please take your ID card back"
