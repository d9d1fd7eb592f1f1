"""The archive on ten generated years (~520 issues), on SQLite and PostgreSQL: search finds one-, two- and
three-character terms, the statistics equal sums made here from the issues themselves, the .xlsx reads back
equal to them, and the consistency list names exactly the slips the generator made.

Each test stores the archive in its own fresh database (about 2.5 s on SQLite, 3–5 s on PostgreSQL), so the
checks that only read are gathered in two tests.
"""

from __future__ import annotations

import copy
from collections import Counter
from datetime import date

import pytest
from archive_data import RARE_CHARACTER, SILENT_DEPARTMENT, SLIPS, generate_archive, store_archive

from desk_app.domain import consistency, statistics
from desk_app.domain.compose import compose
from desk_app.domain.model import IssueKey, WindowCounts
from desk_app.output.text import render_text
from desk_app.storage import archive, repository, search_index


@pytest.fixture(scope="module")
def generated():
    return generate_archive()


@pytest.fixture
def stored(db, generated):
    store_archive(generated.issues)
    return generated.issues


def printed_lines(issues) -> list[tuple[IssueKey, str]]:
    """Every printed line of every issue, newest issue first (made here from the composition, not the index)."""
    lines = []
    for issue in sorted(issues, key=lambda i: i.key, reverse=True):
        for line in render_text(compose(issue)).splitlines():
            if line.strip():
                lines.append((issue.key, line.replace("\t", " ")))
    return lines


# --- search ---------------------------------------------------------------------------------------


def test_search_finds_one_two_and_three_character_terms_as_printed(stored):
    lines = printed_lines(stored)
    for term in (RARE_CHARACTER, "窗", "冰雪", "不动产", "厅（局）长进大厅", "防震减灾科普宣传"):
        expected = [(key, line) for key, line in lines if term in line]
        found = search_index.search(term, limit=100_000)
        assert found.total == len(expected) > 0, term
        assert found.issues == len({key for key, _ in expected}), term
        assert [(hit.key, hit.text) for hit in found.hits] == expected, term  # newest first, then in print order

    # one character found once: the hit names the entry it opens
    (hit,) = search_index.search(RARE_CHARACTER).hits
    assert hit.key == IssueKey(2018, 3)
    assert hit.section == "dynamics" and hit.heading.endswith("窗口工作动态")
    issue = next(i for i in stored if i.key == hit.key)
    group, entry = (int(n) for n in hit.path.replace("]", "[").split("[")[1::2])
    assert RARE_CHARACTER in issue.dynamics.groups[group].entries[entry].text

    # the generated sentences are searched as printed
    issue = next(i for i in stored if i.key == IssueKey(2019, 30))
    ytd = issue.reform.window_stats.ytd
    sentence = f"累计咨询{ytd.consult}人次、受理{ytd.accept}件"  # in no field: only in the generated sentence
    hit = next(h for h in search_index.search(sentence).hits if h.key == IssueKey(2019, 30))
    assert hit.path == "reform.window_stats.week.consult" and hit.text.startswith("本周，共计咨询")

    # a department named only in the (unprinted) department field
    (by_department,) = search_index.search(SILENT_DEPARTMENT).hits
    assert by_department.key == IssueKey(2016, 7) and by_department.department == SILENT_DEPARTMENT
    assert SILENT_DEPARTMENT not in by_department.text

    # every term in one line; the limit keeps the newest
    both = search_index.search("冰雪 窗", limit=100_000)
    assert [(h.key, h.text) for h in both.hits] == [(k, line) for k, line in lines if "冰雪" in line and "窗" in line]
    limited = search_index.search("窗", limit=20)
    assert len(limited.hits) == 20 and limited.total > 20
    assert limited.hits[0].key == max(i.key for i in stored)
    assert "显示最新的 20 处" in limited.summary_zh()
    assert search_index.search("这几个字从未出现").total == 0
    assert search_index.search("100%_\\").total == 0  # LIKE's wildcards are plain characters here


def test_saving_and_deleting_keep_the_index_current(db, generated):
    store_archive(generated.issues[-30:])
    key = IssueKey(2024, 30)
    issue = copy.deepcopy(next(i for i in generated.issues if i.key == key))
    issue.headline = "春季招聘专场服务"
    repository.save_issue(issue)
    assert [h.key for h in search_index.search("春季招聘").hits] == [key]
    assert [h.path for h in search_index.search("春季").hits] == ["headline"]  # the short-term path too
    repository.delete_issue(key)
    assert search_index.search("春季招聘").total == 0
    assert all(h.key != key for h in search_index.search("窗", limit=100_000).hits)
    assert search_index.search("窗", limit=100_000).issues == 29


# --- statistics and the consistency list, from what the database holds ------------------------------


def test_statistics_xlsx_and_consistency_list_from_the_archive(stored, tmp_path):
    figures = archive.issue_figures()
    assert len(figures) == len(stored)
    check_weekly_tables_and_year_comparison(stored, figures)
    check_department_contributions_per_month(stored)
    check_xlsx_reads_back_equal_with_number_formats(figures, tmp_path)
    check_consistency_list_names_exactly_the_slips(figures)


def check_weekly_tables_and_year_comparison(stored, figures):
    for year in (2016, 2020, 2024):
        mine = sorted((i for i in stored if i.key.year == year), key=lambda i: i.key.number)
        table = statistics.weekly_window_table(figures, year)
        assert table.column("期号") == [i.key.number for i in mine]
        for name, label in statistics.FIGURE_LABELS.items():
            week_values = [getattr(i.reform.window_stats.week, name) for i in mine]
            assert table.column(f"本周{label}") == week_values
            assert table.column(f"累计{label}") == [getattr(i.reform.window_stats.ytd, name) for i in mine]
            assert table.totals[table.columns.index(next(c for c in table.columns if c.title == f"本周{label}"))] == sum(week_values)
        approvals = statistics.weekly_approvals_table(figures, year)
        licensing = [i.approvals.licensing.accepted for i in mine]
        assert approvals.column("行政许可受理") == licensing
        assert approvals.column("本周行政许可受理") == [licensing[0]] + [b - a for a, b in zip(licensing, licensing[1:])]

    comparison = statistics.year_comparison(figures, 2024, 2023)
    rows = {row[0]: row for row in comparison.summary.rows}
    this = [i for i in stored if i.key.year == 2024]
    last = [i for i in stored if i.key.year == 2023]
    up_to = max(i.key.number for i in this)
    accepted_this = sum(i.reform.window_stats.week.accept for i in this)
    accepted_last = sum(i.reform.window_stats.week.accept for i in last if i.key.number <= up_to)
    assert rows["受理（件）"][1:4] == (accepted_this, accepted_last, accepted_this - accepted_last)
    assert rows["受理（件）"][4] == pytest.approx((accepted_this - accepted_last) / accepted_last)
    assert rows["受理（件）"][5] == sum(i.reform.window_stats.week.accept for i in last)
    newest_last = max((i for i in last if i.key.number <= up_to), key=lambda i: i.key.number)
    assert rows["行政许可办结（件）"][2] == newest_last.approvals.licensing.completed


def check_department_contributions_per_month(stored):
    for year in (2015, 2019, 2024):
        counted: Counter = Counter()
        for issue in stored:
            if issue.key.year != year:
                continue
            month = issue.period.end.month if issue.period.end.year == year else (12 if issue.period.end.year > year else 1)
            for group in issue.dynamics.groups:
                for entry in group.entries:
                    if entry.text.strip():
                        counted[entry.department, month] += 1
        table = statistics.department_months_table(archive.department_entries(year), year)
        got = Counter({(row[0], m): row[m] for row in table.rows for m in range(1, 13) if row[m]})
        assert got == counted
        assert table.totals[13] == sum(counted.values())
        totals = [row[13] for row in table.rows]
        assert totals == sorted(totals, reverse=True)
        if year == 2015:
            assert "省工商局" in [row[0] for row in table.rows] and "省医保局" not in [row[0] for row in table.rows]


def check_xlsx_reads_back_equal_with_number_formats(figures, tmp_path):
    from openpyxl import load_workbook

    from desk_app.output.xlsx import write_xlsx

    comparison = statistics.year_comparison(figures, 2024, 2023)
    tables = [
        statistics.weekly_window_table(figures, 2024),
        statistics.weekly_approvals_table(figures, 2024),
        comparison.summary,
        comparison.by_week,
        statistics.department_months_table(archive.department_entries(2024), 2024),
    ]
    target = write_xlsx(tables, tmp_path / "统计 2024.xlsx")
    book = load_workbook(target)
    assert len(book.sheetnames) == len(tables)
    for table, sheet in zip(tables, book.worksheets, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == [c.title for c in table.columns]
        body = table.rows + ([table.totals] if table.totals else [])
        for expected, got, cells in zip(body, rows[1:], sheet.iter_rows(min_row=2), strict=False):
            for column, value, read, cell in zip(table.columns, expected, got, cells, strict=True):
                if column.kind == statistics.DATE and value is not None:
                    assert read.date() == value and cell.number_format == 'yyyy"年"m"月"d"日"'
                elif column.kind == statistics.PERCENT and value is not None:
                    assert read == pytest.approx(value) and cell.number_format == "0.0%"
                else:
                    assert read == value
                    if column.kind == statistics.INTEGER and isinstance(value, int):
                        assert cell.number_format == "0"
        assert len(rows) >= len(body) + 1


def check_consistency_list_names_exactly_the_slips(figures):
    findings = consistency.check(figures)
    assert {(f.key, f.kind) for f in findings} == SLIPS
    by_key = {(f.key, f.kind): f for f in findings}
    assert by_key[IssueKey(2020, 31), "missing_number"].message_zh.startswith("2020年缺第30期")
    assert by_key[IssueKey(2017, 20), "ytd"].path == "reform.window_stats.ytd.accept"
    assert by_key[IssueKey(2019, 11), "serial"].path == "masthead.serial"
    assert [f.key for f in findings] == sorted(f.key for f in findings)  # oldest first


def test_ytd_slip_is_the_one_figure_that_does_not_add_up(generated):
    figures = [statistics.IssueFigures.of(i) for i in generated.issues]
    (slip,) = [f for f in consistency.check(figures) if f.kind == "ytd"]
    issue = next(i for i in generated.issues if i.key == slip.key)
    before = next(i for i in generated.issues if i.key == IssueKey(2017, 19))
    expected = before.reform.window_stats.ytd.accept + issue.reform.window_stats.week.accept
    assert issue.reform.window_stats.ytd.accept == expected + 5
    assert f"= {expected}" in slip.message_zh


def test_the_same_checks_on_figures_alone(generated):
    """The domain check needs no database: the same slips from the generated issues."""
    figures = [statistics.IssueFigures.of(i) for i in generated.issues]
    assert {(f.key, f.kind) for f in consistency.check(figures)} == SLIPS
    assert all(isinstance(f.week, WindowCounts) for f in figures)
    assert statistics.years(figures)[0] == 2024 and date(2015, 1, 1).year in statistics.years(figures)
