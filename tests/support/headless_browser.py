"""Debian's headless Chromium driven by Playwright, for the pages the central serves.

Playwright's own browser download cannot work here, so Debian's chromium binary is
launched; tests skip (with the reason) only when that binary is absent
(:data:`NEEDS_CHROMIUM`). Screenshots go to ``$KIOSK_SCREENSHOTS`` when set, else the
test's temporary folder (:func:`shots_folder`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run")
NEEDS_CHROMIUM = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason=f"{CHROMIUM} is absent (apt-get install chromium)")


@contextmanager
def chromium(*extra_args: str) -> Iterator[Any]:
    """A launched headless Chromium (closed on exit)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=[*ARGS, *extra_args])
        try:
            yield browser
        finally:
            browser.close()


def shots_folder(tmp_path: Path) -> Path:
    """Where the test's screenshots go (made if missing)."""
    folder = Path(os.environ.get("KIOSK_SCREENSHOTS", "") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
