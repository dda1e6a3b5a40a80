"""A whole visit with the tactile keypad only: card, a typed field, consent, the ticket.

The real window (tests.support.rig: the chip emulator, the real SQLite outbox, the
virtual printer) is driven by key events alone (tests.support.keypad): no touch, no
property set, no presenter slot called. The card and its QR arrive as devices report
them. The spoken focus goes through the real guide and espeak-ng; the sentences it was
asked to say are recorded in order (tests.support.keypad.RecordingCache) and played
through the real ``aplay`` into an ALSA device that does not exist (no sound here).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject

from kiosk.core.config import AudioConfig, KeypadConfig
from kiosk.core.visit.machine import Stage
from kiosk.simulated.samples import build_card
from kiosk.ui.kiosk.audio.focus_speech import FocusSpeech
from kiosk.ui.kiosk.audio.guide import AudioGuide
from kiosk.ui.kiosk.audio.headphones import Headphones
from kiosk.ui.kiosk.audio.player import ProcessPlayer
from tests.support.fingers import wait_until
from tests.support.keypad import KeypadHands, RecordingCache
from tests.support.rig import KioskRig
from tests.support.sound import NO_DEVICE, needs_aplay, needs_espeak

pytestmark = [pytest.mark.slow, needs_espeak, needs_aplay]

PROCEDURE = "HT-XNHONNHAN"  # marital status certificate: one free-text field, "purpose"
# Typed on the on-screen keyboard by keys; "ế" and "ô" are alternatives of "e" and "o",
# opened by a held select (the keyboard capitalises the first letter by itself).
PURPOSE = {"vi": "Kết hôn", "en": "Work abroad"}
# What the voice says while "ế" is chosen: the alternatives and how to choose, then each
# letter the arrows reach, spelled.
ALTERNATIVES_E = ("Chữ có dấu: è, é, ẻ, ẽ, ẹ, ê, ề, ế, ể, ễ, ệ. Mũi tên trái, phải để "
                  "chọn, phím chọn để gõ, phím quay lại để bỏ qua. è, e, dấu huyền")
ALTERNATIVES_O = "Chữ có dấu: ơ, ờ, ớ, ở, ỡ, ợ, ò, ó, ỏ, õ, ọ, ô, ồ, ố, ổ, ỗ, ộ."

# What the voice is asked to say at each step, in order (the steps the test waits for).
SPOKEN = {
    "vi": {
        "start": "Xin chào! Hoặc chạm vào đây để bắt đầu, nút",
        "language": "Chọn ngôn ngữ. Tiếng Việt, nút",
        "search": "Bạn cần làm thủ tục gì? Tìm thủ tục, ví dụ: đăng ký kết hôn, ô nhập, trống",
        "procedure": "Xác nhận tình trạng hôn nhân. 3 ngày làm việc · Lệ phí: 15.000 đồng, nút",
        "form": "Kiểm tra thông tin. Họ và tên, ô nhập, bắt buộc, "
                "đã điền; cắm tai nghe để nghe nội dung",
        "purpose": "Mục đích sử dụng, ô nhập, bắt buộc, trống",
        "keyboard": "Bàn phím trên màn hình. Dùng phím mũi tên để chọn phím, phím chọn để gõ, "
                    "giữ phím chọn để có chữ có dấu, phím quay lại để đóng bàn phím.",
        "typed": "Mục đích sử dụng, ô nhập, bắt buộc, đã điền; cắm tai nghe để nghe nội dung",
        "next": "Tiếp tục, nút",
        "consent": ", ô đánh dấu, chưa chọn",
        "consented": ", ô đánh dấu, đã chọn",
        "submit": "Gửi hồ sơ, nút",
        "ticket": "Số thứ tự của bạn.",
        "help": "Số thứ tự của bạn. ",
    },
    "en": {
        "start": "Xin chào! Hoặc chạm vào đây để bắt đầu, nút",  # still Vietnamese here
        "language": "Chọn ngôn ngữ. Tiếng Việt, nút",
        "search": "Which procedure do you need? Search, e.g. marriage registration, "
                  "text field, empty",
        "procedure": "Certificate of marital status. 3 working days · Fee: 15,000 VND, button",
        "form": "Check your details. Full name, text field, required, "
                "filled in; plug in headphones to hear it",
        "purpose": "Purpose, text field, required, empty",
        "keyboard": "On-screen keyboard. Arrows choose a key, select types it, "
                    "hold select for a letter's accents, back closes the keyboard.",
        "typed": "Purpose, text field, required, filled in; plug in headphones to hear it",
        "next": "Next, button",
        "consent": ", check box, not chosen",
        "consented": ", check box, chosen",
        "submit": "Submit, button",
        "ticket": "Your queue number.",
        "help": "Your queue number. ",
    },
}


class PointerCounter(QObject):
    """Counts mouse and touch events reaching the window (a keypad visit has none)."""

    KINDS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
             QEvent.Type.TouchBegin, QEvent.Type.TouchEnd)

    def __init__(self, rig: SpeakingRig) -> None:
        super().__init__()
        self.rig = rig

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in self.KINDS:
            self.rig.pointer_events += 1
        return False


class SpeakingRig(KioskRig):
    """The rig with the spoken guidance and the keypad's spoken focus."""

    def __init__(self, tmp_path: Path, headphones: bool = False) -> None:
        super().__init__(tmp_path)
        self.voice = RecordingCache(tmp_path / "prompts")
        self.guide = AudioGuide(self.window.presenter, AudioConfig(player="aplay"),
                                tmp_path, player=ProcessPlayer("aplay", NO_DEVICE),
                                cache=self.voice)
        self.guide.headphones = Headphones("always" if headphones else "never")
        self.speech = FocusSpeech(self.window.keypad, self.guide, self.window.presenter)
        self.hands = KeypadHands(self.window)
        self.heard: list[str] = []  # the sentences waited for, in the order they came
        self.heard_upto: list[str] = []  # every sentence up to the last one waited for
        self.pointer_events = 0
        self._pointer = PointerCounter(self)
        self.window.view.installEventFilter(self._pointer)

    def said(self, words: str, timeout_s: float = 10.0) -> str:
        """Wait until a sentence with ``words`` is synthesised after the last one waited for."""
        start = len(self.heard_upto)

        def found() -> bool:
            return any(words in text for text in self.voice.texts[start:])

        wait_until(found, timeout_s, f"a sentence with {words!r}")
        at = next(i for i in range(start, len(self.voice.texts))
                  if words in self.voice.texts[i])
        self.heard_upto = self.voice.texts[:at + 1]
        self.heard.append(self.voice.texts[at])
        return self.voice.texts[at]

    def step(self, action: str, words: str) -> str:
        """Press ``action``, then wait for the sentence with ``words``."""
        self.hands.press(action)
        return self.said(words)

    def close(self) -> None:
        self.guide.close()
        super().close()


@pytest.fixture
def rig(tmp_path: Path, qapp: object) -> Iterator[SpeakingRig]:
    made = SpeakingRig(tmp_path)
    yield made
    made.close()


# A card whose old addresses map one to one onto today's units: the form asks no ward to
# pick (a split ward's pick by keys: tests/app/atspi_kiosk.py).
CITIZEN = "le-hoang-bao-ngan"


def _to_form(rig: SpeakingRig, language: str, form: str = "",
             citizen: str = CITIZEN) -> None:
    hands, visit, words = rig.hands, rig.window.visit, SPOKEN[language]
    assert rig.step("down", words["start"]) == words["start"]  # the keypad is in use now
    assert hands.focused() == "start"
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.LANGUAGE, 3, "the language screen")
    assert rig.said(SPOKEN["vi"]["language"]) == SPOKEN["vi"]["language"]  # title, then focus
    assert hands.focused() == "choose_vi"
    if language == "en":
        rig.step("down", "English, nút")
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.CHOOSE_PROCEDURE, 3, "the procedures")
    assert rig.said(words["search"]) == words["search"]
    hands.focus(f"procedure_{PROCEDURE}")
    assert rig.said(words["procedure"]) == words["procedure"]
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.IDENTIFY, 3, "the identify screen")
    rig.lay_card(build_card(citizen))
    rig.show_qr(citizen)
    wait_until(lambda: visit.stage == Stage.FORM, 15, "the form after the chip read")
    form = form or words["form"]
    assert rig.said(form) == form


def _visit(rig: SpeakingRig, language: str, purpose: str = "") -> None:
    hands, visit, words = rig.hands, rig.window.visit, SPOKEN[language]
    _to_form(rig, language)
    hands.focus("field_purpose")
    assert rig.said(words["purpose"]) == words["purpose"]
    hands.press("select")  # the on-screen keyboard opens on the box
    rig.said(words["keyboard"])
    hands.type(purpose or PURPOSE[language])
    hands.press("back")  # the keyboard goes, the box keeps the focus and is said again
    wait_until(lambda: not hands._eyes.keyboard_up(), 3, "the keyboard to go down")
    assert rig.said(words["typed"]) == words["typed"]
    hands.focus("action")
    assert rig.said(words["next"]) == words["next"]
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.REVIEW, 3, "the review screen")
    rig.said(words["consent"])
    assert hands.focused() == "consent"
    rig.step("select", words["consented"])
    hands.focus("action")
    assert rig.said(words["submit"]) == words["submit"]
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.TICKET, 15, "the ticket")
    wait_until(lambda: "ticket" in rig.kinds(), 5, "the ticket record")
    rig.said(words["ticket"])
    rig.step("help", words["help"])  # the title and the screen's instructions again


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_whole_visit_by_keys_reaches_the_outbox(rig: SpeakingRig, language: str) -> None:
    _visit(rig, language)
    forms = rig.submitted_forms()
    assert len(forms) == 1 and forms[0]["purpose"] == PURPOSE[language]
    assert rig.pointer_events == 0  # not one touch or click reached the window
    if language == "vi":  # "ế": the held select's alternatives, said, then the arrows
        texts = rig.voice.texts
        at = texts.index(ALTERNATIVES_E)
        assert texts[at + 1:at + 8] == [
            "é, e, dấu sắc", "ẻ, e, dấu hỏi", "ẽ, e, dấu ngã", "ẹ, e, dấu nặng", "ê, e mũ",
            "ề, e mũ, dấu huyền", "ế, e mũ, dấu sắc"]
        assert texts[at - 1] == "e, phím, giữ phím chọn để có dấu"
        assert any(t.startswith(ALTERNATIVES_O) for t in texts[at:])
    # Spoken in order, in the visit's language; on the loudspeaker no personal value.
    steps = [key for key in SPOKEN[language] if key != "help"] + ["help"]
    assert len(rig.heard) == len(steps) + (language == "en")  # + "English, nút"
    assert rig.heard[-1].startswith(SPOKEN[language]["help"]) and len(rig.heard[-1]) > 40
    personal = [forms[0][name] for name in ("full_name", "id_number", "date_of_birth",
                                            "purpose")]
    assert not [text for text in rig.voice.texts if any(v in text for v in personal)]
    assert rig.window.qml_warnings == []


def test_a_name_with_diacritics_typed_by_keys_reaches_the_outbox(rig: SpeakingRig) -> None:
    # capitals by the keyboard's shift key; "ễ", "ị" and "à" by held selects
    name = "Nguyễn Thị Hà"
    _visit(rig, "vi", name)
    forms = rig.submitted_forms()
    assert len(forms) == 1 and forms[0]["purpose"] == name
    texts = rig.voice.texts
    for said in ("ễ, e mũ, dấu ngã", "ị, i, dấu nặng", "à, a, dấu huyền", "Chữ hoa"):
        assert any(text.endswith(said) for text in texts)  # "à" first: with the others
    assert not [text for text in texts if name in text]  # never the whole value out loud
    assert rig.pointer_events == 0 and rig.window.qml_warnings == []


def test_back_puts_a_letters_alternatives_away_and_help_says_how_to_type(
        rig: SpeakingRig) -> None:
    hands, visit, words = rig.hands, rig.window.visit, SPOKEN["vi"]
    rig.step("down", words["start"])
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.LANGUAGE, 3, "the language screen")
    rig.said(words["language"])
    hands.press("select")
    wait_until(lambda: visit.stage == Stage.CHOOSE_PROCEDURE, 3, "the procedures")
    rig.said(words["search"])
    assert hands.focused() == "search"
    hands.press("select")
    rig.said(words["keyboard"])
    found = hands._eyes._letter_key("o")
    assert found is not None
    hands._walk_to(found[0])
    rig.said("o, phím, giữ phím chọn để có dấu")
    hands.hold("select")  # a held select: the alternatives, nothing typed
    # (capitals: the empty box starts a sentence)
    rig.said("Chữ có dấu: " + ALTERNATIVES_O.removeprefix("Chữ có dấu: ").upper())
    hands.press("back")  # only the alternatives go: the keyboard stays, on the same key
    rig.said("o, phím, giữ phím chọn để có dấu")
    assert hands._eyes.keyboard_up() and hands.focused() == ""  # a key: no objectName
    assert rig.window.item("search").property("text") == ""
    assert rig.step("help", "Bàn phím trên màn hình.") == words["keyboard"]
    hands.press("back")  # and now the keyboard itself
    wait_until(lambda: not hands._eyes.keyboard_up(), 3, "the keyboard to go down")
    assert hands.focused() == "search"


def test_with_headphones_the_values_are_spoken(tmp_path: Path, qapp: object) -> None:
    rig = SpeakingRig(tmp_path, headphones=True)
    try:
        # the sample citizen's name, read from the chip, into the headphones
        _to_form(rig, "vi", "Kiểm tra thông tin. Họ và tên, ô nhập, bắt buộc, "
                            "Đặng Thị Ngọc Hường", citizen="dang-thi-ngoc-huong")
        rig.hands.press("down")
        rig.said("Số định danh cá nhân, ô nhập, bắt buộc, 001190012687")
    finally:
        rig.close()


def test_the_longer_idle_time_is_announced_and_any_key_continues(rig: SpeakingRig) -> None:
    hands, visit, presenter = rig.hands, rig.window.visit, rig.window.presenter
    rig.window.keypad.configure(KeypadConfig(idle_s=1.0, countdown_s=20.0))
    rig.step("down", SPOKEN["vi"]["start"])
    hands.press("select")
    rig.said(SPOKEN["vi"]["language"])
    time.sleep(1.2)  # quiet longer than [keypad] idle_s: the countdown starts
    presenter.tick()
    assert 0 < presenter.countdown <= 20 and visit.stage == Stage.LANGUAGE
    # said before it runs out: the guide's "still there?", then what any key does
    rig.said("Nhấn phím bất kỳ để tiếp tục. Tôi vẫn ở đây, nút")
    assert rig.window.item("countdown_any_key").isVisible()
    hands.press("left")  # any key
    assert presenter.countdown == 0 and visit.stage == Stage.LANGUAGE
    rig.said("Chọn ngôn ngữ. Tiếng Việt, nút")  # back on the screen, where it was
