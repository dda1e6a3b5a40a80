"""``kiosk qr decode`` and ``kiosk qr watch`` through their argparse registration."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import cv2
import pytest

from kiosk.commands import qr as qr_command
from kiosk.core.config import KioskConfig
from tests.qr.conftest import PAYLOAD, ROOT, clean_qr_image


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    qr_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    code: int = args.func(args, KioskConfig())
    return code


def test_decode_json_per_image(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.png"
    cv2.imwrite(str(good), clean_qr_image(PAYLOAD))
    url = tmp_path / "url.png"
    cv2.imwrite(str(url), clean_qr_image("https://dichvucong.gov.vn/"))
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), clean_qr_image("x")[:20, :20])
    code = run(["qr", "decode", str(good), str(url), str(blank), str(tmp_path / "none.png"),
                "--json"])
    assert code == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["ok"] and lines[0]["identity"]["full_name"] == "Lê Hoàng Bảo Ngân"
    assert lines[0]["identity"]["issue_date"] == "2021-08-15"
    assert lines[1] == {"file": str(url), "ok": False, "step": "plain",
                        "error": "the QR code holds a web address, not CCCD data"}
    assert lines[2]["error"] == "no QR code could be read in the image"
    assert lines[3]["error"] == "the file is missing or is not an image"


def test_decode_text_output_bilingual(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.png"
    cv2.imwrite(str(good), clean_qr_image(PAYLOAD))
    assert run(["qr", "decode", str(good)]) == 0
    out = capsys.readouterr().out
    assert "Họ và tên / Full name: Lê Hoàng Bảo Ngân" in out
    assert "Ngày cấp / Issue date: 2021-08-15" in out


def test_decode_demo_assets(capsys: pytest.CaptureFixture[str]) -> None:
    images = sorted(str(p) for p in (ROOT / "kiosk/assets/qr").glob("*.jpg"))
    assert images, "demo photos missing from kiosk/assets/qr"
    assert run(["qr", "decode", "--json", *images]) == 0
    assert all(json.loads(line)["ok"] for line in capsys.readouterr().out.splitlines())


@pytest.mark.slow  # the kiosk command watches as a process
def test_watch_prints_scans_from_the_simulated_camera(
        demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["qr", "watch", "--camera", f"sim:{demo_folder}", "--seconds", "2",
                "--json"]) == 0
    captured = capsys.readouterr()
    scans = [json.loads(line) for line in captured.out.splitlines()]
    assert scans and scans[0]["ok"] and scans[0]["identity"]["id_number"] == "048304001975"
    assert "camera: running" in captured.err and "camera: stopped" in captured.err


@pytest.mark.slow  # the kiosk command watches as a process
def test_watch_reads_a_serial_scanner_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os
    import threading
    import tty

    master, slave = os.openpty()
    tty.setraw(slave)

    def scanner_sends() -> None:
        import time

        time.sleep(0.5)
        os.write(master, PAYLOAD.encode("utf-8") + b"\r\n")

    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), clean_qr_image("x")[:30, :30])
    sender = threading.Thread(target=scanner_sends)
    sender.start()
    try:
        assert run(["qr", "watch", "--camera", f"sim:{blank}", "--scanner",
                    f"serial://{os.ttyname(slave)}", "--seconds", "1.5", "--json"]) == 0
    finally:
        sender.join()
        os.close(master)
        os.close(slave)
    scans = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [s["source"] for s in scans] == ["serial"]
    assert scans[0]["identity"]["full_name"] == "Lê Hoàng Bảo Ngân"


def test_decode_a_still_tries_every_deblur_rung(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A photo has no next frame: the command tries all rungs (the camera too, since
    issue 19's follow-up), where a one-rung attempt misses this code."""
    from kiosk.devices.qr.frame_decoder import FrameDecoder
    from tests.qr.codes import blurred_code

    image = blurred_code(8, 48.5, rotation=-20, sigma=1.5)  # smeared and out of focus
    assert FrameDecoder(deblur_rungs=1).decode(image) is None  # one rung misses it
    path = tmp_path / "moving.png"
    cv2.imwrite(str(path), image)
    assert run(["qr", "decode", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] and str(result["step"]).startswith("deblur"), result
