"""``kiosk card …``: read the ID card's chip, list readers, watch card events.

This is the one place where personal fields are printed: an explicit command run by a
person at the machine. Logs never carry them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import threading
from typing import Any

from kiosk.core.config import KioskConfig
from kiosk.core.errors import ParseError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk card read|readers|watch``."""
    card = subparsers.add_parser("card", help="read the citizen ID card's chip")
    sub = card.add_subparsers(dest="card_command", metavar="ACTION")
    sub.required = True

    read = sub.add_parser("read", help="read the card on a reader (or a simulated card)")
    where = read.add_mutually_exclusive_group()
    where.add_argument("--reader", metavar="NAME", help="PC/SC reader name or prefix")
    where.add_argument(
        "--sim", metavar="SAMPLE", nargs="?", const="", default=None,
        help="insert a synthetic sample card into the virtual reader (default: the first)",
    )
    keys = read.add_mutually_exclusive_group()
    keys.add_argument("--mrz", help='the three MRZ lines, concatenated ("L1L2L3")')
    keys.add_argument("--id", dest="id_number", help="12-digit ID number (with --dob, --issued)")
    keys.add_argument("--qr", help="the text of the QR code printed on the card")
    read.add_argument("--dob", type=_date, help="date of birth, YYYY-MM-DD")
    read.add_argument("--issued", type=_date, help="issue date, YYYY-MM-DD")
    read.add_argument("--no-face", action="store_true", help="skip the face image (faster)")
    read.add_argument("--json", action="store_true", help="print one JSON object")
    read.add_argument("--wait", type=float, default=0.0, metavar="S",
                      help="wait up to S seconds for a card")
    read.set_defaults(func=_read)

    readers = sub.add_parser("readers", help="list PC/SC readers and the cards on them")
    readers.add_argument("--json", action="store_true")
    readers.set_defaults(func=_readers)

    watch = sub.add_parser("watch", help="print reader and card events until Ctrl-C")
    watch.add_argument("--seconds", type=float, default=0.0, help="stop after S seconds")
    watch.set_defaults(func=_watch)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in YYYY-MM-DD form") from None


def _inputs(args: argparse.Namespace, sample: Any | None) -> Any:
    from kiosk.devices.card.service import AccessInputs

    if args.mrz:
        return AccessInputs(mrz=args.mrz)
    if args.qr:
        return AccessInputs(qr_text=args.qr)
    if args.id_number:
        if args.dob is None or args.issued is None:
            raise ParseError("--id needs --dob and --issued as well.")
        return AccessInputs(id_number=args.id_number, date_of_birth=args.dob,
                            issue_date=args.issued)
    if sample is not None:
        # What a kiosk knows without typing: the data printed on the card (its QR).
        return AccessInputs(qr_text=sample.qr_text)
    raise ParseError("Give --mrz, --qr, or --id with --dob and --issued.")


def _read(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.commands.card_progress import terminal_progress

    shown = terminal_progress(args.json)  # stderr, on a terminal only, never with --json
    try:
        result = _read_card(args, config, shown.listener() if shown else None)
    finally:
        if shown is not None:
            shown.finish()
    if args.json:
        print(json.dumps(result_json(result), ensure_ascii=False, indent=2))
    else:
        print(result_text(result))
    return 0


def _read_card(args: argparse.Namespace, config: KioskConfig, listener: Any) -> Any:
    from kiosk.devices.card.service import read_from_reader, read_options, reader_allows_extended
    from kiosk.devices.chip.card_family import CardFamilies, default_memory_path
    from kiosk.simulated.vpcd_slot import simulated_card

    # What each reader + card family showed (extended length, EF.CardAccess, SOD
    # signers), kept between runs in the user's cache: nothing personal (card_family.py).
    families = CardFamilies(default_memory_path())
    options = read_options(config.reader, read_face=not args.no_face and config.reader.read_face,
                           families=families)
    extended = reader_allows_extended(config.reader)
    order = config.reader.access_order
    if args.sim is not None:
        from kiosk.simulated.samples import list_samples, load_sample

        name = args.sim or config.reader.sim or list_samples()[0]
        sample = load_sample(name)
        inputs = _inputs(args, sample)
        with simulated_card(name, config.reader.vpcd_host, config.reader.vpcd_port,
                            pace=config.reader.sim_pace,
                            extended_length=extended) as reader:
            return read_from_reader(inputs, reader, options=options, order=order,
                                    wait_s=max(args.wait, 6.0), listener=listener,
                                    extended=extended)
    inputs = _inputs(args, None)
    return read_from_reader(inputs, args.reader or config.reader.name, options=options,
                            order=order, wait_s=args.wait, listener=listener,
                            extended=extended)


def result_json(result: Any) -> dict[str, Any]:
    """The ``--json`` object for a card read."""
    face = None
    if result.face is not None:
        face = {"format": result.face.format, "width": result.face.width,
                "height": result.face.height}
    return {
        "identity": result.identity.to_json_dict(),
        "access": str(result.access),
        "access_key": result.key_label,
        "face": face,
        "face_unreadable": bool(getattr(result, "face_unreadable", False)),
        "authenticity": result.authenticity.to_json_dict(),
        "warnings": list(result.warnings),
        "stats": {"apdus": result.stats.apdus, "bytes": result.stats.bytes,
                  "ms": result.stats.ms},
    }


_LABELS = (
    ("id_number", "Số định danh / ID number"),
    ("old_id_number", "Số CMND cũ / Old ID number"),
    ("full_name", "Họ và tên / Full name"),
    ("date_of_birth", "Ngày sinh / Date of birth"),
    ("sex", "Giới tính / Sex"),
    ("nationality", "Quốc tịch / Nationality"),
    ("ethnicity", "Dân tộc / Ethnicity"),
    ("religion", "Tôn giáo / Religion"),
    ("place_of_origin", "Quê quán / Place of origin"),
    ("place_of_residence", "Nơi thường trú / Residence"),
    ("identifying_marks", "Đặc điểm nhận dạng / Marks"),
    ("issue_date", "Ngày cấp / Issued"),
    ("expiry_date", "Có giá trị đến / Expires"),
    ("father_name", "Họ tên cha / Father"),
    ("mother_name", "Họ tên mẹ / Mother"),
    ("spouse_name", "Họ tên vợ/chồng / Spouse"),
)


def result_text(result: Any) -> str:
    """Human-readable lines for a card read (personal data: this command only)."""
    data = result.identity.to_json_dict()
    lines = []
    for key, label in _LABELS:
        value = data.get(key)
        if key == "expiry_date" and value is None:
            value = result.identity.expiry_text or "Không thời hạn / Does not expire"
        lines.append(f"{label:<34} {value if value is not None else '—'}")
    if result.face is not None:
        lines.append(f"{'Ảnh / Photo':<34} {result.face.format} "
                     f"{result.face.width}×{result.face.height}")
    elif getattr(result, "face_unreadable", False):
        lines.append(f"{'Ảnh / Photo':<34} không đọc được / unreadable")
    lines.append(f"{'Truy cập / Access':<34} {result.access} ({result.key_label})")
    auth = result.authenticity
    vi, en = auth.summary()
    lines.append(f"{'Xác thực / Authenticity':<34} passive {auth.passive}, active "
                 f"{auth.active}, chip {auth.chip}")
    lines.append(f"{'':<34} {vi}")
    lines.append(f"{'':<34} {en}")
    for warning in result.warnings:
        lines.append(f"! {warning}")
    lines.append(f"{result.stats.apdus} APDUs, {result.stats.bytes} bytes, {result.stats.ms} ms")
    return "\n".join(lines)


def _readers(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.core.errors import NoCardError
    from kiosk.devices.card.pcsc_service import list_reader_names
    from kiosk.devices.card.reader import connect_card

    rows = []
    for name in list_reader_names():
        atr = None
        try:
            with connect_card(name) as transport:
                atr = transport.atr.hex(" ").upper()
        except NoCardError:
            atr = None
        rows.append({"reader": name, "card_atr": atr})
    if args.json:
        print(json.dumps({"readers": rows}, indent=2))
    elif not rows:
        print("Không có đầu đọc thẻ / No card reader connected.")
    else:
        for row in rows:
            state = f"card {row['card_atr']}" if row["card_atr"] else "no card"
            print(f"{row['reader']}: {state}")
    return 0


def _watch(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.devices.card.reader import ReaderEvent, ReaderWatcher

    done = threading.Event()

    def show(event: ReaderEvent) -> None:
        atr = f" ATR {event.atr.hex(' ').upper()}" if event.atr else ""
        print(f"{event.kind}: {event.reader}{atr}", flush=True)

    watcher = ReaderWatcher(show)
    watcher.start()
    try:
        done.wait(args.seconds or None)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    return 0
