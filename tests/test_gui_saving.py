"""Saved as typed: within a second, at once when a field is left, on closing without asking; issue keys.

Another clerk saving the same issue meanwhile: test_gui_conflict.py.
"""

from __future__ import annotations

import json
import time

import pytest
from gui_support import dialogs, stored, stored_reference, type_into, window  # noqa: F401

from PySide6.QtCore import Qt

from desk_app.gui.fields import shown_problem
from desk_app.domain.model import IssueKey
from desk_app.storage import repository

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.mark.usefixtures("stored_reference")
def test_typing_reaches_the_database_within_a_second(qtbot, window):
    type_into(qtbot, window, "headline", "政务服务工作周报")
    typed = time.monotonic()
    qtbot.waitUntil(lambda: stored().headline == "政务服务工作周报", timeout=1000)
    assert time.monotonic() - typed < 1.0
    assert window.save_label.text().startswith("已保存")


@pytest.mark.usefixtures("stored_reference")
def test_leaving_a_field_saves_at_once(qtbot, window):
    field = type_into(qtbot, window, "reform.window_stats.week.consult", "700")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert stored().reform.window_stats.week.consult == 700  # no waiting


@pytest.mark.usefixtures("stored_reference")
def test_paragraph_edits_save_too(qtbot, window):
    type_into(qtbot, window, "inspection.items[5].result", "大厅运行保障有序。")
    qtbot.waitUntil(lambda: stored().inspection.items[5].result == "大厅运行保障有序。", timeout=1000)


@pytest.mark.usefixtures("stored_reference")
def test_closing_never_asks_and_keeps_everything(qtbot, window, dialogs):
    type_into(qtbot, window, "distribution.report", "中心领导，省政府办公厅")
    window.close()
    assert dialogs.said == []
    assert stored().distribution.report == "中心领导，省政府办公厅"


@pytest.mark.usefixtures("stored_reference")
def test_changing_the_number_renames_the_issue(qtbot, window):
    field = type_into(qtbot, window, "masthead.number", "8")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert [s.key for s in repository.list_issues()] == [IssueKey(2023, 8)]
    assert window.model.summaries[0].key == IssueKey(2023, 8)
    assert "2023年第8期" in window.windowTitle()


def test_a_number_already_taken_is_not_used_and_nothing_is_lost(qtbot, window, dialogs, sqlite_db, reference_issue):
    repository.save_issue(reference_issue)
    other = repository.load_issue(IssueKey(2023, 6))
    other.masthead.number, other.masthead.serial = 7, 427
    repository.save_issue(other)
    window.load_list(select=IssueKey(2023, 6))
    field = type_into(qtbot, window, "masthead.number", "7")
    type_into(qtbot, window, "headline", "改过的标题")
    qtbot.keyClick(window.editor.focus_field("headline"), Qt.Key.Key_Tab)
    assert window.save_label.text() == "未保存"
    assert "2023年第7期已存在" in window.problem_list.item(0).text()
    assert shown_problem(field) == "error"
    assert repository.load_issue(IssueKey(2023, 7)).headline == "政务服务工作"  # the other issue untouched
    # Closing keeps the edits under the issue's own number.
    window.close()
    assert dialogs.said == []
    assert repository.load_issue(IssueKey(2023, 6)).headline == "改过的标题"


@pytest.mark.usefixtures("stored_reference")
def test_deleting_an_issue_asks_and_keeps_a_copy(qtbot, window, dialogs, isolated_data_dir):
    dialogs.answers = [False]
    qtbot.keyClick(window, Qt.Key.Key_Delete, CTRL | SHIFT)
    title, text = dialogs.last("ask")
    assert title == "删除本期" and "2023年第6期（总第426期）" in text
    assert repository.issue_exists(IssueKey(2023, 6))

    dialogs.answers = [True]
    qtbot.keyClick(window, Qt.Key.Key_Delete, CTRL | SHIFT)
    assert not repository.issue_exists(IssueKey(2023, 6))
    assert window.session is None and window.center.currentWidget() is window.empty_hint
    (copy,) = (isolated_data_dir / "备份").glob("已删除-*.json")
    assert json.loads(copy.read_text(encoding="utf-8"))["masthead"]["serial"] == 426


def test_an_empty_database_says_what_to_do_and_ctrl_n_starts(qtbot, window):
    assert window.center.currentWidget() is window.empty_hint
    assert "Ctrl+N" in window.empty_hint.text()
    assert not window.export_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert window.session is not None
    assert window.session.issue.masthead.number == 1
    assert repository.list_issues()[0].key.number == 1


@pytest.mark.usefixtures("stored_reference")
def test_switching_issues_saves_the_one_left(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    type_into(qtbot, window, "reform.window_stats.week.consult", "5")
    window.list_view.selectRow(1)  # back to issue 6, straight away
    assert window.session.stored_key == IssueKey(2023, 6)
    assert repository.load_issue(IssueKey(2023, 7)).reform.window_stats.week.consult == 5


@pytest.mark.usefixtures("stored_reference")
def test_opening_issue_after_issue_keeps_no_old_session_alive(qtbot, window, reference_issue):
    import copy
    import gc

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from desk_app.gui.session import IssueSession

    def run_deferred_deletes() -> None:  # what the event loop does between two clicks
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    for number in range(7, 16):
        other = copy.deepcopy(reference_issue)
        other.masthead.number = number
        repository.save_issue(other)
    window.load_list()
    keys = [IssueKey(2023, n) for n in range(6, 16)]
    for round_ in range(40):
        window.open_issue(keys[round_ % len(keys)])
        if round_ % 10 == 9:
            run_deferred_deletes()
    run_deferred_deletes()
    gc.collect()
    alive = [o for o in gc.get_objects() if isinstance(o, IssueSession)]
    assert len(alive) <= 2, f"{len(alive)} IssueSession objects alive after 40 issues opened"
    assert len(window.findChildren(IssueSession)) == 1
