"""Are the screens pixel for pixel the same at two git revisions?

    python benchmarks/screenshots_compare.py OLD NEW [--keep DIR] [--twice]

Each revision is checked out into a temporary worktree (``git worktree add --detach``)
and ``python -m kiosk screenshots`` runs there with this interpreter (the same venv),
``PYTHONPATH`` set to that worktree, ``QT_QPA_PLATFORM=offscreen`` and a fresh home
folder (no developer config changes what is drawn). Every PNG is then compared pixel
for pixel (Pillow's ImageChops). The worktrees are removed afterwards; ``--keep DIR``
keeps the PNGs (DIR/old, DIR/new). Prints identical and differing files; exits 1 on
any difference (or a file only one revision draws), 0 when all are identical.

The screens show no wall clock: kiosk/demo/kiosk_screenshots.py drives the presenter
with a manual clock and a fixed ticket time. But QML animations (the card sliding into
the reader, the submitting spinner, the read progress, the camera frame) run on Qt's
own timer, so a screen with one running is caught at a different frame each time, and
two renders of the SAME revision differ there. ``--twice`` renders each revision twice:
a file whose two renders of one revision differ is reported UNSTABLE and not counted;
every other file must match pixel for pixel.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True,
                          capture_output=True, text=True).stdout.strip()


def _environment(tree: Path, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PYTHONPATH=str(tree), QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"))
    return env


def render(repo: Path, revision: str, out: Path, scratch: Path) -> str:
    """Render ``kiosk screenshots`` of ``revision`` into ``out``; return the commit drawn."""
    commit = _git(repo, "rev-parse", "--verify", f"{revision}^{{commit}}")
    tree = scratch / f"tree-{commit[:10]}"
    _git(repo, "worktree", "add", "--detach", str(tree), commit)
    try:
        env = _environment(tree, scratch / f"home-{commit[:10]}")
        where = subprocess.run([sys.executable, "-c", "import kiosk; print(kiosk.__file__)"],
                               cwd=scratch, env=env, check=True, capture_output=True,
                               text=True).stdout.strip()
        if not Path(where).is_relative_to(tree):
            raise SystemExit(f"{revision}: kiosk was imported from {where}, not {tree}")
        done = subprocess.run([sys.executable, "-m", "kiosk", "screenshots", str(out)],
                              cwd=scratch, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{revision}: screenshots failed\n{done.stdout}\n{done.stderr}")
    finally:
        _git(repo, "worktree", "remove", "--force", str(tree))
    return commit


def differing_pixels(old: Path, new: Path) -> str | None:
    """None when the two PNGs are equal pixel for pixel, else what differs."""
    with Image.open(old) as a, Image.open(new) as b:
        if a.size != b.size or a.mode != b.mode:
            return f"size/mode {a.size} {a.mode} -> {b.size} {b.mode}"
        diff = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA"))
        box = diff.getbbox(alpha_only=False)  # by default an RGBA box is the alpha's only
        if box is None:
            return None
        changed = int(np.count_nonzero(np.asarray(diff).any(axis=2)))
        return f"{changed} pixels differ within box {box}"


def unstable_files(first: Path, second: Path) -> set[str]:
    """The PNGs that differ between two renders of the same revision."""
    return {p.name for p in first.glob("*.png")
            if not (second / p.name).is_file() or differing_pixels(p, second / p.name)}


def compare(old: Path, new: Path, unstable: frozenset[str] = frozenset()) -> int:
    """Print the comparison of two folders of PNGs; the number of differences (files in
    ``unstable`` are reported but not counted)."""
    old_names = {p.name for p in old.glob("*.png")}
    new_names = {p.name for p in new.glob("*.png")}
    problems = 0
    for name in sorted(old_names ^ new_names):
        print(f"ONLY IN {'OLD' if name in old_names else 'NEW'}: {name}")
        problems += 1
    identical = 0
    for name in sorted(old_names & new_names):
        difference = differing_pixels(old / name, new / name)
        if difference is None:
            identical += 1
        elif name in unstable:
            print(f"UNSTABLE (differs between two renders of one revision): {name}: {difference}")
        else:
            print(f"DIFFERS: {name}: {difference}")
            problems += 1
    print(f"{identical} of {len(old_names | new_names)} files identical, {problems} differ"
          + (f", {len(unstable)} unstable across renders of one revision" if unstable else ""))
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="git revision drawn first (e.g. d44f9ed)")
    parser.add_argument("new", help="git revision to compare with it (e.g. HEAD)")
    parser.add_argument("--keep", type=Path, help="keep the PNGs in DIR/old and DIR/new")
    parser.add_argument("--twice", action="store_true",
                        help="render each revision twice; ignore files unstable across renders")
    args = parser.parse_args()
    repo = Path(_git(Path(__file__).resolve().parent, "rev-parse", "--show-toplevel"))
    scratch = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    try:
        base = (args.keep or scratch).resolve()
        unstable: set[str] = set()
        for side, revision in (("old", args.old), ("new", args.new)):
            commit = render(repo, revision, base / side, scratch)
            print(f"{side}: {revision} = {commit[:10]}, "
                  f"{len(list((base / side).glob('*.png')))} PNG files")
            if args.twice:
                render(repo, commit, base / f"{side}-again", scratch)
                unstable |= unstable_files(base / side, base / f"{side}-again")
        return 1 if compare(base / "old", base / "new", frozenset(unstable)) else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
