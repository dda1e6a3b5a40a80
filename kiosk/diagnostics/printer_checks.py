"""The receipt printer: connection, the status bits, the paper, and a test page on request."""

from __future__ import annotations

import datetime as dt

from kiosk.devices.printer.errors import PrinterError
from kiosk.devices.printer.health import (
    CONNECTION_STATES,
    PAPER_STATES,
    PrinterHealth,
    PrinterState,
)
from kiosk.devices.printer.service import ReceiptPrinter
from kiosk.diagnostics.context import DiagOptions
from kiosk.diagnostics.result import Check, Status, failed, ok, warning
from kiosk.slips.layouts import testpage_document

# What a staff member or technician does about each state (Vietnamese, English).
ACTIONS: dict[PrinterState, tuple[str, str]] = {
    PrinterState.PAPER_NEAR_END: ("Chuẩn bị thay cuộn giấy mới.", "Get a new paper roll ready."),
    PrinterState.UNVERIFIED: ("Kết nối này không báo trạng thái: in trang thử để kiểm tra.",
                              "This connection reports no status: print a test page to check."),
    PrinterState.PAPER_OUT: ("Lắp cuộn giấy mới vào máy in.", "Load a new paper roll."),
    PrinterState.COVER_OPEN: ("Đóng chặt nắp máy in.", "Close the printer cover firmly."),
    PrinterState.CUTTER_ERROR: ("Mở nắp, gỡ giấy kẹt ở dao cắt rồi đóng nắp lại.",
                                "Open the cover, clear the paper jammed in the cutter, close it."),
    PrinterState.MECHANICAL_ERROR: ("Tắt rồi bật lại máy in; nếu vẫn lỗi, gọi kỹ thuật viên.",
                                    "Switch the printer off and on; if it persists, call a "
                                    "technician."),
    PrinterState.UNRECOVERABLE_ERROR: ("Gọi kỹ thuật viên để sửa hoặc thay máy in.",
                                       "Call a technician to repair or replace the printer."),
    PrinterState.RECOVERABLE_ERROR: ("Chờ vài phút cho đầu in nguội rồi thử lại.",
                                     "Wait a few minutes for the print head to cool, then retry."),
    PrinterState.OFFLINE: ("Nhả nút đẩy giấy và kiểm tra máy in đã bật.",
                           "Release the feed button and check the printer is switched on."),
    PrinterState.NO_REPLY: ("Bật máy in và kiểm tra cáp nối; đúng cổng trong cấu hình chưa?",
                            "Switch the printer on and check its cable and the configured port."),
    PrinterState.DISCONNECTED: ("Cắm lại cáp máy in (USB hoặc mạng) rồi chạy lại kiểm tra.",
                                "Plug the printer cable (USB or network) back in and re-run."),
}


LOOK_AT_TEST_PAGE = ("Đã in trang thử: xem mọi chữ tiếng Việt có rõ nét và đủ dấu không.",
                     "Test page printed: check that every Vietnamese letter is sharp and has "
                     "all its marks.")


def _status_facts(health: PrinterHealth) -> dict[str, object]:
    return {
        "state": health.state.value,
        "conditions": sorted(c.value for c in health.conditions),
        "status_bytes": {f"n{n}": None if b is None else f"{b:02X}"
                         for n, b in sorted(health.replies.items())},
    }


def _verdict(name: str, summary: str, verdict: PrinterState, **facts: object) -> Check:
    if verdict is PrinterState.READY:
        return ok(name, summary, **facts)
    if verdict in (PrinterState.PAPER_NEAR_END, PrinterState.UNVERIFIED):
        return warning(name, summary, ACTIONS[verdict], **facts)
    return failed(name, summary, ACTIONS[verdict], **facts)


def printer_checks(options: DiagOptions) -> list[Check]:
    """Connection, status and paper; the test page when asked for."""
    try:
        printer = ReceiptPrinter.from_config(options.config.printer)
    except PrinterError as exc:
        return [failed("printer.connection", f"the printer setting is wrong: {exc}",
                       ("Sửa địa chỉ máy in trong tệp cấu hình ki-ốt.",
                        "Fix the printer URL in the kiosk configuration."))]
    try:
        health = printer.health()
        target = printer.target
        checks: list[Check] = []
        if health.state in CONNECTION_STATES:
            checks.append(failed("printer.connection", f"{target}: {health.message_en}",
                                 ACTIONS[health.state], target=target, **_status_facts(health)))
            return checks
        checks.append(ok("printer.connection", f"{target} answers", target=target,
                         profile=printer.profile.key, mode=printer.mode.value))
        paper = health.state if health.state in PAPER_STATES else PrinterState.READY
        status_state = PrinterState.READY if health.state in PAPER_STATES else health.state
        checks.append(_verdict("printer.status", health.describe(), status_state,
                               **_status_facts(health)))
        paper_text = {PrinterState.PAPER_OUT: "no paper", PrinterState.PAPER_NEAR_END:
                      "paper nearly out"}.get(paper, "paper loaded")
        if PrinterState.PAPER_OUT in health.conditions:
            paper, paper_text = PrinterState.PAPER_OUT, "no paper"
        checks.append(_verdict("printer.paper", paper_text, paper))
        if options.test_page:
            checks.append(_test_page(printer))
        return checks
    finally:
        printer.close()


def _test_page(printer: ReceiptPrinter) -> Check:
    document = testpage_document(printer.profile, printer.mode, printer.target,
                                 dt.datetime.now().astimezone())
    outcome = printer.print_document(document)
    facts = {"bytes_sent": outcome.bytes_sent, "bytes": len(outcome.job.data),
             "state": outcome.state.value}
    if outcome.printed:
        return Check("printer.test_page", Status.OK, "test page printed", *LOOK_AT_TEST_PAGE,
                     facts)
    return failed("printer.test_page", f"test page not printed: {outcome.health.message_en}",
                  ACTIONS.get(outcome.state, ACTIONS[PrinterState.NO_REPLY]), **facts)
