"""Statistics and the consistency list on small hand-made figures: no Qt, no database."""

from __future__ import annotations

from datetime import date, timedelta

from desk_app.domain import consistency, statistics
from desk_app.domain.model import IssueKey, WindowCounts
from desk_app.domain.statistics import DepartmentEntry, IssueFigures


def figures(year: int, count: int, *, accept: int = 10, first_serial: int = 1, start: date | None = None) -> list[IssueFigures]:
    """``count`` consistent issues of ``year``: every figure ``accept`` a week, Monday–Friday weeks."""
    monday = start or date.fromisocalendar(year, 2, 1)
    out, ytd = [], 0
    for n in range(1, count + 1):
        ytd += accept
        week = WindowCounts(1, accept, 2, 3)
        total = WindowCounts(n, ytd, 2 * n, 3 * n)
        begin = monday + timedelta(weeks=n - 1)
        out.append(
            IssueFigures(
                IssueKey(year, n), first_serial + n - 1, begin, begin + timedelta(days=4), begin + timedelta(days=7), week, total,
                {name: 100 * n for name in statistics.APPROVAL_FIELDS},
            )
        )
    return out


def test_year_against_year_takes_the_other_year_to_the_same_issue_number():
    archive = figures(2023, 40, accept=10) + figures(2024, 12, accept=15, first_serial=41)
    comparison = statistics.year_comparison(archive, 2024, 2023)
    assert comparison.up_to_number == 12
    row = {r[0]: r for r in comparison.summary.rows}["受理（件）"]
    assert row == ("受理（件）", 180, 120, 60, 0.5, 400)
    approvals = {r[0]: r for r in comparison.summary.rows}["行政许可受理（件）"]
    assert approvals[1:3] == (1200, 1200) and approvals[5] == 4000
    assert len(comparison.by_week.rows) == 40 and comparison.by_week.rows[20][3:5] == (None, 10)
    assert statistics.running_totals([1, None, 2]) == [1, 1, 3]


def test_percentages_are_rounded_half_up_and_never_negative_zero():
    assert statistics.percent_text(0.8125) == "81.3%"
    assert statistics.percent_text(-0.12345) == "-12.3%"
    assert statistics.percent_text(-0.0002) == "0.0%"
    assert statistics.percent_text(None) == "—"
    assert statistics.ratio(3, 0) is None and statistics.ratio(None, 4) is None


def test_weekly_tables_add_up_and_show_what_each_week_added():
    archive = figures(2024, 5, accept=7)
    window = statistics.weekly_window_table(archive, 2024)
    assert window.column("本周受理") == [7] * 5 and window.column("累计受理") == [7, 14, 21, 28, 35]
    assert window.totals[window.columns.index(next(c for c in window.columns if c.title == "本周受理"))] == 35
    approvals = statistics.weekly_approvals_table(archive, 2024)
    assert approvals.column("本周行政许可受理") == [100, 100, 100, 100, 100]


def test_department_entries_count_in_the_month_of_their_week():
    entries = [
        DepartmentEntry(IssueKey(2024, 1), date(2023, 12, 29), "公安厅"),  # a week ending in the old year: January
        DepartmentEntry(IssueKey(2024, 5), date(2024, 2, 2), "公安厅"),
        DepartmentEntry(IssueKey(2024, 5), date(2024, 2, 2), " "),
        DepartmentEntry(IssueKey(2024, 52), date(2025, 1, 2), "水利厅"),  # ending in the next year: December
        DepartmentEntry(IssueKey(2023, 9), date(2023, 3, 3), "水利厅"),  # another year: not counted
    ]
    table = statistics.department_months_table(entries, 2024)
    rows = {row[0]: row for row in table.rows}
    assert rows["公安厅"][1:3] == (1, 1) and rows["公安厅"][13] == 2
    assert rows["水利厅"][12] == 1 and rows["水利厅"][13] == 1
    assert rows[statistics.NO_DEPARTMENT][2] == 1
    assert [row[0] for row in table.rows][0] == "公安厅"  # most first
    assert table.totals[13] == 4 and table.totals[14] == 1.0
    assert rows["公安厅"][14] == 0.5


def test_consistency_first_issue_of_a_year_and_the_issue_date():
    archive = figures(2024, 4)
    assert consistency.check(archive) == []
    wrong = archive[0]
    archive[0] = IssueFigures(wrong.key, wrong.serial, wrong.period_start, wrong.period_end, wrong.issue_date, wrong.week, WindowCounts(1, 11, 2, 3), wrong.approvals)
    late = archive[2]
    archive[2] = IssueFigures(late.key, late.serial, late.period_start, late.period_end, archive[1].issue_date - timedelta(days=1), late.week, late.ytd, late.approvals)
    found = {(f.key.number, f.kind): f for f in consistency.check(archive)}
    assert set(found) == {(1, "ytd"), (2, "ytd"), (3, "order")}
    assert "本年第1期应等于本周 10" in found[1, "ytd"].message_zh
    assert "印发日期" in found[3, "order"].message_zh

    # a first week that begins in the old year may hold only the new year's days in its year to date
    spanning = figures(2025, 2, start=date(2024, 12, 30))
    first = spanning[0]
    spanning[0] = IssueFigures(first.key, first.serial, first.period_start, first.period_end, first.issue_date, first.week, WindowCounts(1, 4, 2, 3), first.approvals)
    assert [(f.key.number, f.kind) for f in consistency.check(spanning)] == [(2, "ytd")]  # 2's: 4 + 10 ≠ 20


def test_a_year_not_starting_at_one_and_a_serial_going_back():
    archive = figures(2023, 3, start=date(2023, 12, 4)) + figures(2024, 3, first_serial=4, start=date(2023, 12, 25))[1:]  # 2024-1 lost
    found = [(f.key, f.kind) for f in consistency.check(archive)]
    assert found == [(IssueKey(2024, 2), "missing_number")]  # its serial and its week follow from it
    back = figures(2024, 3)
    third = back[2]
    back[2] = IssueFigures(third.key, 1, third.period_start, third.period_end, third.issue_date, third.week, third.ytd, third.approvals)
    assert [(f.key.number, f.kind) for f in consistency.check(back)] == [(3, "order")]
