"""Qt's translation system for the screens: one compiled catalog per language.

The screens' words live in Qt Linguist files under ``assets/i18n/``: one catalog per
part of the app and language, ``<part>_vi.ts`` and ``<part>_en.ts`` (``kiosk`` for the
citizen's visit; counter and technician screens have their own), ids used through
``qsTrId``, compiled by ``pyside6-lrelease`` into the ``.qm`` files loaded here.
Neither language is written in the QML itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtQml import QQmlEngine

from kiosk.errors import KioskError

I18N_DIR = Path(__file__).resolve().parent.parent.parent / "assets" / "i18n"
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


def _load(path: Path) -> QTranslator:
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
