"""The spoken focus's voice: interruptible, off the UI thread, headphones for values.

Synthesis is the real espeak-ng. There is no sound device here, so playback goes to a
stand-in sound program (written below) that plays nothing but takes as long as the WAV
lasts and writes when it starts, ends or is stopped: what a real player does, minus
the loudspeaker. The sound server's answer about headphones is the one stand-in for
the machine's ports (there is no sound server here).
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtQml import QQmlEngine

from kiosk.core.config import AudioConfig
from kiosk.core.errors import ConfigError
from kiosk.ui.kiosk.audio.focus_speech import FocusSpeech
from kiosk.ui.kiosk.audio.guide import AudioGuide
from kiosk.ui.kiosk.audio.headphone_watch import HeadphoneWatch
from kiosk.ui.kiosk.audio.headphones import Headphones, active_port_is_headphones
from kiosk.ui.kiosk.audio.letters import spell
from kiosk.ui.kiosk.audio.player import ProcessPlayer
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.qt.i18n import Translations
from kiosk.ui.qt.tasks import TaskRunner
from tests.support.fingers import wait_until
from tests.support.keypad import RecordingCache
from tests.support.sound import needs_espeak

STAND_IN = '''#!{python}
import signal, sys, time, wave
log = open({log!r}, "a", buffering=1)
path = sys.argv[-1]
with wave.open(path) as w:
    seconds = w.getnframes() / w.getframerate()
def stopped(*_):
    log.write("stopped " + path + "\\n"); sys.exit(0)
signal.signal(signal.SIGTERM, stopped)
log.write("start " + path + "\\n")
time.sleep(seconds)
log.write("end " + path + "\\n")
'''

LONG = ("Xác nhận tình trạng hôn nhân. Ba ngày làm việc. Lệ phí mười lăm nghìn đồng. "
        "Giấy tờ cần mang theo: tờ khai và giấy tờ chứng minh.")


def _stand_in(tmp_path: Path) -> tuple[Path, Path]:
    log = tmp_path / "played.log"
    log.touch()
    program = tmp_path / "stand-in-play"
    program.write_text(STAND_IN.format(python=sys.executable, log=str(log)), encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program, log


@needs_espeak
def test_a_new_sentence_cuts_the_old_one_short_and_say_never_waits(
        window: KioskWindow, tmp_path: Path) -> None:
    program, log = _stand_in(tmp_path)
    cache = RecordingCache(tmp_path / "prompts")
    guide = AudioGuide(window.presenter, AudioConfig(player="aplay"), tmp_path,
                       player=ProcessPlayer(str(program)), cache=cache)
    try:
        guide.say(LONG, "vi")
        wait_until(lambda: "start" in log.read_text(), 15, "the first sentence playing")
        guide.say("Gửi hồ sơ, nút", "vi")  # the focus moved on
        # say() came back while the first sentence was still playing: it never waits
        assert "stopped" not in log.read_text() and "end" not in log.read_text()
        wait_until(lambda: log.read_text().count("end") == 1, 15, "the second sentence")
        lines = log.read_text().splitlines()
        first, second = cache.path_for(LONG, "vi"), cache.path_for("Gửi hồ sơ, nút", "vi")
        assert lines == [f"start {first}", f"stopped {first}", f"start {second}",
                         f"end {second}"]
        assert cache.texts == [LONG, "Gửi hồ sơ, nút"]
        # queued after (a screen's title after a notice): both play whole, in order
        guide.say("Một.", "vi")
        guide.say("Hai.", "vi", queue=True)
        wait_until(lambda: log.read_text().count("end") == 3, 15, "both sentences")
        assert cache.texts[-2:] == ["Một.", "Hai."]
    finally:
        guide.close()


@needs_espeak
def test_a_private_sentence_plays_only_on_headphones(window: KioskWindow,
                                                     tmp_path: Path) -> None:
    program, _log = _stand_in(tmp_path)
    cache = RecordingCache(tmp_path / "prompts")
    guide = AudioGuide(window.presenter, AudioConfig(player="aplay"), tmp_path,
                       player=ProcessPlayer(str(program)), cache=cache)
    plugged = [False]
    ticks = iter(range(0, 10_000, 100))  # every question a while after the last: asked again
    guide.headphones = Headphones("auto", probe=lambda: plugged[0], clock=lambda: next(ticks))
    try:
        guide.say("Họ và tên, ô nhập, đã điền", "vi", private="Họ và tên, ô nhập, Lê Văn An")
        wait_until(lambda: len(cache.texts) == 1, 15, "the sentence")
        plugged[0] = True
        guide.say("Họ và tên, ô nhập, đã điền", "vi", private="Họ và tên, ô nhập, Lê Văn An")
        wait_until(lambda: len(cache.texts) == 2, 15, "the sentence again")
        assert cache.texts == ["Họ và tên, ô nhập, đã điền", "Họ và tên, ô nhập, Lê Văn An"]
    finally:
        guide.close()


def test_headphones_from_the_sound_server_and_the_setting() -> None:
    sinks = [{"name": "alsa_output.pci.analog-stereo", "active_port": "analog-output-headphones",
              "ports": [{"name": "analog-output-speaker", "type": "Speaker"},
                        {"name": "analog-output-headphones", "type": "Headphones"}]},
             {"name": "hdmi", "active_port": "hdmi-output-0", "ports": []}]
    assert active_port_is_headphones(sinks, "alsa_output.pci.analog-stereo")
    assert not active_port_is_headphones(sinks, "hdmi")
    sinks[0]["active_port"] = "analog-output-speaker"
    assert not active_port_is_headphones(sinks, "alsa_output.pci.analog-stereo")
    assert not active_port_is_headphones([], "")  # no server: never out loud
    assert Headphones("always")() and not Headphones("never")()
    with pytest.raises(ConfigError, match="auto, always or never"):
        Headphones("sometimes")
    asked = []
    now = [0.0]
    auto = Headphones("auto", probe=lambda: asked.append(1) or True, clock=lambda: now[0])
    assert auto() and auto() and len(asked) == 1  # kept a few seconds
    now[0] += 10
    assert auto() and len(asked) == 2



@needs_espeak
def test_headphones_plugged_in_start_the_spoken_focus(window: KioskWindow,
                                                      tmp_path: Path) -> None:
    program, _log = _stand_in(tmp_path)
    cache = RecordingCache(tmp_path / "prompts")
    guide = AudioGuide(window.presenter, AudioConfig(player="aplay"), tmp_path,
                       player=ProcessPlayer(str(program)), cache=cache)
    FocusSpeech(window.keypad, guide, window.presenter)
    plugged = [False]
    tasks = TaskRunner()
    watch = HeadphoneWatch(Headphones("auto", probe=lambda: plugged[0]), tasks,
                           window.presenter, window.keypad, interval_ms=50)
    try:
        window.tap("start")  # a touch: no keypad in use
        window.settle(300)
        assert not window.keypad.navigator.property("active")
        plugged[0] = True  # the sound server now reports the headphone port
        wait_until(lambda: "Chọn ngôn ngữ. Tiếng Việt, nút" in cache.texts, 15,
                   "the screen and its first control said")
        assert window.keypad.navigator.property("active")
    finally:
        watch.stop()
        tasks.wait()
        guide.close()


@pytest.mark.parametrize(("language", "spelled"), [
    ("vi", ["ệ, e mũ, dấu nặng", "Ẵ, A trăng, dấu ngã", "ư, u móc", "ở, o móc, dấu hỏi",
            "đ, đê, d gạch ngang", "í, i, dấu sắc", "a"]),
    ("en", ["ệ, e circumflex, dot below", "Ẵ, A breve, tilde", "ư, u horn",
            "ở, o horn, hook above", "đ, d with a stroke", "í, i, acute accent", "a"]),
])
def test_letters_with_diacritics_are_spelled_shape_then_tone(
        qapp: object, language: str, spelled: list[str]) -> None:
    # "ệ" decomposes as e, dot below, circumflex (Unicode's order): said as Vietnamese
    # spell it, the shape first, then the tone
    engine = QQmlEngine()
    translations = Translations(engine)
    translations.use(language)
    try:
        assert [spell(c) for c in "ệẴưởđía"] == spelled
    finally:
        for translator in translations._translators[language]:
            QCoreApplication.removeTranslator(translator)
