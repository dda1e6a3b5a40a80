"""The queue ticket, the receipt and the test page, read off the virtual printer's paper."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.devices.printer.errors import TemplateError
from kiosk.devices.printer.escpos_render import render, save_png
from kiosk.devices.printer.profiles import PrinterProfile, TextMode
from kiosk.devices.printer.vietnamese import LOWER_LETTERS
from kiosk.slips import layouts
from kiosk.slips.jobs import VN_TZ, demo_receipt, demo_ticket
from kiosk.slips.layouts import (
    fill,
    format_vnd,
    receipt_document,
    render_template,
    ticket_document,
)

from .conftest import CENTER, print_on_paper


def _qr_texts(image: Image.Image) -> list[str]:
    return [
        r.text
        for r in zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        )
    ]


def test_ticket_reads_right_in_every_mode(
    model_and_mode: tuple[PrinterProfile, TextMode], tmp_path: Path
) -> None:
    profile, mode = model_and_mode
    ticket = demo_ticket()
    job, paper = print_on_paper(ticket_document(ticket, CENTER), profile.key, mode)
    lines = paper.text_lines()
    image = render(paper)
    save_png(paper, tmp_path / "ticket.png")
    assert _qr_texts(Image.open(tmp_path / "ticket.png")) == [ticket.track_url]
    assert paper.cuts() == (1 if profile.can_cut else 0)
    assert job.replaced == 0 and paper.faults == []
    if mode is TextMode.RASTER:
        assert "QUEUE TICKET" in lines  # plain English stays printer text
        assert len(paper.images("raster")) >= 8  # Vietnamese lines, the number, the QR
        assert image.height > 600
        return
    assert CENTER.name_vi in " ".join(lines)
    for expected in ("PHIẾU SỐ THỨ TỰ", "QUEUE TICKET", "A-042", "Chứng thực bản sao, chữ ký"):
        assert expected in lines
    # 48 columns: label and value on one line; 32 columns: the value wraps below, right-aligned
    at = next(i for i, line in enumerate(lines) if line.startswith("Giờ lấy số / Issued"))
    assert "09:15 23/11/2026" in lines[at] + lines[at + 1]
    assert any(line.startswith("Đang chờ / Ahead") and line.endswith("7") for line in lines)
    number = next(i for i in paper.items if getattr(i, "text", "") == "A-042")
    assert number.scale[0] >= 4  # type: ignore[union-attr]


def test_ticket_qr_is_native_where_the_model_can(
    model_and_mode: tuple[PrinterProfile, TextMode],
) -> None:
    profile, mode = model_and_mode
    _, paper = print_on_paper(ticket_document(demo_ticket(), CENTER), profile.key, mode)
    native = paper.qr_payloads()
    assert native == ([demo_ticket().track_url] if profile.native_qr else [])


def test_receipt_has_the_ready_date_in_working_days(
    model_and_mode: tuple[PrinterProfile, TextMode],
) -> None:
    profile, mode = model_and_mode
    receipt = demo_receipt()  # received Monday 23/11/2026, 7 working days; 24/11 is a holiday
    _job, paper = print_on_paper(receipt_document(receipt, CENTER), profile.key, mode)
    lines = paper.text_lines()
    assert _qr_texts(render(paper)) == [receipt.lookup_url]
    if mode is TextMode.RASTER:
        assert "RECEIPT AND APPOINTMENT SLIP" in lines
        return
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in " ".join(lines)
    assert "03/12/2026" in lines  # 25,26,27,30 Nov, 1,2,3 Dec
    assert "Thứ Năm / Thursday" in lines
    text = " ".join(lines)
    for expected in (
        "Nguyễn Thị Hường",
        "Đăng ký thường trú",
        "Trần Văn Bình",
        "20.000 đ",
        "1. Tờ khai thay đổi thông tin cư trú (CT01) - 1 bản chính",
    ):
        assert expected in text


def test_testpage_shows_every_letter_and_the_code_pages(
    model_and_mode: tuple[PrinterProfile, TextMode],
) -> None:
    profile, mode = model_and_mode
    now = dt.datetime(2026, 11, 23, 10, 0, tzinfo=VN_TZ)
    _job, paper = print_on_paper(
        layouts.testpage_document(profile, mode, "sim://", now), profile.key, mode
    )
    image = render(paper)
    assert "Thử mã QR: Đường Lê Lợi, Huế" in _qr_texts(image)
    barcodes = zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.Code128)
    )
    assert [b.text for b in barcodes] == ["KIOSK-TEST-0123"]
    if mode is TextMode.RASTER:
        return
    text = " ".join(paper.text_lines())
    for letter in LOWER_LETTERS:
        assert letter in text and letter.upper() in text
    pages = {TextMode.TCVN3: ["TCVN-3-1", "TCVN-3-2"], TextMode.CP1258: ["CP1258"]}[mode]
    for page in pages:
        assert any(line.startswith(page + " (ESC t") for line in paper.text_lines())


def test_templates_are_data_and_errors_are_clear() -> None:
    with pytest.raises(TemplateError, match="does not exist"):
        render_template("no-such-layout", {})
    with pytest.raises(TemplateError, match="no text value for placeholder"):
        fill("{missing}", {}, "t")
    with pytest.raises(TemplateError, match="plain name"):
        fill("{a.__class__}", {"a": "x"}, "t")
    assert fill("{a} {b}", {"a": "{b}", "b": "2"}, "t") == "{b} 2"  # values are not re-read


def test_money_is_written_the_vietnamese_way() -> None:
    assert format_vnd(20000) == "20.000 đ"
    assert format_vnd(1250000) == "1.250.000 đ"
    assert format_vnd(0) == "Miễn phí / Free"


def test_an_unknown_fee_prints_its_note_never_free() -> None:
    """A procedure whose fee the province sets (catalog ``fee_known = false``, fee 0):
    the receipt tells how it is set, not "Miễn phí / Free"."""
    from kiosk.core.desk.submissions import Submission
    from kiosk.core.procedures import load_catalog
    from kiosk.slips.receipts import receipt_for

    catalog = load_catalog()
    procedure = next(p for p in catalog.procedures if not p.fee_known)
    submission = Submission("r-1", dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC),
                            procedure.code, {"full_name": "Phạm Văn Mẫu"}, {}, {}, "ok", "qr")
    receipt = receipt_for(submission, catalog, "Cán bộ", "https://example.vn/t")
    fee = layouts.receipt_values(receipt, CENTER)["fee"]
    assert fee == f"{procedure.fee_note_vi} / {procedure.fee_note_en}"
    assert "Miễn phí" not in fee and procedure.fee_vnd == 0


def test_oversized_fields_wrap_instead_of_running_off(
    model_and_mode: tuple[PrinterProfile, TextMode],
) -> None:
    profile, mode = model_and_mode
    receipt = demo_receipt()
    long = (
        "Cấp đổi, cấp lại giấy chứng nhận quyền sử dụng đất, "
        "quyền sở hữu nhà ở và tài sản khác gắn liền với đất " * 2
    )
    document = receipt_document(
        type(receipt)(**{**receipt.__dict__, "procedure_vi": long.strip()}), CENTER
    )
    _, paper = print_on_paper(document, profile.key, mode)
    assert all(band.ink.shape[1] <= profile.width_px for band in paper.images())
    if mode is not TextMode.RASTER:
        assert "quyền sở hữu nhà ở và tài sản khác" in " ".join(paper.text_lines())


def test_receipt_starts_with_the_center_logo(
    model_and_mode: tuple[PrinterProfile, TextMode],
) -> None:
    profile, mode = model_and_mode
    _, paper = print_on_paper(receipt_document(demo_receipt(), CENTER), profile.key, mode)
    logo = paper.images("raster")[0]
    assert paper.items.index(logo) <= 1  # first thing on the paper (after a margin feed)
    assert logo.ink.shape == (136, 144)  # the 72x72 logo at 2x2 dots (white rows cropped)


def test_template_images_must_live_in_the_template_folder(tmp_path: Path) -> None:
    bad = tmp_path / "evil.toml"
    bad.write_text('[[block]]\ntype = "image"\npath = "../../../etc/passwd"\n', encoding="utf-8")
    layouts.load_template.cache_clear()
    original = layouts.TEMPLATE_DIR
    try:
        layouts.TEMPLATE_DIR = tmp_path
        with pytest.raises(TemplateError, match="is not in"):
            layouts.render_template("evil", {})
    finally:
        layouts.TEMPLATE_DIR = original
        layouts.load_template.cache_clear()
