"""The ID-card reader: the PC/SC service, the readers, the card present, a test read.

Without a test card the read test only selects the eMRTD application (no personal
data crosses the wire in clear or reaches the report). With the technician's test
card named (``DiagOptions.test_card``, a sample citizen), the whole card is read and
the report keeps the access protocol, APDU count, time and authenticity verdicts,
never the identity.
"""

from __future__ import annotations

import logging
import time

from kiosk.core.errors import CardError, KioskError, NoCardError, NoReaderError, ReaderError
from kiosk.devices.card.pcsc_service import list_reader_names
from kiosk.devices.card.reader import PcscTransport, connect_card, pick_reader
from kiosk.devices.chip.apdu import CommandApdu, Transport
from kiosk.diagnostics.apdu_log import ApduLog, LoggingTransport
from kiosk.diagnostics.context import DiagOptions
from kiosk.diagnostics.result import Check, failed, ok, warning

log = logging.getLogger(__name__)

EMRTD_AID = bytes.fromhex("A0000002471001")
SELECT_EMRTD = CommandApdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID)

NO_SERVICE = ("Dịch vụ thẻ thông minh (pcscd) không chạy: hãy khởi động lại ki-ốt "
              "hoặc chạy 'systemctl start pcscd'.",
              "The smart-card service (pcscd) is not running: restart the kiosk or run "
              "'systemctl start pcscd'.")
NO_READER = ("Không thấy đầu đọc thẻ: hãy cắm lại cáp USB của đầu đọc.",
             "No card reader found: plug the reader's USB cable back in.")
NO_CARD = ("Đặt một thẻ CCCD thử lên đầu đọc để kiểm tra việc đọc thẻ.",
           "Place a test ID card on the reader to test reading.")
BAD_CARD = ("Thẻ trên đầu đọc không phải CCCD gắn chip hoặc bị hỏng: thử một thẻ khác.",
            "The card on the reader is not a chip ID card or is damaged: try another card.")
READ_FAILED = ("Đọc thẻ thử không thành công: lau đầu đọc, đặt thẻ nằm yên và thử lại.",
               "The test read failed: clean the reader, hold the card still and try again.")


def _logged(transport: Transport, run_log: ApduLog, options: DiagOptions) -> Transport:
    """``transport`` logging into this run's log and, when given, the app's live log."""
    inner: Transport = transport
    if options.apdu_log is not None:
        inner = LoggingTransport(transport, options.apdu_log)
    return LoggingTransport(inner, run_log)


def check_service(options: DiagOptions) -> tuple[Check, list[str] | None]:
    """Is pcscd answering? Returns the check and the reader names (None if not)."""
    try:
        names = list_reader_names()
    except ReaderError:
        return failed("reader.service", "the PC/SC service does not answer", NO_SERVICE), None
    return ok("reader.service", "the PC/SC service answers", readers=len(names)), names


def check_readers(options: DiagOptions, names: list[str]) -> tuple[Check, str | None]:
    """Is the configured reader (or any reader) connected? Returns the chosen name."""
    wanted = options.config.reader.name
    try:
        name = pick_reader(names, wanted)
    except NoReaderError:
        summary = (f"no reader named {wanted!r} is connected" if wanted and names
                   else "no card reader is connected")
        return failed("reader.device", summary, NO_READER, connected=names, wanted=wanted), None
    return ok("reader.device", f"reader {name}", reader=name, connected=names), name


def check_card(options: DiagOptions, reader: str) -> list[Check]:
    """The card on ``reader``: its ATR, then a test read."""
    try:
        transport = connect_card(reader, timeout=options.card_wait_s)
    except NoCardError:
        return [warning("reader.card", "no card on the reader", NO_CARD, reader=reader)]
    except ReaderError as exc:
        return [failed("reader.card", f"the reader refused the connection: {exc}",
                       NO_READER, reader=reader)]
    with transport:
        atr = transport.atr.hex(" ").upper()
        card = ok("reader.card", f"card present, ATR {atr}", reader=reader, atr=atr)
        if options.test_card:
            return [card, _full_read(options, transport)]
        start = time.perf_counter()
        exchanges = ApduLog()
        try:
            answer = _logged(transport, exchanges, options).transmit(SELECT_EMRTD)
        except CardError as exc:
            return [card, failed("reader.read", f"the card stopped answering: {type(exc).__name__}",
                                 READ_FAILED, atr=atr)]
        ms = (time.perf_counter() - start) * 1000
        if not answer.ok:
            return [card, failed("reader.read", f"the card answered {answer.sw:04X} to the "
                                 "eMRTD application", BAD_CARD, atr=atr, sw=f"{answer.sw:04X}")]
        return [card, ok("reader.read", f"the chip's ID application answers ({ms:.0f} ms)",
                         atr=atr, round_trip_ms=round(ms, 1), apdu_log=exchanges.lines())]


def _full_read(options: DiagOptions, transport: PcscTransport) -> Check:
    """Read the technician's test card in full (a sample citizen's card), logging APDUs."""
    from kiosk.devices.card.service import AccessInputs, access_plan
    from kiosk.devices.chip.card_session import ReadOptions, read_card
    from kiosk.simulated.samples import load_sample

    atr = transport.atr
    try:
        sample = load_sample(options.test_card)
    except (KioskError, OSError, ValueError, KeyError):
        return failed("reader.read", f"no test card called {options.test_card!r}",
                      ("Hãy chọn đúng tên thẻ thử.", "Name a known test card."))
    start = time.perf_counter()
    apdus = ApduLog()
    try:
        plan = access_plan(AccessInputs(qr_text=sample.qr_text),
                           options.config.reader.access_order)
        # a diagnostic runs every check the card offers, active authentication too
        result = read_card(_logged(transport, apdus, options), plan,
                           ReadOptions(read_face=options.config.reader.read_face,
                                       active_after_chip=True))
    except KioskError as exc:
        return failed("reader.read", f"the test read failed: {type(exc).__name__}",
                      READ_FAILED, atr=atr.hex(" ").upper(), apdu_log=apdus.lines())
    ms = (time.perf_counter() - start) * 1000
    facts = {"access": str(result.access), "apdus": result.stats.apdus,
             "bytes": result.stats.bytes, "ms": round(ms), "face": result.face is not None,
             "passive": result.authenticity.passive, "active": result.authenticity.active,
             "chip": result.authenticity.chip, "apdu_log": apdus.lines()}
    return ok("reader.read", f"test card read in full over {result.access} "
              f"({result.stats.apdus} APDUs, {ms:.0f} ms)", **facts)


def reader_checks(options: DiagOptions) -> list[Check]:
    """Service, reader, card and read, stopping at the first missing layer."""
    service, names = check_service(options)
    if names is None:
        return [service]
    device, reader = check_readers(options, names)
    if reader is None:
        return [service, device]
    return [service, device, *check_card(options, reader)]
