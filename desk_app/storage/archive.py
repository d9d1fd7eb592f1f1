"""What the 统计 window reads: the figures of every stored issue and who reported in 窗口工作动态.

Two queries over the whole archive (about 500 rows and 3,000 entries for ten years); the
arithmetic is the domain's (desk_app.domain.statistics, desk_app.domain.consistency).
"""

from __future__ import annotations

import peewee

from desk_app.domain.model import IssueKey, WindowCounts
from desk_app.domain.statistics import APPROVAL_FIELDS, DepartmentEntry, IssueFigures

from .models import EntryRow, GroupRow, IssueRow, database_proxy

_WINDOW = [f"{span}_{name}" for span in ("week", "ytd") for name in WindowCounts.FIELDS]


def issue_figures() -> list[IssueFigures]:
    """The numbers of every stored issue, oldest first."""
    columns = [IssueRow.year, IssueRow.number, IssueRow.serial, IssueRow.period_start, IssueRow.period_end, IssueRow.issue_date]
    columns += [getattr(IssueRow, name) for name in (*_WINDOW, *APPROVAL_FIELDS)]
    query = IssueRow.select(*columns).order_by(IssueRow.year, IssueRow.number).tuples()
    figures = []
    with database_proxy.atomic():
        for row in query:
            year, number, serial, start, end, issued = row[:6]
            week, ytd, approvals = row[6:10], row[10:14], row[14:]
            figures.append(
                IssueFigures(
                    IssueKey(year, number),
                    serial,
                    start,
                    end,
                    issued,
                    WindowCounts(*week),
                    WindowCounts(*ytd),
                    dict(zip(APPROVAL_FIELDS, approvals, strict=True)),
                )
            )
    return figures


def department_entries(year: int | None = None) -> list[DepartmentEntry]:
    """Every 窗口工作动态 entry with text (those printed), of ``year`` or of all years."""
    query = (
        EntryRow.select(IssueRow.year, IssueRow.number, IssueRow.period_end, IssueRow.issue_date, EntryRow.department)
        .join(GroupRow)
        .join(IssueRow)
        .where(peewee.fn.TRIM(EntryRow.text) != "")
    )
    if year is not None:
        query = query.where(IssueRow.year == year)
    return [
        DepartmentEntry(IssueKey(y, n), end or issued, department)
        for y, n, end, issued, department in query.tuples()
    ]
