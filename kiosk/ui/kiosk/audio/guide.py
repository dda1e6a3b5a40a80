"""The kiosk speaks each screen's prompt when it appears, off the UI thread.

:class:`AudioGuide` watches the presenter (stage, hint, notice, language, countdown,
the ticket's print fallback and the citizen's mute toggle). On the UI thread it only
chooses the prompt and looks up its words in the installed translator (what the
screen shows is what is said, in the visit's language); a worker thread synthesises
the WAV (cached in the data folder) and plays it. While the card is still on the
reader at the end of a visit, "take your card back" follows the screen's prompt (and
is said alone if the card comes back); lifting the card says nothing new. A newer
prompt stops an older one; returning to the attract screen or muting stops whatever is
playing.

Nothing personal is ever spoken by the prompts: they are fixed sentences. The keypad's
spoken focus (:mod:`.focus_speech`) says its sentences through :meth:`AudioGuide.say` on
the same voice, so one interrupts the other; a sentence may carry a private variant
(a field's value) that is played only while ``headphones()`` says headphones are in.
While the keypad is in use (``keypad_mode``) a screen's own prompt waits for "help":
the spoken focus names the screen and its controls instead; notices are still said.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk.core.config import AudioConfig
from kiosk.speech import SpeechError
from kiosk.ui.kiosk.audio.cache import PROMPTS_DIR, PromptCache
from kiosk.ui.kiosk.audio.player import Player, QtPlayer, SoundState, make_player
from kiosk.ui.kiosk.audio.prompts import (
    STAGE_PROMPTS,
    TAKE_CARD_PROMPT,
    prompt_id,
    prompt_text,
)
from kiosk.ui.kiosk.presenter import VisitPresenter

log = logging.getLogger(__name__)

COUNTDOWN_PROMPT = "guide.countdown"
_DEFAULT = object()
SCREEN_PROMPTS = frozenset(STAGE_PROMPTS.values())


@dataclass(frozen=True)
class Sentence:
    """Words to say; ``private`` (with personal data) replaces them on headphones."""

    words: str
    voice: str
    private: str = ""


class AudioGuide(QObject):
    """Speaks the visit's prompts; ``state`` tells the diagnostics how sound is doing.

    ``output`` is what the last attempt found (ready, speaking, no device, no speech);
    ``state`` is that, unless the guidance is disabled or the citizen muted it.
    """

    state_changed = Signal(str)
    _reported = Signal(str, int)  # state, generation (from the worker thread)

    def __init__(
        self,
        presenter: VisitPresenter,
        config: AudioConfig,
        folder: Path,
        player: Player | object | None = _DEFAULT,
        cache: PromptCache | None = None,
    ) -> None:
        super().__init__(presenter)
        self._presenter = presenter
        self._config = config
        self._cache = cache or PromptCache(folder / PROMPTS_DIR, config.speed_wpm)
        self.keypad_mode = False  # the keypad's spoken focus names the screens
        self.volume = 1.0  # the keypad's volume keys: 0.1 .. 1.0 of the player's level
        # Whether personal data may be spoken (called on the worker thread, may block).
        self.headphones: Callable[[], bool] = lambda: False
        chosen = make_player(config) if player is _DEFAULT else player
        self._player: Player | None = chosen if isinstance(chosen, Player) else None
        self.output = (SoundState.READY if config.enabled and self._player is not None
                       else SoundState.DISABLED)
        self._shown_state = self.output
        self._unavailable: SoundState | None = None  # the problem last logged
        self.said: deque[tuple[str, str, str]] = deque(maxlen=32)  # (id, language, words)
        self._last: tuple[str, str] | None = None
        self._reminded: str | None = None  # the reminder said with the current prompt
        self._before_countdown: tuple[str, str] | None = None
        self._cond = threading.Condition()
        self._pending: deque[Sentence] = deque()
        self._generation = 0
        self._closed = False
        self._scheduled = False
        self._reported.connect(self._on_report)
        if isinstance(self._player, QtPlayer):
            self._player.setParent(self)
            self._player.state_reported.connect(lambda state: self._on_report(state, -1))
        self._thread: threading.Thread | None = None
        if self.output != SoundState.DISABLED:
            self._thread = threading.Thread(target=self._work, name="audio guide",
                                            daemon=True)
            self._thread.start()
            for signal in (presenter.stage_changed, presenter.hint_changed,
                           presenter.language_changed,
                           presenter.notice_changed, presenter.view_changed,
                           presenter.countdown_changed, presenter.sound_changed):
                signal.connect(self._schedule)

    # -- UI thread ---------------------------------------------------------------------
    @Slot()
    def _schedule(self) -> None:
        # After the other handlers of this change (the translator switch among them).
        if not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self.refresh)

    @Slot()
    def refresh(self) -> None:
        """Speak the current state's prompt if it is new (called after every change)."""
        self._scheduled = False
        presenter = self._presenter
        self._announce_state()
        if presenter.property("muted"):
            self._last = None
            self._cancel()
            return
        view = presenter.property("view") or {}
        language = str(presenter.property("language"))
        key = prompt_id(str(presenter.property("stage")), str(presenter.property("hint_key")),
                        str(presenter.property("notice")), bool(view.get("print_fallback")),
                        int(presenter.property("countdown")))
        if key is None:
            self._last = self._before_countdown = self._reminded = None
            self._cancel()
            return
        if self.keypad_mode and key in SCREEN_PROMPTS:
            self._last, self._reminded = (key, language), None  # "help" says it
            return
        reminder = (TAKE_CARD_PROMPT if view.get("take_card_back") and key != COUNTDOWN_PROMPT
                    else None)
        if self._last is not None and self._last[0] == COUNTDOWN_PROMPT != key:
            self._last = self._before_countdown  # "still there": no need to repeat the screen
        spoken = (key, language)
        if spoken == self._last:
            if reminder is None or reminder == self._reminded:
                self._reminded = reminder  # the card was lifted: nothing new to say
                return
            key, words = reminder, prompt_text(reminder)  # the card is back: remind only
        else:
            if key == COUNTDOWN_PROMPT:
                self._before_countdown = self._last
            self._last = spoken
            words = " ".join(w for w in (prompt_text(key),
                                         prompt_text(reminder) if reminder else "") if w)
        self._reminded = reminder
        if not words:
            return
        self.said.append((key, language, words))
        self._enqueue(Sentence(words, self.voice(language)), queue=False)

    def voice(self, language: str) -> str:
        """The espeak-ng voice of ``language``."""
        return self._config.voice_en if language == "en" else self._config.voice_vi

    def say(self, words: str, language: str, private: str = "", queue: bool = False) -> None:
        """Say ``words`` now (``queue``: after what is being said); ``private`` instead
        of them when headphones are in. Silent while the citizen muted the guidance."""
        if self.output == SoundState.DISABLED or self._presenter.property("muted"):
            return
        self.said.append(("focus", language, words))
        self._enqueue(Sentence(words, self.voice(language), private), queue)

    def change_volume(self, step: float) -> float:
        """Louder (``step`` > 0) or softer, within 10-100 %; the new level."""
        level = min(1.0, max(0.1, round(self.volume + step, 2)))
        self.volume = level
        if self._player is not None:
            self._player.volume = level
        return level

    def current_prompt(self) -> str:
        """The words of the current screen's prompt ("help" says them again)."""
        presenter = self._presenter
        view = presenter.property("view") or {}
        key = prompt_id(str(presenter.property("stage")), str(presenter.property("hint_key")),
                        str(presenter.property("notice")), bool(view.get("print_fallback")))
        return prompt_text(key) if key else ""

    def _enqueue(self, sentence: Sentence, queue: bool) -> None:
        with self._cond:
            if not queue:
                self._generation += 1
                self._pending.clear()
            self._pending.append(sentence)
            self._cond.notify()
        if not queue and isinstance(self._player, QtPlayer):
            self._player.stop()

    def _cancel(self) -> None:
        with self._cond:
            self._generation += 1
            self._pending.clear()
        if isinstance(self._player, QtPlayer):
            self._player.stop()

    @property
    def state(self) -> SoundState:
        """Disabled, muted (this visit), or what the last attempt to speak found."""
        if self.output == SoundState.DISABLED:
            return SoundState.DISABLED
        return SoundState.MUTED if self._presenter.property("muted") else self.output

    @Slot(str, int)
    def _on_report(self, state: str, generation: int) -> None:
        found = SoundState(state)
        if found == SoundState.READY and generation != -1 and isinstance(self._player, QtPlayer):
            return  # Qt's play() returns at once; the player's own report (-1) tells the truth
        # a late report of an older prompt still tells the truth about the device
        if found in (SoundState.SPEAKING, SoundState.READY) and generation not in (
                -1, self._generation):
            return
        self._log_change(found)
        self.output = found
        self._announce_state()

    def _log_change(self, found: SoundState) -> None:
        """Log when sound stops or comes back, not at every prompt that finds it missing.

        Each prompt reports "speaking" before its player fails, so comparing with the
        last output logged "unavailable" once per prompt. Sound is back when a player
        says so: a process that played to its end, or Qt finding an output.
        """
        if found in (SoundState.NO_DEVICE, SoundState.NO_SPEECH):
            if found != self._unavailable:
                log.warning("spoken guidance unavailable", extra={"fields": {
                    "state": found.value}})
            self._unavailable = found
        elif found == SoundState.READY and self._unavailable is not None:
            self._unavailable = None
            log.info("spoken guidance available again")

    def _announce_state(self) -> None:
        state = self.state
        if state != self._shown_state:
            self._shown_state = state
            self.state_changed.emit(state.value)

    def close(self) -> None:
        """Stop speaking and end the worker thread."""
        with self._cond:
            self._closed = True
            self._generation += 1
            self._pending.clear()
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout=10)

    # -- worker thread -----------------------------------------------------------------
    def _stale(self, generation: int) -> bool:
        return self._closed or self._generation != generation

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                sentence = self._pending.popleft()
                generation = self._generation
            words = sentence.words
            if sentence.private and self.headphones():
                words = sentence.private  # personal data: only into the headphones
            try:
                path = self._cache.get(words, sentence.voice)
            except SpeechError as exc:
                log.warning("prompt not synthesised", extra={"fields": {
                    "error": type(exc).__name__}})
                self._reported.emit(SoundState.NO_SPEECH.value, generation)
                continue
            if self._stale(generation) or self._player is None:
                continue
            self._reported.emit(SoundState.SPEAKING.value, generation)
            outcome = self._player.play(path, functools.partial(self._stale, generation))
            self._reported.emit(outcome.value, generation)
