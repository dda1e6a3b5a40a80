"""Every text on the screens goes through Qt's translation files, in both languages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kiosk.central.file_rules import DUE_EXTENDED, KINDS
from kiosk.central.public_status import STANDING
from kiosk.core.forms import PROBLEM_CODES
from kiosk.core.resources import qml_dir
from kiosk.core.visit.machine import Stage
from kiosk.ui.qt.i18n import I18N_DIR, LANGUAGES

UI = qml_dir("kiosk").parents[1]  # kiosk/ui: every station's qml/ and Python
QML_FILES = sorted(UI.glob("*/qml/*.qml"))


def _messages(language: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for path in sorted(I18N_DIR.glob(f"*_{language}.ts")):
        root = ET.parse(path).getroot()
        for m in root.iter("message"):
            assert m.attrib["id"] not in messages, f"{m.attrib['id']} is in two catalogs"
            messages[m.attrib["id"]] = m.findtext("translation") or ""
    return messages


def _ids_used() -> set[str]:
    ids: set[str] = set()
    for path in QML_FILES:
        ids |= set(re.findall(r'qsTrId\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    for stage in Stage:  # StageScreen builds these ids from the stage name
        if stage not in (Stage.ATTRACT, Stage.LANGUAGE, Stage.CHOOSE_PROCEDURE):
            ids |= {f"stage.{stage}.title", f"stage.{stage}.hint"}
    ids |= {f"form.source.{s}" for s in ("chip", "qr", "typed", "default")}  # FormScreen
    ids |= {f"form.problem.{code}" for code in PROBLEM_CODES}  # FormScreen, from kiosk.core.forms
    # HolderFiles.qml words the central's step and standing codes
    ids |= {f"holder.step.{kind}" for kind in KINDS if kind != DUE_EXTENDED}
    ids |= {f"holder.standing.{standing}" for standing in STANDING}
    for path in UI.parent.rglob("*.py"):  # ids looked up from Python (qtTrId)
        ids |= set(re.findall(r'qtTrId\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    return ids | {"stage.identify.need_qr"}  # VisitPresenter's hint_key


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_id_is_translated(language: str) -> None:
    messages = _messages(language)
    missing = sorted(i for i in _ids_used() if not messages.get(i, "").strip())
    assert missing == []
    assert set(messages) == _ids_used()  # and nothing unused lingers


def test_vietnamese_has_its_diacritics_and_differs_from_english() -> None:
    vi, en = _messages("vi"), _messages("en")
    assert "Chạm thẻ căn cước" in vi["attract.prompt"]
    different = [k for k in vi if vi[k] != en[k]]
    assert len(different) >= len(vi) - 2  # only the language names read the same


# Shows both languages at once, and exists for when the app itself keeps failing: its
# words must not depend on a catalog loading (test_out_of_service.py checks them).
BILINGUAL_FALLBACKS = {"OutOfService.qml"}


def test_no_citizen_text_is_written_in_qml() -> None:
    for path in QML_FILES:
        if path.name in BILINGUAL_FALLBACKS:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if "text:" in line and '"' in line and "qsTrId" not in line:
                literal = re.findall(r'"([^"]*)"', line)
                assert all(not re.search(r"[A-Za-zÀ-ỹ]{2,}", s) for s in literal), line


def test_compiled_catalogs_are_up_to_date(tmp_path: Path) -> None:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    if not lrelease.exists():
        lrelease = Path(shutil.which("pyside6-lrelease") or "pyside6-lrelease")
    sources = sorted(I18N_DIR.glob("*.ts"))
    assert {p.name for p in sources} >= {f"kiosk_{language}.ts" for language in LANGUAGES}
    for source in sources:
        out = tmp_path / f"{source.stem}.qm"
        subprocess.run([str(lrelease), str(source), "-qm", str(out)], check=True,
                       capture_output=True)
        assert out.read_bytes() == source.with_suffix(".qm").read_bytes(), (
            f"run pyside6-lrelease on kiosk/assets/i18n/{source.name}")


def test_the_rating_question_does_not_suggest_an_answer() -> None:
    """A neutral question: "Bạn hài lòng … chứ?" asked to be told yes."""
    vi, en = _messages("vi")["stage.rating.title"], _messages("en")["stage.rating.title"]
    assert vi == "Bạn đánh giá thế nào về dịch vụ hôm nay?"
    assert en == "How would you rate today's service?"
    assert "hài lòng" not in vi and "chứ" not in vi
