"""F1 「使用说明」: the clerk's Friday step by step and every shortcut, in a window beside the main one."""

from __future__ import annotations

from gui_support import dialogs, window  # noqa: F401
from PySide6.QtCore import Qt


def test_f1_opens_the_how_to_beside_the_window_with_the_steps_and_the_shortcuts(qtbot, window, dialogs):
    from desk_app.gui.help import HOW_TO_STEPS

    qtbot.keyClick(window, Qt.Key.Key_F1)
    title, text = dialogs.last("help")
    assert title == "使用说明"
    help_window = window.help_window
    assert help_window.isVisible() and not help_window.isModal()
    assert 8 <= len(HOW_TO_STEPS) <= 12
    for step in HOW_TO_STEPS:
        assert step in text
    # In the order of a Friday: new issue, figures, dynamics, problems, preview, export, print.
    order = ["Ctrl+N", "综窗改革", "窗口动态", "F8", "预览", "按 Ctrl+E，", "打印："]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions), positions
    # Then the shortcut list, taken from the menus.
    assert "新建一期(N)：Ctrl+N" in text and "使用说明(H)：F1" in text and "导出设置(L)：Ctrl+," in text

    # The main window stays usable: typing goes on while the help is open.
    window.activateWindow()
    assert window.isEnabled()

    # F1 again, after closing: the same window comes back, no second one.
    help_window.close()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.help_window is help_window and help_window.isVisible()
    assert len(dialogs.help_windows) == 1
    help_window.close()


def test_the_real_dialogs_show_the_help_without_a_modal_loop(qtbot, window):
    from desk_app.gui.dialogs import Dialogs

    shown = Dialogs(window).help(["示例：F1"])
    assert shown.isVisible() and not shown.isModal()
    assert "每周五编一期周报" in shown.plain_text() and "示例：F1" in shown.plain_text()
    shown.close()
