"""The running kiosk under measurement: card tap to form, UI-thread stalls, touches.

Used by ``benchmarks/ui.py`` (run that). Everything here is the real kiosk as ``kiosk
run`` builds it (:class:`~kiosk.ui.kiosk.run.KioskRun`): the embedded central service on
SQLite, the sync worker, pcscd + vsmartcard-vpcd with our card emulator on the virtual
reader's second slot, the simulated camera with the real QR decoder, the virtual
printer saving each slip as a PNG. The citizen's touches are mouse clicks on QML items
found by objectName, as the tests do; the offscreen platform, software renderer.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer

from kiosk.core.config import CameraConfig, KioskConfig, ReaderConfig, SyncConfig
from kiosk.core.visit.events import Activity, Event
from kiosk.core.visit.machine import Stage
from kiosk.demo.central import demo_central
from kiosk.devices.card.reader import connect_card
from kiosk.devices.card.service import AccessInputs, access_plan
from kiosk.devices.chip.card_session import ReadListener, read_card
from kiosk.devices.qr.cccd_qr import parse_cccd_qr
from kiosk.devices.qr.events import ScanEvent
from kiosk.simulated.card import EmulatedCard
from kiosk.simulated.samples import build_card, load_sample
from kiosk.simulated.vpcd_slot import virtual_card
from kiosk.ui.kiosk.run import KioskRun
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.qt.application import qt_application

ROOT = Path(__file__).resolve().parent.parent
READER = "Virtual PCD 00 01"
VPCD_PORT = 35964
SAMPLE = "dang-thi-ngoc-huong"
STANDARD = "LLTP-PHIEU"  # judicial record certificate: the card fills its whole form
STALL_TARGET_MS = 50.0


def wait_until(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Run the Qt event loop until ``condition()`` holds (checked every 2 ms)."""
    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(lambda: loop.quit() if condition() or
                          time.perf_counter() > deadline else None)
    timer.start()
    if not condition():
        loop.exec()
    timer.stop()
    if not condition():
        raise RuntimeError(f"timed out waiting for {what}")


def has_item(window: KioskWindow, name: str) -> bool:
    """True when the screen shows an item called ``name``."""
    return window.has_item(name)


def tap(window: KioskWindow, name: str) -> None:
    """Touch the middle of the item named ``name`` like a finger (press, release)."""
    window.tap(name)


class CardOnReader:
    """A card laid on the virtual reader from a thread of its own, until lifted.

    It answers at a real contactless chip's pace (``field_timing``): the emulator alone
    answers in microseconds, which would flatter every figure that includes a read.
    """

    def __init__(self, card: EmulatedCard) -> None:
        self._card = card
        self._lift = threading.Event()
        self.inserted = threading.Event()
        self.laid_at = 0.0
        self._thread: threading.Thread | None = None

    def lay(self) -> float:
        """Bring the card to the reader now; return the moment (perf_counter)."""
        self.laid_at = time.perf_counter()
        self._thread = threading.Thread(target=self._hold, name="card-on-reader", daemon=True)
        self._thread.start()
        return self.laid_at

    def _hold(self) -> None:
        with virtual_card(self._card, port=VPCD_PORT, real_pace=True):
            self.inserted.set()
            self._lift.wait()

    def lift(self) -> None:
        """Take the card off the reader."""
        self._lift.set()
        if self._thread is not None:
            self._thread.join(timeout=10)


# --- the event-loop lag monitor ---------------------------------------------------------


@dataclasses.dataclass
class Stall:
    """One late tick of the monitor: how late, in which step and stage, and where."""

    ms: float
    step: str
    stage: str
    stacks: list[list[str]]


class LagMonitor(QObject):
    """A 5 ms precise timer on the UI thread; every tick records how late it came.

    A watchdog thread samples the UI thread's Python stack while a tick is overdue by
    more than ``sample_after_ms`` (what the UI thread was doing during the stall).
    """

    def __init__(self, window: KioskWindow, interval_ms: int = 5,
                 sample_after_ms: float = 25.0) -> None:
        super().__init__()
        self._window = window
        self._interval = interval_ms / 1000
        self._sample_after = sample_after_ms / 1000
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self._main = threading.get_ident()
        self._samples: list[list[str]] = []
        self._stop = threading.Event()
        self._watchdog: threading.Thread | None = None
        self.step = "idle"
        self.lates: list[float] = []
        self.stalls: list[Stall] = []

    def start(self) -> None:
        """Start measuring (the timer here, the stack sampler on its own thread)."""
        self.lates.clear()
        self.stalls.clear()
        self._stop.clear()
        self._last = time.perf_counter()
        self._timer.start()
        self._watchdog = threading.Thread(target=self._watch, name="lag-watchdog", daemon=True)
        self._watchdog.start()

    def stop(self) -> None:
        """Stop measuring."""
        self._timer.stop()
        self._stop.set()
        if self._watchdog is not None:
            self._watchdog.join(timeout=2)

    def _tick(self) -> None:
        now = time.perf_counter()
        late = (now - self._last - self._interval) * 1000
        self._last = now
        self.lates.append(late)
        if late > 20:
            self.stalls.append(Stall(late, self.step, str(self._window.visit.stage),
                                     self._samples))
        self._samples = []

    def _watch(self) -> None:
        while not self._stop.wait(0.004):
            if time.perf_counter() - self._last > self._interval + self._sample_after:
                frame = sys._current_frames().get(self._main)
                if frame is not None and len(self._samples) < 50:
                    stack = traceback.extract_stack(frame)
                    self._samples.append([f"{Path(f.filename).name}:{f.lineno} {f.name}"
                                          for f in stack[-12:]])

    def worst(self) -> Stall | None:
        """The longest stall seen."""
        return max(self.stalls, key=lambda s: s.ms, default=None)


# --- the kiosk ----------------------------------------------------------------------------


def start_kiosk(folder: Path, orientation: str = "portrait") -> KioskRun:
    """KioskRun as ``kiosk run`` makes it, on simulated devices, with its own central."""
    qt_application()
    config = dataclasses.replace(
        KioskConfig(),
        sync=dataclasses.replace(SyncConfig(), data_dir=str(folder)),
        reader=dataclasses.replace(ReaderConfig(), vpcd_port=VPCD_PORT),
        camera=dataclasses.replace(CameraConfig(), source=f"sim:{ROOT / 'assets' / 'qr'}"))
    kiosk = KioskRun(config, orientation, central=demo_central(config, role="kiosk"))
    kiosk.start(fullscreen=False)
    wait_until(lambda: kiosk.effects is not None and kiosk.sync is not None, 60,
               "the outbox, sync and embedded central")
    assert kiosk.sync is not None
    desk = kiosk.sync.desk
    wait_until(lambda: desk.remaining("LL") > 0, 30, "ticket numbers leased")
    kiosk.window.settle(200)
    return kiosk


def swipe_into_view(window: KioskWindow, name: str) -> int:
    """The citizen's swipe bringing ``name`` into view (1), or none needed (0)."""
    return window.swipe_into_view(name)


def choose_standard(window: KioskWindow) -> int:
    """Bring the standard procedure into view and tap it; return the swipes it took."""
    swipes = swipe_into_view(window, f"procedure_{STANDARD}")
    tap(window, f"procedure_{STANDARD}")
    return swipes


def qr_event(sample: str) -> ScanEvent:
    """What the camera worker hands the bridge when it reads ``sample``'s QR."""
    text = load_sample(sample).qr_text
    return ScanEvent(text, text.encode(), "camera", time.monotonic(), "benchmark")


def form_filled(window: KioskWindow) -> bool:
    """True when the form screen shows the chip's name in its field."""
    identity = window.visit.data.identity
    if window.visit.stage != Stage.FORM or identity is None:
        return False
    try:
        return bool(window.item("field_full_name").property("text") == identity.full_name)
    except Exception:
        return False


def tap_to_form(kiosk: KioskRun, card: EmulatedCard) -> dict[str, float]:
    """One run: procedure chosen, card laid, QR seen when the card is sensed → form."""
    window, visit = kiosk.window, kiosk.window.visit
    tap(window, "start")
    tap(window, "choose_vi")
    choose_standard(window)
    if visit.stage != Stage.IDENTIFY:
        raise RuntimeError(f"expected the identify screen, got {visit.stage}")
    marks: dict[str, float] = {}

    def identity(*_: object) -> None:
        marks.setdefault("identity", time.perf_counter())

    def identity_read(*_: object) -> None:  # on the reading thread, as the chip delivers
        marks.setdefault("read", time.perf_counter())

    def frame() -> None:
        if "form" not in marks and form_filled(window):
            marks["form"] = time.perf_counter()

    kiosk.bridge.identity_ready.connect(identity)
    kiosk.bridge.identity_ready.connect(identity_read, Qt.ConnectionType.DirectConnection)
    window.view.frameSwapped.connect(frame)
    holder = CardOnReader(card)
    try:
        laid = holder.lay()
        wait_until(lambda: visit.data.card_on_reader, 20, "the card sensed")
        marks["sensed"] = time.perf_counter()
        kiosk.bridge.on_scan(qr_event(SAMPLE))  # the camera sees the card's QR now
        wait_until(lambda: "form" in marks, 30, "the filled form on screen")
        wait_until(lambda: visit.data.face is not None and kiosk.ui.qt.tasks.busy == 0, 30,
                   "the photo read")
    finally:
        kiosk.bridge.identity_ready.disconnect(identity)
        kiosk.bridge.identity_ready.disconnect(identity_read)
        window.view.frameSwapped.disconnect(frame)
        holder.lift()
    wait_until(lambda: not visit.data.card_on_reader, 10, "the card lifted")
    window.presenter.restart()
    window.settle()
    return {"sensed": (marks["sensed"] - laid) * 1000,
            "identity": (marks["identity"] - marks["sensed"]) * 1000,
            "read": (marks["read"] - marks["sensed"]) * 1000,
            "hop": (marks["identity"] - marks["read"]) * 1000,
            "form": (marks["form"] - marks["identity"]) * 1000,
            "total": (marks["form"] - laid) * 1000}


def bare_read(kiosk: KioskRun, card: EmulatedCard) -> dict[str, float]:
    """Peer, no UI: card laid → present in pcscd; then connect + read to the identity, ms."""
    qr = parse_cccd_qr(load_sample(SAMPLE).qr_text)
    plan = access_plan(AccessInputs(id_number=qr.id_number, date_of_birth=qr.date_of_birth,
                                    issue_date=qr.issue_date))
    got: list[float] = []
    listener = ReadListener(on_identity=lambda *_: got.append(time.perf_counter()))
    holder = CardOnReader(card)
    laid = holder.lay()
    try:
        if not holder.inserted.wait(20):
            raise RuntimeError("the card never became present")
        present = time.perf_counter()
        with connect_card(READER, timeout=10.0) as transport:
            read_card(transport, plan, kiosk._read_options, listener)
    finally:
        holder.lift()
    return {"present": (present - laid) * 1000, "identity": (got[0] - present) * 1000}


# --- the scripted visit (stalls and touches) ----------------------------------------------


class Touches:
    """Records the citizen's intentions the presenter receives (touch events, in order)."""

    def __init__(self, kiosk: KioskRun) -> None:
        self._presenter = kiosk.window.presenter
        self._post = self._presenter.post
        self.intentions: list[str] = []
        self.swipes = 0
        self.counted = 0  # the visit's own count of accepted touches at the ticket
        self.recording = False

        def post(event: Event) -> None:
            if self.recording and event.touch and not isinstance(event, Activity):
                self.intentions.append(type(event).__name__)
            self._post(event)

        self._presenter.post = post  # type: ignore[method-assign]


def scripted_visit(kiosk: KioskRun, card: EmulatedCard, monitor: LagMonitor,
                   touches: Touches) -> None:
    """A whole chip visit from card tap to synced rating, each step named for the monitor."""
    window, visit = kiosk.window, kiosk.window.visit
    assert kiosk.sync is not None
    outbox = kiosk.sync.outbox

    def step(name: str) -> None:
        monitor.step = name

    step("idle attract")
    window.settle(300)
    step("card laid (reader watcher)")
    touches.recording = True
    holder = CardOnReader(card)
    holder.lay()
    try:
        wait_until(lambda: visit.data.card_on_reader, 20, "the card sensed")
        step("QR to the simulated camera (decoder)")
        kiosk.show_qr(SAMPLE)
        wait_until(lambda: visit.stage != Stage.IDENTIFY, 20, "the QR read")
        step("chip read (identity, photo)")
        wait_until(lambda: (visit.data.face is not None and kiosk.ui.qt.tasks.busy == 0)
                   or visit.data.notice.startswith("read_failed"), 60, "the chip read")
        if visit.data.face is None:
            raise RuntimeError(f"the chip read failed: {visit.data.notice} ({visit.stage})")
        if visit.stage != Stage.CHOOSE_PROCEDURE:
            raise RuntimeError(f"expected the procedure list, got {visit.stage}")
        for name, label in ((f"procedure_{STANDARD}", "tap procedure (form screen)"),
                            ("action", "tap continue (review screen)"),
                            ("consent", "tap consent"),
                            ("action", "tap submit (outbox, ticket screen)")):
            step(label)
            touches.swipes += swipe_into_view(window, name)
            tap(window, name)
        step("print ticket (virtual printer)")
        wait_until(lambda: visit.data.ticket_printed or visit.data.print_fallback, 30,
                   "the ticket printed")
        touches.recording = False
        touches.counted = visit.touches
        if not visit.data.ticket_printed:
            raise RuntimeError("the virtual printer did not print the ticket")
        step("tap next (rating screen)")
        tap(window, "action")
        step("tap star (rating into the outbox)")
        tap(window, "star_4")
        step("sync to the embedded central")
        wait_until(lambda: kiosk.ui.qt.tasks.busy == 0 and outbox.depth() == 0, 60,
                   "the outbox synced")
    finally:
        step("card lifted")
        holder.lift()
    wait_until(lambda: not visit.data.card_on_reader, 10, "the card lifted")
    step("tap finish (attract screen)")
    tap(window, "finish" if has_item(window, "finish") else "restart")
    window.settle(200)
    step("idle attract")


# --- the report ---------------------------------------------------------------------------


def print_stalls(monitor: LagMonitor, idle: list[float]) -> None:
    """The monitor's figures against the idle peer, the worst steps and the worst stack."""
    lates = monitor.lates
    print(f"  ticks: visit {len(lates)}, idle {len(idle)}; lateness p50/p99/max ms: "
          f"visit {pct(lates, 0.5):.1f}/{pct(lates, 0.99):.1f}/{max(lates):.1f}, "
          f"idle {pct(idle, 0.5):.1f}/{pct(idle, 0.99):.1f}/{max(idle):.1f}")
    by_step: dict[str, list[float]] = {}
    for stall in monitor.stalls:
        by_step.setdefault(stall.step, []).append(stall.ms)
    print(f"  {'step':<40} {'stalls >20 ms':>13} {'>50 ms':>7} {'longest ms':>10}")
    for name, values in sorted(by_step.items(), key=lambda kv: -max(kv[1])):
        print(f"  {name:<40} {len(values):>13} {sum(v > STALL_TARGET_MS for v in values):>7} "
              f"{max(values):>10.0f}")
    worst = monitor.worst()
    if worst is None:
        print("  no tick came more than 20 ms late")
    else:
        print(f"  longest stall: {worst.ms:.0f} ms in '{worst.step}' (stage {worst.stage}); "
              f"UI thread's Python stack while overdue ({len(worst.stacks)} samples):")
        seen: dict[str, int] = {}
        for stack in worst.stacks:
            key = " > ".join(stack[-5:])
            seen[key] = seen.get(key, 0) + 1
        for key, count in sorted(seen.items(), key=lambda kv: -kv[1])[:3]:
            print(f"    {count}x {key}")


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run_app_parts(runs: int, stall_visits: int, orientation: str = "portrait") -> None:
    """Tap to form (with its peer), then monitored visits (with the idle peer), touches."""
    from kiosk.devices.card.pcsc_service import ensure_pcscd

    names = ensure_pcscd(want_virtual=True)
    if READER not in names:
        raise RuntimeError(f"no {READER} among the PC/SC readers {names}")
    card = build_card(SAMPLE, pace=True)
    folder = Path(tempfile.mkdtemp(prefix="ui-bench-app-"))
    kiosk = start_kiosk(folder, orientation)
    try:
        _tap_to_form_part(kiosk, card, runs)
        _stall_part(kiosk, card, stall_visits)
    finally:
        kiosk.close()


def _tap_to_form_part(kiosk: KioskRun, card: EmulatedCard, runs: int) -> None:
    first = tap_to_form(kiosk, card)  # the first citizen: screens compiled, caches cold
    rows = [tap_to_form(kiosk, card) for _ in range(runs)]
    bare_read(kiosk, card)  # untimed warm-up of the peer's own connection path
    peer = [bare_read(kiosk, card) for _ in range(runs)]
    print(f"\nCard tap to filled form (PACE card through pcscd; {runs} runs after one "
          "first visit; ms)")
    print(f"  {'':<34} {'median':>7} {'p90':>7} {'first':>7}")
    for key, label in (("sensed", "card laid → sensed by the UI"),
                       ("read", "QR → identity read (worker)"),
                       ("hop", "worker → UI thread"),
                       ("identity", "QR → chip identity on the UI"),
                       ("form", "identity → form rendered"),
                       ("total", "card laid → form (total)")):
        values = [r[key] for r in rows]
        print(f"  {label:<34} {statistics.median(values):>7.0f} {pct(values, 0.9):>7.0f} "
              f"{first[key]:>7.0f}")
    for key, label in (("present", "peer: card laid → present (pcscd)"),
                       ("identity", "peer: connect + read → identity")):
        values = [r[key] for r in peer]
        print(f"  {label:<34} {statistics.median(values):>7.0f} {pct(values, 0.9):>7.0f}")
    ui = statistics.median(r["identity"] for r in rows)
    bare = statistics.median(r["identity"] for r in peer)
    totals = [r["total"] for r in rows]
    print(f"  the UI's chip path over the bare read: {ui - bare:+.0f} ms (median); "
          f"target card tap → form ≤ 1000 ms: "
          f"{'met' if pct(totals, 0.9) <= 1000 else 'NOT met'} at p90 ({pct(totals, 0.9):.0f})")


def _stall_part(kiosk: KioskRun, card: EmulatedCard, visits: int) -> None:
    monitor = LagMonitor(kiosk.window)
    touches = Touches(kiosk)
    monitor.step = "idle attract (peer)"
    monitor.start()
    kiosk.window.settle(3000)
    monitor.stop()
    idle = list(monitor.lates)
    idle_worst = monitor.worst()
    monitor.start()
    for _ in range(visits):
        touches.intentions.clear()
        touches.swipes = 0
        scripted_visit(kiosk, card, monitor, touches)
    monitor.stop()
    print(f"\nUI-thread stalls (5 ms timer; {visits} whole chip visits with real devices vs "
          "3 s idle)")
    print_stalls(monitor, idle)
    if idle_worst is not None:
        print(f"  idle peer's longest: {idle_worst.ms:.0f} ms")
    longest = max(monitor.lates, default=0.0)
    print(f"  target no stall over {STALL_TARGET_MS:.0f} ms: "
          f"{'met' if longest <= STALL_TARGET_MS else 'NOT met'} ({longest:.0f} ms)")
    print(f"\nTouches from card tap to printed ticket ({STANDARD}, chip path): "
          f"{len(touches.intentions)} intentions: {', '.join(touches.intentions)}; "
          f"plus {touches.swipes} swipe(s) to bring an item into view (touches, not intentions; "
          f"{kiosk.window.view.width()}x{kiosk.window.view.height()}); "
          f"the visit's own count {touches.counted}; target ≤ 4: "
          f"{'met' if len(touches.intentions) <= 4 else 'NOT met'}")

