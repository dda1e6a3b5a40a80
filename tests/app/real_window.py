"""A whole kiosk visit in a real X window, driven from outside like a person at the screen.

The smoke test of ``.ci/run`` (``test_real_window.py``) and a developer's tool::

    .venv/bin/python -m tests.app.real_window [--screenshot ticket.png] [--keep DIR]

It starts ``Xvfb`` (a 1080×1920 screen, no window manager), then ``kiosk run --windowed``
on the xcb platform against a fresh data folder: the real pcscd with the virtual reader,
the simulated camera, the virtual printer and the embedded central service. The kiosk
reports where its named items are (``--report-items``, :mod:`kiosk.ui.qt.item_report`);
``xdotool`` then drives the shortest visit a citizen does with a card, through the X
server: F1 lays sample citizen 1's card on the reader, F5 shows its QR to the camera
(the chip offers PACE: the QR's card access number unlocks it), a drag scrolls
the procedure list, and mouse clicks at the reported items' middles choose the judicial
record certificate, confirm the form the chip filled, give consent and submit. The visit
ends on the ticket screen with a printed slip; :func:`outbox_records` then opens the
outbox with the kiosk's own API. Everything started here is stopped on the way out,
on failure too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.sync.keys import KeyStore
from kiosk.sync.outbox import Outbox
from kiosk.sync.stack import outbox_path

ROOT = Path(__file__).resolve().parents[2]
SCREEN = "1080x1920x24"
TOOLS = ("Xvfb", "xdotool", "import")  # import: ImageMagick's screenshot of the X screen
PROCEDURE = "LLTP-PHIEU"  # the standard procedure (tests/app/test_touch_count.py)
SPLIT_WARD = "address_residence_00190"  # Phường Ô Chợ Dừa, one of the two its old ward became
WAIT_S = 25.0  # for a screen, after a key or a click
START_S = 60.0  # for the kiosk's services (central, enrollment, sync) on a busy CI machine


class SmokeError(AssertionError):
    """The visit did not go as a person would have seen it go."""


def missing_tools() -> list[str]:
    """The programs this smoke needs that are not installed."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@contextlib.contextmanager
def xvfb() -> Iterator[str]:
    """An X server without a window manager on a free display; yields ``":N"``."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        number = b""
        deadline = time.monotonic() + 15
        while not number.endswith(b"\n"):
            ready, _, _ = select.select([read], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(read, 16) if ready else b""
            if not chunk:
                raise SmokeError("Xvfb did not start (no display number came back)")
            number += chunk
        yield f":{number.decode().strip()}"
    finally:
        os.close(read)
        _stop(server)


def _stop(process: subprocess.Popen[bytes], grace_s: float = 20.0) -> int:
    """Ask ``process`` to end (SIGTERM), kill it if it does not; its exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


@dataclass(frozen=True)
class Report:
    """What the kiosk last reported: its stage, its window and where its items are."""

    stage: str
    window: dict[str, float]
    items: dict[str, dict[str, int]]  # name → x, y, w, h (and "moving" for a list)

    def centre(self, name: str) -> tuple[int, int]:
        """``name``'s middle in screen pixels (what the X server's pointer moves to)."""
        item, window = self.items[name], self.window
        ratio = window["dpr"]
        return (round((window["x"] + item["x"] + item["w"] / 2) * ratio),
                round((window["y"] + item["y"] + item["h"] / 2) * ratio))


class RealKiosk:
    """``kiosk run --windowed`` on ``display``, its data in ``folder``, seen from outside."""

    def __init__(self, display: str, folder: Path, documents: bool = False) -> None:
        self.display = display
        self.folder = folder
        self.data = folder / "data"
        self.report_file = folder / "items.json"
        self.stdout = folder / "kiosk.out"
        self.stderr = folder / "kiosk.err"
        self.window_id = ""
        config = folder / "kiosk.toml"
        config.write_text("# the defaults: simulated devices, embedded central\n")
        self.env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                    "KIOSK_CONFIG": str(config), "KIOSK_SYNC_DATA_DIR": str(self.data),
                    "KIOSK_AUDIO_ENABLED": "false", "KIOSK_LOGGING_LEVEL": "INFO"}
        if documents:  # the demo's document camera: F9-F12 lay papers on the desk
            self.env["KIOSK_DOCUMENTS_CAMERA"] = "sim:desk"
        self.process: subprocess.Popen[bytes] | None = None

    # -- the process -----------------------------------------------------------------------
    def start(self) -> None:
        """Start the kiosk (it quits by itself after two minutes whatever happens)."""
        with self.stdout.open("wb") as out, self.stderr.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kiosk", "run", "--windowed", "--exit-after", "120",
                 "--report-items", str(self.report_file)],
                cwd=ROOT, env=self.env, stdout=out, stderr=err)

    def stop(self) -> int:
        """Quit the kiosk as the service manager would (SIGTERM); its exit code."""
        return _stop(self.process) if self.process is not None else 0

    def log(self) -> str:
        """What the kiosk printed and logged so far (for failure messages)."""
        return "\n".join(path.read_text(errors="replace")[-3000:]
                         for path in (self.stdout, self.stderr) if path.exists())

    def slips(self) -> list[Path]:
        """The slips the virtual printer printed (saved as pictures in the data folder)."""
        return sorted((self.data / "slips").glob("*.png"))

    # -- what it shows ------------------------------------------------------------------
    def report(self) -> Report | None:
        """The last item report, or None before the first."""
        try:
            data = json.loads(self.report_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return Report(data["stage"], data["window"], data["items"])

    def wait(self, what: str, ready: Callable[[Report], bool], watch: tuple[str, ...] = (),
             timeout_s: float = WAIT_S, still_s: float = 0.3) -> Report:
        """The report once ``ready`` holds and the stage and the ``watch`` items have
        stayed where they are for ``still_s`` (layout settled; others may be animated)."""
        deadline = time.monotonic() + timeout_s
        last: object = None
        since = time.monotonic()
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise SmokeError(f"the kiosk ended ({self.process.returncode}) waiting for "
                                  f"{what}\n{self.log()}")
            report = self.report()
            seen = None if report is None else (
                report.stage, [report.items.get(name) for name in watch])
            if seen != last:
                last, since = seen, time.monotonic()
            elif report is not None and ready(report) and time.monotonic() - since >= still_s:
                return report
            time.sleep(0.1)
        report = self.report()
        shown = f"stage {report.stage}, items {sorted(report.items)}" if report else "nothing"
        raise SmokeError(f"no {what} within {timeout_s:.0f} s; the kiosk showed {shown}\n"
                          f"{self.log()}")

    def wait_stage(self, stage: str, item: str = "") -> Report:
        """The report once the screen ``stage`` shows (with ``item`` reachable)."""
        return self.wait(f"{stage} screen", lambda r: r.stage == stage
                         and (not item or item in r.items), (item,) if item else ())

    def wait_ready(self) -> Report:
        """Wait for the window and the kiosk's services; check the window is where it says."""
        deadline = time.monotonic() + START_S
        while "Kiosk ready" not in (self.stdout.read_text() if self.stdout.exists() else ""):
            if time.monotonic() > deadline or (self.process and self.process.poll() is not None):
                raise SmokeError(f"the kiosk did not get ready\n{self.log()}")
            time.sleep(0.2)
        report = self.wait_stage("attract", "start")
        self.window_id = self._find_window()
        geometry = self.xdotool("getwindowgeometry", "--shell", self.window_id)
        seen = dict(line.split("=", 1) for line in geometry.split())
        said = report.window
        if [int(seen[k]) for k in ("X", "Y", "WIDTH", "HEIGHT")] != [
                round(said[k] * said["dpr"]) for k in ("x", "y", "w", "h")]:
            raise SmokeError(f"the X server has the window at {seen}, the kiosk said {said}")
        return report

    def _find_window(self) -> str:
        """The kiosk's main window: the largest X window of its process.

        Qt also makes a 3×3 "Qt Selection Owner" window and a 1×1 group leader; the
        title is not a safe key (it may change), the process and the size are.
        """
        assert self.process is not None
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            found = subprocess.run(["xdotool", "search", "--pid", str(self.process.pid)],
                                   env=self.env, capture_output=True, text=True).stdout.split()
            sizes = {}
            for window in found:
                shell = self.xdotool("getwindowgeometry", "--shell", window)
                geometry = dict(line.split("=", 1) for line in shell.split())
                sizes[window] = int(geometry["WIDTH"]) * int(geometry["HEIGHT"])
            if sizes and max(sizes.values()) > 100 * 100:
                return max(sizes, key=lambda window: sizes[window])
            time.sleep(0.2)
        raise SmokeError(f"no window of the kiosk's process on {self.display}")

    # -- a person's hands -----------------------------------------------------------------
    def xdotool(self, *args: str) -> str:
        """Run ``xdotool`` on this display; its output."""
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True,
                              text=True, timeout=20)
        if done.returncode != 0:
            raise SmokeError(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def key(self, key: str) -> None:
        """Press and release ``key`` on the keyboard, the kiosk window having the focus."""
        self.xdotool("windowfocus", self.window_id)
        self.xdotool("key", key)

    def click(self, report: Report, name: str) -> None:
        """Click the middle of the item ``name`` (a finger's tap on the touchscreen)."""
        x, y = report.centre(name)
        self.xdotool("mousemove", str(x), str(y), "click", "1")

    def scroll_to(self, name: str, within: str, swipes: int = 12) -> Report:
        """Swipe up over ``within`` until ``name`` shows whole inside it."""
        for swipe in range(swipes):
            # A tap soon after a swipe only stops the list (Qt keeps the grab while the
            # swipe's speed fades, ~0.5 s, after it reads as no longer moving): rest 1 s.
            report = self.wait(f"{within} at rest", lambda r: within in r.items
                               and not r.items[within].get("moving"), (name, within),
                               still_s=1.0 if swipe else 0.3)
            if name in report.items and _inside(report.items[name], report.items[within]):
                return report
            self.swipe(report, within)
        raise SmokeError(f"{name} never came into view in {within}")

    def swipe(self, report: Report, within: str, steps: int = 10) -> None:
        """Drag a finger up over half of ``within``, then rest before lifting (no fling)."""
        x, y = report.centre(within)
        reach = round(report.items[within]["h"] * report.window["dpr"] / 4)
        moves: list[str] = ["mousemove", str(x), str(y + reach), "mousedown", "1"]
        for step in range(1, steps + 1):
            moves += ["mousemove", str(x), str(y + reach - 2 * reach * step // steps),
                      "sleep", "0.02"]
        self.xdotool(*moves, "sleep", "0.3", "mouseup", "1")

    def screenshot(self, path: Path) -> Path:
        """The whole X screen as a PNG (ImageMagick's ``import``)."""
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True,
                       capture_output=True, timeout=30)
        return path


def _inside(item: dict[str, int], box: dict[str, int]) -> bool:
    return (item["y"] >= box["y"] and item["y"] + item["h"] <= box["y"] + box["h"]
            and item["x"] >= box["x"] and item["x"] + item["w"] <= box["x"] + box["w"])


def card_visit(kiosk: RealKiosk) -> Report:
    """The shortest visit with a card: card and QR, then five taps to the ticket (sample
    citizen 1's old ward, Ô Chợ Dừa, was split in 2025: one tap picks today's ward)."""
    kiosk.wait_ready()
    kiosk.key("F1")  # the citizen lays their card on the reader
    kiosk.wait_stage("identify")  # the chip wants the card access number: show the QR
    kiosk.key("F5")  # the citizen holds the card's QR to the camera
    report = kiosk.scroll_to(f"procedure_{PROCEDURE}", "procedure_list")
    if report.stage != "choose_procedure":
        raise SmokeError(f"after the card and its QR the kiosk shows {report.stage}")
    kiosk.click(report, f"procedure_{PROCEDURE}")
    report = kiosk.scroll_to(SPLIT_WARD, "fields")  # the chip filled the rest of the form
    kiosk.click(report, SPLIT_WARD)
    kiosk.click(kiosk.wait_stage("form", "action"), "action")
    if kiosk.env.get("KIOSK_DOCUMENTS_CAMERA"):
        papers(kiosk)
    kiosk.click(kiosk.wait_stage("review", "consent"), "consent")
    kiosk.click(kiosk.wait_stage("review", "action"), "action")
    report = kiosk.wait_stage("ticket", "ticket_number")
    deadline = time.monotonic() + WAIT_S
    while not kiosk.slips():  # the virtual printer saves what it printed as a picture
        if time.monotonic() > deadline:
            raise SmokeError(f"the ticket screen shows but no slip was printed\n{kiosk.log()}")
        time.sleep(0.1)
    return report


def papers(kiosk: RealKiosk) -> None:
    """The documents step: F9 lays a paper under the document camera, which takes it by
    itself (its page appears with its ✕); the ID card needs no copy (the chip was read)."""
    kiosk.wait_stage("documents", "paper_take")
    kiosk.key("F9")
    report = kiosk.wait_stage("documents", "page_delete_0")
    kiosk.click(report, "paper_continue")


def outbox_records(data: Path) -> list[dict[str, Any]]:
    """Every record in the kiosk's outbox as it goes on the wire (personal fields open)."""
    outbox = Outbox(outbox_path(data), KeyStore.in_data_dir(data).load())
    try:
        return [outbox.wire(record) for record in outbox.all_records()]
    finally:
        outbox.close()


def run(folder: Path, screenshot: Path | None = None,
        documents: bool = False) -> tuple[RealKiosk, int]:
    """Drive one card visit on a real window (with the documents step when
    ``documents``); the kiosk (stopped) and its exit code."""
    with xvfb() as display:
        kiosk = RealKiosk(display, folder, documents)
        kiosk.start()
        try:
            card_visit(kiosk)
            if screenshot is not None:
                kiosk.screenshot(screenshot)
        finally:
            code = kiosk.stop()
    return kiosk, code


def main() -> int:
    """Run the smoke from the command line; 0 when the visit reached its ticket."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--screenshot", type=Path, help="save the ticket screen here (PNG)")
    parser.add_argument("--keep", type=Path, help="keep the data folder and logs here")
    args = parser.parse_args()
    if missing_tools():
        print(f"missing: {' '.join(missing_tools())}", file=sys.stderr)
        return 2
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kiosk-real-window-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        kiosk, code = run(folder, args.screenshot)
    except SmokeError as exc:
        print(f"real-window smoke failed: {exc}", file=sys.stderr)
        return 1
    kinds = [record["kind"] for record in outbox_records(kiosk.data)]
    print(f"kiosk exit code {code}; outbox: {', '.join(kinds)}")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
