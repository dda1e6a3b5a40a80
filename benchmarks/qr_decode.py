"""Benchmark: decode rate and time per frame for the kiosk's QR pipeline and its peers.

Single core (pinned to CPU 0, OpenCV with one thread). Corpus: ``qr_corpus.generate``
(default 120 scenes x 5 frames = 600 synthetic 1280x720 photos, seed 20260417).

    .venv/bin/python benchmarks/qr_decode.py            # about two minutes
    .venv/bin/python benchmarks/qr_decode.py --scenes 20  # quick look
    .venv/bin/python benchmarks/qr_decode.py --tune      # re-derive the ladder (seed 1)
    .venv/bin/python benchmarks/qr_decode.py --tune-deblur  # re-derive the deblur rungs
    .venv/bin/python benchmarks/qr_decode.py --held-out  # seeds no setting was chosen on,
                                                         # and the real-world scene kinds
    .venv/bin/python benchmarks/qr_decode.py --held-out --seeds seen --kind-scenes 0
                                                         # 11, 23, 47 (seen since issue 19)

Per-frame figures use a fresh decoder for every frame (no help from the previous
frame). The five-frame figure counts a scene as read when any of its frames is read.
The "streaming" rows keep one decoder across the frames of a scene, built exactly as
the camera worker builds it (``FrameDecoder()``, the defaults of
``kiosk.devices.qr.camera.CameraScanner``). A result counts only when its text equals the
payload (after the same UTF-8 repair for every method).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.qr_corpus import Frame, background, generate
from benchmarks.qr_scenes import KINDS, generate_kind
from kiosk.devices.qr import deblur
from kiosk.devices.qr.frame_decoder import (
    CANDIDATE_STEPS,
    DEBLUR_PAD,
    DEBLUR_STEPS,
    DEFOCUS_RUNGS,
    MOTION_RUNGS,
    PLAIN,
    DeblurRung,
    FrameDecoder,
    _read,
)
from kiosk.devices.qr.text_repair import decode_scanned

MIN_GAIN = 2
Method = Callable[[np.ndarray], str | None]


def _ours_fresh(frame: np.ndarray) -> str | None:
    hit = FrameDecoder().decode(frame)
    return hit.text if hit else None


def _ours_no_deblur(frame: np.ndarray) -> str | None:
    hit = FrameDecoder(deblur_every=0).decode(frame)
    return hit.text if hit else None


def _zxing_default(frame: np.ndarray) -> str | None:
    found = zxingcpp.read_barcodes(frame)
    return found[0].text if found else None


def _opencv(detector: object) -> Method:
    def run(frame: np.ndarray) -> str | None:
        text, _points, _ = detector.detectAndDecode(frame)  # type: ignore[attr-defined]
        return text or None
    return run


def _same(text: str | None, expected: str) -> bool:
    if not text:
        return False
    try:
        return decode_scanned(text)[0] == expected
    except Exception:
        return False


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def tune(scenes: int, frames: int, seed: int) -> None:
    """Greedy ladder choice on a tuning corpus (a seed the benchmark does not use).

    After the plain pass, repeatedly pick the candidate step that reads the most
    still-unread frames per millisecond it costs on them, until the best pick would
    read fewer than ``MIN_GAIN`` more frames (one frame is chance, not evidence, and
    every step costs its time on each frame without a code).
    """
    corpus = list(generate(scenes, frames, seed))
    plain = FrameDecoder(ladder=(PLAIN,), roi_ladder=(), deblur_every=0)
    misses = [f for f in corpus if not _same(_text(plain.decode(f.image)), f.expected)]
    print(f"tuning corpus: {len(corpus)} frames (seed {seed}); plain pass misses "
          f"{len(misses)} ({len(misses) / len(corpus):.1%})")
    solved: dict[str, set[int]] = {}
    cost: dict[str, float] = {}
    for step in CANDIDATE_STEPS:
        only = FrameDecoder(ladder=(step,), roi_ladder=(), deblur_every=0)
        times = []
        solved[step.name] = set()
        for i, frame in enumerate(misses):
            start = time.perf_counter()
            text = _text(only.decode(frame.image))
            times.append((time.perf_counter() - start) * 1000)
            if _same(text, frame.expected):
                solved[step.name].add(i)
        cost[step.name] = statistics.median(times) if times else 0.0
        print(f"  {step.name:18s} reads {len(solved[step.name]):3d} of the misses, "
              f"{cost[step.name]:.2f} ms each")
    left = set(range(len(misses)))
    order = ["plain"]
    while left:
        best = max(solved, key=lambda n: len(solved[n] & left) / max(cost[n], 0.01))
        if len(solved[best] & left) < MIN_GAIN:
            print(f"  stop: the best next step ({best}) reads only "
                  f"{len(solved[best] & left)} more")
            break
        left -= solved[best]
        order.append(best)
        print(f"  pick {best:18s} -> {len(left)} frames still unread")
    print(f"ladder: {' -> '.join(order)}; tuning-corpus rate "
          f"{1 - len(left) / len(corpus):.1%}")


# the deconvolutions ``--tune-deblur`` chooses from
TUNE_SIGMAS = (0.0, 0.6, 1.0, 1.4, 1.8, 2.2)
TUNE_NOISE_RATIOS = (0.002, 0.005, 0.01, 0.02, 0.05)
MAX_RUNGS = 4


def deblur_outcomes(gray: np.ndarray, expected: str
                    ) -> tuple[deblur.BlurEstimate, set[DeblurRung]]:
    """The blur estimate of a frame and every candidate rung that makes it readable.

    The same path as ``FrameDecoder._deblur``: code region, estimate, Wiener with the
    estimated kernel and the rung's sigma and noise ratio, then the deblur steps.
    """
    crop, _, _ = deblur.crop_around(gray, *deblur.locate_code(gray))
    gx, gy = deblur.gradients(crop)
    mask = deblur.code_mask(gx, gy)
    blur = deblur.estimate_blur(gx, gy, mask)
    x0, y0, x1, y1 = deblur.fft_friendly(
        deblur.mask_box(mask, DEBLUR_PAD + int(blur.length)), crop.shape)
    region = np.ascontiguousarray(crop[y0:y1, x0:x1])
    reads: set[DeblurRung] = set()
    if min(region.shape) < 21:
        return blur, reads
    spectrum = np.fft.rfft2(region.astype(np.float32))
    for sigma in TUNE_SIGMAS:
        for ratio in TUNE_NOISE_RATIOS:
            kernel = deblur.blur_kernel(blur.length, blur.angle, sigma)
            restored = deblur.wiener(spectrum, region.shape, kernel, ratio)
            for step in DEBLUR_STEPS:
                hit = _read(restored, step)
                if hit is not None and _same(hit.text, expected):
                    reads.add(DeblurRung(sigma, ratio))
                    break
    return blur, reads


def pick_rungs(outcomes: list[set[DeblurRung]]) -> list[DeblurRung]:
    """Greedy: the rung that reads the most still-unread frames, until one would add
    fewer than ``MIN_GAIN`` or ``MAX_RUNGS`` are picked."""
    left = set(range(len(outcomes)))
    picked: list[DeblurRung] = []
    candidates = [DeblurRung(s, r) for s in TUNE_SIGMAS for r in TUNE_NOISE_RATIOS]
    while left and len(picked) < MAX_RUNGS:
        best = max(candidates, key=lambda c: sum(c in outcomes[i] for i in left))
        gain = {i for i in left if best in outcomes[i]}
        if len(gain) < MIN_GAIN:
            break
        left -= gain
        picked.append(best)
        print(f"    pick sigma {best.sigma}, noise ratio {best.noise_ratio}: "
              f"{len(left)} of {len(outcomes)} still unread")
    return picked


def tune_deblur(frames: list[tuple[int, int, np.ndarray, str]]) -> None:
    """Choose the deblur rungs on ladder misses of a tuning corpus, then compare schedules.

    ``frames`` are (scene, index in scene, grey frame, payload). Misses are split by the
    estimate: a clear motion direction (motion kernel) or not (defocus only); each class
    gets its own greedy list of rungs. Then the shipped rungs run as the camera runs
    them (one decoder per scene) under a few schedules: how often a deblur attempt runs
    and how many rungs it tries.
    """
    ladder = FrameDecoder(deblur_every=0)
    classes: dict[str, list[set[DeblurRung]]] = {"motion": [], "defocus": []}
    misses = 0
    for _scene, _index, gray, expected in frames:
        if _same(_text(ladder.decode(gray)), expected):
            continue
        misses += 1
        blur, reads = deblur_outcomes(gray, expected)
        classes["motion" if blur.length > 0 else "defocus"].append(reads)
    print(f"tuning corpus: {len(frames)} frames; the ladder misses {misses}")
    for name, outcomes in classes.items():
        readable = sum(bool(o) for o in outcomes)
        print(f"  {name}: {len(outcomes)} misses, {readable} readable by some rung")
        picked = pick_rungs(outcomes)
        print(f"  {name} rungs: {picked}")
    schedules: list[tuple[str, Callable[[], FrameDecoder]]] = [
        ("deblur off", lambda: FrameDecoder(deblur_every=0)),
        ("every 2nd miss, all rungs", lambda: FrameDecoder(deblur_every=2, deblur_rungs=0)),
        ("every miss, all rungs (camera)", FrameDecoder),
        ("every miss, first rung only", lambda: FrameDecoder(
            motion_rungs=MOTION_RUNGS[:1], defocus_rungs=DEFOCUS_RUNGS[:1])),
        ("every miss, 1 rung rotating", lambda: FrameDecoder(deblur_rungs=1)),
    ]
    print("  schedules, decoder kept across each scene's frames:")
    for label, make in schedules:
        decoder = make()
        hits = 0
        read: dict[int, bool] = defaultdict(bool)
        times: list[float] = []
        for scene, index, gray, expected in frames:
            if index == 0:
                decoder.reset()
            start = time.perf_counter()
            ok = _same(_text(decoder.decode(gray)), expected)
            times.append((time.perf_counter() - start) * 1000)
            hits += ok
            read[scene] |= ok
        print(f"    {label:38s} per-frame {hits / len(frames):6.1%}, scenes read "
              f"{sum(read.values())}/{len(read)}, mean {statistics.mean(times):.2f} ms/frame")


def _text(hit: object) -> str | None:
    return getattr(hit, "text", None)


# Seeds no setting was ever chosen on: the ladder and the deblur rungs were tuned on
# seeds 1 and 2 and checked on 20260417; 11, 23 and 47 were picked after and measured
# once (issue 19). The issue 19 follow-up (the crop threshold, every deblur rung on
# every miss, 2x on restored regions) was chosen by looking at failures on seeds 3, 4
# and 5; 101, 211 and 307 were picked before that change was measured on anything
# unseen, and are the honest held-out seeds now (11, 23, 47 are kept for continuity,
# labelled as seen).
HELD_OUT_SEEDS = (101, 211, 307)
SEEN_SEEDS = (11, 23, 47)
KIND_SEED = 7  # the real-world scene kinds (benchmarks/qr_scenes.py)


def _camera_stream(frame: Frame, state: dict[str, FrameDecoder]) -> str | None:
    """Ours as the camera runs it: one decoder across the frames of a scene."""
    if frame.index == 0 or "decoder" not in state:
        state["decoder"] = FrameDecoder()
    return _text(state["decoder"].decode(frame.image))


def score(frames: list[Frame]) -> dict[str, tuple[float, float, int, int]]:
    """Per method: (per-frame rate, five-frame rate, frames read, scenes read)."""
    stream: dict[str, FrameDecoder] = {}
    opencv, aruco = _opencv(cv2.QRCodeDetector()), _opencv(cv2.QRCodeDetectorAruco())
    methods: dict[str, Callable[[Frame], str | None]] = {
        "ours (fresh per frame)": lambda f: _ours_fresh(f.image),
        "ours, streaming (camera)": lambda f: _camera_stream(f, stream),
        "zxing-cpp default": lambda f: _zxing_default(f.image),
        "cv2.QRCodeDetector": lambda f: opencv(f.image),
        "cv2.QRCodeDetectorAruco": lambda f: aruco(f.image),
    }
    out = {}
    for name, method in methods.items():
        hits = 0
        scenes: dict[int, bool] = defaultdict(bool)
        for frame in frames:
            ok = _same(method(frame), frame.expected)
            hits += ok
            scenes[frame.scene] |= ok
        read = sum(scenes.values())
        out[name] = (hits / len(frames), read / len(scenes), hits, read)
    return out


def _score_job(job: tuple[str, int, int, int]) -> dict[str, tuple[float, float, int, int]]:
    kind, scenes, frames, seed = job
    cv2.setNumThreads(1)
    corpus = generate(scenes, frames, seed) if kind == "desk" else generate_kind(
        kind, scenes, frames, seed)
    return score(list(corpus))


def held_out(scenes: int, frames: int, kind_scenes: int, jobs: int,
             seeds: tuple[int, ...] = HELD_OUT_SEEDS) -> None:
    """The decoder on seeds it was never tuned on, and on the real-world scene kinds.

    Rates only (no timings), so the corpora are scored in ``jobs`` processes at once
    (1: in this process). ``kind_scenes`` 0 leaves the scene kinds out.
    """
    from multiprocessing import Pool

    print(f"held-out seeds {seeds}: {scenes} scenes x {frames} frames each")
    kinds = sorted(KINDS) if kind_scenes else []
    work = [("desk", scenes, frames, seed) for seed in seeds] + [
        (kind, kind_scenes, frames, KIND_SEED) for kind in kinds]
    if jobs > 1:
        with Pool(jobs) as pool:
            results = pool.map(_score_job, work, chunksize=1)
    else:
        results = [_score_job(job) for job in work]
    per_seed: dict[str, list[tuple[float, float, int, int]]] = defaultdict(list)
    for result in results[:len(seeds)]:
        for name, row in result.items():
            per_seed[name].append(row)
    print(f"{'method':28s} " + " ".join(f"{'seed ' + str(s):>17s}" for s in seeds)
          + f" {'spread (pp)':>11s} {'5 frames, all':>14s}")
    for name, rows in per_seed.items():
        rates = [r[0] for r in rows]
        cells = " ".join(f"{r[0]:8.1%} / {r[1]:6.1%}" for r in rows)
        together = sum(r[3] for r in rows) / (scenes * len(rows))
        print(f"{name:28s} {cells} {100 * (max(rates) - min(rates)):11.1f} {together:14.2%}")
    print("(each seed: per-frame / five-frame; spread = best minus worst per-frame rate)")
    if not kinds:
        return
    print()
    print(f"real-world scene kinds (seed {KIND_SEED}, {kind_scenes} scenes x {frames} frames "
          "each): per-frame / five-frame")
    names: list[str] = []
    table: dict[str, list[str]] = {}
    for kind, rows_k in zip(kinds, results[len(seeds):], strict=True):
        names = list(rows_k)
        table[kind] = [f"{r[0]:6.1%} / {r[1]:6.1%}" for r in rows_k.values()]
    print(f"{'kind':16s} " + " ".join(f"{n[:24]:>24s}" for n in names))
    for kind, cells_k in table.items():
        print(f"{kind:16s} " + " ".join(f"{c:>24s}" for c in cells_k))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenes", type=int, default=120)
    parser.add_argument("--frames", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20260417)
    parser.add_argument("--tune", action="store_true",
                        help="derive the ladder on the tuning corpus (seed 1, 300 x 2)")
    parser.add_argument("--held-out", action="store_true",
                        help="seeds no setting was chosen on, and the real-world scene kinds")
    parser.add_argument("--kind-scenes", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=4, help="processes for --held-out")
    parser.add_argument("--tune-seeds", default="1,2",
                        help="--tune-deblur corpora (150 x 5 each); the issue 19 follow-up "
                             "used 1,2,3,4,5")
    parser.add_argument("--seeds", default="",
                        help="--held-out seeds, comma-separated (default: the held-out "
                             f"{','.join(map(str, HELD_OUT_SEEDS))}; 'seen': "
                             f"{','.join(map(str, SEEN_SEEDS))})")
    parser.add_argument("--tune-deblur", action="store_true",
                        help="derive the deblur rungs on the tuning corpora (seeds 1 and 2, "
                             "150 x 5 each)")
    args = parser.parse_args()
    if args.held_out:  # rates only: not pinned, corpora scored in parallel
        seeds = (SEEN_SEEDS if args.seeds == "seen" else
                 tuple(int(x) for x in args.seeds.split(",")) if args.seeds else HELD_OUT_SEEDS)
        held_out(args.scenes, args.frames, args.kind_scenes, args.jobs, seeds)
        return
    os.sched_setaffinity(0, {0})
    cv2.setNumThreads(1)
    tune_seeds = tuple(int(x) for x in args.tune_seeds.split(","))
    if args.tune:
        tune(300, 2, 1)
        return
    if args.tune_deblur:
        tune_deblur([(seed * 1000 + f.scene, f.index, cv2.cvtColor(f.image, cv2.COLOR_BGR2GRAY),
                      f.expected) for seed in tune_seeds for f in generate(150, 5, seed)])
        return

    t0 = time.perf_counter()
    corpus = list(generate(args.scenes, args.frames, args.seed))
    print(f"corpus: {len(corpus)} frames, {args.scenes} scenes x {args.frames}, "
          f"seed {args.seed}, generated in {time.perf_counter() - t0:.1f} s")
    methods: dict[str, Method] = {
        "ours (kiosk FrameDecoder)": _ours_fresh,
        "ours, no deblur": _ours_no_deblur,
        "zxing-cpp default": _zxing_default,
        "cv2.QRCodeDetector": _opencv(cv2.QRCodeDetector()),
        "cv2.QRCodeDetectorAruco": _opencv(cv2.QRCodeDetectorAruco()),
    }
    rows = []
    for name, method in methods.items():
        times: list[float] = []
        hits = 0
        scene_hit: dict[int, bool] = defaultdict(bool)
        for frame in corpus:
            start = time.perf_counter()
            text = method(frame.image)
            times.append((time.perf_counter() - start) * 1000)
            ok = _same(text, frame.expected)
            hits += ok
            scene_hit[frame.scene] |= ok
        rows.append((name, hits / len(corpus), statistics.median(times), _pct(times, 90),
                     sum(scene_hit.values()) / len(scene_hit)))

    # ours as the camera runs it: one decoder kept across the frames of a scene
    streams = {}
    read_scenes: dict[int, bool] = {}
    deblurred: list[float] = []  # ms of the frames that went as far as a deblur attempt
    variants: list[tuple[str, Callable[[], FrameDecoder]]] = [
        ("ours, streaming (camera)", FrameDecoder),
        ("ours, streaming, 1 rung rotating", lambda: FrameDecoder(deblur_rungs=1)),
        ("ours, streaming, no deblur", lambda: FrameDecoder(deblur_every=0)),
    ]
    for label, make in variants:
        decoder = make()
        stream_times: list[float] = []
        stream_hits = 0
        stream_scene: dict[int, bool] = defaultdict(bool)
        for frame in corpus:
            if frame.index == 0:
                decoder.reset()
            start = time.perf_counter()
            hit = decoder.decode(frame.image)
            elapsed = (time.perf_counter() - start) * 1000
            stream_times.append(elapsed)
            ok = hit is not None and _same(hit.text, frame.expected)
            stream_hits += ok
            stream_scene[frame.scene] |= ok
            if make is FrameDecoder and (hit is None or hit.step.startswith("deblur")):
                deblurred.append(elapsed)
        streams[label] = (stream_hits / len(corpus), statistics.median(stream_times),
                          _pct(stream_times, 90), sum(stream_scene.values()) / len(stream_scene))
        if make is FrameDecoder:
            read_scenes = stream_scene

    print()
    print(f"{'method':28s} {'per-frame':>9s} {'median ms':>9s} {'p90 ms':>7s} "
          f"{'5 frames':>8s}")
    for name, rate, med, p90, five in rows:
        print(f"{name:28s} {rate:9.1%} {med:9.2f} {p90:7.2f} {five:8.1%}")
    for label, (rate, med, p90, five) in streams.items():
        print(f"{label:28s} {rate:9.1%} {med:9.2f} {p90:7.2f} {five:8.1%}")
    if deblurred:
        print(f"camera decoder, frames that reached the deblur attempt: {len(deblurred)}, "
              f"median {statistics.median(deblurred):.2f} ms, p90 {_pct(deblurred, 90):.2f} ms, "
              f"max {max(deblurred):.2f} ms")

    # frames with no code at all: what an idle camera costs per frame
    rng = np.random.default_rng(7)
    empty = [np.clip(background(rng), 0, 255).astype(np.uint8) for _ in range(20)]
    for label, make in (("camera decoder", FrameDecoder),
                        ("no deblur", lambda: FrameDecoder(deblur_every=0))):
        idle = []
        decoder = make()
        for image in empty:
            start = time.perf_counter()
            decoder.decode(image)
            idle.append((time.perf_counter() - start) * 1000)
        print(f"ours on 20 frames without a code in a row, {label}: median "
              f"{statistics.median(idle):.2f} ms, mean {statistics.mean(idle):.2f} ms, "
              f"max {max(idle):.2f} ms")

    failed = sorted({f"{f.scene}:{'_'.join(f.effects)}" for f in corpus
                     if not read_scenes[f.scene]})
    print(f"scenes never read by ours in {args.frames} frames: {failed or 'none'}")


if __name__ == "__main__":
    main()
