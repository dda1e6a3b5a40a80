"""Where the files shipped with the kiosk are: the one place that knows the package's layout.

Assets (catalog, templates, fonts, translations, samples, trust store, display pages)
are package data under ``kiosk/assets`` and the QML screens live beside their
presenters under ``kiosk/ui/<station>/qml``. Both are found through
:mod:`importlib.resources`, so a wheel installed anywhere works as a checkout does.
The kiosk is installed unzipped (a wheel always is), so a resource is a real file and
QML can load it by path.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _package_dir(package: str) -> Path:
    return Path(str(files(package)))


def asset(*parts: str) -> Path:
    """The path of ``kiosk/assets/<parts…>`` (it may not exist: callers say what is missing)."""
    return _package_dir("kiosk").joinpath("assets", *parts)


def qml_dir(station: str) -> Path:
    """The folder of the QML screens of ``station`` (kiosk, counter or technician)."""
    return _package_dir("kiosk").joinpath("ui", station, "qml")
