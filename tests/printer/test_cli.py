"""``kiosk print ...`` end to end on the virtual printer."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.commands import print as print_commands
from kiosk.core.config import load_config


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    print_commands.register(parser.add_subparsers())
    args = parser.parse_args(["print", *argv])
    code: int = args.func(args, load_config(None, {}))
    return code


def test_ticket_to_png_and_job_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png, job = tmp_path / "ticket.png", tmp_path / "ticket.bin"
    assert run("ticket", "--out", str(png), "--save-job", str(job)) == 0
    out = capsys.readouterr().out
    assert "Đã in phiếu" in out and "mode tcvn3" in out
    image = Image.open(png)
    assert next(r.text for r in zxingcpp.read_barcodes(image)).startswith("https://")
    assert run("render", str(job), "--png", str(tmp_path / "again.png")) == 0
    rendered = capsys.readouterr().out
    assert "PHIẾU SỐ THỨ TỰ" in rendered and "[QR] https://" in rendered


@pytest.mark.parametrize(("profile", "mode"), [("NT-5890K", "cp1258"), ("POS-5890", "raster")])
def test_receipt_and_testpage_on_cheap_printers(tmp_path: Path, profile: str, mode: str) -> None:
    for slip in ("receipt", "testpage"):
        png = tmp_path / f"{slip}.png"
        assert run(slip, "--profile", profile, "--out", str(png)) == 0
        assert Image.open(png).height > 800


def test_paper_out_is_reported_and_exit_code_is_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("ticket", "--printer", "sim://?paper=out") == 1
    out = capsys.readouterr().out
    assert "hết giấy" in out and "out of paper" in out
    assert "paper roll: paper out (status bytes 1A 32 12 7E)" in out


def test_status_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("status", "--printer", "sim://?power=off", "--json") == 1
    status = json.loads(capsys.readouterr().out)
    assert status["state"] == "no_reply" and status["printable"] is False
    assert run("status") == 0
    assert "Máy in sẵn sàng" in capsys.readouterr().out
