"""Shared helpers of tests/packaging: running commands, dpkg's view, the build's output.

The fixtures that use them (one build per session, both packages installed once) are
in tests/packaging/conftest.py.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kiosk-station", "kiosk-central")
USERS = ("kiosk", "kiosk-central")


@dataclass(frozen=True)
class Artifacts:
    """What ``packaging/build.sh`` made."""

    folder: Path
    sdist: Path
    wheel: Path
    station: Path
    central: Path


@dataclass(frozen=True)
class Installed:
    """Both packages installed with ``dpkg -i``; which accounts were there before."""

    artifacts: Artifacts
    users_before: frozenset[str]


def one_file(folder: Path, pattern: str) -> Path:
    """The single file of ``folder`` matching ``pattern`` (a failed test otherwise)."""
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, f"{pattern} in {folder}: {found}"
    return found[0]


def run(command: list[str], timeout: float = 600, **kwargs: object) -> str:
    """Run ``command``; its standard output, or a failed test showing both outputs."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          check=False, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr[-4000:]}"
    return str(done.stdout)


def is_installed(package: str) -> bool:
    """dpkg's view: the package is fully installed (not removed, not half-configured)."""
    done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() == "install ok installed"


def user_exists(name: str) -> bool:
    """The account ``name`` is in the passwd database."""
    return subprocess.run(["getent", "passwd", name], capture_output=True,
                          check=False).returncode == 0


def _depends(deb: Path) -> list[str]:
    """The Debian packages named in ``deb``'s Depends (first of each alternative)."""
    field = run(["dpkg-deb", "-f", str(deb), "Depends"]).strip()
    return [part.split("|")[0].split("(")[0].strip() for part in field.split(",")]


def install_dependencies(debs: list[Path]) -> None:
    """apt-get install what the packages depend on and this machine lacks (idempotent)."""
    wanted = sorted({name for deb in debs for name in _depends(deb)})
    missing = [name for name in wanted if not is_installed(name)]
    if missing:
        env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
        run(["apt-get", "update", "-qq"], env=env)
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)


def purge() -> str:
    """``dpkg --purge`` both packages; dpkg's output."""
    return run(["dpkg", "--purge", *PACKAGES])
