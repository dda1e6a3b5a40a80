"""The QR camera: does it open, at what resolution and frame rate, and does decoding work.

The decode test has two parts: a QR code made on the spot and pasted into a real
camera frame must decode (the decoder works on this camera's frames), and any code in
view is reported as seen (its text is never kept: it may be a citizen's).
"""

from __future__ import annotations

import time

import numpy as np
import segno

from kiosk.devices.qr.camera import CameraError, source_from_config
from kiosk.devices.qr.frame_decoder import FrameDecoder
from kiosk.diagnostics.context import DiagOptions
from kiosk.diagnostics.result import Check, failed, ok, warning

SELF_TEST_TEXT = "KIOSK-DIAG-SELF-TEST"
MIN_FPS = 5.0
NO_CAMERA = ("Không mở được máy ảnh: cắm lại cáp USB và đóng chương trình khác đang dùng nó.",
             "The camera cannot be opened: plug its USB cable back in and close other "
             "programs using it.")
NO_FRAMES = ("Máy ảnh không gửi hình: rút ra cắm lại máy ảnh.",
             "The camera sends no pictures: unplug it and plug it back in.")
SLOW = ("Máy ảnh chậm: kiểm tra ánh sáng và cổng USB (nên dùng USB 3).",
        "The camera is slow: check the lighting and the USB port (prefer USB 3).")
DECODE_BROKEN = ("Bộ giải mã QR không hoạt động: cài lại phần mềm ki-ốt.",
                 "The QR decoder does not work: reinstall the kiosk software.")


def _paste_code(frame: np.ndarray) -> np.ndarray:
    """A frame of the camera's size and format showing only a fresh QR code.

    The scene is replaced by its mean brightness: a citizen's code in view must not be
    what the decoder finds instead.
    """
    code = np.array(segno.make(SELF_TEST_TEXT, error="m").matrix, dtype=np.uint8)
    module = max(3, min(frame.shape[:2]) // (3 * (code.shape[0] + 8)))
    image = np.kron(1 - code, np.ones((module, module), dtype=np.uint8)) * 255
    image = np.pad(image, 4 * module, constant_values=255)
    out = np.full_like(frame, int(frame.mean()))
    h, w = image.shape
    y0, x0 = (out.shape[0] - h) // 2, (out.shape[1] - w) // 2
    if y0 < 0 or x0 < 0:
        return out
    patch = image if out.ndim == 2 else np.repeat(image[:, :, None], out.shape[2], axis=2)
    out[y0:y0 + h, x0:x0 + w] = patch
    return out


def camera_checks(options: DiagOptions) -> list[Check]:
    """Open, resolution, frames per second, decode test."""
    config = options.config.camera
    try:
        source = source_from_config(config)
        source.open()
    except CameraError as exc:
        return [failed("camera.open", f"the camera cannot be opened: {exc}", NO_CAMERA,
                       source=config.source)]
    try:
        frames: list[np.ndarray] = []
        start = time.perf_counter()
        deadline = start + options.camera_seconds
        while time.perf_counter() < deadline:
            frame = source.read()
            if frame is not None:
                frames.append(frame)
                if options.on_frame is not None:
                    options.on_frame(frame, None)
        elapsed = time.perf_counter() - start
    finally:
        source.close()
    checks = [ok("camera.open", "the camera opens", source=config.source)]
    if not frames:
        checks.append(failed("camera.frames", "the camera opened but sent no frames", NO_FRAMES))
        return checks
    height, width = frames[-1].shape[:2]
    fps = len(frames) / elapsed if elapsed > 0 else 0.0
    facts = {"width": width, "height": height, "fps": round(fps, 1), "frames": len(frames)}
    summary = f"{width}x{height} at {fps:.1f} frames per second"
    if fps < MIN_FPS:
        checks.append(warning("camera.frames", summary, SLOW, **facts))
    else:
        checks.append(ok("camera.frames", summary, **facts))
    checks.append(_decode_test(frames, options))
    return checks


def _decode_test(frames: list[np.ndarray], options: DiagOptions) -> Check:
    decoder = FrameDecoder()
    in_view = False
    for frame in frames[-5:]:
        found = decoder.decode(frame)
        if found is not None:
            in_view = True
            if options.on_frame is not None:  # the preview's decode overlay
                options.on_frame(frame, found.corners)
            break
    decoder.reset()
    start = time.perf_counter()
    hit = decoder.decode(_paste_code(frames[-1]))
    ms = (time.perf_counter() - start) * 1000
    if hit is None or hit.text != SELF_TEST_TEXT:
        return failed("camera.decode", "a test QR code in a camera frame did not decode",
                      DECODE_BROKEN, code_in_view=in_view)
    seen = "a code is in view" if in_view else "no code in view"
    return ok("camera.decode", f"test QR decoded in {ms:.0f} ms; {seen}",
              decode_ms=round(ms, 1), code_in_view=in_view)
