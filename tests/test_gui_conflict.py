"""Another clerk saved the same issue meanwhile (shared database): both versions field by field, chosen per field."""

from __future__ import annotations

import copy
import json

import pytest
from gui_support import FakeDialogs, dialogs, stored, stored_reference, type_into, window  # noqa: F401
from PySide6.QtCore import QPoint, Qt

from desk_app.domain.merge import differences
from desk_app.domain.model import Entry, IssueKey
from desk_app.gui.conflict import MINE, THEIRS, ConflictDialog, settle
from desk_app.storage import repository

KEY = IssueKey(2023, 6)


def click(qtbot, widget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center() if pos is None else pos)


def click_version(qtbot, dialog: ConflictDialog, path: str, column: int) -> None:
    """Click the cell of one version of ``path``, as a clerk picks it."""
    table = dialog.table
    rect = table.visualRect(table.model().index(dialog.paths.index(path), column))
    assert rect.isValid() and table.viewport().rect().contains(rect.center()), f"{path} is not on screen"
    click(qtbot, table.viewport(), rect.center())


def someone_else_saves(change) -> None:  # noqa: ANN001
    """Another clerk on the shared database saves the issue, changed by ``change(issue)``."""
    theirs = stored()
    change(theirs)
    repository.save_issue(theirs)


def their_change(issue) -> None:  # noqa: ANN001
    issue.headline = "对方改的标题"
    issue.distribution.copies = 90


def backups(data_dir) -> list:  # noqa: ANN001
    return sorted((data_dir / "备份").glob("冲突-*.json"))


@pytest.mark.usefixtures("stored_reference")
def test_fields_only_one_clerk_changed_are_merged_without_a_question(qtbot, window, dialogs, reference_issue, isolated_data_dir):
    someone_else_saves(their_change)  # the headline and the copies
    type_into(qtbot, window, "reform.window_stats.week.consult", "700")  # only I changed this
    qtbot.waitUntil(lambda: stored().reform.window_stats.week.consult == 700, timeout=2000)

    assert dialogs.conflicts == []  # nothing both changed: nothing to ask
    expected = copy.deepcopy(reference_issue)
    expected.headline = "对方改的标题"
    expected.distribution.copies = 90
    expected.reform.window_stats.week.consult = 700
    assert stored() == expected and window.session.issue == expected
    assert window.session.revision == repository.load_issue_with_revision(KEY)[1] == 3
    assert "已合并" in window.statusBar().currentMessage()
    (kept,) = backups(isolated_data_dir)  # my version as it was, all the same
    assert json.loads(kept.read_text(encoding="utf-8"))["reform"]["window_stats"]["week"]["consult"] == 700


@pytest.mark.usefixtures("stored_reference")
def test_only_fields_both_changed_are_asked_and_the_choice_is_stored(qtbot, window, dialogs, reference_issue, isolated_data_dir):
    def theirs(issue) -> None:  # noqa: ANN001
        their_change(issue)
        issue.masthead.issuer = "对方改的单位"

    someone_else_saves(theirs)
    shown = {}

    def clerk(dialog: ConflictDialog) -> None:
        table = dialog.table
        shown["rows"] = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
        shown["default"] = dialog.chosen_paths()
        click_version(qtbot, dialog, "masthead.issuer", THEIRS)
        click_version(qtbot, dialog, "masthead.issuer", MINE)
        click(qtbot, dialog.ok_button)

    dialogs.conflict_script = clerk
    type_into(qtbot, window, "masthead.issuer", "我方改的单位")
    qtbot.waitUntil(lambda: len(dialogs.conflicts) == 1, timeout=2000)

    # The headline and the copies only they changed: not asked, theirs kept.
    assert shown["rows"] == [["报头 › 编发单位", "对方改的单位", "我方改的单位"]]
    assert shown["default"] == ["masthead.issuer"]
    expected = copy.deepcopy(reference_issue)
    theirs(expected)
    expected.masthead.issuer = "我方改的单位"
    assert stored() == expected and window.session.issue == expected
    assert "1 处用您的内容，0 处用对方的内容" in window.statusBar().currentMessage()
    type_into(qtbot, window, "headline", "再改一次")
    qtbot.waitUntil(lambda: stored().headline == "再改一次", timeout=1000)
    assert len(dialogs.conflicts) == 1


@pytest.mark.usefixtures("stored_reference")
def test_cancel_keeps_their_version_and_my_copy(qtbot, window, dialogs, isolated_data_dir):
    someone_else_saves(lambda issue: (their_change(issue), setattr(issue.masthead, "issuer", "对方改的单位")))
    dialogs.conflict_script = lambda dialog: click(qtbot, dialog.cancel_button)
    type_into(qtbot, window, "masthead.issuer", "我方改的单位")
    qtbot.waitUntil(lambda: len(dialogs.conflicts) == 1, timeout=2000)

    assert dialogs.conflicts[0]["paths"] == ["masthead.issuer"]
    theirs = stored()
    assert (theirs.headline, theirs.masthead.issuer) == ("对方改的标题", "对方改的单位")
    assert window.session.issue == theirs
    (kept,) = backups(isolated_data_dir)
    assert json.loads(kept.read_text(encoding="utf-8"))["masthead"]["issuer"] == "我方改的单位"
    assert str(kept) in window.statusBar().currentMessage()
    type_into(qtbot, window, "headline", "再改一次")
    qtbot.waitUntil(lambda: stored().headline == "再改一次", timeout=1000)


@pytest.mark.usefixtures("stored_reference")
def test_a_further_conflict_while_choosing_goes_around_again(qtbot, window, dialogs, reference_issue):
    someone_else_saves(lambda issue: setattr(issue.reform.window_stats.week, "consult", 650))
    rounds = []

    def clerk(dialog: ConflictDialog) -> None:
        rounds.append(list(dialog.paths))
        if len(rounds) == 1:  # while the clerk looks, the other clerk saves once more, the same field again
            someone_else_saves(lambda issue: (setattr(issue.masthead, "serial", 430),
                                              setattr(issue.reform.window_stats.week, "consult", 660)))
        click(qtbot, dialog.ok_button)  # mine

    dialogs.conflict_script = clerk
    type_into(qtbot, window, "reform.window_stats.week.consult", "700")
    qtbot.waitUntil(lambda: len(dialogs.conflicts) == 2, timeout=2000)

    # The second round compares what the clerk chose with what is stored now: their new serial is
    # theirs alone and stays, the count both changed once more is asked again.
    assert rounds == [["reform.window_stats.week.consult"], ["reform.window_stats.week.consult"]]
    expected = copy.deepcopy(reference_issue)
    expected.masthead.serial = 430
    expected.reform.window_stats.week.consult = 700
    assert stored() == expected
    assert window.session.issue == expected


def test_an_issue_deleted_meanwhile_is_said_and_nothing_is_asked(sqlite_db, reference_issue, tmp_path):
    repository.save_issue(reference_issue)
    repository.delete_issue(KEY)
    fake = FakeDialogs()
    settled = settle(KEY, reference_issue, tmp_path / "冲突.json", fake)
    assert settled.key is None
    assert fake.kinds() == ["warn"]
    assert str(tmp_path / "冲突.json") in fake.last("warn")[1]


@pytest.fixture
def conflict_dialog(qtbot, reference_issue):
    mine = copy.deepcopy(reference_issue)
    mine.reform.window_stats.week.consult = 700
    mine.dynamics.groups[0].entries[1].text = "改过的动态。"
    mine.dynamics.groups[2].entries.append(Entry("税务局", "新增的一条动态。"))
    dialog = ConflictDialog(KEY, differences(reference_issue, mine), None)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def test_all_mine_and_all_theirs(qtbot, conflict_dialog):
    dialog = conflict_dialog
    everything = ["reform.window_stats.week.consult", "dynamics.groups[0].entries[1].text", "dynamics.groups[2].entries"]
    assert dialog.windowTitle() == "这一期已被其他同事修改"
    assert dialog.chosen_paths() == everything  # mine by default: the clerk was just typing it
    assert dialog.summary.text() == "将保存：我的内容 3 处，对方的内容 0 处。"
    click(qtbot, dialog.all_theirs_button)
    assert dialog.chosen_paths() == []
    assert dialog.summary.text() == "将保存：我的内容 0 处，对方的内容 3 处。"
    assert dialog.isVisible()  # choosing does not close the dialog
    click_version(qtbot, dialog, "dynamics.groups[2].entries", MINE)
    assert dialog.chosen_paths() == ["dynamics.groups[2].entries"]
    click(qtbot, dialog.all_mine_button)
    assert dialog.chosen_paths() == everything
    click(qtbot, dialog.ok_button)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_the_keyboard_chooses_too(qtbot, conflict_dialog):
    dialog = conflict_dialog
    table = dialog.table
    assert table.currentRow() == 0
    qtbot.keyClick(table, Qt.Key.Key_Left)  # ← theirs
    assert not dialog.uses_mine("reform.window_stats.week.consult")
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Space)  # Space switches
    assert dialog.chosen_paths() == ["dynamics.groups[2].entries"]
    qtbot.keyClick(table, Qt.Key.Key_Right)  # → mine
    assert dialog.chosen_paths() == ["dynamics.groups[0].entries[1].text", "dynamics.groups[2].entries"]
    qtbot.keyClick(table, Qt.Key.Key_Escape)  # 取消
    assert dialog.result() == dialog.DialogCode.Rejected


def test_long_texts_keep_their_full_text_in_the_tooltip(conflict_dialog, reference_issue):
    dialog = conflict_dialog
    row = dialog.paths.index("dynamics.groups[2].entries")
    tip = dialog.table.item(row, MINE).toolTip()
    assert "新增的一条动态。" in tip and "审慎开展合作制公证处改革" in tip  # the whole list, the end of its long first entry too
    assert dialog.table.item(row, 0).text() == "三、窗口动态 › 分组3 › 动态"
    # A cut cell is no taller than a few lines: the dialog stays usable at 1366×768.
    assert dialog.table.rowHeight(row) < 10 * dialog.table.fontMetrics().lineSpacing()
