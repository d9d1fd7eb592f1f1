"""The archive in the GUI: 查找 (Ctrl+F) finds and opens an issue at the entry, 统计与核对 shows the tables and
charts of the archive and exports them, and its consistency list opens the issue at the field to check."""

from __future__ import annotations

import pytest
from archive_data import SLIPS, generate_archive, store_archive
from gui_support import dialogs, type_text, window  # noqa: F401
from PySide6.QtCore import Qt

from desk_app.domain import statistics
from desk_app.domain.model import IssueKey
from desk_app.storage import archive

RECENT = 2022  # the GUI tests store the archive from this year on (about 150 issues)


@pytest.fixture(scope="module")
def recent_issues():
    return [i for i in generate_archive().issues if i.key.year >= RECENT]


@pytest.fixture
def archive_window(sqlite_db, recent_issues, window):
    store_archive(recent_issues)
    window.load_list()
    return window


def test_ctrl_f_finds_as_typed_and_opens_the_issue_at_the_entry(qtbot, archive_window):
    win = archive_window
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    panel = win.search_panel
    assert panel is not None and panel.isVisible()
    qtbot.waitUntil(lambda: panel.query.hasFocus())
    type_text(qtbot, panel.query, "冰雪")
    qtbot.waitUntil(lambda: panel.results.rowCount() > 0, timeout=3000)  # after the typing pause
    found = panel.results_found
    assert found.total > 0
    assert panel.summary.text().startswith(f"共找到 {found.total} 处")
    first = found.hits[0]
    assert first.key == max(h.key for h in found.hits)
    html = panel.results.item(0, 2).data(Qt.ItemDataRole.UserRole)
    assert '<span style="background:#ffe066">冰雪</span>' in html
    assert panel.results.item(0, 0).text() == f"{first.key.year}年第{first.key.number}期"

    qtbot.keyClick(panel.query, Qt.Key.Key_Down)
    assert panel.results.hasFocus() and panel.results.currentRow() == 0
    panel.results.setCurrentCell(3, 2)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    hit = found.hits[3]
    assert win.session.stored_key == hit.key
    widget = win.editor.focus_field(hit.path)
    assert widget.textCursor().selectedText() == "冰雪"
    assert panel.isVisible()  # stays open for the next hit


def test_search_of_one_character_and_a_generated_sentence(qtbot, archive_window, recent_issues):
    win = archive_window
    win.show_search()
    panel = win.search_panel
    panel.set_query("窗")
    assert panel.results_found.total > len(panel.results_found.hits) == panel.results.rowCount()
    issue = next(i for i in recent_issues if i.key == IssueKey(2023, 30))
    panel.set_query(f"受理{issue.reform.window_stats.week.accept}件、颁发")
    row = next(r for r, h in enumerate(panel.results_found.hits) if h.key == issue.key)
    assert panel.results.item(row, 1).text() == "一、综窗改革攻坚行动"
    panel.open_row(row)
    assert win.session.stored_key == issue.key
    assert win.editor.tabs.currentIndex() == 1  # 一、综窗改革: the sentence's first figure
    panel.set_query("这几个字从未出现")
    assert panel.results.rowCount() == 0 and panel.summary.text() == "没有找到。"


def test_statistics_window_shows_the_archive_and_exports_xlsx(qtbot, archive_window, recent_issues, dialogs, tmp_path):
    from openpyxl import load_workbook

    win = archive_window
    qtbot.keyClick(win, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    stats = win.statistics_window
    assert stats is not None and stats.isVisible()
    page = stats.pages["window"]
    newest = [i for i in recent_issues if i.key.year == 2024]
    assert page.table.rowCount() == len(newest) + 1  # and the totals row
    accepted = sum(i.reform.window_stats.week.accept for i in newest)
    column = [c.title for c in page.table.table.columns].index("本周受理")
    assert page.table.item(page.table.rowCount() - 1, column).text() == str(accepted)
    assert page.chart.series_names() == ["咨询（人次）", "受理（件）", "颁发（件）", "流转（件）"]
    assert page.chart.series_values("受理（件）") == [i.reform.window_stats.week.accept for i in newest]

    dialogs.save_path = tmp_path / "窗口办件.xlsx"
    page.export_button.click()
    sheet = load_workbook(dialogs.save_path).active
    assert [c.value for c in sheet[1]][:3] == ["期号", "总期数", "周期起"]
    assert sheet.cell(row=len(newest) + 2, column=column + 1).value == accepted
    assert "已导出到" in stats.status.text()

    stats.show_page("compare")
    compare = stats.pages["compare"]
    assert compare.chart.series_names() == ["2024年", "2023年"]
    summary = {row[0]: row for row in compare.summary.texts()}
    assert summary["受理（件）"][1] == str(accepted)
    assert compare.chart.series_values("2024年")[-1] == accepted  # the running total ends at the year's sum

    stats.show_page("departments")
    departments = stats.pages["departments"]
    table = statistics.department_months_table(archive.department_entries(2024), 2024)
    assert departments.table.rowCount() == len(table.rows) + 1
    names = departments.chart.series_names()
    assert names[: len(names) - 1] == [row[0] for row in table.rows[: len(names) - 1]]
    assert sum(sum(departments.chart.series_values(n)) for n in names) == table.totals[13]

    stats.show_page("approvals")
    approvals = stats.pages["approvals"]
    assert approvals.chart.series_values("受理") == [i.approvals.licensing.accepted for i in newest]


def test_consistency_list_opens_the_issue_at_the_field(qtbot, archive_window):
    win = archive_window
    win.show_statistics("consistency")
    page = win.statistics_window.pages["consistency"]
    expected = sorted((key, kind) for key, kind in SLIPS if key.year >= RECENT)
    assert sorted((f.key, f.kind) for f in page.findings) == expected
    assert page.summary.text().startswith(f"共 {len(expected)} 处")
    row = next(r for r, f in enumerate(page.findings) if f.kind == "order")
    page.table.setCurrentCell(row, 0)
    page.table.itemActivated.emit(page.table.item(row, 0))
    assert win.session.stored_key == IssueKey(2022, 16)
    assert win.editor.tabs.currentIndex() == 0  # 报头: the period


def test_statistics_follow_what_was_saved(qtbot, archive_window):
    win = archive_window
    win.show_statistics()
    stats = win.statistics_window
    before = len(stats.figures)
    win.new_issue()  # the next issue, saved at once
    key = win.session.stored_key
    win.show_statistics()  # opened again: read anew
    assert len(stats.figures) == before + 1 and stats.figures[-1].key == key
    assert key.year in stats.years
    page = stats.pages["window"]
    assert page.year.findData(key.year) >= 0
