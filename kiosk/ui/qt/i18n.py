"""Qt's translation system for the screens: one compiled catalog per language.

The screens' words live in Qt Linguist files under ``kiosk/assets/i18n/``: one catalog per
part of the app and language, ``<part>_vi.ts`` and ``<part>_en.ts`` (``kiosk`` for the
citizen's visit; counter and technician screens have their own), ids used through
``qsTrId``, compiled by ``pyside6-lrelease`` into the ``.qm`` files loaded here.
Neither language is written in the QML itself.

The Vietnamese screen catalogs are loaded from a copy whose texts join the syllables
of known compound words with no-break spaces (``kiosk.core.vi_words``), compiled once with
PySide6's own ``lrelease`` into the user's cache folder: a wrapping ``Text`` then
never breaks "căn cước" or "hôn nhân" across two lines, while the ``.ts`` files stay
plain text. (A Python ``QTranslator.translate`` override cannot do it: QML's loader
thread calls it while the GUI thread holds the interpreter, and the two deadlock.)
The spoken guidance catalog (``guidance_*``) is left as written: it is read aloud.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtQml import QQmlEngine

from kiosk.core.errors import KioskError
from kiosk.core.resources import asset
from kiosk.core.vi_words import keep_together

log = logging.getLogger(__name__)

I18N_DIR = asset("i18n")
LANGUAGES = ("vi", "en")


class TranslationError(KioskError):
    """A language's compiled translation file is missing or unreadable."""


def catalogs(directory: Path, language: str) -> list[Path]:
    """The compiled catalogs of ``language`` in ``directory`` (``kiosk`` first)."""
    main = f"kiosk_{language}"
    paths = sorted(directory.glob(f"*_{language}.qm"), key=lambda p: (p.stem != main, p.name))
    if not paths or paths[0].stem != f"kiosk_{language}":
        raise TranslationError(
            f"The {language} translation {directory / f'kiosk_{language}.qm'} is missing; "
            "run pyside6-lrelease on its .ts file."
        )
    return paths


LRELEASE = Path(PySide6.__file__).parent / "lrelease"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kiosk" / "i18n"


def kept_words_catalog(qm: Path) -> Path:
    """The compiled catalog for ``qm`` whose texts keep compound words on one line.

    Built from the ``.ts`` beside it (cached by content); ``qm`` itself when there is no
    ``.ts`` or it cannot be compiled here.
    """
    source = qm.with_suffix(".ts")
    if not source.is_file():
        return qm
    tree = ET.parse(source)
    for element in tree.getroot().iter():
        if element.tag in ("translation", "numerusform") and element.text:
            element.text = keep_together(element.text)
    data = ET.tostring(tree.getroot(), encoding="utf-8")
    target = _cache_dir() / f"{qm.stem}-{hashlib.sha256(data).hexdigest()[:16]}.qm"
    if target.is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.TemporaryDirectory(dir=target.parent) as work:
            kept = Path(work) / source.name
            kept.write_bytes(data)
            compiled = kept.with_suffix(".qm")
            subprocess.run([str(LRELEASE), "-silent", str(kept), "-qm", str(compiled)],
                           check=True, capture_output=True, timeout=60)
            compiled.replace(target)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("compound words may wrap: %s not compiled (%s)", source.name,
                    type(exc).__name__)
        return qm
    return target


def _load(path: Path) -> QTranslator:
    if path.stem.endswith("_vi") and not path.stem.startswith("guidance_"):
        path = kept_words_catalog(path)
    translator = QTranslator()
    if not translator.load(str(path)):
        raise TranslationError(
            f"The translation {path} is unreadable; run pyside6-lrelease on its .ts file."
        )
    return translator


class Translations:
    """Switches the installed translator and re-evaluates every translated text."""

    def __init__(self, engine: QQmlEngine, directory: Path = I18N_DIR) -> None:
        self._engine = engine
        self._directory = directory
        self._translators: dict[str, list[QTranslator]] = {}
        for language in LANGUAGES:
            self._translators[language] = [_load(path) for path in catalogs(directory, language)]
        self.language = ""

    def use(self, language: str) -> None:
        """Show every screen in ``language`` ("vi" or "en")."""
        if language not in self._translators:
            raise TranslationError(f"The kiosk has no translation for {language!r}.")
        if language == self.language:
            return
        if self.language:
            for translator in self._translators[self.language]:
                QCoreApplication.removeTranslator(translator)
        for translator in self._translators[language]:
            QCoreApplication.installTranslator(translator)
        self.language = language
        self._engine.retranslate()
