"""The archive's figures week by week, one year against another, and who reported in 窗口工作动态.

Plain arithmetic over small records (one per stored issue, one per 动态 entry), read by the
storage layer; the results are neutral tables that the 统计 window shows and charts and that
the .xlsx export writes, so what is on screen and what is in the file are the same numbers.

Sums of a year are sums of the issues' week figures (咨询/受理/颁发/流转), not the last printed
year-to-date figure: a typing slip in one year to date must not change the year's total (the
consistency list shows such slips). Approvals are printed as running totals from 1 January:
their year figure is the last issue's, and a week's is the difference from the issue before.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from .model import AcceptedCompleted, Approvals, Issue, IssueKey, WindowCounts

FIGURES = WindowCounts.FIELDS  # consult, accept, issue, transfer
FIGURE_LABELS = {"consult": "咨询", "accept": "受理", "issue": "颁发", "transfer": "流转"}
FIGURE_UNITS = {"consult": "人次", "accept": "件", "issue": "件", "transfer": "件"}
CATEGORY_LABELS = {"licensing": "行政许可", "public_service": "公共服务", "other": "其它九类行权"}
APPROVAL_FIELDS = tuple(f"{c}_{s}" for c in Approvals.CATEGORIES for s in ("accepted", "completed"))
APPROVAL_LABELS = {
    f"{c}_{s}": f"{CATEGORY_LABELS[c]}{'受理' if s == 'accepted' else '办结'}"
    for c in Approvals.CATEGORIES
    for s in ("accepted", "completed")
}
NO_DEPARTMENT = "（未填部门）"

# Column kinds: how a value is shown and which number format the .xlsx gives it.
TEXT, INTEGER, PERCENT, DATE = "text", "integer", "percent", "date"


@dataclass(frozen=True)
class IssueFigures:
    """The numbers of one stored issue that the statistics and the consistency list read."""

    key: IssueKey
    serial: int | None
    period_start: date | None
    period_end: date | None
    issue_date: date | None
    week: WindowCounts
    ytd: WindowCounts
    approvals: dict[str, int | None] = field(default_factory=dict)  # APPROVAL_FIELDS → running total

    @classmethod
    def of(cls, issue: Issue) -> IssueFigures:
        assert issue.key is not None
        approvals = {}
        for category in Approvals.CATEGORIES:
            pair: AcceptedCompleted = getattr(issue.approvals, category)
            approvals[f"{category}_accepted"], approvals[f"{category}_completed"] = pair.accepted, pair.completed
        stats = issue.reform.window_stats
        return cls(
            issue.key,
            issue.masthead.serial,
            issue.period.start,
            issue.period.end,
            issue.masthead.date,
            WindowCounts(**vars(stats.week)),
            WindowCounts(**vars(stats.ytd)),
            approvals,
        )


@dataclass(frozen=True)
class DepartmentEntry:
    """One entry of 窗口工作动态: in which issue, in which week, from which department."""

    key: IssueKey
    day: date | None  # the period's last day (else the issue date): the month it counts in
    department: str


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = INTEGER


@dataclass
class Table:
    """A table of the 统计 window and a sheet of the .xlsx: rows of values, then a totals row."""

    title: str
    columns: list[Column]
    rows: list[tuple] = field(default_factory=list)
    totals: tuple | None = None
    note: str = ""

    def column(self, title: str) -> list:
        index = [c.title for c in self.columns].index(title)
        return [row[index] for row in self.rows]


def ratio(part: int | None, whole: int | None) -> float | None:
    """``part / whole`` (a change or a share, shown as a percentage); None when it has no meaning."""
    if part is None or not whole:
        return None
    return part / whole


def percent_text(value: float | None) -> str:
    """12.5%, −3.2%: one decimal, rounded half up (away from zero) as people do; "—" for no value."""
    if value is None:
        return "—"
    from decimal import ROUND_HALF_UP, Decimal

    shown = Decimal(repr(value * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{abs(shown) if shown == 0 else shown}%"  # a change too small to show is 0.0%, not −0.0%


def years(figures: list[IssueFigures]) -> list[int]:
    """The years in the archive, newest first."""
    return sorted({f.key.year for f in figures}, reverse=True)


def of_year(figures: list[IssueFigures], year: int) -> list[IssueFigures]:
    return sorted((f for f in figures if f.key.year == year), key=lambda f: f.key.number)


def _sum(values: list[int | None]) -> int:
    return sum(v for v in values if v is not None)


def weekly_window_table(figures: list[IssueFigures], year: int) -> Table:
    """「窗口办件（每周）」: each issue of ``year`` with the week's and the printed year-to-date figures."""
    columns = [Column("期号"), Column("总期数"), Column("周期起", DATE), Column("周期止", DATE)]
    columns += [Column(f"本周{FIGURE_LABELS[f]}") for f in FIGURES]
    columns += [Column(f"累计{FIGURE_LABELS[f]}") for f in FIGURES]
    table = Table(f"{year}年窗口办件", columns)
    for f in of_year(figures, year):
        table.rows.append(
            (f.key.number, f.serial, f.period_start, f.period_end)
            + tuple(getattr(f.week, name) for name in FIGURES)
            + tuple(getattr(f.ytd, name) for name in FIGURES)
        )
    table.totals = ("合计", None, None, None) + tuple(_sum([getattr(f.week, n) for f in of_year(figures, year)]) for n in FIGURES) + (None,) * 4
    table.note = "合计为各期本周数之和；累计为各期印发的“今年以来”数。"
    return table


def weekly_approvals_table(figures: list[IssueFigures], year: int) -> Table:
    """「受理办理（每周）」: the running totals each issue printed, and what each week added to them."""
    accepted = [f"{c}_accepted" for c in Approvals.CATEGORIES]
    columns = [Column("期号"), Column("截至", DATE)]
    columns += [Column(APPROVAL_LABELS[name]) for name in APPROVAL_FIELDS]
    columns += [Column(f"本周{CATEGORY_LABELS[name.rsplit('_', 1)[0]]}受理") for name in accepted]
    table = Table(f"{year}年受理办理", columns)
    previous: IssueFigures | None = None
    for f in of_year(figures, year):
        added = []
        for name in accepted:
            now, before = f.approvals.get(name), previous.approvals.get(name) if previous else 0
            added.append(None if now is None or before is None else now - before)
        table.rows.append((f.key.number, f.period_end) + tuple(f.approvals.get(n) for n in APPROVAL_FIELDS) + tuple(added))
        previous = f
    table.note = "累计数为各期印发的自1月1日起的数；本周受理为与上一期之差。"
    return table


def approvals_increments(figures: list[IssueFigures], year: int) -> dict[str, list[int | None]]:
    """Week by week, what each approvals running total grew by (for the charts)."""
    table = weekly_approvals_table(figures, year)
    return {name: table.column(APPROVAL_LABELS[name]) for name in APPROVAL_FIELDS}


def running_totals(values: list[int | None]) -> list[int]:
    total, out = 0, []
    for value in values:
        total += value or 0
        out.append(total)
    return out


@dataclass(frozen=True)
class YearComparison:
    year: int
    other: int
    up_to_number: int  # the newest issue number of ``year``: the other year is taken up to it ("同期")
    summary: Table
    by_week: Table


def year_comparison(figures: list[IssueFigures], year: int, other: int) -> YearComparison:
    """``year`` against ``other``: the year's totals beside the other's to the same issue number and in full,
    and the week figures of both side by side by issue number."""
    mine, theirs = of_year(figures, year), of_year(figures, other)
    up_to = max((f.key.number for f in mine), default=0)
    theirs_same = [f for f in theirs if f.key.number <= up_to]
    columns = [
        Column("项目", TEXT),
        Column(f"{year}年"),
        Column(f"{other}年同期"),
        Column("增减"),
        Column("增减率", PERCENT),
        Column(f"{other}年全年"),
    ]
    summary = Table(f"{year}年与{other}年对比", columns)

    def row(label: str, a: int | None, b: int | None, b_all: int | None) -> tuple:
        change = None if a is None or b is None else a - b
        return (label, a, b, change, ratio(change, b), b_all)

    for name in FIGURES:
        label = f"{FIGURE_LABELS[name]}（{FIGURE_UNITS[name]}）"
        summary.rows.append(
            row(
                label,
                _sum([getattr(f.week, name) for f in mine]),
                _sum([getattr(f.week, name) for f in theirs_same]),
                _sum([getattr(f.week, name) for f in theirs]),
            )
        )

    def last(items: list[IssueFigures], name: str) -> int | None:
        return next((f.approvals.get(name) for f in reversed(items) if f.approvals.get(name) is not None), None)

    for name in APPROVAL_FIELDS:
        summary.rows.append(
            row(f"{APPROVAL_LABELS[name]}（件）", last(mine, name), last(theirs_same, name), last(theirs, name))
        )
    summary.note = (
        f"{other}年同期：{other}年第1期至第{up_to}期（{year}年已有的最后一期）。窗口数字为各期本周数之和，"
        "受理办理为所取最后一期印发的累计数。"
    )

    by_number_mine = {f.key.number: f for f in mine}
    by_number_theirs = {f.key.number: f for f in theirs}
    week_columns = [Column("期号")]
    for name in FIGURES:
        week_columns += [Column(f"{year}年{FIGURE_LABELS[name]}"), Column(f"{other}年{FIGURE_LABELS[name]}")]
    by_week = Table(f"{year}年与{other}年每周", week_columns)
    for number in sorted(set(by_number_mine) | set(by_number_theirs)):
        a, b = by_number_mine.get(number), by_number_theirs.get(number)
        values: list = [number]
        for name in FIGURES:
            values += [getattr(a.week, name) if a else None, getattr(b.week, name) if b else None]
        by_week.rows.append(tuple(values))
    return YearComparison(year, other, up_to, summary, by_week)


def _month_in(day: date | None, year: int) -> int:
    """The month of ``year`` an entry counts in: a week ending in the next year counts in December,
    one in the year before (or an undated draft) in January."""
    if day is None or day.year < year:
        return 1
    return 12 if day.year > year else day.month


def department_months_table(entries: list[DepartmentEntry], year: int) -> Table:
    """「窗口动态来稿」: entries of each department per month of ``year``, most first."""
    counts: dict[str, Counter[int]] = {}
    for entry in entries:
        if entry.key.year != year:
            continue
        month = _month_in(entry.day, year)
        name = entry.department.strip() or NO_DEPARTMENT
        counts.setdefault(name, Counter())[month] += 1
    columns = [Column("部门", TEXT)] + [Column(f"{m}月") for m in range(1, 13)] + [Column("合计"), Column("占比", PERCENT)]
    table = Table(f"{year}年窗口动态来稿", columns)
    grand = sum(sum(c.values()) for c in counts.values())
    for name, by_month in sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0])):
        total = sum(by_month.values())
        table.rows.append((name, *(by_month.get(m, 0) for m in range(1, 13)), total, ratio(total, grand)))
    month_totals = [sum(c.get(m, 0) for c in counts.values()) for m in range(1, 13)]
    table.totals = ("合计", *month_totals, grand, 1.0 if grand else None)
    table.note = "按各期周期的最后一天所在月份计（未填周期的按印发日期）。"
    return table
