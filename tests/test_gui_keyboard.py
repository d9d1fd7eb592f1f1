"""Keyboard and screen: digits only, Enter moves on, Tab follows the page, shortcuts, sizes, remembered layout."""

from __future__ import annotations

import pytest
from gui_support import dialogs, open_window, stored_reference, type_into, type_text, window  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_app.gui.fields import CountField, DateField

pytestmark = pytest.mark.usefixtures("stored_reference")


def test_number_fields_take_digits_only(qtbot, window):
    field = type_into(qtbot, window, "reform.window_stats.week.consult", "12a3-4")
    assert field.text() == "1234" and field.value() == 1234
    type_into(qtbot, window, "reform.window_stats.week.consult", "")
    type_text(qtbot, field, "１２３")  # full-width digits from a Chinese input method
    assert field.value() == 123
    field.clear()
    QApplication.clipboard().setText("1,748")  # pasted from a spreadsheet
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.value() == 1748
    assert window.session.issue.reform.window_stats.week.consult == 1748


def test_enter_moves_on_from_a_number_field(qtbot, window):
    field = window.editor.focus_field("reform.window_stats.week.consult")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.editor.focused_path() == "reform.window_stats.week.accept"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Enter)
    assert window.editor.focused_path() == "reform.window_stats.week.issue"


@pytest.mark.parametrize("tab", range(6))
def test_tab_order_follows_the_page(qtbot, window, tab):
    editor = window.editor
    editor.tabs.setCurrentIndex(tab)
    page = editor.pages[tab]
    order = [w for w in page._order if w.isEnabled()]
    paths = {id(w): path for path, w in page.fields.items()}
    order[0].setFocus()
    seen = [order[0]]
    for _ in order[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        while focus is not None and focus not in order and focus.parentWidget() is not None:
            focus = focus.parentWidget()  # a date field's inner line edit
        seen.append(focus)
    assert [paths.get(id(w), w.objectName()) for w in seen] == [paths.get(id(w), w.objectName()) for w in order]
    # Tab order matches the reading order: top to bottom, and left to right in a row.
    tops = [w.mapTo(page.widget(), w.rect().topLeft()) for w in order]
    for (a, b), (wa, wb) in zip(zip(tops, tops[1:]), zip(order, order[1:])):
        assert (a.y(), a.x()) <= (b.y() + 4, b.x()) or a.y() < b.y(), (paths.get(id(wa)), paths.get(id(wb)))


def test_every_action_has_a_shortcut_and_none_twice(window):
    seen = {}
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.isSeparator():
                continue
            keys = [k.toString() for k in action.shortcuts()]
            assert keys, f"{action.text()} has no shortcut"
            for key in keys:
                assert key not in seen, f"{key} is both {seen[key]} and {action.text()}"
                seen[key] = action.text()


def test_shortcuts_are_listed_for_the_clerk(window, dialogs):
    window.show_shortcuts()
    _title, text = dialogs.last("inform")
    assert "新建一期(N)：Ctrl+N" in text and "导出 Word 文档(E)：Ctrl+E" in text


def test_fits_1366_by_768_at_150_percent(window):
    # At 150 % Windows scaling a 1366×768 screen is 910×512 device-independent pixels, less the taskbar.
    hint = window.minimumSizeHint()
    assert hint.width() <= 910 and hint.height() <= 480, hint


def test_window_layout_is_remembered_in_the_data_folder(qtbot, window, dialogs, isolated_data_dir):
    window.resize(760, 560)  # the offscreen screen is 800×600
    window.main_splitter.setSizes([150, 350, 250])
    window.close()
    settings_file = isolated_data_dir / "settings.ini"
    assert settings_file.exists()
    assert "mainSplitter" in settings_file.read_text(encoding="utf-8")

    again = open_window(qtbot, dialogs)
    assert (again.size().width(), again.size().height()) == (760, 560)
    assert again.main_splitter.sizes()[0] == 150
    again.close()


def test_field_types(window):
    window.editor.build_all()
    fields = {path: w for page in window.editor.pages for path, w in page.fields.items()}
    assert isinstance(fields["masthead.serial"], CountField)
    assert isinstance(fields["distribution.copies"], CountField)
    assert isinstance(fields["period.start"], DateField)
    assert all(isinstance(fields[f"approvals.{c}.{s}"], CountField)
               for c in ("licensing", "public_service", "other") for s in ("accepted", "completed"))


def test_ctrl_enter_adds_the_first_item_of_an_empty_list(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # issue 7: no progress, no 动态
    title = window.editor.focus_field("reform.progress.title")
    qtbot.keyClick(title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.issue.reform.progress.items == [""]
    assert window.editor.focused_path() == "reform.progress.items[0]"
    type_text(qtbot, window.focusWidget(), "推进")
    assert window.session.issue.reform.progress.items == ["推进"]

    group = window.editor.focus_field("dynamics.groups[1].title")
    qtbot.keyClick(group, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(window.session.issue.dynamics.groups[1].entries) == 1
    assert window.editor.focused_path() == "dynamics.groups[1].entries[0].department"


def test_moving_the_monday_moves_the_friday(qtbot, window):
    from datetime import date

    start = window.editor.focus_field("period.start")
    start.setDate(start.date().addDays(7))
    assert window.session.issue.period.start == date(2023, 2, 20)
    assert window.session.issue.period.end == date(2023, 2, 24)
    assert window.editor.pages[0].fields["period.end"].value() == date(2023, 2, 24)


def test_a_layout_saved_for_another_screen_size_is_not_squeezed_onto_this_one(qtbot, window, dialogs, isolated_data_dir):
    """Windows' scaling went from 100 % to 150 % (or another monitor): the first-start layout for this screen."""
    from desk_app.gui.app_settings import app_settings
    room = window.screen().availableGeometry()
    window.resize(760, 560)
    window.main_splitter.setSizes([150, 350, 250])
    window.close()
    settings = app_settings()
    assert settings.value("window/screen") == f"{room.width()}x{room.height()}"
    settings.setValue("window/screen", "1920x1040")
    settings.sync()

    again = open_window(qtbot, dialogs)
    assert (again.size().width(), again.size().height()) == (min(1366, room.width()), min(740, room.height() - 30))
    assert again.main_splitter.sizes()[0] != 150
    again.close()
