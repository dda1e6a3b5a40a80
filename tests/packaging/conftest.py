"""The packaging tests' shared fixtures: ``packaging/build.sh`` run once per session, and
both Debian packages installed once (root, as CI is) and purged again before any test
outside tests/packaging runs: an installed /etc/kiosk/kiosk.toml is the default
settings file of every ``kiosk`` process (kiosk/core/config.py), and the rest of the
suite must not read it.

The build (sdist, wheel, kiosk-station and kiosk-central ``.deb``) takes about a minute
and a half, so every test of ``tests/packaging`` shares one run of it, in a temporary
folder outside the checkout. Helpers: tests/support/debian_packages.py.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.debian_packages import (
    PACKAGES,
    ROOT,
    USERS,
    Artifacts,
    Installed,
    install_dependencies,
    is_installed,
    one_file,
    purge,
    run,
    user_exists,
)


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Artifacts:
    """Run ``bash packaging/build.sh OUT`` once; the four artifacts it made."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh"), str(out)],
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, f"build.sh failed:\n{done.stdout}\n{done.stderr[-4000:]}"
    return Artifacts(out, one_file(out, "kiosk-*.tar.gz"), one_file(out, "kiosk-*.whl"),
                     one_file(out, "kiosk-station_*.deb"), one_file(out, "kiosk-central_*.deb"))


@pytest.fixture(scope="package")
def installed(artifacts: Artifacts) -> Installed:
    """kiosk-station and kiosk-central installed on this machine with ``dpkg -i``.

    Their Debian dependencies are installed first when missing. The purge test removes
    them again (and checks what that removed); ``_purged_at_the_end`` makes sure.
    """
    assert all(not is_installed(p) for p in PACKAGES), \
        "a kiosk package is already installed here: the test would remove it"
    before = frozenset(u for u in USERS if user_exists(u))
    debs = [artifacts.station, artifacts.central]
    install_dependencies(debs)
    run(["dpkg", "-i", *map(str, debs)])
    return Installed(artifacts, before)


@pytest.fixture(scope="package", autouse=True)
def _purged_at_the_end() -> Iterator[None]:
    """Whatever a failing test left installed is purged after the last packaging test."""
    yield
    if any(is_installed(p) for p in PACKAGES):
        purge()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The purge test removes the packages the other tests use: it runs after the last
    other test of tests/packaging (which pytest keeps together)."""
    here = Path(__file__).parent
    ours = [item for item in items if item.path.is_relative_to(here)]
    purges = [item for item in ours if item.name.startswith("test_purge")]
    others = [item for item in ours if item not in purges]
    if not purges or not others:
        return
    for item in purges:
        items.remove(item)
    at = items.index(others[-1]) + 1
    items[at:at] = purges
