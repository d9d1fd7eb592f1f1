"""Qt's own texts (standard buttons, file and print dialogs) are Chinese: qtbase_zh_CN.qm is loaded at start-up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox


@pytest.fixture
def translated(qapp):
    from desk_app.gui.launch import install_qt_translations

    translator = install_qt_translations(qapp)
    yield translator
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
        translator.deleteLater()


def test_standard_buttons_are_chinese(qtbot, translated):
    assert translated is not None
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert "保存" in box.button(QDialogButtonBox.StandardButton.Save).text()
    message = QMessageBox(QMessageBox.Icon.Question, "问题", "确定吗？", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    assert message.button(QMessageBox.StandardButton.Yes).text().startswith("是")
    assert message.button(QMessageBox.StandardButton.No).text().startswith("否")
    # The file dialog's own words (Qt's dialog, used where the system has none) come from the same file.
    assert QCoreApplication.translate("QFileDialog", "&Open") not in ("", "&Open")


def test_the_bundle_carries_the_translations_where_the_program_looks(translated):
    from pathlib import Path

    from desk_app.gui.launch import QT_TRANSLATIONS_FOLDER

    spec = (Path(__file__).parent.parent / "build.spec").read_text(encoding="utf-8")
    assert f'QT_TRANSLATIONS_DEST = "{QT_TRANSLATIONS_FOLDER}"' in spec
    assert '"qtbase_zh_CN.qm"' in spec
