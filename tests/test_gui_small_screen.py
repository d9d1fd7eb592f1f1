"""1366×768 at 150 % scaling is 910×512 device-independent pixels: every tab reachable and usable there,
every field scrolled to and not clipped, the issue list folded away and back (Ctrl+\\), and remembered."""

from __future__ import annotations

import pytest
from gui_support import dialogs, open_window, stored_reference, window  # noqa: F401
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.usefixtures("stored_reference")
SMALL = (910, 512)


def visible_in(widget, area) -> QRect:  # noqa: ANN001
    """The part of ``widget`` inside the scroll area's viewport, in viewport coordinates."""
    viewport = area.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return QRect(top_left, widget.size()).intersected(viewport.rect())


def test_every_tab_and_every_field_is_reachable_at_910_by_512(qtbot, window):
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.width() == SMALL[0] and window.height() == SMALL[1])
    editor = window.editor
    bar = editor.tabs.tabBar()
    assert editor.tabs.usesScrollButtons()
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        # The tab's own button is scrolled into the bar's sight.
        assert bar.rect().intersects(bar.tabRect(index)), (index, bar.tabRect(index), bar.rect())
        page = editor.page(index)
        assert page.fields, f"tab {index} has no fields"
        assert page.viewport().height() >= 150, f"tab {index}: only {page.viewport().height()} px to edit in"
        for path, widget in page.fields.items():
            # The whole field (ensureWidgetVisible would settle for its text cursor).
            at = widget.mapTo(page.widget(), QPoint(0, 0))
            half_w, half_h = widget.width() // 2, widget.height() // 2
            page.ensureVisible(at.x() + half_w, at.y() + half_h, half_w + 1, min(half_h + 1, page.viewport().height() // 2))
            QApplication.processEvents()
            shown = visible_in(widget, page)
            # Seen whole in width (nothing cut at the right edge) and at least a line of it in height.
            assert shown.width() == widget.width(), (index, path, shown, widget.size())
            assert shown.height() >= min(widget.height(), 20), (index, path, shown, widget.size())
            assert widget.width() >= 40, (index, path, widget.width())
    assert window.preview.width() >= 150


def test_the_issue_list_folds_away_and_back_and_the_editor_gets_the_room(qtbot, window):
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.width() == SMALL[0])
    assert window.list_shown() and window.list_action.isChecked()
    editor_width = window.center.width()

    qtbot.keyClick(window, Qt.Key.Key_Backslash, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.list_view.width() == 0 or not window.list_view.isVisible())
    assert not window.list_shown() and not window.list_action.isChecked()
    assert window.center.width() > editor_width

    window.list_action.trigger()  # from the 查看 menu
    assert window.list_shown() and window.list_action.isChecked()
    qtbot.waitUntil(lambda: window.list_view.width() > 100)

    # Ctrl+L (to the list) unfolds it too.
    window.set_list_shown(False)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.list_shown()


def test_a_folded_list_stays_folded_at_the_next_start(qtbot, window, dialogs):
    from desk_app.gui.main_window import MainWindow

    window.set_list_shown(False)
    window.close()
    again = open_window(qtbot, dialogs)
    assert not again.list_shown() and not again.list_action.isChecked()
    again.toggle_list()
    again.close()
    third = MainWindow(dialogs)
    qtbot.addWidget(third)
    assert third.list_shown()
