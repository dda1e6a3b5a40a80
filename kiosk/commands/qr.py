"""``kiosk qr …``: decode the CCCD QR code from image files, or watch the camera live.

Like ``kiosk card read``, this prints personal fields on purpose (a person at the
machine asked for them); logs never carry them.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from dataclasses import replace
from pathlib import Path

import cv2

from kiosk.core.config import KioskConfig
from kiosk.core.errors import KioskError
from kiosk.core.models import QrIdentity
from kiosk.devices.qr.cccd_qr import QrValidationError, parse_cccd_qr
from kiosk.devices.qr.events import ScanEvent
from kiosk.devices.qr.frame_decoder import FrameDecoder

LABELS = (
    ("id_number", "Số định danh / ID number"),
    ("old_id_number", "Số CMND cũ / Old ID number"),
    ("full_name", "Họ và tên / Full name"),
    ("date_of_birth", "Ngày sinh / Date of birth"),
    ("sex", "Giới tính / Sex"),
    ("address", "Nơi thường trú / Address"),
    ("issue_date", "Ngày cấp / Issue date"),
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``kiosk qr decode|watch``."""
    qr = subparsers.add_parser("qr", help="read the QR code printed on the citizen ID card")
    sub = qr.add_subparsers(dest="qr_command", metavar="ACTION")
    sub.required = True

    decode = sub.add_parser("decode", help="decode the QR code in image files")
    decode.add_argument("images", nargs="+", metavar="IMAGE")
    decode.add_argument("--json", action="store_true", help="print one JSON object per image")
    decode.add_argument("--lenient", action="store_true",
                        help="report ID-number inconsistencies as warnings, not failures")
    decode.set_defaults(func=_decode)

    watch = sub.add_parser("watch", help="print QR codes seen by the camera until Ctrl-C")
    watch.add_argument("--camera", metavar="N",
                       help="device index, device path or sim:PATH (default: from config)")
    watch.add_argument("--scanner", metavar="URL",
                       help="also read a serial scanner, serial:///dev/ttyACM0 "
                            "(default: from config)")
    watch.add_argument("--seconds", type=float, default=0.0, help="stop after S seconds")
    watch.add_argument("--json", action="store_true", help="print one JSON object per scan")
    watch.set_defaults(func=_watch)


def _parse(payload: bytes | str, lenient: bool) -> tuple[QrIdentity | None, str]:
    try:
        return parse_cccd_qr(payload, strict=not lenient), ""
    except QrValidationError as exc:
        return None, str(exc)
    except KioskError as exc:
        return None, str(exc)


def _show(identity: QrIdentity) -> None:
    data = identity.to_json_dict()
    for key, label in LABELS:
        value = data.get(key)
        if value is not None:
            print(f"  {label}: {value}")
    print(f"  Dạng mã / Layout: {identity.variant}")
    if identity.text_repair:
        print(f"  Sửa mã hoá / Encoding repair: {identity.text_repair}")
    for warning in identity.warnings:
        print(f"  Lưu ý / Note: {warning}")


def _decode_one(name: str, lenient: bool) -> tuple[dict[str, object], QrIdentity | None]:
    """Decode one image file: the JSON result and the identity when it parsed."""
    result: dict[str, object] = {"file": name, "ok": False}
    image = cv2.imread(name, cv2.IMREAD_COLOR) if Path(name).is_file() else None
    if image is None:
        result["error"] = "the file is missing or is not an image"
        return result, None
    # A still picture has no next frame to try the next deblur rung on: try them all.
    hit = FrameDecoder(deblur_rungs=0).decode(image)
    if hit is None:
        result["error"] = "no QR code could be read in the image"
        return result, None
    identity, error = _parse(hit.raw or hit.text, lenient)
    result["step"] = hit.step
    if identity is None:
        result["error"] = error
        return result, None
    result |= {"ok": True, "identity": identity.to_json_dict()}
    return result, identity


def _decode(args: argparse.Namespace, config: KioskConfig) -> int:
    failures = 0
    for name in args.images:
        result, identity = _decode_one(name, args.lenient)
        failures += identity is None
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        elif identity is not None:
            print(f"{name}: OK ({result['step']})")
            _show(identity)
        else:
            print(f"{name}: {result['error']}")
    return 0 if failures == 0 else 1


def _watch(args: argparse.Namespace, config: KioskConfig) -> int:
    from kiosk.devices.qr.camera import CameraScanner, CameraState, source_from_config
    from kiosk.devices.qr.events import Deduplicator
    from kiosk.devices.qr.scanners import ScannerState, serial_scanner_from_config

    camera = config.camera if args.camera is None else replace(config.camera, source=args.camera)
    lock = threading.Lock()

    def on_scan(event: ScanEvent) -> None:
        identity, error = _parse(event.raw or event.text, lenient=False)
        with lock:
            if args.json:
                print(json.dumps({"source": event.source, "detail": event.detail,
                                  "ok": identity is not None, "error": error or None,
                                  "identity": identity and identity.to_json_dict()},
                                 ensure_ascii=False), flush=True)
            elif identity is not None:
                print(f"[{event.source}] {event.detail}", flush=True)
                _show(identity)
            else:
                print(f"[{event.source}] {error}", flush=True)

    def on_state(state: CameraState, reason: str) -> None:
        with lock:
            print(f"camera: {state.value}{' – ' + reason if reason else ''}",
                  file=sys.stderr, flush=True)

    def on_serial_state(state: ScannerState, reason: str) -> None:
        with lock:
            print(f"serial scanner: {state.value}{' – ' + reason if reason else ''}",
                  file=sys.stderr, flush=True)

    def on_error(message: str) -> None:
        with lock:
            print(f"scanner: {message}", file=sys.stderr, flush=True)

    dedup = Deduplicator()
    scanner_config = config.scanner if args.scanner is None else replace(
        config.scanner, url=args.scanner)
    serial_scanner = serial_scanner_from_config(
        scanner_config, on_scan, on_error=on_error, on_state=on_serial_state, dedup=dedup)
    scanner = CameraScanner(source_from_config(camera), on_scan, on_state, dedup=dedup)
    done = threading.Event()
    scanner.start()
    if serial_scanner is not None:
        serial_scanner.start()
    try:
        done.wait(args.seconds if args.seconds > 0 else None)
    except KeyboardInterrupt:
        pass
    finally:
        scanner.stop()
        if serial_scanner is not None:
            serial_scanner.stop()
    return 0
