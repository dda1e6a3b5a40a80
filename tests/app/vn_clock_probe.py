"""Every clock a person sees, at one fixed instant, printed as JSON (run in a subprocess).

``tests/app/test_vietnam_time.py`` runs this under several ``TZ`` values: the kiosk's
ticket slip (printed by the real effect runner on the virtual printer), the ticket
screen, the counter's header clock and its "submitted at" line, and the counter's
receipt (printed) must read the same Vietnam time whatever the machine's zone.

The ticket screen is reached by touches (start, Vietnamese, "take a number"); what the
outbox and the central service would answer is posted as the runner would post it,
with the ticket taken at the fixed instant.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.core.config import CenterConfig
from kiosk.core.desk.answers import StaffAccount
from kiosk.core.procedures import load_catalog
from kiosk.core.visit.events import Submitted, TicketInfo
from kiosk.core.visit.machine import Stage
from kiosk.core.vn_time import service_day
from kiosk.demo.counter_screenshots import demo_submission
from kiosk.devices.chip.apdu import Transport
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.slips.layouts import receipt_document
from kiosk.slips.receipts import receipt_for
from kiosk.sync.keys import DeviceIdentity
from kiosk.sync.leases import TicketDesk
from kiosk.sync.outbox import Outbox
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.kiosk.window import KioskWindow
from kiosk.ui.kiosk.wiring import EffectRunner
from kiosk.ui.qt.application import qt_application
from kiosk.ui.qt.device_bridge import DeviceBridge
from kiosk.ui.qt.tasks import TaskRunner


def shown(item: object, name: str = "text") -> str:
    """A shown text with the no-break spaces holding compound words read as spaces (this
    script runs on its own: tests.support.shown is not importable here)."""
    return str(item.property(name)).replace("\u00a0", " ")  # type: ignore[attr-defined]


def _line(lines: list[str], label: str) -> str:
    return next((line for line in lines if line.startswith(label)), "")


def _no_card() -> Transport:
    raise AssertionError("no card is read here")


def kiosk_side(instant: dt.datetime, folder: Path) -> dict[str, str]:
    """The ticket screen and the slip the runner prints for a ticket taken at ``instant``."""
    window = KioskWindow(load_catalog(), CenterConfig(), "portrait")
    window.view.show()
    window.settle()
    for name in ("start", "choose_vi", "queue_only"):
        window.tap(name)
    assert window.visit.stage == Stage.SUBMITTING, window.visit.stage
    identity = DeviceIdentity("k-clock", "DEMO", "https://central.invalid",
                              Ed25519PrivateKey.generate(), os.urandom(32))
    outbox = Outbox(folder / "outbox.db", identity)
    printer = ReceiptPrinter("sim://")
    tasks = TaskRunner()
    # connected now: it prints the ticket the visit asks for once the number is known
    EffectRunner(window.presenter, DeviceBridge(), tasks, connect_card=_no_card,
                 printer=printer, outbox=outbox, desk=TicketDesk(outbox, "DEMO"),
                 center=CenterConfig(), status_base_url="https://central.invalid",
                 queue_position=lambda _service, _number: (2, 10))
    window.presenter.post(Submitted("K7QM-3FXA", TicketInfo(
        7, "TQ", "3, 4", 2, 10, "https://central.invalid/q/TQ007", instant)))
    tasks.wait()
    window.settle(200)
    slip = printer.connection().paper().text_lines()
    found = {"screen_issued": shown(window.item("ticket_issued")),
             "screen_counter": shown(window.item("ticket_counter")),
             "screen_code": shown(window.item("ticket_code")),
             "slip_issued": _line(slip, "Giờ lấy số"),
             "slip_counter": _line(slip, "Quầy"),
             "slip_code": _line(slip, "Mã hồ sơ")}
    window.close()
    outbox.close()
    return found


def counter_side(instant: dt.datetime) -> dict[str, str]:
    """The counter's header clock, "submitted at" line and printed receipt at ``instant``."""
    catalog = load_catalog()
    window = CounterWindow(catalog, wall=lambda: instant)
    window.view.show()
    presenter = window.presenter
    presenter.signed_in_as(StaffAccount("demo", "Synthetic Staff", ("HT",), "3"))
    submission = demo_submission(catalog)
    submission = replace(submission, created_at=instant)
    presenter.find("001190012687", "typed")
    presenter.looked_up(presenter.serial, [submission])
    window.settle(100)
    chips = []
    for index in range(8):
        try:
            chips.append(shown(window.item(f"citizen_chip_{index}"), "chipText"))
        except Exception:  # fewer chips
            break
    printer = ReceiptPrinter("sim://")
    receipt = receipt_for(submission, catalog, "Synthetic Staff", "https://central.invalid/r",
                          now=instant)
    printer.print_document(receipt_document(receipt, CenterConfig()))
    paper = printer.connection().paper().text_lines()
    found = {"counter_clock": shown(window.item("header_clock")),
             "counter_received": next((c for c in chips if c.startswith("Nộp lúc")), ""),
             "receipt_received": _line(paper, "Ngày nhận"),
             "receipt_code": _line(paper, "Mã hồ sơ"),
             "receipt_ready": next((line for line in paper if "/20" in line
                                    and not line.startswith("Ngày nhận")), "")}
    window.close()
    return found


def main() -> None:
    """Print what each clock shows at the instant given as ISO text in ``argv[1]``."""
    instant = dt.datetime.fromisoformat(sys.argv[1])
    app = qt_application(offscreen=True)
    with tempfile.TemporaryDirectory() as folder:
        found = {**kiosk_side(instant, Path(folder)), **counter_side(instant),
                 "service_day": service_day(instant),
                 "machine_offset": str(dt.datetime.now().astimezone().utcoffset())}
    # words kept together (no-break spaces, kiosk.core.vi_words) read as plain spaces here
    print(json.dumps({k: v.replace("\xa0", " ") for k, v in found.items()},
                     ensure_ascii=False))
    app.processEvents()


if __name__ == "__main__":
    main()
