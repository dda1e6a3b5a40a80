"""The card data sheet: the chip's identity and photo on one A4 page, in place of a
photocopy of the ID card.

Drawn with Pillow in the bundled DejaVu fonts (every Vietnamese letter) at 150 dpi and
made a PDF with img2pdf (``pdf.make_pdf``, as captured pages are): the sheet is a picture
of what the chip holds, the verdict of each authenticity check, when and at which kiosk;
the structured data goes with the submission itself. The kiosk signs the PDF's bytes
with its device key (a detached Ed25519 signature, ``kiosk.sync.attachments.sign``):
the counter checks it against the kiosk's enrolled public key and shows the sheet as
verified, or as not verified when a single byte differs (docs/attachments.md).
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kiosk.core.models import FaceImage, Identity
from kiosk.core.vn_time import VIETNAM
from kiosk.devices.documents.pdf import make_pdf
from kiosk.devices.printer.fonts import font_path

WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
MARGIN = 90
TITLE = "Dữ liệu thẻ căn cước đọc từ chip / Citizen ID card data read from the chip"
SHEET_NAME = "Dữ liệu thẻ căn cước (chip) / ID card data (chip)"

_CHECKS = (("passive", "Xác thực thụ động (chữ ký cơ quan cấp) / Passive authentication"),
           ("active", "Xác thực chủ động (chip thật) / Active authentication"),
           ("chip", "Xác thực chip (khóa DG14) / Chip authentication"))
_VERDICTS = {"verified": "đạt / verified", "failed": "KHÔNG ĐẠT / FAILED",
             "chain_unverified": "chữ ký hợp lệ, chưa đối chiếu chứng thư gốc / "
                                 "signature valid, root not checked",
             "not_supported": "thẻ không hỗ trợ / not supported by the card",
             "not_run": "chưa chạy / not run"}
# active authentication left out because chip authentication proved the chip genuine
NOT_NEEDED_VERDICT = "không cần, xác thực chip đã đạt / not needed, chip authentication verified"


def check_lines(checks: dict[str, object]) -> list[str]:
    """One line per authenticity check, label and verdict, Vietnamese / English."""
    lines = []
    for key, label in _CHECKS:
        verdict = _VERDICTS.get(str(checks.get(key, "not_run")), str(checks.get(key)))
        if key == "active" and checks.get(key) == "not_run" and checks.get("chip") == "verified":
            verdict = NOT_NEEDED_VERDICT
        lines.append(f"{label}: {verdict}")
    return lines


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path("DejaVuSans-Bold.ttf" if bold
                                            else "DejaVuSans.ttf")), size)


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def identity_rows(identity: Identity) -> list[tuple[str, str]]:
    """(label, value) lines of the sheet, Vietnamese / English labels."""
    rows = [("Số định danh / ID number", identity.id_number),
            ("Họ và tên / Full name", identity.full_name),
            ("Ngày sinh / Date of birth", _date(identity.date_of_birth)),
            ("Giới tính / Sex", identity.sex),
            ("Quốc tịch / Nationality", identity.nationality),
            ("Dân tộc / Ethnicity", identity.ethnicity),
            ("Tôn giáo / Religion", identity.religion),
            ("Quê quán / Place of origin", identity.place_of_origin),
            ("Nơi thường trú / Place of residence", identity.place_of_residence),
            ("Đặc điểm nhận dạng / Identifying marks", identity.identifying_marks),
            ("Ngày cấp / Issued", _date(identity.issue_date)),
            ("Có giá trị đến / Valid until", identity.expiry_text or _date(identity.expiry_date)),
            ("Số CMND cũ / Old ID number", identity.old_id_number or ""),
            ("Họ tên cha / Father", identity.father_name or ""),
            ("Họ tên mẹ / Mother", identity.mother_name or ""),
            ("Họ tên vợ/chồng / Spouse", identity.spouse_name or "")]
    return [(label, value) for label, value in rows if value]


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont,
             width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def _face(face: FaceImage | None) -> Image.Image | None:
    if face is None:
        return None
    try:
        opened = Image.open(io.BytesIO(face.data))
        opened.load()
    except (OSError, ValueError):
        return None  # the face could not be decoded: the sheet says so
    picture = opened.convert("RGB")
    picture.thumbnail((300, 400))
    return picture


def render_sheet(identity: Identity, face: FaceImage | None, checks: dict[str, object],
                 kiosk: str, read_at: dt.datetime) -> np.ndarray:
    """The sheet as an RGB picture (for the PDF and for looking at)."""
    page = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(page)
    y = MARGIN
    for line in _wrapped(draw, TITLE, _font(34, True), WIDTH - 2 * MARGIN):
        draw.text((MARGIN, y), line, font=_font(34, True), fill="black")
        y += 46
    y += 20
    photo = _face(face)
    if photo is not None:
        page.paste(photo, (WIDTH - MARGIN - photo.width, y))
    else:
        draw.text((WIDTH - MARGIN - 300, y), "Không có ảnh / no photo", font=_font(22),
                  fill="black")
    text_width = WIDTH - 2 * MARGIN - 330
    label_font, value_font = _font(20), _font(26, True)
    for label, value in identity_rows(identity):
        draw.text((MARGIN, y), label, font=label_font, fill=(90, 90, 90))
        y += 26
        for line in _wrapped(draw, value, value_font, text_width if y < 560 else
                             WIDTH - 2 * MARGIN):
            draw.text((MARGIN, y), line, font=value_font, fill="black")
            y += 34
        y += 10
    y = max(y, 620) + 20
    draw.line((MARGIN, y, WIDTH - MARGIN, y), fill="black", width=2)
    y += 20
    draw.text((MARGIN, y), "Kiểm tra tính xác thực / Authenticity checks", font=_font(26, True),
              fill="black")
    y += 44
    for line in check_lines(checks):
        draw.text((MARGIN, y), line, font=_font(22), fill="black")
        y += 34
    y += 20
    when = read_at.astimezone(VIETNAM).strftime("%H:%M:%S ngày %d/%m/%Y (giờ Việt Nam)")
    for line in (f"Đọc lúc / Read at: {when}", f"Ki-ốt / Kiosk: {kiosk}",
                 "Tệp này được ki-ốt ký số; quầy kiểm tra chữ ký trước khi dùng thay bản sao.",
                 "Signed by the kiosk; the counter checks the signature before it replaces a "
                 "photocopy."):
        draw.text((MARGIN, y), line, font=_font(20), fill="black")
        y += 30
    return np.asarray(page)[:, :, ::-1].copy()  # BGR, as the document pipeline's pages


def sheet_pdf(identity: Identity, face: FaceImage | None, checks: dict[str, object],
              kiosk: str, read_at: dt.datetime) -> bytes:
    """The sheet as a one-page A4 PDF titled :data:`SHEET_NAME`."""
    return make_pdf([render_sheet(identity, face, checks, kiosk, read_at)], SHEET_NAME,
                    read_at)
