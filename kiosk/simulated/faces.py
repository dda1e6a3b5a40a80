"""Synthetic ID-photo portraits for the sample citizens (drawn, never photographed).

Each face is a drawn silhouette on the pale blue background of a Vietnamese ID photo,
480x640, with a little seeded noise so the encoded size resembles a real chip's DG2
(10–20 KB). ``encode_face`` searches the JPEG quality (or JPEG 2000 rate) that lands in
that window. Regenerate the committed files with
``python -m kiosk.simulated.faces``.
"""

from __future__ import annotations

import io
import random
import sys
import zlib

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from kiosk.core.errors import KioskError

WIDTH = 480
HEIGHT = 640
TARGET_MIN = 10_000
TARGET_MAX = 20_000
FORMATS = ("jpeg", "jp2")

_SKIN = [(236, 200, 170), (224, 184, 150), (210, 170, 135), (198, 156, 122)]
_HAIR = [(25, 20, 18), (40, 30, 25), (60, 45, 35), (170, 170, 170)]
_SHIRT = [(245, 245, 245), (30, 40, 80), (90, 20, 30), (40, 70, 60)]


def draw_portrait(seed: str, *, grey_hair: bool = False, long_hair: bool = False) -> Image.Image:
    """Draw a portrait silhouette for ``seed`` (RGB, 480x640; same seed, same pixels)."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (WIDTH, HEIGHT))
    px = ImageDraw.Draw(img)
    for y in range(HEIGHT):  # pale blue studio background, lighter at the top
        shade = 225 - y * 25 // HEIGHT
        px.line([(0, y), (WIDTH, y)], fill=(shade - 20, shade, 250))
    skin = rnd.choice(_SKIN)
    hair = _HAIR[3] if grey_hair else rnd.choice(_HAIR[:3])
    shirt = rnd.choice(_SHIRT)
    cx = WIDTH // 2 + rnd.randint(-12, 12)
    if long_hair:
        px.rounded_rectangle([cx - 135, 150, cx + 135, 520], radius=90, fill=hair)
    px.ellipse([cx - 230, 500, cx + 230, 900], fill=shirt)  # shoulders
    px.rectangle([cx - 45, 380, cx + 45, 520], fill=skin)  # neck
    px.ellipse([cx - 115, 130, cx + 115, 430], fill=skin)  # face
    px.chord([cx - 125, 100, cx + 125, 330], 180, 360, fill=hair)  # hair on top
    for side in (-1, 1):
        ex = cx + side * 45
        px.ellipse([ex - 18, 250, ex + 18, 268], fill=(250, 250, 250))
        px.ellipse([ex - 8, 252, ex + 8, 266], fill=(40, 30, 25))
        px.line([(ex - 24, 232), (ex + 24, 228 + rnd.randint(-3, 3))], fill=hair, width=6)
        px.ellipse([cx + side * 118 - 12, 260, cx + side * 118 + 12, 320], fill=skin)  # ears
    px.line([(cx, 270), (cx - 8, 330), (cx + 6, 334)], fill=tuple(c - 40 for c in skin), width=3)
    px.arc([cx - 40, 340, cx + 40, 385], 20, 160, fill=(150, 70, 70), width=5)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    grain = np.random.default_rng(zlib.crc32(seed.encode("utf-8"))).normal(128, 18, (HEIGHT, WIDTH))
    noise = Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8)).convert("RGB")
    return Image.blend(img, noise, 0.06)


def encode_face(image: Image.Image, fmt: str) -> bytes:
    """Encode ``image`` as ``jpeg`` or ``jp2`` at the largest size within 10–20 KB."""
    if fmt not in FORMATS:
        raise KioskError(f"Unknown face format {fmt!r}; use one of {', '.join(FORMATS)}.")
    best = b""
    if fmt == "jpeg":
        for quality in range(95, 4, -5):
            best = _save(image, "JPEG", quality=quality, optimize=True)
            if len(best) <= TARGET_MAX:
                break
    else:
        raw_size = WIDTH * HEIGHT * 3
        for ratio in (raw_size / 18_000, raw_size / 15_000, raw_size / 12_000):
            best = _save(image, "JPEG2000", quality_mode="rates", quality_layers=[ratio])
            if len(best) <= TARGET_MAX:
                break
    return best


def _save(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Redraw and re-encode every sample's face into ``kiosk/assets/samples/faces/``."""
    del argv
    from kiosk.simulated.samples import SAMPLES_DIR, list_samples, load_sample

    for name in list_samples():
        sample = load_sample(name)
        image = draw_portrait(
            name, grey_hair=sample.grey_hair, long_hair=sample.sex == "Nữ"
        )
        data = encode_face(image, sample.face_format)
        path = SAMPLES_DIR / sample.face_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        sys.stdout.write(f"{path.name}: {len(data)} bytes\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
