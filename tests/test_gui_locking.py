"""Issued bulletins are locked: 标记为已印发, read-only with a banner, 解锁 with a reason, 修改记录."""

from __future__ import annotations

import pytest
from gui_support import dialogs, field, stored, stored_reference, type_into, window  # noqa: F401
from PySide6.QtWidgets import QAbstractButton

from desk_app.domain.model import IssueKey
from desk_app.storage import repository
from desk_app.storage.change_log import changes_of

pytestmark = pytest.mark.usefixtures("stored_reference")
KEY = IssueKey(2023, 6)


def state_cell(window) -> str:  # noqa: ANN001
    from desk_app.gui.issue_list import STATE_COLUMN

    return window.model.index(window.model.row_of(KEY), STATE_COLUMN).data()


def mark_issued(window, dialogs) -> None:  # noqa: ANN001
    dialogs.answers = [True]  # 标记为已印发
    window.locking.mark_issued()


def test_marking_issued_locks_the_issue_shows_the_banner_and_the_list_says_so(qtbot, window, dialogs):
    assert state_cell(window) == "草稿"
    assert window.locking.mark_action.isEnabled() and not window.locking.unlock_action.isEnabled()
    assert window.locking.banner.isHidden()

    mark_issued(window, dialogs)

    title, text = dialogs.last("ask")
    assert title == "标记为已印发" and "须先“解锁”并说明原因" in text
    assert repository.issue_state(KEY).issued
    assert state_cell(window) == "已印发"
    banner = window.locking.banner
    assert banner.isVisible()
    assert banner.label.text().startswith("本期已印发（") and banner.label.text().endswith("），如需修改请先解锁")
    assert not window.locking.mark_action.isEnabled() and window.locking.unlock_action.isEnabled()
    assert window.editor.read_only


def test_a_locked_issue_cannot_be_typed_into_nor_its_lists_changed(qtbot, window, dialogs):
    mark_issued(window, dialogs)
    headline = type_into(qtbot, window, "headline", "abc")  # key presses (an input method skips read-only fields)
    assert headline.isReadOnly() and headline.text() == "政务服务工作"
    type_into(qtbot, window, "headline", "印发后", clear=False)  # an input method event sent anyway changes the widget…
    assert window.session.issue.headline == "政务服务工作"  # …but not the issue
    text = field(window, "dynamics.groups[0].entries[0].text")
    assert text.isReadOnly()
    page = window.editor.current_page()
    buttons = page.widget().findChildren(QAbstractButton)
    assert buttons and not any(b.isEnabled() for b in buttons)  # add, delete, move
    window.editor.remove_item("dynamics.groups[0].entries", 0)  # as Ctrl+D would
    window.editor.edit("headline", "绕过界面改")
    assert len(window.session.issue.dynamics.groups[0].entries) == 2
    assert window.session.issue.headline == "政务服务工作" and not window.session.dirty
    count = field(window, "reform.window_stats.week.consult")  # a tab built after the lock: read-only too
    assert count.isReadOnly()
    assert stored().headline == "政务服务工作"


def test_unlocking_needs_a_reason_which_the_log_keeps_and_editing_works_again(qtbot, window, dialogs):
    mark_issued(window, dialogs)

    dialogs.reasons = [None]  # 取消
    window.locking.unlock()
    assert repository.issue_state(KEY).issued

    dialogs.reasons = ["   "]  # nothing written: 解锁 stays disabled
    window.locking.unlock()
    assert repository.issue_state(KEY).issued
    assert dialogs.last("warn")[1] == "请写明解锁的原因，才能解锁。"

    dialogs.reasons = ["第二部分数字有误，更正后重印"]
    window.locking.banner.unlock_button.click()
    assert "解锁后可以修改" in dialogs.last("ask_reason")[1]
    assert not repository.issue_state(KEY).issued
    assert state_cell(window) == "草稿" and window.locking.banner.isHidden() and not window.editor.read_only

    headline = type_into(qtbot, window, "headline", "更正后的标题")
    assert not headline.isReadOnly()
    window.session.save_now()
    assert stored().headline == "更正后的标题"
    unlocked = next(c for c in changes_of(KEY) if c.kind == "unlocked")
    assert unlocked.note == "第二部分数字有误，更正后重印" and unlocked.who


def test_an_issue_with_errors_is_not_marked_issued(qtbot, window, dialogs):
    type_into(qtbot, window, "masthead.issuer", "")
    window.locking.mark_issued()
    assert dialogs.last("warn")[0] == "不能标记为已印发"
    assert not repository.issue_state(KEY).issued


def test_an_issued_issue_is_not_deleted_until_unlocked(qtbot, window, dialogs):
    mark_issued(window, dialogs)
    dialogs.answers = [True]
    window.delete_issue()
    title, text = dialogs.last("warn")
    assert title == "不能删除" and "请先解锁" in text
    assert repository.issue_exists(KEY)


def test_marked_issued_on_another_computer_while_typing_here(qtbot, window, dialogs, isolated_data_dir):
    """The other computer wins: nothing is overwritten, what was typed here is kept in a file, the issue shows locked."""
    type_into(qtbot, window, "headline", "这台电脑上的修改")
    window.session.save_now()
    repository.mark_issued(KEY, who="另一台电脑")
    type_into(qtbot, window, "headline", "这台电脑上的再次修改")
    window.session.save_now()
    title, text = dialogs.last("warn")
    assert title == "本期已被标记为已印发" and "已另存为" in text
    qtbot.waitUntil(lambda: window.locking.banner.isVisible(), timeout=2000)
    assert "另一台电脑" in window.locking.banner.label.text()
    assert stored().headline == "这台电脑上的修改"
    (kept,) = (isolated_data_dir / "备份").glob("已印发未保存-*.json")
    assert "这台电脑上的再次修改" in kept.read_text(encoding="utf-8")
    assert window.editor.read_only and not window.session.dirty


def test_the_change_log_shows_who_changed_which_field(qtbot, window, dialogs):
    type_into(qtbot, window, "reform.authorization.authorized", "39")
    window.changes_action.trigger()
    rows = dialogs.change_logs[-1]
    edit = next(r for r in rows if r[3] == "一、综窗改革 › 授权情况 › 已授权部门数")
    assert edit[2] == "修改" and (edit[4], edit[5]) == ("37", "39") and edit[1]
    assert rows[-1][2] == "新建"
    mark_issued(window, dialogs)
    window.show_changes()
    assert dialogs.change_logs[-1][0][2] == "标记为已印发"


def test_the_reason_dialog_allows_unlocking_only_with_a_reason(qtbot):
    from desk_app.gui.locking import ReasonDialog

    dialog = ReasonDialog("解锁本期", "请写明原因", "解锁")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.editor.setPlainText("  \n ")
    assert not dialog.ok_button.isEnabled()
    dialog.editor.setPlainText(" 更正数字 ")
    assert dialog.ok_button.isEnabled() and dialog.reason() == "更正数字"
