"""A seeded, reproducible corpus of synthetic 1280x720 photos of CCCD QR codes.

Every scene is one synthetic citizen's QR code (segno, UTF-8, default error level) on
a card lying on a desk, seen by a kiosk camera: perspective, rotation up to +-35 deg,
codes of 170-420 px, and a random mix of blur, motion blur, low contrast, glare,
sensor noise and JPEG compression. Each scene has several consecutive frames that
differ as a held card does (small jitter, fresh noise, varying motion blur).

Run ``python benchmarks/qr_corpus.py --save DIR`` to write the frames as PNG files.
The names and addresses are invented; any match with a real person is chance.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import segno

FRAME_W, FRAME_H = 1280, 720

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lương", "Tạ"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Xuân", "Công", "Đình", "Trọng"]
MIDDLE_F = ["Thị", "Ngọc", "Thùy", "Thanh", "Mỹ", "Bảo", "Kim", "Phương", "Diễm", "Tuyết"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hiếu", "Khải", "Lộc", "Nghĩa", "Phước",
           "Quý", "Thắng", "Tuấn", "Việt", "Vĩnh", "Ửng", "Trí", "Sơn", "Hưng", "Khánh"]
GIVEN_F = ["Hương", "Lan", "Phượng", "Hằng", "Quỳnh", "Nhung", "Ngân", "Thảo", "Yến", "Trâm",
           "Hường", "Loan", "Nguyệt", "Ánh", "Diệp", "Thư", "Ỷ Lan", "Oanh", "Mỹ", "Xuyến"]
STREETS = ["Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo", "Hai Bà Trưng", "Điện Biên Phủ",
           "Võ Thị Sáu", "Nguyễn Đình Chiểu", "Lạch Tray", "Phạm Ngũ Lão", "Đường 3 Tháng 2"]
# (province code, ward, district, province) – public place names.
PLACES = [
    ("001", "Phường Ô Chợ Dừa", "Quận Đống Đa", "Hà Nội"),
    ("001", "Phường Hàng Bạc", "Quận Hoàn Kiếm", "Hà Nội"),
    ("079", "Phường Bến Nghé", "Quận 1", "TP. Hồ Chí Minh"),
    ("079", "Phường Võ Thị Sáu", "Quận 3", "TP. Hồ Chí Minh"),
    ("031", "Phường Lạch Tray", "Quận Ngô Quyền", "Hải Phòng"),
    ("048", "Phường Hòa Cường Bắc", "Quận Hải Châu", "Đà Nẵng"),
    ("092", "Phường Xuân Khánh", "Quận Ninh Kiều", "Cần Thơ"),
    ("046", "Phường Vĩnh Ninh", "TP. Huế", "Thừa Thiên Huế"),
    ("038", "Phường Điện Biên", "TP. Thanh Hóa", "Thanh Hóa"),
    ("040", "Phường Hưng Dũng", "TP. Vinh", "Nghệ An"),
]


@dataclass(frozen=True)
class Citizen:
    """A synthetic citizen and the QR text their card would carry."""

    qr_text: str
    id_number: str


@dataclass(frozen=True)
class Frame:
    """One corpus photo: the BGR image, the expected payload and how it was made."""

    scene: int
    index: int
    image: np.ndarray
    expected: str
    qr_px: int
    effects: tuple[str, ...]


def synthetic_citizen(rng: np.random.Generator) -> Citizen:
    """A random but consistent citizen (ID structure matches date of birth and sex)."""
    male = bool(rng.integers(2))
    code, ward, district, province = PLACES[int(rng.integers(len(PLACES)))]
    born = dt.date(1940, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 66)))
    issued = dt.date(2021, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 4)))
    century = (born.year - 1900) // 100 * 2 + (0 if male else 1)
    id_number = f"{code}{century}{born.year % 100:02d}{int(rng.integers(0, 10**6)):06d}"
    middle = MIDDLE_M if male else MIDDLE_F
    given = GIVEN_M if male else GIVEN_F
    name = " ".join([SURNAMES[int(rng.integers(len(SURNAMES)))],
                     middle[int(rng.integers(len(middle)))],
                     given[int(rng.integers(len(given)))]])
    old_id = "" if rng.random() < 0.3 else f"{int(rng.integers(0, 10**9)):09d}"
    street = STREETS[int(rng.integers(len(STREETS)))]
    address = f"Số {int(rng.integers(1, 300))} {street}, {ward}, {district}, {province}"
    fields = [id_number, old_id, name, born.strftime("%d%m%Y"), "Nam" if male else "Nữ",
              address, issued.strftime("%d%m%Y")]
    return Citizen("|".join(fields), id_number)


def _card_plane(text: str, rng: np.random.Generator, module_px: int) -> tuple[np.ndarray, int]:
    """The QR area of a card as a grey image and the offset of the code inside it."""
    matrix = np.array(segno.make(text, micro=False).matrix, dtype=np.uint8)
    n = matrix.shape[0] + 8  # 4-module quiet zone each side
    code = np.full((n, n), 1, np.uint8)
    code[4:-4, 4:-4] = 1 - matrix
    code_img = cv2.resize(code * 255, (n * module_px, n * module_px),
                          interpolation=cv2.INTER_NEAREST)
    margin = code_img.shape[0] // 2
    size = code_img.shape[0] + 2 * margin
    card_tone = int(rng.integers(205, 245))
    plane = np.full((size, size), card_tone, np.uint8)
    # fake printed text and guilloche lines around the code, as on the card
    for _ in range(14):
        y = int(rng.integers(0, size - 6))
        x = int(rng.integers(0, size // 2))
        w = int(rng.integers(size // 8, size // 2))
        cv2.rectangle(plane, (x, y), (x + w, y + int(rng.integers(3, 9))),
                      int(rng.integers(60, 160)), -1)
    for _ in range(6):
        pts = np.cumsum(rng.normal(0, 12, (30, 2)), axis=0) + size / 2
        cv2.polylines(plane, [pts.astype(np.int32)], False, int(rng.integers(150, 200)), 2)
    ink = np.where(code_img == 0, int(rng.integers(10, 45)), card_tone).astype(np.uint8)
    plane[margin:margin + code_img.shape[0], margin:margin + code_img.shape[0]] = ink
    return plane, margin


def background(rng: np.random.Generator) -> np.ndarray:
    low = rng.integers(30, 200, (3, 4, 3)).astype(np.float32)
    bg = cv2.resize(low, (FRAME_W, FRAME_H), interpolation=cv2.INTER_CUBIC)
    texture = cv2.GaussianBlur(rng.normal(0, 18, (FRAME_H, FRAME_W)).astype(np.float32),
                               (0, 0), 3)
    return np.clip(bg.mean(axis=2) + texture, 0, 255).astype(np.float32)


@dataclass(frozen=True)
class _Scene:
    plane: np.ndarray
    margin: int
    quad: np.ndarray  # where the code's four corners land in the frame
    background: np.ndarray
    blur: float
    motion: float
    motion_angle: float
    contrast: tuple[float, float]
    glare: tuple[float, float, float, float] | None
    noise: float
    jpeg: int
    effects: tuple[str, ...]
    # a real-world addition drawn on the frame before the optics (benchmarks/qr_scenes.py):
    # (image, rng, the code's corners this frame, a later frame of the scene?) -> image
    overlay: Callable[[np.ndarray, np.random.Generator, np.ndarray, bool], np.ndarray] | None \
        = None


def _make_scene(rng: np.random.Generator, text: str) -> _Scene:
    qr_px = float(rng.uniform(170, 420))
    plane, margin = _card_plane(text, rng, module_px=8)
    side = plane.shape[0] - 2 * margin
    angle = math.radians(float(rng.uniform(-35, 35)))
    # perspective: shrink one pair of edges as a tilted card does
    tilt_x, tilt_y = rng.uniform(-0.18, 0.18, 2)
    half = qr_px / 2
    corners = np.array([[-half, -half], [half, -half], [half, half], [-half, half]])
    corners[:, 0] *= 1 + tilt_y * corners[:, 1] / qr_px
    corners[:, 1] *= 1 + tilt_x * corners[:, 0] / qr_px
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    corners = corners @ rot.T
    reach = np.abs(corners).max(axis=0) + 10
    cx = rng.uniform(reach[0], FRAME_W - reach[0])
    cy = rng.uniform(reach[1], FRAME_H - reach[1])
    quad = (corners + np.array([cx, cy])).astype(np.float32)
    effects: list[str] = [f"{int(qr_px)}px", f"rot{math.degrees(angle):+.0f}"]
    blur = float(rng.uniform(0.6, 2.0)) if rng.random() < 0.35 else 0.0
    motion = float(rng.uniform(3, 9)) if rng.random() < 0.3 else 0.0
    lo, hi = (float(rng.uniform(60, 110)), float(rng.uniform(140, 185))) \
        if rng.random() < 0.3 else (0.0, 255.0)
    glare = None
    if rng.random() < 0.25:
        glare = (float(cx + rng.uniform(-half, half)), float(cy + rng.uniform(-half, half)),
                 float(rng.uniform(0.15, 0.45) * qr_px), float(rng.uniform(70, 150)))
    noise = float(rng.uniform(2, 12))
    effects += [name for name, on in [("blur", blur), ("motion", motion),
                                      ("lowcontrast", hi < 255), ("glare", glare)] if on]
    del side
    return _Scene(plane, margin, quad, background(rng), blur, motion,
                  float(rng.uniform(0, 180)), (lo, hi), glare, noise,
                  int(rng.integers(60, 92)), tuple(effects))


def _render(scene: _Scene, rng: np.random.Generator, jitter: bool) -> np.ndarray:
    plane = scene.plane
    side = plane.shape[0] - 2 * scene.margin
    quad = scene.quad.copy()
    if jitter:
        quad += rng.normal(0, 2.0, (1, 2)).astype(np.float32)
        quad += rng.normal(0, 0.7, (4, 2)).astype(np.float32)
    # pre-shrink the plane close to its final size so the warp does not alias
    scale = float(np.linalg.norm(quad[1] - quad[0])) / side
    if scale < 0.9:
        plane = cv2.resize(plane, None, fx=scale * 1.2, fy=scale * 1.2,
                           interpolation=cv2.INTER_AREA)
    k = plane.shape[0] / scene.plane.shape[0]
    m = scene.margin * k
    s = side * k
    src = np.array([[m, m], [m + s, m], [m + s, m + s], [m, m + s]], np.float32)
    h = cv2.getPerspectiveTransform(src, quad)
    warped = cv2.warpPerspective(plane, h, (FRAME_W, FRAME_H), flags=cv2.INTER_LINEAR,
                                 borderValue=0)
    mask = cv2.warpPerspective(np.full(plane.shape, 255, np.uint8), h, (FRAME_W, FRAME_H),
                               flags=cv2.INTER_LINEAR, borderValue=0) / np.float32(255)
    mask = mask.astype(np.float32)
    img = scene.background * (1 - mask) + warped.astype(np.float32) * mask
    if scene.overlay is not None:
        img = scene.overlay(img, rng, quad, jitter)
    if scene.blur:
        img = cv2.GaussianBlur(img, (0, 0), scene.blur * rng.uniform(0.85, 1.15))
    motion = scene.motion * rng.uniform(0.6, 1.3) if scene.motion else (
        rng.uniform(0, 3) if jitter else 0.0)
    if motion >= 1.5:
        length = max(2, round(motion))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1.0 / length
        rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5),
                                      scene.motion_angle, 1.0)
        kernel = cv2.warpAffine(kernel, rot, (length, length))
        img = cv2.filter2D(img, -1, kernel / max(kernel.sum(), 1e-6))
    lo, hi = scene.contrast
    img = lo + img * ((hi - lo) / 255.0)
    if scene.glare is not None:
        gx, gy, radius, strength = scene.glare
        x0, x1 = max(0, int(gx - 4 * radius)), min(FRAME_W, int(gx + 4 * radius) + 1)
        y0, y1 = max(0, int(gy - 4 * radius)), min(FRAME_H, int(gy + 4 * radius) + 1)
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        img[y0:y1, x0:x1] += strength * np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2)
                                               / (2 * radius**2))
    gains = rng.uniform(0.92, 1.08, 3).astype(np.float32)
    img = cv2.merge([img * g for g in gains])
    img += rng.standard_normal(img.shape, dtype=np.float32) * np.float32(scene.noise)
    out = np.clip(img, 0, 255).astype(np.uint8)
    ok, enc = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, scene.jpeg])
    assert ok
    return cv2.imdecode(enc, cv2.IMREAD_COLOR)


def generate(scenes: int = 64, frames_per_scene: int = 5, seed: int = 20260417) -> Iterator[Frame]:
    """Yield ``scenes * frames_per_scene`` frames, scene by scene, reproducibly."""
    rng = np.random.default_rng(seed)
    for s in range(scenes):
        citizen = synthetic_citizen(rng)
        scene = _make_scene(rng, citizen.qr_text)
        for i in range(frames_per_scene):
            img = _render(scene, rng, jitter=i > 0)
            side = int(np.linalg.norm(scene.quad[1] - scene.quad[0]))
            yield Frame(s, i, img, citizen.qr_text, side, scene.effects)


def main() -> None:
    """Write the corpus (or a part of it) as PNG files."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--save", type=Path, help="write the corpus frames here")
    parser.add_argument("--demo-assets", type=Path, help="write the demo photos here")
    parser.add_argument("--scenes", type=int, default=64)
    parser.add_argument("--frames", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20260417)
    args = parser.parse_args()
    if args.demo_assets:
        for path in write_demo_assets(args.demo_assets):
            print(f"wrote {path}")
    if not args.save:
        return
    args.save.mkdir(parents=True, exist_ok=True)
    for frame in generate(args.scenes, args.frames, args.seed):
        name = f"scene{frame.scene:03d}_{frame.index}_{'_'.join(frame.effects)}.png"
        cv2.imwrite(str(args.save / name), frame.image)
    print(f"wrote {args.scenes * args.frames} frames to {args.save}")



def render_photo(text: str, seed: int) -> np.ndarray:
    """One synthetic photo of a card whose QR code holds ``text`` (for demos and tests)."""
    rng = np.random.default_rng(seed)
    return _render(_make_scene(rng, text), rng, jitter=False)


def write_demo_assets(folder: Path) -> list[Path]:
    """Photos of the sample citizens' QR codes (``kiosk/assets/samples``) for the camera."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    samples = sorted((Path(__file__).resolve().parents[1] / "kiosk/assets/samples").glob("*.json"))
    for number, sample in enumerate(samples):
        text = json.loads(sample.read_text(encoding="utf-8")).get("qr_text")
        if not text:
            continue
        path = folder / f"{number + 1:02d}-{sample.stem}.jpg"
        cv2.imwrite(str(path), render_photo(text, seed=100 + number),
                    [cv2.IMWRITE_JPEG_QUALITY, 85])
        written.append(path)
    written.append(_write_demo_video(folder / "video" / "card-held-up.avi", samples))
    return written


def _write_demo_video(path: Path, samples: list[Path]) -> Path:
    """A short clip: an empty desk, then a card held up (hand jitter, motion blur)."""
    import json

    text = json.loads(samples[0].read_text(encoding="utf-8"))["qr_text"] if samples else \
        synthetic_citizen(np.random.default_rng(5)).qr_text
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(21)
    scene = _make_scene(rng, text)
    size = (960, 540)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, size)
    empty = cv2.cvtColor(np.clip(scene.background, 0, 255).astype(np.uint8),
                         cv2.COLOR_GRAY2BGR)
    for _ in range(4):
        writer.write(cv2.resize(empty, size, interpolation=cv2.INTER_AREA))
    for _ in range(8):
        writer.write(cv2.resize(_render(scene, rng, jitter=True), size,
                                interpolation=cv2.INTER_AREA))
    writer.release()
    return path


if __name__ == "__main__":
    main()
