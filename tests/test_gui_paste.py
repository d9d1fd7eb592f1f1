"""Pasting cleans (and the clean-up is undone), 「整理标点」 for a whole issue, departments' submissions pasted or dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_support import dialogs, field, stored, stored_reference, type_text, window  # noqa: F401
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication

from desk_app.gui import paste_cleanup

pytestmark = pytest.mark.usefixtures("stored_reference")

ENTRY = "dynamics.groups[0].entries[1].text"
RAW = "受理 356 件,办结 350 件"


def _mime(text: str = "", urls: list[Path] = ()) -> QMimeData:  # noqa: B006
    mime = QMimeData()
    if text:
        mime.setText(text)
    if urls:
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in urls])
    return mime


def _empty(qtbot, win, path):  # noqa: ANN001, ANN202
    widget = field(win, path)
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    return widget


# --- paste into a field -------------------------------------------------------------------------------------


def test_a_paste_into_a_paragraph_is_cleaned_said_and_saved(qtbot, window):
    widget = _empty(qtbot, window, ENTRY)
    QApplication.clipboard().setText(RAW + "\n")
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert widget.toPlainText() == "受理356件，办结350件。"
    assert window.session.issue.dynamics.groups[0].entries[1].text == "受理356件，办结350件。"
    note = window._cleanup_note
    assert note.isVisible()
    assert note.label.text().startswith(f"已整理 {len(paste_cleanup.clean(RAW + chr(10), sentence=True).changes)} 处：")
    assert "半角逗号改为全角" in note.label.text() and "句末补句号" in note.label.text()
    window.flush()
    assert stored().dynamics.groups[0].entries[1].text == "受理356件，办结350件。"


def test_undoing_the_clean_up_gives_the_raw_paste_back_and_a_second_undo_what_was_there(qtbot, window):
    widget = field(window, ENTRY)
    before = widget.toPlainText()
    cursor = widget.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    widget.setTextCursor(cursor)
    widget.insertFromMimeData(_mime("另外,受理 3 件"))
    assert widget.toPlainText() == before + "另外，受理3件。"
    window._cleanup_note.undo_button.click()
    assert widget.toPlainText() == before + "另外,受理 3 件"
    assert window.session.issue.dynamics.groups[0].entries[1].text == before + "另外,受理 3 件"
    assert not window._cleanup_note.isVisible()
    widget.insertFromMimeData(_mime(",再 2 件"))  # once more, and Ctrl+Z steps back through both
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert widget.toPlainText() == before + "另外,受理 3 件,再 2 件"
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert widget.toPlainText() == before + "另外,受理 3 件"


def test_two_pasted_paragraphs_read_as_two_sentences_and_a_soft_break_is_joined(window):
    widget = field(window, ENTRY)
    widget.clear()
    widget.insertFromMimeData(_mime("近日，水利厅开展\n培训\n\n2月15日，召开会议"))
    assert widget.toPlainText() == "近日，水利厅开展培训。2月15日，召开会议。"


def test_a_paste_in_the_middle_of_a_sentence_gets_no_full_stop(window):
    widget = field(window, ENTRY)
    widget.setPlainText("近日召开会议。")
    cursor = widget.textCursor()
    cursor.setPosition(2)
    widget.setTextCursor(cursor)
    widget.insertFromMimeData(_mime(",在 3 楼"))
    assert widget.toPlainText() == "近日，在3楼召开会议。"


def test_a_paste_into_a_line_is_cleaned_and_undone(qtbot, window):
    widget = _empty(qtbot, window, "dynamics.groups[0].title")
    QApplication.clipboard().setText("优化营商环境 工作(一)\n情况")
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert widget.text() == "优化营商环境工作（一）情况"  # a title gets no 。
    assert window.session.issue.dynamics.groups[0].title == "优化营商环境工作（一）情况"
    assert window._cleanup_note.isVisible()
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert widget.text() == "优化营商环境 工作(一) 情况"
    assert window.session.issue.dynamics.groups[0].title == "优化营商环境 工作(一) 情况"


def test_the_context_menus_paste_cleans_too(window):
    widget = field(window, "headline")
    widget.clear()
    QApplication.clipboard().setText("政务服务 工作")
    menu = widget.context_menu()
    paste = next(a for a in menu.actions() if a.objectName() == "edit-paste")
    paste.trigger()
    menu.deleteLater()
    assert widget.text() == "政务服务工作" and window.session.issue.headline == "政务服务工作"


def test_text_dropped_on_a_line_is_cleaned(window):
    widget = field(window, "headline")
    widget.clear()
    mime = _mime("政务服务 工作(二)")
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(drop)
    assert widget.text() == "政务服务工作（二）" and window.session.issue.headline == "政务服务工作（二）"


def test_a_clean_paste_says_nothing_and_a_count_keeps_its_own_cleaning(qtbot, window):
    widget = field(window, ENTRY)
    widget.clear()
    widget.insertFromMimeData(_mime("近日召开会议。"))
    assert widget.toPlainText() == "近日召开会议。"
    assert getattr(window, "_cleanup_note", None) is None or not window._cleanup_note.isVisible()
    count = field(window, "reform.window_stats.week.consult")
    count.clear()
    QApplication.clipboard().setText("１,７４８")
    qtbot.keyClick(count, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert count.value() == 1748


def test_typing_on_after_a_paste_puts_the_note_away(qtbot, window):
    widget = field(window, ENTRY)
    widget.clear()
    widget.insertFromMimeData(_mime("近日,召开会议"))
    assert window._cleanup_note.isVisible()
    qtbot.keyClicks(widget, "a")
    assert not window._cleanup_note.isVisible()


def test_a_mark_typed_after_chinese_turns_chinese_and_ctrl_z_gives_it_back(qtbot, window):
    widget = _empty(qtbot, window, ENTRY)
    type_text(qtbot, widget, "受理356件,办结3.5%(含")
    assert widget.toPlainText() == "受理356件，办结3.5%(含"  # after a digit: as typed
    type_text(qtbot, widget, '"一件事"(1)项.')
    assert widget.toPlainText() == "受理356件，办结3.5%(含“一件事”（1）项。"
    assert window.session.issue.dynamics.groups[0].entries[1].text == widget.toPlainText()
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert widget.toPlainText() == "受理356件，办结3.5%(含“一件事”（1）项."
    line = _empty(qtbot, window, "headline")
    type_text(qtbot, line, "政务服务(WPS")
    qtbot.keyClicks(line, ")")
    assert line.text() == "政务服务（WPS）"
    qtbot.keyClick(line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert line.text() == "政务服务（WPS)"


def test_the_fields_know_the_marks_the_rules_turn():
    from desk_app.domain.cleanup import TYPED_MARKS
    from desk_app.gui import fields

    assert fields._TYPED_MARKS == TYPED_MARKS


# --- 「整理标点」 -------------------------------------------------------------------------------------------


def _action(win, text: str):  # noqa: ANN001, ANN202
    return next(a for a in win.actions() if a.text().startswith(text))


def test_tidying_the_issue_lists_the_changes_applies_them_and_saves(qtbot, window, dialogs):
    issue = window.session.issue
    issue.dynamics.groups[1].entries[0].text = "2月16日下午,应急管理厅召开党员大会"
    issue.reform.progress.items[2] = "起草\"攻坚破难行动方案\""
    issue.headline = "政务服务 工作"
    shown = []
    dialogs.review_script = lambda dialog: (shown.append([i.text(0) for i in dialog.items]), dialog.accept())
    _action(window, "整理标点").trigger()
    title, text = dialogs.last("review")
    assert title == "整理标点"
    assert shown == [["大标题", "一、综窗改革 › 推进情况 › 条目3", "三、窗口动态 › 分组2 › 动态1 › 内容"]]
    assert "2月16日下午,应急管理厅召开党员大会 → 2月16日下午，应急管理厅召开党员大会。" in text
    window.flush()
    saved = stored()
    assert saved.dynamics.groups[1].entries[0].text == "2月16日下午，应急管理厅召开党员大会。"
    assert saved.reform.progress.items[2] == "起草“攻坚破难行动方案”。"
    assert saved.headline == "政务服务工作"
    assert field(window, "headline").text() == "政务服务工作"


def test_a_field_unticked_or_a_cancel_is_left_as_it_was(window, dialogs):
    issue = window.session.issue
    issue.headline = "政务服务 工作"
    issue.dynamics.groups[0].title = "优化营商环境 工作"

    def untick_first(dialog):  # noqa: ANN001, ANN202
        dialog.items[0].setCheckState(0, Qt.CheckState.Unchecked)
        dialog.accept()

    dialogs.review_script = untick_first
    assert paste_cleanup.tidy_issue(window) == 1
    assert issue.headline == "政务服务 工作" and issue.dynamics.groups[0].title == "优化营商环境工作"
    dialogs.review_script = lambda dialog: dialog.reject()
    assert paste_cleanup.tidy_issue(window) == 0
    assert issue.headline == "政务服务 工作"


def test_a_clean_issue_is_said_to_be_clean(window, dialogs):
    assert paste_cleanup.tidy_issue(window) == 0
    assert dialogs.last("inform")[0] == "整理标点"


# --- a department's submission ------------------------------------------------------------------------------

WECHAT = (
    "四川省水利厅窗口：\n"
    "(1)2月20日,水利厅窗口开展\"川渝通办\"业务培训, 参训 25 人\n"
    "次.\n"
    "(2)2月21日,水利厅召开窗口工作会议"
)


def test_a_pasted_wechat_submission_is_shown_with_its_department_and_added(qtbot, window, dialogs):
    field(window, "dynamics.groups[1].entries[0].text")  # the cursor in 窗口服务效能提升工作情况
    QApplication.clipboard().setText(WECHAT)
    before = len(window.session.issue.dynamics.groups[1].entries)
    _action(window, "粘贴部门报送").trigger()
    title, text = dialogs.last("review")
    assert title == "加入部门报送"
    assert "识别出 2 条动态，部门：水利厅" in text
    entries = window.session.issue.dynamics.groups[1].entries
    assert [(e.department, e.text) for e in entries[before:]] == [
        ("水利厅", "2月20日，水利厅窗口开展“川渝通办”业务培训，参训25人次。"),
        ("水利厅", "2月21日，水利厅召开窗口工作会议。"),
    ]
    window.flush()
    assert [e.text for e in stored().dynamics.groups[1].entries[before:]][1] == "2月21日，水利厅召开窗口工作会议。"


def test_the_clerk_can_pick_another_department_and_a_new_group_or_cancel(window, dialogs):
    QApplication.clipboard().setText("近日,召开会议")
    groups = window.session.issue.dynamics.groups
    count = len(groups)

    def choose(dialog):  # noqa: ANN001, ANN202
        assert dialog.department.currentText() == ""  # nothing recognised
        dialog.department.setCurrentText("省大数据中心")
        dialog.group_box.setCurrentIndex(dialog.group_box.count() - 1)  # 新建分组
        dialog.accept()

    dialogs.review_script = choose
    assert paste_cleanup.paste_submission(window) == 1
    assert len(groups) == count + 1
    assert [(e.department, e.text) for e in groups[-1].entries] == [("省大数据中心", "近日，召开会议。")]
    dialogs.review_script = lambda dialog: dialog.reject()
    assert paste_cleanup.paste_submission(window) == 0
    assert len(groups) == count + 1 and len(groups[-1].entries) == 1


def _docx(path: Path, paragraphs: list[str]) -> Path:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def _drop(target, mime: QMimeData) -> bool:  # noqa: ANN001
    point = QPointF(10, 10)
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(point.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def test_a_dropped_docx_adds_its_paragraphs_as_entries(qtbot, window, dialogs, tmp_path):
    path = _docx(tmp_path / "公安厅 报送.docx", ["省公安厅窗口", "（一）近日, 公安厅推出第三批 8 项\"省内通办\"事项", "", "（二）公安厅开展培训。"])
    window.editor.tabs.setCurrentIndex(3)
    target = window.editor.tabs.widget(3)
    qtbot.waitUntil(target.acceptDrops)  # made a drop target after the first paint
    groups = window.session.issue.dynamics.groups
    before = len(groups[-1].entries)
    assert _drop(target, _mime(urls=[path]))
    qtbot.waitUntil(lambda: len(groups[-1].entries) == before + 2)
    assert [(e.department, e.text) for e in groups[-1].entries[before:]] == [
        ("公安厅", "近日，公安厅推出第三批8项“省内通办”事项。"),
        ("公安厅", "公安厅开展培训。"),
    ]
    assert dialogs.last("review")[0] == "加入部门报送"


def test_a_file_that_is_not_a_submission_is_refused_by_name(qtbot, window, dialogs, tmp_path):
    broken = tmp_path / "坏的.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    window.editor.tabs.setCurrentIndex(3)
    target = window.editor.tabs.widget(3)
    qtbot.waitUntil(target.acceptDrops)
    entries = len(window.session.issue.dynamics.groups[-1].entries)
    assert _drop(target, _mime(urls=[broken]))
    qtbot.waitUntil(lambda: "warn" in dialogs.kinds())
    assert "坏的.docx" in dialogs.last("warn")[1]
    assert not _drop(target, _mime(urls=[tmp_path / "表.xlsx"]))  # not taken at all
    assert len(window.session.issue.dynamics.groups[-1].entries) == entries


def test_the_shortcuts_are_in_the_edit_menu(window):
    assert _action(window, "整理标点").shortcut() == QKeySequence("Ctrl+Shift+F")
    assert _action(window, "粘贴部门报送").shortcut() == QKeySequence("Ctrl+Shift+V")
