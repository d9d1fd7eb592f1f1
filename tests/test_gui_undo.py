"""Undo and redo of structural edits (编辑 › 撤销/重做, Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z), saved like any edit."""

from __future__ import annotations

import copy

import pytest
from gui_support import dialogs, stored, stored_reference, type_text, window  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_app.gui.fields import shown_problem

pytestmark = pytest.mark.usefixtures("stored_reference")
ALT, CTRL, SHIFT = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def entries(issue, group):
    return [e.department for e in issue.dynamics.groups[group].entries]


def groups(issue):
    return [g.title for g in issue.dynamics.groups]


def press(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier):
    """A key pressed where the cursor is (the window when no field has it)."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)


def undo(qtbot, window):
    press(qtbot, window, Qt.Key.Key_Z, CTRL)


def redo(qtbot, window):
    press(qtbot, window, Qt.Key.Key_Y, CTRL)


def saved(qtbot, check):
    qtbot.waitUntil(lambda: check(stored()), timeout=2000)


def test_deleting_an_entry_is_undone_and_redone_with_the_keyboard(qtbot, window, dialogs):
    before = copy.deepcopy(window.session.issue.dynamics.groups[0].entries[1])
    qtbot.keyClick(window.editor.focus_field("dynamics.groups[0].entries[1].text"), Qt.Key.Key_D, CTRL)
    assert entries(window.session.issue, 0) == ["公安厅"]
    assert window.undo_action.text() == "撤销「删除动态」(&Z)" and window.undo_action.isEnabled()
    assert not window.redo_action.isEnabled()

    undo(qtbot, window)
    assert window.session.issue.dynamics.groups[0].entries[1] == before  # back in its place, text and all
    assert window.editor.focused_path() == "dynamics.groups[0].entries[1].department"
    assert window.redo_action.text() == "重做「删除动态」(&Y)"
    assert "ask" not in dialogs.kinds()

    redo(qtbot, window)
    assert entries(window.session.issue, 0) == ["公安厅"]
    undo(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)  # the other redo key
    assert entries(window.session.issue, 0) == ["公安厅"]
    saved(qtbot, lambda issue: entries(issue, 0) == ["公安厅"])


def test_moving_and_regrouping_are_undone(qtbot, window):
    window.editor.focus_field("dynamics.groups[1].entries[2].text")
    press(qtbot, window, Qt.Key.Key_Up, ALT)
    assert entries(window.session.issue, 1) == ["应急管理厅", "省市场监管局", "水利厅"]
    assert window.undo_action.text() == "撤销「上移动态」(&Z)"
    press(qtbot, window, Qt.Key.Key_PageDown, ALT)  # to the start of the next group
    assert entries(window.session.issue, 2) == ["省市场监管局", "司法厅"]
    assert window.undo_action.text() == "撤销「动态移到其他分组」(&Z)"

    undo(qtbot, window)
    assert entries(window.session.issue, 1) == ["应急管理厅", "省市场监管局", "水利厅"]
    assert entries(window.session.issue, 2) == ["司法厅"]
    assert window.editor.focused_path() == "dynamics.groups[1].entries[1].text"  # the cursor goes with the entry
    undo(qtbot, window)
    assert entries(window.session.issue, 1) == ["应急管理厅", "水利厅", "省市场监管局"]
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "撤销(&Z)"
    redo(qtbot, window)
    redo(qtbot, window)
    assert entries(window.session.issue, 2) == ["省市场监管局", "司法厅"]


def test_adding_an_entry_is_undone(qtbot, window):
    qtbot.keyClick(window.editor.focus_field("dynamics.groups[0].entries[0].text"), Qt.Key.Key_Return, CTRL)
    assert entries(window.session.issue, 0) == ["公安厅", "", "自然资源厅"]
    assert window.undo_action.text() == "撤销「添加动态」(&Z)"
    undo(qtbot, window)
    assert entries(window.session.issue, 0) == ["公安厅", "自然资源厅"]
    redo(qtbot, window)
    assert entries(window.session.issue, 0) == ["公安厅", "", "自然资源厅"]
    assert window.editor.focused_path() == "dynamics.groups[0].entries[1].department"


def test_groups_are_added_deleted_and_moved_with_undo(qtbot, window):
    titles = groups(window.session.issue)
    first_entries = copy.deepcopy(window.session.issue.dynamics.groups[0].entries)
    window.editor.tabs.setCurrentIndex(3)
    window.editor.remove_item("dynamics.groups", 0)
    assert groups(window.session.issue) == titles[1:]
    window.editor.focus_field("dynamics.groups[0].title")
    press(qtbot, window, Qt.Key.Key_Down, ALT)
    assert groups(window.session.issue) == [titles[2], titles[1]]
    window.editor.insert_item("dynamics.groups", 2, type(window.session.issue.dynamics.groups[0])(), focus="title")
    assert len(window.session.issue.dynamics.groups) == 3

    undo(qtbot, window)
    undo(qtbot, window)
    assert groups(window.session.issue) == titles[1:]
    undo(qtbot, window)
    assert groups(window.session.issue) == titles
    assert window.session.issue.dynamics.groups[0].entries == first_entries  # its entries came back with it
    assert window.editor.focused_path() == "dynamics.groups[0].title"


def test_other_lists_are_undone_on_their_own_tab(qtbot, window):
    window.editor.focus_field("inspection.items[0].item")
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    assert [i.item for i in window.session.issue.inspection.items][0] == "工作区域标准化执行情况"
    assert window.undo_action.text() == "撤销「删除巡查项目」(&Z)"
    window.editor.focus_field("reform.authorization.newly_authorized[1].name")
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    assert [n.name for n in window.session.issue.reform.authorization.newly_authorized] == ["省地震局"]
    window.editor.focus_field("dynamics.title")  # elsewhere: the undone step is shown where it happened

    undo(qtbot, window)
    assert [n.name for n in window.session.issue.reform.authorization.newly_authorized] == ["省地震局", "省测绘地理信息局"]
    assert window.editor.tabs.currentIndex() == 1
    assert window.editor.focused_path() == "reform.authorization.newly_authorized[1].name"
    undo(qtbot, window)
    assert window.editor.tabs.currentIndex() == 4
    assert [i.item for i in window.session.issue.inspection.items][0] == "按时到岗情况"


def test_more_than_a_hundred_steps_are_undone(qtbot, window):
    original = entries(window.session.issue, 1)
    window.editor.tabs.setCurrentIndex(3)
    for step in range(120):
        window.editor.move_item("dynamics.groups[1].entries", step % 2, +1)
    assert window.editor.undo_stack.count() == 120
    for _ in range(120):
        window.editor.undo_stack.undo()
    assert entries(window.session.issue, 1) == original
    assert not window.editor.undo_stack.canUndo()
    assert window.editor.undo_stack.undoLimit() >= 100


def test_an_undo_is_saved_and_survives_a_reload(qtbot, window):
    window.editor.tabs.setCurrentIndex(3)
    window.editor.remove_item("dynamics.groups[1].entries", 0)
    saved(qtbot, lambda issue: entries(issue, 1) == ["水利厅", "省市场监管局"])
    undo(qtbot, window)
    saved(qtbot, lambda issue: entries(issue, 1) == ["应急管理厅", "水利厅", "省市场监管局"])
    redo(qtbot, window)
    saved(qtbot, lambda issue: entries(issue, 1) == ["水利厅", "省市场监管局"])
    undo(qtbot, window)
    window.close()  # and opened again: the undone state is what was stored
    assert entries(stored(), 1) == ["应急管理厅", "水利厅", "省市场监管局"]


def test_opening_another_issue_clears_the_steps(qtbot, window, reference_issue):
    from desk_app.storage import repository

    other = copy.deepcopy(reference_issue)
    other.masthead.number, other.masthead.serial = 7, 427
    repository.save_issue(other)
    window.model.reload(repository.list_issues())
    window.editor.tabs.setCurrentIndex(3)
    window.editor.remove_item("dynamics.groups[0].entries", 0)
    assert window.undo_action.isEnabled()
    window.open_issue(other.key)
    assert not window.editor.undo_stack.canUndo() and not window.undo_action.isEnabled()
    undo(qtbot, window)
    assert entries(window.session.issue, 0) == ["公安厅", "自然资源厅"]  # nothing of the other issue undone here
    assert entries(stored("2023-6"), 0) == ["自然资源厅"]


def test_ctrl_z_in_a_field_undoes_its_typing_first(qtbot, window):
    window.editor.tabs.setCurrentIndex(3)
    window.editor.remove_item("dynamics.groups[0].entries", 1)
    text = window.editor.focus_field("dynamics.groups[0].entries[0].text")
    cursor = text.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    text.setTextCursor(cursor)
    type_text(qtbot, text, "abc")
    assert window.session.issue.dynamics.groups[0].entries[0].text.endswith("abc")
    qtbot.keyClick(text, Qt.Key.Key_Z, CTRL)  # the typing, not the deletion
    assert not window.session.issue.dynamics.groups[0].entries[0].text.endswith("abc")
    assert entries(window.session.issue, 0) == ["公安厅"]
    qtbot.keyClick(text, Qt.Key.Key_Y, CTRL)
    assert window.session.issue.dynamics.groups[0].entries[0].text.endswith("abc")
    qtbot.keyClick(text, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Z, CTRL)  # nothing typed left to undo: now the deletion
    assert entries(window.session.issue, 0) == ["公安厅", "自然资源厅"]

    title = window.editor.focus_field("dynamics.groups[0].title")  # a line field (a department's would pop up its completer)
    title.end(False)
    type_text(qtbot, title, "x")
    assert window.session.issue.dynamics.groups[0].title == "优化营商环境工作开展情况x"
    qtbot.keyClick(title, Qt.Key.Key_Z, CTRL)
    assert window.session.issue.dynamics.groups[0].title == "优化营商环境工作开展情况"
    assert entries(window.session.issue, 0) == ["公安厅", "自然资源厅"]


def test_enter_then_ctrl_enter_adds_below_in_the_same_group(qtbot, window):
    """Enter at the end of a group's last entry moves the cursor to the next group's title; Ctrl+Enter
    right after still adds below the entry just typed, in its own group."""
    text = window.editor.focus_field("dynamics.groups[0].entries[1].text")
    qtbot.keyClick(text, Qt.Key.Key_Return)
    assert window.editor.focused_path() == "dynamics.groups[1].title"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return, CTRL)
    assert entries(window.session.issue, 0) == ["公安厅", "自然资源厅", ""]
    assert entries(window.session.issue, 1) == ["应急管理厅", "水利厅", "省市场监管局"]
    assert window.editor.focused_path() == "dynamics.groups[0].entries[2].department"

    # In the middle of a group: below the entry left, not below the next one.
    qtbot.keyClick(window.editor.focus_field("dynamics.groups[1].entries[0].text"), Qt.Key.Key_Return)
    assert window.editor.focused_path() == "dynamics.groups[1].entries[1].department"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return, CTRL)
    assert entries(window.session.issue, 1) == ["应急管理厅", "", "水利厅", "省市场监管局"]

    # Typed in the title after Enter: Ctrl+Enter is the title's again (a new first entry of that group).
    qtbot.keyClick(window.editor.focus_field("dynamics.groups[0].entries[2].text"), Qt.Key.Key_Return)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_End)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return, CTRL)
    assert entries(window.session.issue, 1) == ["", "应急管理厅", "", "水利厅", "省市场监管局"]


def test_a_rebuild_reuses_the_fields_and_keeps_focus_and_marks(qtbot, window):
    page = window.editor.page(3)
    text = window.editor.focus_field("dynamics.groups[1].entries[2].text")
    text.selectAll()
    qtbot.keyClick(text, Qt.Key.Key_Delete)  # an empty entry: an error mark
    window.update_preview()
    assert shown_problem(text) == "error"
    widgets = set(map(id, page.fields.values()))
    press(qtbot, window, Qt.Key.Key_Up, ALT)
    window.update_preview()
    assert set(map(id, page.fields.values())) == widgets  # the same widgets, showing other entries
    moved = page.fields["dynamics.groups[1].entries[1].text"]
    assert QApplication.focusWidget() is moved and moved.toPlainText() == ""
    assert shown_problem(moved) == "error"
    assert shown_problem(page.fields["dynamics.groups[1].entries[2].text"]) == ""  # the mark moved with it
    assert page.fields["dynamics.groups[1].entries[2].text"].toPlainText().startswith(
        window.session.issue.dynamics.groups[1].entries[2].text[:10])
    # Typing into a reused field edits the entry it shows now.
    type_text(qtbot, moved, "新")
    assert window.session.issue.dynamics.groups[1].entries[1].text == "新"
    assert window.session.issue.dynamics.groups[1].entries[1].department == "省市场监管局"


def test_a_shorter_issue_hides_the_rows_left_over(qtbot, window, reference_issue):
    from conftest import lengthen

    from desk_app.storage import repository

    longer = lengthen(reference_issue, 5)
    longer.masthead.number, longer.masthead.serial = 7, 427
    repository.save_issue(longer)
    window.model.reload(repository.list_issues())
    window.editor.tabs.setCurrentIndex(3)
    page = window.editor.page(3)
    window.open_issue(longer.key)
    assert "dynamics.groups[1].entries[14].text" in page.fields
    window.open_issue(reference_issue.key)
    texts = [path for path in page.fields if path.endswith(".text")]
    assert len(texts) == 6 and "dynamics.groups[1].entries[3].text" not in page.fields
    shown = [w for w in page.findChildren(type(page.fields[texts[0]])) if w.isVisibleTo(page)]
    assert len(shown) == 6
    assert page.fields["dynamics.groups[2].entries[0].text"].toPlainText() == reference_issue.dynamics.groups[2].entries[0].text
