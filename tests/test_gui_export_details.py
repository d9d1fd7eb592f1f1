"""Export details a clerk trips on: the folder the save dialog opens in, and missing fonts said once."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import FakeDialogs, dialogs, stored_reference, window  # noqa: F401
from PySide6.QtCore import QStandardPaths, Qt

from desk_app.output.fonts import MissingFont

pytestmark = pytest.mark.usefixtures("stored_reference")
CTRL = Qt.KeyboardModifier.ControlModifier


def documents_folder() -> Path:
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def suggested_folder(dialogs) -> Path:  # noqa: ANN001
    _title, suggested = dialogs.last("save_file")
    return Path(suggested).parent


def test_the_first_export_opens_in_documents_then_in_the_folder_last_exported_to(qtbot, window, dialogs, tmp_path):
    documents = documents_folder()
    assert str(documents).startswith(str(Path.home()))  # the tests' own home, never the real one
    dialogs.save_path = None  # cancelled: nothing remembered
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert suggested_folder(dialogs) == documents

    folder = tmp_path / "周报 导出"
    folder.mkdir()
    dialogs.save_path = folder / "第6期.docx"
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert (folder / "第6期.docx").exists()
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert suggested_folder(dialogs) == folder

    # Remembered in settings.ini: a new window (the next start) opens there too.
    from desk_app.gui.main_window import MainWindow

    later_dialogs = FakeDialogs(save_path=None)
    later = MainWindow(later_dialogs)
    qtbot.addWidget(later)
    later.load_list()
    later.export_docx()
    assert suggested_folder(later_dialogs) == folder

    # A folder since removed: back to 文档.
    (folder / "第6期.docx").unlink()
    folder.rmdir()
    later.export_docx()
    assert suggested_folder(later_dialogs) == documents


def test_exchange_files_remember_their_own_folder(qtbot, window, dialogs, tmp_path):
    documents = documents_folder()
    folder = tmp_path / "交换"
    folder.mkdir()
    dialogs.save_path = folder / "x.json"
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert suggested_folder(dialogs) == documents
    assert (folder / "x.json").exists()
    dialogs.save_path = None
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert suggested_folder(dialogs) == documents  # the .docx folder is not the .json one
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert suggested_folder(dialogs) == folder


@pytest.fixture
def five_fonts_missing(monkeypatch):
    from desk_app.output import fonts

    missing = [
        MissingFont("title_font", "方正小标宋简体", "华文中宋"),
        MissingFont("body_font", "仿宋_GB2312", "仿宋"),
        MissingFont("kai_font", "楷体_GB2312", None),
        MissingFont("hei_font", "黑体", "宋体"),
        MissingFont("song_font", "宋体", None),
    ]
    monkeypatch.setattr(fonts, "missing_fonts", lambda layout, families=None: list(missing))
    return missing


def test_missing_fonts_are_one_line_pointing_to_export_settings_and_only_the_first_time(
    qtbot, window, dialogs, tmp_path, five_fonts_missing
):
    dialogs.save_path = tmp_path / "一.docx"
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    title, text = dialogs.last("choose")
    assert title == "导出完成"
    assert text.count("•") == 1
    assert "5种字体" in text and "导出设置" in text
    assert not any(font.name in text for font in five_fonts_missing)  # the list is in 导出设置, not here

    dialogs.save_path = tmp_path / "二.docx"
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    _title, text = dialogs.last("choose")
    assert (tmp_path / "二.docx").exists()
    assert "字体" not in text and "请注意" not in text


def test_other_export_notes_are_still_said_every_time(qtbot, window, dialogs, tmp_path, five_fonts_missing):
    from desk_app.settings import settings_path

    settings_path().write_text("{not json", encoding="utf-8")
    for name in ("一.docx", "二.docx"):
        dialogs.save_path = tmp_path / name
        qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
        _title, text = dialogs.last("choose")
        assert "设置文件有误" in text


def test_export_settings_name_each_missing_font_and_what_replaces_it(qtbot, window, dialogs):
    seen = {}

    def look(dialog):  # noqa: ANN001
        dialog.combos["title_font"].setEditText("并不存在的小标宋")
        dialog.check_fonts()
        seen.update(dialog.missing_marked())

    dialogs.settings_script = look
    qtbot.keyClick(window, Qt.Key.Key_Comma, CTRL)
    assert seen["title_font"].startswith("⚠ 本机未安装，Word 会用")
    assert "代替" in seen["title_font"]
