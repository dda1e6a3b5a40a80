"""Qt's translation system for the screens: one compiled catalog per language.

The screens' words live in ``assets/i18n/kiosk_vi.ts`` and ``kiosk_en.ts`` (Qt
Linguist files; ids used through ``qsTrId``), compiled by ``pyside6-lrelease`` into
the ``.qm`` files loaded here. Neither language is written in the QML itself.
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


class Translations:
    """Switches the installed translator and re-evaluates every translated text."""

    def __init__(self, engine: QQmlEngine, directory: Path = I18N_DIR) -> None:
        self._engine = engine
        self._directory = directory
        self._translators: dict[str, QTranslator] = {}
        for language in LANGUAGES:
            translator = QTranslator()
            path = directory / f"kiosk_{language}.qm"
            if not translator.load(str(path)):
                raise TranslationError(
                    f"The {language} translation {path} is missing or unreadable; "
                    "run pyside6-lrelease on its .ts file."
                )
            self._translators[language] = translator
        self.language = ""

    def use(self, language: str) -> None:
        """Show every screen in ``language`` ("vi" or "en")."""
        if language not in self._translators:
            raise TranslationError(f"The kiosk has no translation for {language!r}.")
        if language == self.language:
            return
        if self.language:
            QCoreApplication.removeTranslator(self._translators[self.language])
        QCoreApplication.installTranslator(self._translators[language])
        self.language = language
        self._engine.retranslate()
