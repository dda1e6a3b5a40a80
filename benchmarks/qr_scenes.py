"""Real-world scene kinds the desk corpus lacks (issue 19 item 11), seeded and reproducible.

Each kind is the desk corpus's scene (``benchmarks/qr_corpus.py``: size, rotation,
tilt, blur, motion, contrast, glare, noise, JPEG as there) plus one thing seen at real
kiosks, drawn in the frame before the optics (so blur and noise apply to it too):

- ``chip-reflection`` — the card's chip contacts beside the code, their gold pad
  blooming with a specular reflection that spills over the code's edge;
- ``phone-screen`` — the card shown on a phone (VNeID): the screen's pixel grid (moiré
  after the camera resamples it), a lifted black level, the phone's dark bezel, and a
  faint reflection of the room on the glass;
- ``glare-line`` — a laminated card's glare line: a narrow saturated band across the
  code that moves a little from frame to frame;
- ``thumb`` — a thumb holding the card over one edge of the code, covering the quiet
  zone and part of the modules (sometimes a finder pattern: then no decoder can read it).

    python benchmarks/qr_scenes.py --save DIR [--kind thumb] [--scenes 8]
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.qr_corpus import FRAME_H, FRAME_W, Frame, _make_scene, _render, synthetic_citizen

Overlay = Callable[[np.ndarray, np.random.Generator, np.ndarray, bool], np.ndarray]


def _axes(quad: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """The code's centre, unit x and y axes in the frame, and its side in pixels."""
    centre = quad.mean(axis=0)
    u = quad[1] - quad[0]
    v = quad[3] - quad[0]
    side = float((np.linalg.norm(u) + np.linalg.norm(v)) / 2)
    return centre, u / np.linalg.norm(u), v / np.linalg.norm(v), side


def _grid() -> tuple[np.ndarray, np.ndarray]:
    yy, xx = np.mgrid[0:FRAME_H, 0:FRAME_W].astype(np.float32)
    return xx, yy


def _local(quad: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Every pixel's position in the code's own coordinates (in code sides, centre 0)."""
    centre, u, v, side = _axes(quad)
    xx, yy = _grid()
    dx, dy = xx - centre[0], yy - centre[1]
    return (dx * u[0] + dy * u[1]) / side, (dx * v[0] + dy * v[1]) / side, side


def chip_reflection(rng: np.random.Generator) -> Overlay:
    """The chip's gold contact pad beside the code, blooming over the code's edge."""
    edge = float(rng.choice([-1.0, 1.0]))
    gap = float(rng.uniform(0.02, 0.12))  # between the quiet zone and the pad, in sides
    pad_w, pad_h = float(rng.uniform(0.35, 0.5)), float(rng.uniform(0.3, 0.45))
    offset = float(rng.uniform(-0.25, 0.25))
    bloom = float(rng.uniform(0.12, 0.3))
    strength = float(rng.uniform(90, 200))

    def draw(img: np.ndarray, frame_rng: np.random.Generator, quad: np.ndarray,
             later: bool) -> np.ndarray:
        x, y, _side = _local(quad)
        px = x - edge * (0.5 + gap + pad_w / 2)
        py = y - offset
        pad = (np.abs(px) < pad_w / 2) & (np.abs(py) < pad_h / 2)
        contacts = (np.abs(np.abs(px) - pad_w / 6) < 0.01) | (np.abs(py) < 0.008)
        out = img.copy()
        out[pad] = 215 + 25 * np.sin(12 * px[pad] + 7 * py[pad])
        out[pad & contacts] = 120
        wobble = frame_rng.normal(0, 0.01) if later else 0.0
        near = edge * (0.5 + gap) + wobble
        dist2 = ((x - near) ** 2 + (py * 0.8) ** 2) / bloom**2
        return out + strength * np.exp(-dist2)

    return draw


def phone_screen(rng: np.random.Generator) -> Overlay:
    """A phone showing the card: pixel grid, lifted blacks, bezel, glass reflection."""
    pitch = float(rng.uniform(2.2, 4.0))  # screen pixels, in frame pixels
    depth = float(rng.uniform(0.12, 0.3))
    black, white = float(rng.uniform(35, 75)), float(rng.uniform(225, 250))
    screen = float(rng.uniform(0.65, 0.85))  # half the screen's width, in code sides
    sheen = float(rng.uniform(20, 60))
    sheen_angle = float(rng.uniform(0, math.pi))

    def draw(img: np.ndarray, frame_rng: np.random.Generator, quad: np.ndarray,
             later: bool) -> np.ndarray:
        x, y, side = _local(quad)
        lit = (np.abs(x) < screen) & (np.abs(y) < screen * 1.8)
        bezel = (np.abs(x) < screen + 0.12) & (np.abs(y) < screen * 1.8 + 0.2) & ~lit
        cells = 0.5 + 0.5 * np.cos(2 * np.pi * x * side / pitch) * np.cos(
            2 * np.pi * y * side / pitch)
        shown = black + img * ((white - black) / 255.0)
        shown = shown * (1 - depth * cells)
        across = x * math.cos(sheen_angle) + y * math.sin(sheen_angle)
        shown += sheen * np.clip(1 - np.abs(across - 0.3), 0, 1)
        out = img.copy()
        out[lit] = shown[lit]
        out[bezel] = 18
        return out

    return draw


def glare_line(rng: np.random.Generator) -> Overlay:
    """A laminate's glare line across the code, moving a little between frames."""
    angle = float(rng.uniform(0, math.pi))
    shift = float(rng.uniform(-0.3, 0.3))
    width = float(rng.uniform(3, 14))  # frame pixels
    strength = float(rng.uniform(120, 220))

    def draw(img: np.ndarray, frame_rng: np.random.Generator, quad: np.ndarray,
             later: bool) -> np.ndarray:
        x, y, side = _local(quad)
        moved = shift + (frame_rng.normal(0, 0.02) if later else 0.0)
        across = (x * math.cos(angle) + y * math.sin(angle) - moved) * side
        return img + strength * np.exp(-(across**2) / (2 * (width / 2) ** 2))

    return draw


def thumb(rng: np.random.Generator) -> Overlay:
    """A thumb over one edge of the code (quiet zone and some modules)."""
    edge = int(rng.integers(4))
    along = float(rng.uniform(-0.3, 0.3))
    reach = float(rng.uniform(0.06, 0.2))  # how far into the code, from its edge
    length = float(rng.uniform(0.22, 0.4))
    tone = float(rng.uniform(120, 185))

    def draw(img: np.ndarray, frame_rng: np.random.Generator, quad: np.ndarray,
             later: bool) -> np.ndarray:
        x, y, _side = _local(quad)
        a, b = [(x, y), (-x, y), (y, x), (-y, x)][edge]  # a: across the edge, inward < 0.5
        wobble = frame_rng.normal(0, 0.01, 2) if later else np.zeros(2)
        # an ellipse centred outside the code, reaching ``reach`` past its edge
        cx = 0.5 + 0.35 - reach + wobble[0]
        inside = ((a - cx) / 0.35) ** 2 + ((b - along - wobble[1]) / length) ** 2 < 1
        out = img.copy()
        shade = tone - 25 * np.clip((a - cx) / 0.35, -1, 1)
        out[inside] = shade[inside]
        return out

    return draw


KINDS: dict[str, Callable[[np.random.Generator], Overlay]] = {
    "chip-reflection": chip_reflection,
    "phone-screen": phone_screen,
    "glare-line": glare_line,
    "thumb": thumb,
}


def generate_kind(kind: str, scenes: int, frames_per_scene: int, seed: int) -> Iterator[Frame]:
    """Yield the frames of ``scenes`` scenes of ``kind``, reproducibly from ``seed``."""
    rng = np.random.default_rng(seed)
    for s in range(scenes):
        citizen = synthetic_citizen(rng)
        scene = _make_scene(rng, citizen.qr_text)
        scene = replace(scene, overlay=KINDS[kind](rng), effects=(*scene.effects, kind))
        for i in range(frames_per_scene):
            img = _render(scene, rng, jitter=i > 0)
            side = int(np.linalg.norm(scene.quad[1] - scene.quad[0]))
            yield Frame(s, i, img, citizen.qr_text, side, scene.effects)


def main() -> None:
    """Write frames of one kind (or of every kind) as PNG files to look at."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--save", type=Path, required=True)
    parser.add_argument("--kind", choices=sorted(KINDS), default=None)
    parser.add_argument("--scenes", type=int, default=8)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    args.save.mkdir(parents=True, exist_ok=True)
    for kind in [args.kind] if args.kind else sorted(KINDS):
        for frame in generate_kind(kind, args.scenes, 2, args.seed):
            name = f"{kind}_{frame.scene:03d}_{frame.index}.png"
            cv2.imwrite(str(args.save / name), frame.image)
    print(f"wrote frames to {args.save}")


if __name__ == "__main__":
    main()
