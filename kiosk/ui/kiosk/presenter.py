"""What the QML screens see of the visit, and where their intentions go.

:class:`VisitPresenter` wraps one :class:`~kiosk.core.visit.machine.Visit`. Screens read its
properties (``stage``, ``language``, ``countdown``, ``notice``, ``center_name``) and
call its slots with the citizen's intentions; the app posts device events with
:meth:`VisitPresenter.post`. Every resulting effect goes out on the ``effects``
signal for the app to carry out off the UI thread. Nothing here touches a device.

The reading screen's ``read_phase`` and ``read_fraction`` follow the chip read through
:meth:`VisitPresenter.show_read_step` and :meth:`VisitPresenter.show_read_progress`
(the app connects the device bridge to them); ``counter_reason`` keeps why the counter
screen sends the citizen to staff while it shows, whatever else is touched.

A slot that meets a typed error logs it (no personal data) and leaves the visit as it
was; any other error is a bug: it is logged by type and the visit is wiped back to the
attract screen. A citizen never sees a crash.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.core.config import CenterConfig
from kiosk.core.errors import KioskError
from kiosk.core.visit.events import (
    Activity,
    Back,
    ConsentGiven,
    Continue,
    Event,
    FieldEdited,
    FormConfirmed,
    LanguageChosen,
    LanguageSwitched,
    ManualIdEntered,
    ProcedureChosen,
    RatingGiven,
    RatingSkipped,
    Restart,
    SubmitPressed,
    Tick,
    Touched,
)
from kiosk.core.visit.machine import DONE_WIPE_S, Stage, Visit
from kiosk.ui.kiosk.read_progress import ReadProgress
from kiosk.ui.kiosk.visit_view import visit_view

log = logging.getLogger(__name__)

# Why the counter screen sends the citizen to staff (visit notices it keeps showing).
COUNTER_REASONS = ("authenticity_failed", "submit_failed")


class VisitPresenter(QObject):
    """The visit as QML properties and slots."""

    stage_changed = Signal()
    # The screen's hint alone (e.g. the card laid on the identify screen): not a new
    # screen, so the keyboard a citizen is typing on stays up.
    hint_changed = Signal()
    language_changed = Signal()
    countdown_changed = Signal()
    notice_changed = Signal()
    view_changed = Signal()
    access_changed = Signal()
    read_changed = Signal()
    counter_reason_changed = Signal()
    wipe_in_changed = Signal()
    sound_changed = Signal()
    slip_changed = Signal()
    effects = Signal(object)  # list[Effect]

    def __init__(
        self,
        visit: Visit,
        center: CenterConfig,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.visit = visit
        self._center = center
        self._clock = clock
        self._shown = self._state(0.0)
        self._view = visit_view(visit)
        self._large_text = False
        self._high_contrast = False
        self._read = ReadProgress()
        self._counter_reason = ""
        self._wipe_in = 0
        self._muted = False  # the citizen's speaker toggle, for this visit only
        self._sound_available = True  # False: no sound device or voice (the guide says)
        self.stage_changed.connect(self._unmute_after_visit)
        self._slip_preview = ""  # file URL of the virtual printer's picture of the slip
        self.stage_changed.connect(self._forget_slip)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)

    def start_clock(self) -> None:
        """Send the visit a tick every second (idle countdown and wipe)."""
        self._timer.start()

    def post(self, event: Event) -> None:
        """Hand ``event`` to the visit now; publish what changed and the effects."""
        now = self._clock()
        try:
            effects = self.visit.handle(event, now)
        except KioskError as exc:
            log.warning("event refused", extra={"fields": {"event": type(event).__name__,
                                                           "error": type(exc).__name__}})
            effects = []
        except Exception as exc:  # a bug: never a crash dialog; wipe back to attract
            log.error("visit failed; wiped", extra={"fields": {
                "event": type(event).__name__, "stage": str(self.visit.stage),
                "error": type(exc).__name__}})
            effects = self.visit.wipe(now)
        self._publish(now)
        if effects:
            self.effects.emit(effects)

    def _state(self, now: float) -> tuple[str, str, int, str, str]:
        visit = self.visit
        if visit.stage == Stage.IDENTIFY and visit.data.card_on_reader:
            hint = "stage.identify.need_qr"  # the card is there; its QR opens the chip
        else:
            hint = f"stage.{visit.stage}.hint"
        return (str(visit.stage), visit.language, visit.countdown(now), visit.data.notice,
                hint)

    def _publish(self, now: float) -> None:
        view = visit_view(self.visit)
        if view != self._view:
            self._view = view
            self.view_changed.emit()
        shown = self._state(now)
        if (shown[0] == Stage.ATTRACT and self._shown[0] != Stage.ATTRACT
                and (self._large_text or self._high_contrast)):
            # A citizen's display choices leave with the citizen.
            self._large_text = self._high_contrast = False
            self.access_changed.emit()
        old, self._shown = self._shown, shown
        if shown[0] == Stage.READING_CARD and old[0] != Stage.READING_CARD:
            self._read.reset()  # a new read: the bar starts again
            self.read_changed.emit()
        reason = self._counter_reason if shown[0] == Stage.COUNTER else ""
        if shown[0] == Stage.COUNTER and shown[3] in COUNTER_REASONS:
            reason = shown[3]  # kept while the counter screen shows, whatever is touched
        wipe_in = 0
        if shown[0] == Stage.DONE:  # the thank-you screen clears itself; a touch delays it
            wipe_in = max(0, math.ceil(DONE_WIPE_S - (now - self.visit.last_activity)))
        if wipe_in != self._wipe_in:
            self._wipe_in = wipe_in
            self.wipe_in_changed.emit()
        if reason != self._counter_reason:
            self._counter_reason = reason
            self.counter_reason_changed.emit()
        for i, signal in enumerate((self.stage_changed, self.language_changed,
                                    self.countdown_changed, self.notice_changed,
                                    self.hint_changed)):
            if old[i] != shown[i]:
                signal.emit()

    # -- properties ------------------------------------------------------------------

    def _stage(self) -> str:
        return str(self.visit.stage)

    def _language(self) -> str:
        return self.visit.language

    def _countdown(self) -> int:
        return self._shown[2]

    def _notice(self) -> str:
        return self.visit.data.notice

    def _hint_key(self) -> str:
        return self._shown[4]

    def _center_name(self) -> str:
        return self._center.name_en if self.visit.language == "en" else self._center.name_vi

    stage = Property(str, _stage, notify=stage_changed)
    language = Property(str, _language, notify=language_changed)
    countdown = Property(int, _countdown, notify=countdown_changed)
    notice = Property(str, _notice, notify=notice_changed)
    center_name = Property(str, _center_name, notify=language_changed)
    hint_key = Property(str, _hint_key, notify=hint_changed)

    def _view_map(self) -> dict[str, Any]:
        return self._view

    view = Property(dict, _view_map, notify=view_changed)

    def _large(self) -> bool:
        return self._large_text

    def _contrast(self) -> bool:
        return self._high_contrast

    large_text = Property(bool, _large, notify=access_changed)
    high_contrast = Property(bool, _contrast, notify=access_changed)

    def _read_phase(self) -> str:
        return self._read.phase

    def _read_fraction(self) -> float:
        return self._read.fraction

    def _counter_reason_code(self) -> str:
        return self._counter_reason

    def _done_wipe(self) -> int:
        return int(DONE_WIPE_S)

    # The chip read: "unlock", "identity" or "photo" ("" before it starts), and 0..1.
    read_phase = Property(str, _read_phase, notify=read_changed)
    read_fraction = Property(float, _read_fraction, notify=read_changed)
    # "authenticity_failed" or "submit_failed" while the counter screen shows.
    counter_reason = Property(str, _counter_reason_code, notify=counter_reason_changed)
    done_wipe_s = Property(int, _done_wipe, constant=True)

    def _wipe_in_s(self) -> int:
        return self._wipe_in

    # Seconds until the thank-you screen clears itself (0 on every other screen).
    wipe_in = Property(int, _wipe_in_s, notify=wipe_in_changed)

    # -- device reports (the app's wiring connects the device bridge here) -----------

    @Slot(str)
    def show_read_step(self, step: str) -> None:
        """The chip read entered ``step`` (a card-session step name, nothing personal)."""
        if self.visit.stage == Stage.READING_CARD and self._read.step(step):
            self.read_changed.emit()

    @Slot(str, int, int)
    def show_read_progress(self, file: str, done: int, total: int) -> None:
        """``done`` of ``total`` bytes of the chip file ``file`` were read."""
        if self.visit.stage == Stage.READING_CARD and self._read.progress(file, done, total):
            self.read_changed.emit()

    @Slot()
    def toggle_large_text(self) -> None:
        """Larger type for this visit."""
        self._large_text = not self._large_text
        self.access_changed.emit()
        self.post(Activity())

    def _is_muted(self) -> bool:
        return self._muted

    muted = Property(bool, _is_muted, notify=sound_changed)

    def _has_sound(self) -> bool:
        return self._sound_available

    # The header's speaker shows "no sound" instead of a toggle that would do nothing.
    sound_available = Property(bool, _has_sound, notify=sound_changed)

    @Slot(str)
    def show_sound_state(self, state: str) -> None:
        """The spoken guidance's state (AudioGuide.state_changed): sound there or not."""
        available = state not in ("disabled", "no_device", "no_speech")
        if available != self._sound_available:
            self._sound_available = available
            self.sound_changed.emit()

    def _unmute_after_visit(self) -> None:
        if self._muted and self.visit.stage == Stage.ATTRACT:
            self._muted = False  # the next citizen hears the guidance
            self.sound_changed.emit()

    def _slip(self) -> str:
        return self._slip_preview

    # The demo's virtual printer: a picture of the slip it just printed ("" if none).
    slip_preview = Property(str, _slip, notify=slip_changed)

    @Slot(str)
    def show_slip_preview(self, url: str) -> None:
        """The printer saved a picture of this visit's slip at ``url`` (a file URL)."""
        if self.visit.stage in (Stage.TICKET, Stage.SUBMITTING) and url != self._slip_preview:
            self._slip_preview = url
            self.slip_changed.emit()

    def _forget_slip(self) -> None:
        if self._slip_preview and self.visit.stage not in (Stage.TICKET, Stage.SUBMITTING):
            self._slip_preview = ""
            self.slip_changed.emit()

    @Slot()
    def toggle_sound(self) -> None:
        """Silence (or restore) the spoken guidance for this visit."""
        self._muted = not self._muted
        self.sound_changed.emit()
        self.post(Activity())

    @Slot()
    def toggle_contrast(self) -> None:
        """Yellow and white on black for this visit."""
        self._high_contrast = not self._high_contrast
        self.access_changed.emit()
        self.post(Activity())

    # -- the citizen's intentions ----------------------------------------------------

    @Slot()
    def tick(self) -> None:
        """One second passed."""
        self.post(Tick())

    @Slot()
    def start(self) -> None:
        """The attract screen was touched."""
        self.post(Touched())

    @Slot(str)
    def choose_language(self, language: str) -> None:
        """A language was picked on the language screen."""
        self.post(LanguageChosen(language))

    @Slot(str)
    def switch_language(self, language: str) -> None:
        """The language switch (on every screen) was used."""
        self.post(LanguageSwitched(language))

    @Slot(str)
    def choose_procedure(self, code: str) -> None:
        """A procedure (or the queue-number-only button) was chosen."""
        self.post(ProcedureChosen(code))

    @Slot()
    def back(self) -> None:
        """The back button."""
        self.post(Back())

    @Slot()
    def restart(self) -> None:
        """The start-over button."""
        self.post(Restart())

    @Slot(str, str)
    def edit_field(self, name: str, value: str) -> None:
        """The citizen changed a form field."""
        self.post(FieldEdited(name, value))

    @Slot(str)
    def enter_id(self, id_number: str) -> None:
        """"Continue" under the typed ID number (the visit checks its 12 digits)."""
        self.post(ManualIdEntered(id_number))

    @Slot()
    def confirm_form(self) -> None:
        """"Continue" under the form."""
        self.post(FormConfirmed())

    @Slot(bool)
    def give_consent(self, given: bool) -> None:
        """The consent box was ticked or unticked."""
        self.post(ConsentGiven(given))

    @Slot()
    def submit(self) -> None:
        """"Submit" on the review screen."""
        self.post(SubmitPressed())

    @Slot()
    def next(self) -> None:
        """"Next" on the ticket or counter screen."""
        self.post(Continue())

    @Slot(int)
    def rate(self, stars: int) -> None:
        """One to five stars."""
        self.post(RatingGiven(stars))

    @Slot()
    def skip_rating(self) -> None:
        """No rating."""
        self.post(RatingSkipped())

    @Slot()
    def activity(self) -> None:
        """Any other touch (scrolling, typing): the citizen is still there."""
        self.post(Activity())
