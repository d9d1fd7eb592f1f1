"""Ctrl+N: a new issue from the previous one, and year to date following the week's figures."""

from __future__ import annotations

from datetime import date

import pytest
from gui_support import dialogs, stored, stored_reference, type_into, window  # noqa: F401

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desk_app.gui.fields import shown_problem
from desk_app.domain.model import DEFAULT_INSPECTION_RESULT

pytestmark = pytest.mark.usefixtures("stored_reference")


def new_issue(qtbot, win):
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.session is not None and win.session.stored_key.number == 7)


def test_ctrl_n_creates_the_next_issue_with_carried_and_computed_values(qtbot, window, reference_issue):
    new_issue(qtbot, window)
    assert [s.key.number for s in window.model.summaries] == [7, 6]  # newest first
    assert window.list_view.currentIndex().row() == 0
    editor = window.editor
    window.editor.build_all()
    fields = {path: w for page in editor.pages for path, w in page.fields.items()}

    def shown(path):
        return fields[path].value()

    # 报头: number and serial +1, next Monday–Friday, the issue date as long after it as last time.
    assert (shown("masthead.year"), shown("masthead.number"), shown("masthead.serial")) == (2023, 7, 427)
    assert shown("masthead.title") == "窗口工作周报"
    assert shown("masthead.issuer") == reference_issue.masthead.issuer
    assert shown("headline") == "政务服务工作"
    assert (shown("period.start"), shown("period.end")) == (date(2023, 2, 20), date(2023, 2, 24))
    assert shown("masthead.date") == date(2023, 3, 6)
    # 一: titles and counts carried, this week's figures empty, nothing newly authorised, no progress yet.
    assert shown("reform.title") == "综窗改革攻坚行动"
    assert shown("reform.window_stats.title") == "省本级综窗办件情况"
    for name in ("consult", "accept", "issue", "transfer"):
        assert shown(f"reform.window_stats.week.{name}") is None
        assert shown(f"reform.window_stats.ytd.{name}") is None
    assert (shown("reform.authorization.stationed"), shown("reform.authorization.authorized")) == (45, 37)
    assert window.session.issue.reform.authorization.newly_authorized == []
    assert window.session.issue.reform.progress.items == []
    assert shown("reform.progress.title") == "推进情况"
    # 二: source and title carried, 1 January to the period's last day, figures empty.
    assert shown("approvals.source") == "四川一体化政务服务平台"
    assert (shown("approvals.from"), shown("approvals.to")) == (date(2023, 1, 1), date(2023, 2, 24))
    assert shown("approvals.licensing.accepted") is None
    # 三: the groups' titles, no entries.
    assert [shown(f"dynamics.groups[{g}].title") for g in range(3)] == [g.title for g in reference_issue.dynamics.groups]
    assert not any(path.endswith(".text") for path in fields if path.startswith("dynamics"))
    # 四: intro and items carried, results reset.
    assert shown("inspection.intro") == reference_issue.inspection.intro
    assert [shown(f"inspection.items[{i}].item") for i in range(6)] == [i.item for i in reference_issue.inspection.items]
    assert all(shown(f"inspection.items[{i}].result") == DEFAULT_INSPECTION_RESULT for i in range(6))
    # 报尾 carried.
    assert (shown("distribution.report"), shown("distribution.copies")) == ("中心领导", 80)

    # Stored at once, and the preview says what is still missing.
    saved = stored("2023-7")
    assert saved.masthead.serial == 427 and saved.period.start == date(2023, 2, 20)
    qtbot.waitUntil(lambda: not window.preview_pending, timeout=1000)  # it follows the page's paint
    assert "（2月20日—2月24日）" in window.preview_text()
    assert "2023年第7期（总第427期）" in window.preview_text()
    assert any(p.field == "reform.window_stats.week.consult" for p in window.problems)


def test_year_to_date_follows_the_week_as_typed(qtbot, window):
    new_issue(qtbot, window)
    ytd = window.editor.pages[1].fields  # built by new_issue's focus on the week figures
    type_into(qtbot, window, "reform.window_stats.week.consult", "600")
    assert ytd["reform.window_stats.ytd.consult"].value() == 1748 + 600
    type_into(qtbot, window, "reform.window_stats.week.consult", "61")
    assert ytd["reform.window_stats.ytd.consult"].value() == 1748 + 61
    for name, week, before in (("accept", "100", 1156), ("issue", "3000", 4110), ("transfer", "6000", 8406)):
        type_into(qtbot, window, f"reform.window_stats.week.{name}", week)
        assert ytd[f"reform.window_stats.ytd.{name}"].value() == before + int(week)
    qtbot.waitUntil(lambda: stored("2023-7").reform.window_stats.ytd.transfer == 14406, timeout=1000)
    qtbot.waitUntil(lambda: "今年以来，累计咨询1809人次、受理1256件、颁发7110件、流转14406件" in window.preview_text(), timeout=1000)
    assert not any(p.code == "ytd_differs" for p in window.problems)


def test_an_overridden_year_to_date_stays_and_warns(qtbot, window):
    new_issue(qtbot, window)
    type_into(qtbot, window, "reform.window_stats.week.accept", "100")
    override = type_into(qtbot, window, "reform.window_stats.ytd.accept", "2000")
    type_into(qtbot, window, "reform.window_stats.week.accept", "120")
    assert override.value() == 2000  # the clerk's figure is kept
    window.update_preview()
    warnings = [p for p in window.problems if p.code == "ytd_differs"]
    assert [p.field for p in warnings] == ["reform.window_stats.ytd.accept"]
    assert shown_problem(override) == "warning"
    assert "上期累计 1156 + 本周 120 = 1276" in override.toolTip()
    texts = [window.problem_list.item(i).text() for i in range(window.problem_list.count())]
    assert any("今年以来累计数与上期累计加本周数不一致" in t for t in texts)

    # "按上期累计重算" puts the computed figure back; the warning goes.
    window.editor.recompute_ytd()
    window.update_preview()
    assert override.value() == 1276
    assert not any(p.code == "ytd_differs" for p in window.problems)
    assert shown_problem(override) in ("", "error")


def test_newly_authorised_departments_raise_the_authorised_count(qtbot, window):
    new_issue(qtbot, window)
    window.editor.tabs.setCurrentIndex(1)
    add = next(b for b in window.editor.pages[1].findChildren(QPushButton) if "添加新增授权部门" in b.text())
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    type_into(qtbot, window, "reform.authorization.newly_authorized[0].name", "省档案馆")
    fields = window.editor.pages[1].fields
    assert fields["reform.authorization.authorized"].value() == 38
    assert "上期已授权 37 个，本周新增 1 个" in window.editor.pages[1].authorized_hint.text()
    tick = fields["reform.authorization.newly_authorized[0].note"]
    tick.click()
    assert window.session.issue.reform.authorization.newly_authorized[0].note == "部分事项授权"
    window.update_preview()
    assert "较上周新增1个部门：省档案馆（部分事项授权）" in window.preview_text()
    qtbot.waitUntil(lambda: stored("2023-7").reform.authorization.authorized == 38, timeout=1000)
