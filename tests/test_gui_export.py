"""Export (Ctrl+E): refused while errors remain, written where the clerk wants, the same text as the preview."""

from __future__ import annotations

import pytest
from docx_text import body_paragraphs, squeeze
from gui_support import dialogs, stored_reference, type_into, window  # noqa: F401
from PySide6.QtCore import Qt

from desk_app.gui.fields import shown_problem

pytestmark = pytest.mark.usefixtures("stored_reference")
CTRL = Qt.KeyboardModifier.ControlModifier


def test_an_error_blocks_export_and_says_which(qtbot, window, dialogs, tmp_path):
    copies = type_into(qtbot, window, "distribution.copies", "")
    dialogs.save_path = tmp_path / "不该写.docx"
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    title, text = dialogs.last("warn")
    assert title == "还不能导出"
    assert "1 处错误" in text and "报尾 › 印数：未填写" in text
    assert "save_file" not in dialogs.kinds()
    assert not dialogs.save_path.exists()
    # The field is marked, says why, and has the cursor.
    assert shown_problem(copies) == "error"
    assert "报尾 › 印数：未填写" in copies.toolTip()
    assert window.editor.focused_path() == "distribution.copies"
    assert any("报尾 › 印数：未填写" in window.problem_list.item(i).text() for i in range(window.problem_list.count()))

    # Fixed: the mark goes, export goes ahead (warnings do not block).
    type_into(qtbot, window, "distribution.copies", "80")
    window.update_preview()
    assert shown_problem(copies) == ""
    type_into(qtbot, window, "dynamics.groups[0].entries[0].department", "")
    window.update_preview()
    assert [p.code for p in window.problems] == ["no_department"]  # a warning
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert dialogs.save_path.exists()


def test_export_writes_what_the_preview_shows(qtbot, window, dialogs, tmp_path):
    folder = tmp_path / "导出 文件夹"
    folder.mkdir()
    dialogs.save_path = folder / "周报 第6期"  # no suffix typed: .docx is added
    dialogs.choice = 0  # 打开文件
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    _title, suggested = dialogs.last("save_file")
    assert suggested.endswith("窗口工作周报2023年第6期.docx")
    target = folder / "周报 第6期.docx"
    assert target.exists()
    assert dialogs.opened == [target]
    title, text = dialogs.last("choose")
    assert title == "导出完成" and str(target) in text

    window.update_preview()
    preview = window.preview_text()
    document = body_paragraphs(target)
    assert squeeze("".join(document)) == squeeze(preview)
    assert any("较上周新增2个部门：省地震局、省测绘地理信息局（部分事项授权）" in p for p in document)

    # The next export suggests the folder used last time; 「打开所在文件夹」 opens it.
    dialogs.choice = 1
    dialogs.save_path = folder / "again.docx"
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    _title, suggested = dialogs.last("save_file")
    assert suggested == str(folder / "窗口工作周报2023年第6期.docx")
    assert dialogs.opened[-1] == folder


def test_a_file_open_in_word_gives_a_clear_message(qtbot, window, dialogs, tmp_path, monkeypatch):
    from desk_app import services
    from desk_app.output.atomic import TargetLocked

    target = tmp_path / "窗口工作周报2023年第6期.docx"

    def locked(issue, path, previous=None):
        raise TargetLocked(path)

    monkeypatch.setattr(services, "export_issue", locked)
    dialogs.save_path = target
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    title, text = dialogs.last("warn")
    assert title == "无法导出"
    assert "Word 或 WPS" in text and str(target) in text
    assert "choose" not in dialogs.kinds()


def test_cancelled_save_dialog_writes_nothing(qtbot, window, dialogs, tmp_path):
    dialogs.save_path = None
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert dialogs.kinds() == ["save_file"]


def test_pdf_without_libreoffice_is_said_in_chinese(qtbot, window, dialogs, tmp_path, monkeypatch):
    from desk_app import services
    from desk_app.output.pdf import PdfUnavailable

    def unavailable(issue, path, previous=None):
        assert path.suffix == ".pdf"
        raise PdfUnavailable()

    monkeypatch.setattr(services, "export_issue", unavailable)
    dialogs.save_path = tmp_path / "周报.pdf"
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    title, text = dialogs.last("warn")
    assert title == "无法导出 PDF" and text == PdfUnavailable().message_zh()
