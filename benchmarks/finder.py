"""How well and how fast the procedure finder answers, against a plain substring search.

Usage: python benchmarks/finder.py [--rounds N]

The questions are tests/procedures/data/finder_queries.tsv (how citizens ask at counters:
with and without diacritics, misspelt, in everyday words), each with its expected
procedure. Reported per split ("dev": looked at while choosing the finder's weights;
"held": never used to choose anything), for the finder and, in the same run, for the peer:
a plain diacritics-stripped substring search (the question, folded, inside a procedure's
folded names and keywords; most used first), which is what the kiosk did before.

- top-1 / top-3: the expected procedure is first / among the first three;
- "ask at the counter": for questions no procedure fits, the share answered with nothing;
- per-key latency: every question typed one character at a time, each prefix answered as
  the search screen does (``typing=True``), timed alone; and the same through the screen's
  Qt list model (model reset included), which is what a key press costs the UI thread;
- the catalog's browse list (no search text) rebuilt, and the finder's index built;
- with ``--screen``: the real procedure screen (KioskWindow, offscreen, software renderer),
  typing into its search box: each key's cost on the UI thread up to one rendered frame
  (finder, model, the list's delegates, the frame), against a frame rendered with no key
  (the peer, same window, same run).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.core.finder import Finder  # noqa: E402
from kiosk.core.procedures import Catalog, fold, load_catalog  # noqa: E402

QUERIES = ROOT / "tests" / "procedures" / "data" / "finder_queries.tsv"


def read_queries() -> list[tuple[str, list[str], str]]:
    rows = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            split, expected, query = line.split("\t")
            rows.append((split, expected.split("|"), query))
    return rows


class SubstringPeer:
    """The plain search: the folded question inside folded names and keywords."""

    def __init__(self, catalog: Catalog) -> None:
        self._rows = [(p.code, " ".join(fold(t) for t in (p.name_vi, p.name_en,
                                                          p.official_name, *p.keywords)))
                      for p in catalog.procedures]

    def find(self, text: str) -> list[str]:
        needle = fold(text)
        if not needle:
            return []
        return [code for code, haystack in self._rows if needle in haystack]


Answer = Callable[[str], object]


def accuracy(answer: Callable[[str], list[str]], rows: list[tuple[str, list[str], str]],
             split: str) -> tuple[float, float, float, int, int]:
    top1 = top3 = counter_ok = 0
    graded = [r for r in rows if r[0] == split and r[1] != ["COUNTER"]]
    counter = [r for r in rows if r[0] == split and r[1] == ["COUNTER"]]
    for _, expected, query in graded:
        codes = answer(query)
        top1 += bool(codes[:1]) and codes[0] in expected
        top3 += any(c in expected for c in codes[:3])
    for _, _, query in counter:
        counter_ok += not answer(query)
    n = len(graded)
    return top1 / n, top3 / n, counter_ok / max(1, len(counter)), n, len(counter)


def per_key(answer: Answer, rows: list[tuple[str, list[str], str]]) -> list[float]:
    times = []
    for _, _, query in rows:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            answer(query[:end])
            times.append((time.perf_counter() - start) * 1000)
    return times


def model_per_key(catalog: Catalog, finder: Finder,
                  rows: list[tuple[str, list[str], str]]) -> tuple[list[float], float]:
    """Milliseconds per key through the screen's list model, and one browse rebuild."""
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.kiosk.procedure_model import ProcedureListModel

    _app = QApplication.instance() or QApplication([])  # the screen part needs a GUI app
    model = ProcedureListModel(catalog, finder=finder)
    times = []
    for _, _, query in rows:
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            model.set_query(query[:end])
            times.append((time.perf_counter() - start) * 1000)
        model.set_query("")
    start = time.perf_counter()
    model.set_query("x")
    model.set_query("")
    browse = (time.perf_counter() - start) * 1000
    del _app
    return times, browse


def screen_per_key(rows: list[tuple[str, list[str], str]]) -> tuple[list[float], list[float]]:
    """Milliseconds per key on the real screen up to a rendered frame, and a bare frame."""
    from PySide6.QtWidgets import QApplication

    from kiosk.core.config import CenterConfig
    from kiosk.ui.kiosk.window import KioskWindow

    app = QApplication.instance() or QApplication([])
    window = KioskWindow(load_catalog(), CenterConfig(), "portrait")
    window.view.show()
    window.settle()
    window.tap("start")
    window.tap("choose_vi")
    window.settle()
    keys: list[float] = []
    frames: list[float] = []
    search = window.item("search")
    for _, _, query in rows[::4]:  # a quarter of the questions: a few hundred keys
        for end in range(1, len(query) + 1):
            start = time.perf_counter()
            window.view.grabWindow()
            frames.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            search.setProperty("text", query[:end])
            app.processEvents()
            window.view.grabWindow()
            keys.append((time.perf_counter() - start) * 1000)
        search.setProperty("text", "")
        app.processEvents()
    window.close()
    return keys, frames


def spread(times: list[float]) -> str:
    ordered = sorted(times)

    def pick(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    return (f"median {statistics.median(ordered):.2f} ms, p95 {pick(0.95):.2f} ms, "
            f"p99 {pick(0.99):.2f} ms, max {ordered[-1]:.2f} ms ({len(ordered)} keys)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="repeat the latency runs")
    parser.add_argument("--screen", action="store_true",
                        help="also type into the real procedure screen (QML, offscreen)")
    args = parser.parse_args()
    catalog = load_catalog()
    start = time.perf_counter()
    finder = Finder(catalog)
    built = (time.perf_counter() - start) * 1000
    peer = SubstringPeer(catalog)
    rows = read_queries()
    print(f"{len(catalog.procedures)} procedures, {len(rows)} questions; "
          f"finder index built in {built:.0f} ms")
    def ours(text: str) -> list[str]:
        return [m.procedure.code for m in finder.find(text, limit=3).matches]

    for split in ("dev", "held"):
        answers: tuple[tuple[str, Callable[[str], list[str]]], ...] = (
            ("finder", ours), ("substring peer", peer.find))
        for name, answer in answers:
            t1, t3, counter, n, nc = accuracy(answer, rows, split)
            print(f"{split:4} {name:15} top-1 {t1:6.1%}  top-3 {t3:6.1%}  "
                  f"(n={n})  ask-at-counter {counter:6.1%} (n={nc})")
    def typing(text: str) -> object:
        return finder.find(text, limit=20, typing=True)

    ours_keys: list[float] = []
    peer_keys: list[float] = []
    model_keys: list[float] = []
    browse = 0.0
    for _ in range(args.rounds):
        ours_keys += per_key(typing, rows)
        peer_keys += per_key(peer.find, rows)
        keys, browse = model_per_key(catalog, finder, rows)
        model_keys += keys
    print(f"per key, finder:          {spread(ours_keys)}")
    print(f"per key, screen model:    {spread(model_keys)}")
    print(f"per key, substring peer:  {spread(peer_keys)}")
    print(f"browse list rebuilt (search cleared): {browse:.1f} ms")
    if args.screen:
        keys, frames = screen_per_key(rows)
        print(f"per key, real screen up to a frame: {spread(keys)}")
        print(f"a frame with no key (peer):         {spread(frames)}")


if __name__ == "__main__":
    main()
