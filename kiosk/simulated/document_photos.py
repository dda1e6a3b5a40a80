"""Synthetic photos of A4 papers on a desk, with the page's true corners (issue 20).

Each scene is made from a seed, so a corpus is reproducible: an A4 page of Vietnamese
text and a table (a made-up application form, nobody's data) is drawn flat, then laid
on a busy desk in perspective (tilted up to 30°), lit unevenly, shadowed, folded, held
by a hand at an edge, and saved as a camera would (noise, JPEG). :func:`scene` returns
the photo, the page's corners in it (top-left, top-right, bottom-right, bottom-left) and
the flat page, the ground truth for the benchmark and the tests.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kiosk.core.resources import asset

PAGE_W, PAGE_H = 1240, 1754  # A4 at 150 dpi: the ground-truth page
PHOTO_W, PHOTO_H = 1600, 1200  # a document camera's 2-megapixel frame

_TEXT = ("Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập Tự do Hạnh phúc tờ khai đăng ký "
          "thường trú họ và tên ngày tháng năm sinh giới tính nơi cư trú quê quán số định "
          "danh cá nhân nghề nghiệp dân tộc tôn giáo quốc tịch lý do đề nghị xác nhận của "
          "chủ hộ ủy ban nhân dân phường xã thành phố tỉnh giấy chứng nhận quyền sử dụng "
          "đất hợp đồng thuê nhà cam đoan chịu trách nhiệm trước pháp luật")
_WORDS = tuple(_TEXT.split())

Image8 = np.ndarray
Corners = np.ndarray  # 4 × 2: top-left, top-right, bottom-right, bottom-left


@dataclass(frozen=True)
class Scene:
    """One photo, where the page lies in it, and the flat page it shows."""

    photo: Image8  # BGR, PHOTO_H × PHOTO_W
    corners: Corners
    page: Image8  # BGR, PAGE_H × PAGE_W: the ground truth
    kind: str  # what makes it hard ("fold", "hand", "shadow", …), for the report


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(asset("fonts", name)), size)


def draw_page(rng: random.Random) -> Image8:
    """A flat A4 page: a centred heading, paragraphs of Vietnamese words and a table."""
    page = Image.new("RGB", (PAGE_W, PAGE_H), (250, 250, 246))
    pen = ImageDraw.Draw(page)
    pen.text((PAGE_W // 2, 90), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fill=(20, 20, 20),
             font=_font(30, True), anchor="mm")
    pen.text((PAGE_W // 2, 135), "Độc lập - Tự do - Hạnh phúc", fill=(20, 20, 20),
             font=_font(28), anchor="mm")
    pen.text((PAGE_W // 2, 230), "TỜ KHAI", fill=(20, 20, 20), font=_font(40, True),
             anchor="mm")
    y, body = 300, _font(26)
    for _ in range(rng.randint(8, 12)):  # a paragraph line
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 11)))
        pen.text((110, y), words.capitalize(), fill=(25, 25, 30), font=body)
        y += 44
    y += 30
    rows, cols = rng.randint(5, 8), 4
    widths = [300, 260, 220, 240]
    for r in range(rows + 1):
        pen.line([(110, y + r * 56), (110 + sum(widths), y + r * 56)], fill=(30, 30, 30), width=3)
    x = 110
    for c in range(cols + 1):
        pen.line([(x, y), (x, y + rows * 56)], fill=(30, 30, 30), width=3)
        if c < cols:
            for r in range(rows):
                pen.text((x + 14, y + r * 56 + 14), rng.choice(_WORDS).capitalize(),
                         fill=(25, 25, 30), font=_font(24, r == 0))
            x += widths[c]
    y += rows * 56 + 60
    while y < PAGE_H - 160:
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 11)))
        pen.text((110, y), words.capitalize(), fill=(25, 25, 30), font=body)
        y += 44
    return cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2BGR)


def _desk(rng: random.Random, np_rng: np.random.Generator) -> Image8:
    """A busy desk: wood grain or a patterned cloth, with objects lying about."""
    if rng.random() < 0.25:  # a light desk: beige wood, grey laminate
        grey = rng.randint(150, 195)
        base = np.array([grey - rng.randint(0, 40), grey - rng.randint(0, 20), grey], float)
    else:
        base = np.array([rng.randint(60, 150), rng.randint(50, 120), rng.randint(30, 100)],
                        float)
    y = np.linspace(0, 1, PHOTO_H)[:, None]
    x = np.linspace(0, 1, PHOTO_W)[None, :]
    grain = np.sin((x * rng.uniform(20, 60) + np.sin(y * rng.uniform(3, 9)) * 2) * np.pi)
    desk = base[None, None, :] * (0.8 + 0.2 * grain[..., None])
    desk += np_rng.normal(0, 6, desk.shape)
    img = np.clip(desk, 0, 255).astype(np.uint8)
    for _ in range(rng.randint(3, 8)):  # pens, cups, papers, phones
        colour = tuple(int(v) for v in np_rng.integers(0, 255, 3))
        cx, cy = rng.randint(0, PHOTO_W), rng.randint(0, PHOTO_H)
        if rng.random() < 0.5:
            cv2.circle(img, (cx, cy), rng.randint(30, 120), colour, -1)
        else:
            box = cv2.boxPoints(((cx, cy), (rng.randint(40, 300), rng.randint(15, 160)),
                                 rng.uniform(0, 180)))
            cv2.fillPoly(img, [box.astype(np.int32)], colour)
    return np.asarray(img, np.uint8)


def _corners(rng: random.Random) -> Corners:
    """Where the page's corners land: a tilted, rotated, perspective A4 inside the frame."""
    while True:
        height = rng.uniform(0.62, 0.9) * PHOTO_H
        width = height * PAGE_W / PAGE_H * rng.uniform(0.9, 1.1)
        cx = PHOTO_W / 2 + rng.uniform(-0.12, 0.12) * PHOTO_W
        cy = PHOTO_H / 2 + rng.uniform(-0.06, 0.06) * PHOTO_H
        angle = np.radians(rng.uniform(-25, 25))
        tilt = np.radians(rng.uniform(0, 30))  # the camera's tilt over the desk
        shrink = np.cos(tilt)
        far = rng.choice([0, 1, 2, 3])  # which edge is farther from the camera
        half = np.array([[-width, -height], [width, -height], [width, height],
                         [-width, height]]) / 2
        for i in range(4):
            edge = (i - far) % 4
            if edge in (0, 1):  # the far edge's corners come together
                half[i, 0] *= 0.5 + 0.5 * shrink
        rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        pts = (half @ rot.T + [cx, cy]).astype(np.float32)
        if pts[:, 0].min() > 8 and pts[:, 1].min() > 8 and pts[:, 0].max() < PHOTO_W - 8 \
                and pts[:, 1].max() < PHOTO_H - 8:
            return np.asarray(pts, np.float32)


def _light(img: Image8, rng: random.Random, kind: str) -> Image8:
    """Uneven light, a warm or cold cast, and a soft shadow across part of the frame."""
    y = np.linspace(-1, 1, PHOTO_H)[:, None]
    x = np.linspace(-1, 1, PHOTO_W)[None, :]
    gx, gy = rng.uniform(-0.35, 0.35), rng.uniform(-0.35, 0.35)
    gain = 1.0 + gx * x + gy * y
    cast = np.array([rng.uniform(0.85, 1.05), 1.0, rng.uniform(0.85, 1.1)])
    out = img.astype(np.float32) * gain[..., None] * cast[None, None, :]
    if kind in ("shadow", "hand") or rng.random() < 0.4:
        mask: np.ndarray = np.zeros((PHOTO_H, PHOTO_W), np.float32)
        poly = np.array([[rng.randint(0, PHOTO_W), 0], [rng.randint(0, PHOTO_W), 0],
                         [rng.randint(0, PHOTO_W), PHOTO_H], [rng.randint(0, PHOTO_W), PHOTO_H]])
        cv2.fillPoly(mask, [poly.astype(np.int32)], 1.0)
        mask = cv2.GaussianBlur(mask, (0, 0), rng.uniform(25, 60))
        out *= (1 - rng.uniform(0.25, 0.5) * mask)[..., None]
    return np.asarray(np.clip(out, 0, 255), np.uint8)


def _fold(page: Image8, rng: random.Random) -> Image8:
    """A fold across the page: a darker band with a bright edge."""
    out = page.astype(np.float32)
    row = rng.randint(PAGE_H // 3, 2 * PAGE_H // 3)
    band = np.exp(-((np.arange(PAGE_H) - row) / rng.uniform(8, 20)) ** 2)
    out *= (1 - 0.22 * band)[:, None, None]
    return np.clip(out, 0, 255).astype(np.uint8)


def _hand(img: Image8, corners: Corners, rng: random.Random) -> None:
    """A hand holding the page at one edge (skin-coloured fingers over its border)."""
    edge = rng.randint(0, 3)
    a, b = corners[edge], corners[(edge + 1) % 4]
    t = rng.uniform(0.3, 0.7)
    px, py = a + (b - a) * t
    skin = (rng.randint(120, 170), rng.randint(150, 190), rng.randint(190, 235))
    direction = (b - a) / np.linalg.norm(b - a)
    angle = float(np.degrees(np.arctan2(direction[1], direction[0]))) + 90
    outward = np.array([direction[1], -direction[0]])  # away from the page's inside
    centre = np.array([px, py]) + outward * 70
    cv2.ellipse(img, (int(centre[0]), int(centre[1])), (110, 80), angle, 0, 360, skin, -1)
    for k in range(4):  # fingers over the page's border
        offset = (k - 1.5) * 34
        cx, cy = px + direction[0] * offset, py + direction[1] * offset
        cv2.ellipse(img, (int(cx), int(cy)), (20, 70), angle, 0, 360, skin, -1)


def scene(seed: int) -> Scene:
    """The photo made from ``seed`` (the same seed gives the same photo)."""
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    kind = rng.choice(["plain", "shadow", "fold", "hand", "busy", "tilt"])
    page = draw_page(rng)
    shown = _fold(page, rng) if kind == "fold" else page
    corners = _corners(rng)
    flat = np.array([[0, 0], [PAGE_W, 0], [PAGE_W, PAGE_H], [0, PAGE_H]], np.float32)
    warp = cv2.getPerspectiveTransform(flat, corners)
    photo = _desk(rng, np_rng)
    laid = cv2.warpPerspective(shown, warp, (PHOTO_W, PHOTO_H), flags=cv2.INTER_AREA)
    inside = cv2.warpPerspective(np.full((PAGE_H, PAGE_W), 255, np.uint8), warp,
                                 (PHOTO_W, PHOTO_H), flags=cv2.INTER_AREA)
    alpha = (inside.astype(np.float32) / 255)[..., None]
    photo = (laid * alpha + photo * (1 - alpha)).astype(np.uint8)
    if kind == "hand":
        _hand(photo, corners, rng)
    if kind == "busy":  # a pen and a phone lying across the page's border
        for _ in range(2):
            i = rng.randint(0, 3)
            a, b = corners[i], corners[(i + 1) % 4]
            at = a + (b - a) * rng.uniform(0.2, 0.8)
            box = cv2.boxPoints(((float(at[0]), float(at[1])), (rng.randint(120, 260),
                                 rng.randint(14, 70)), rng.uniform(0, 180)))
            colour = tuple(int(v) for v in np_rng.integers(0, 200, 3))
            cv2.fillPoly(photo, [box.astype(np.int32)], colour)
    photo = _light(photo, rng, kind)
    photo = cv2.GaussianBlur(photo, (0, 0), rng.uniform(0.5, 1.3))
    noisy = photo.astype(np.float32) + np_rng.normal(0, rng.uniform(2, 7), photo.shape)
    photo = np.clip(noisy, 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(70, 92)])
    assert ok
    return Scene(np.asarray(cv2.imdecode(jpeg, cv2.IMREAD_COLOR), np.uint8), corners, page,
                 kind)


def save(folder: str, seeds: range) -> None:
    """Write each seed's photo as PNG to look at (``python -m kiosk.simulated.document_photos``)."""
    for seed in seeds:
        made = scene(seed)
        Image.fromarray(cv2.cvtColor(made.photo, cv2.COLOR_BGR2RGB)).save(
            io.BytesIO() if not folder else f"{folder}/doc-{seed:04d}-{made.kind}.png")


if __name__ == "__main__":
    import sys

    save(sys.argv[1] if len(sys.argv) > 1 else ".", range(int(sys.argv[2]) if len(sys.argv) > 2
                                                          else 8))
