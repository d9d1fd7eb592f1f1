"""三、窗口动态: add, reorder, move between groups and delete entries; the preview and the database follow."""

from __future__ import annotations

import pytest
from gui_support import dialogs, stored, stored_reference, type_into, window  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

pytestmark = pytest.mark.usefixtures("stored_reference")
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def entries(issue, group):
    return [e.department for e in issue.dynamics.groups[group].entries]


def preview_lines(win):
    win.update_preview()
    return [line.strip() for line in win.preview_text().splitlines() if line.strip()]


def saved(qtbot, check):
    """Within a second the database holds what the check wants."""
    qtbot.waitUntil(lambda: check(stored()), timeout=1000)


def test_add_an_entry_with_the_button_and_type_it(qtbot, window):
    window.editor.tabs.setCurrentIndex(3)
    page = window.editor.pages[3]
    add = [b for b in page.findChildren(QPushButton) if b.text() == "＋ 添加动态"][2]  # the third group's
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert window.session.issue.dynamics.groups[2].entries[1].department == ""
    department = type_into(qtbot, window, "dynamics.groups[2].entries[1].department", "税务局")
    assert department.completer() is not None
    assert "公安厅" in department.completer().model().stringList()  # departments used before
    type_into(qtbot, window, "dynamics.groups[2].entries[1].text", "2月17日，省税务局局长到大厅窗口值班。")
    lines = preview_lines(window)
    # The group had one entry (printed without a number); now both are numbered.
    at = lines.index("（三）厅（局）长进大厅")
    assert lines[at + 1].startswith("（1）2月14日下午，司法厅")
    assert lines[at + 2] == "（2）2月17日，省税务局局长到大厅窗口值班。"
    saved(qtbot, lambda issue: entries(issue, 2) == ["司法厅", "税务局"])


def test_reorder_with_alt_arrows_and_across_groups(qtbot, window):
    type_into(qtbot, window, "dynamics.groups[1].entries[2].text", "市场监管局的动态。")
    text = window.editor.focus_field("dynamics.groups[1].entries[2].text")
    qtbot.keyClick(text, Qt.Key.Key_Up, ALT)
    assert entries(window.session.issue, 1) == ["应急管理厅", "省市场监管局", "水利厅"]
    # The cursor stays in the moved entry's text.
    assert window.editor.focused_path() == "dynamics.groups[1].entries[1].text"
    lines = preview_lines(window)
    at = lines.index("（二）窗口服务效能提升工作情况")
    assert lines[at + 2] == "（2）市场监管局的动态。"
    saved(qtbot, lambda issue: entries(issue, 1) == ["应急管理厅", "省市场监管局", "水利厅"])

    # Up past the first entry of a group: on into the end of the group before.
    focused = window.focusWidget()
    qtbot.keyClick(focused, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Up, ALT)
    assert entries(window.session.issue, 0) == ["公安厅", "自然资源厅", "省市场监管局"]
    assert entries(window.session.issue, 1) == ["应急管理厅", "水利厅"]
    saved(qtbot, lambda issue: entries(issue, 0)[-1] == "省市场监管局")


def test_move_to_another_group_from_its_menu_and_keyboard(qtbot, window):
    window.editor.tabs.setCurrentIndex(3)
    window.editor.move_entry_to_group(0, 0, 2)  # what the ⇄ menu's 「移到：厅（局）长进大厅」 does
    assert entries(window.session.issue, 0) == ["自然资源厅"]
    assert entries(window.session.issue, 2) == ["司法厅", "公安厅"]
    lines = preview_lines(window)
    at = lines.index("（一）优化营商环境工作开展情况")
    assert lines[at + 1].startswith("近日，自然资源厅")  # one entry left: no （1）
    # Alt+PgUp moves the focused entry to the start of the group before... here: the end of group 2 → group 1.
    field = window.editor.focus_field("dynamics.groups[2].entries[1].text")
    qtbot.keyClick(field, Qt.Key.Key_PageUp, ALT)
    assert entries(window.session.issue, 1) == ["应急管理厅", "水利厅", "省市场监管局", "公安厅"]
    saved(qtbot, lambda issue: entries(issue, 1)[-1] == "公安厅" and entries(issue, 0) == ["自然资源厅"])


def test_move_menu_lists_the_other_groups(qtbot, window):
    window.editor.tabs.setCurrentIndex(3)
    buttons = [b for b in window.editor.pages[3].findChildren(type(window.editor.pages[3].tool("", "", lambda: None))) if b.text() == "⇄"]
    menu = buttons[0].menu()
    menu.aboutToShow.emit()  # filled as it opens, with the groups as they are then
    actions = menu.actions()
    assert [a.text() for a in actions] == ["移到：窗口服务效能提升工作情况", "移到：厅（局）长进大厅"]
    actions[1].trigger()
    assert entries(window.session.issue, 2) == ["司法厅", "公安厅"]


def test_delete_does_not_ask_and_says_how_to_undo(qtbot, window, dialogs):
    field = window.editor.focus_field("dynamics.groups[0].entries[1].text")
    qtbot.keyClick(field, Qt.Key.Key_D, CTRL)
    assert "ask" not in dialogs.kinds()
    assert entries(window.session.issue, 0) == ["公安厅"]
    message = window.statusBar().currentMessage()
    assert message.startswith("已删除动态「近日，自然资源厅会同省大数据中心") and message.endswith("（Ctrl+Z 撤销）")
    assert window.editor.focused_path() == "dynamics.groups[0].entries[0].department"  # the row that is left
    lines = preview_lines(window)
    assert not any("自然资源厅会同" in line for line in lines)
    saved(qtbot, lambda issue: entries(issue, 0) == ["公安厅"])


def test_an_empty_group_is_left_out_and_the_rest_renumbered(qtbot, window, dialogs):
    window.editor.tabs.setCurrentIndex(3)
    window.editor.remove_item("dynamics.groups[0].entries", 0)
    window.editor.remove_item("dynamics.groups[0].entries", 0)
    assert window.session.issue.dynamics.groups[0].entries == []
    lines = preview_lines(window)
    assert "优化营商环境工作开展情况" not in "".join(lines)
    assert "（一）窗口服务效能提升工作情况" in lines and "（二）厅（局）长进大厅" in lines
    # The tab says so too.
    labels = [label.text() for label in window.editor.pages[3].findChildren(type(window.problem_title))]
    assert "（不印）" in labels
    saved(qtbot, lambda issue: issue.dynamics.groups[0].entries == [])


def test_an_empty_entry_is_deleted_without_asking(qtbot, window, dialogs):
    window.editor.tabs.setCurrentIndex(3)
    field = window.editor.focus_field("dynamics.groups[0].entries[0].text")
    qtbot.keyClick(field, Qt.Key.Key_Return, CTRL)  # a new entry below this one
    assert entries(window.session.issue, 0) == ["公安厅", "", "自然资源厅"]
    assert window.editor.focused_path() == "dynamics.groups[0].entries[1].department"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_D, CTRL)
    assert "ask" not in dialogs.kinds()
    assert entries(window.session.issue, 0) == ["公安厅", "自然资源厅"]


def test_add_and_delete_a_group(qtbot, window, dialogs):
    window.editor.tabs.setCurrentIndex(3)
    add = next(b for b in window.editor.pages[3].findChildren(QPushButton) if b.text() == "＋ 添加分组")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert window.editor.focused_path() == "dynamics.groups[3].title"
    type_into(qtbot, window, "dynamics.groups[3].title", "其他")
    window.editor.remove_item("dynamics.groups", 0)
    assert "ask" not in dialogs.kinds()
    assert "已删除分组「优化营商环境工作开展情况」及其中的 2 条动态" in window.statusBar().currentMessage()
    assert [g.title for g in window.session.issue.dynamics.groups][-1] == "其他"
    saved(qtbot, lambda issue: len(issue.dynamics.groups) == 3 and issue.dynamics.groups[-1].title == "其他")
