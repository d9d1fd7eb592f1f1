"""A new issue from the latest one, and the values that follow from the previous issue.

What does not change from week to week is carried over; what can be computed is
computed; what is this week's news starts empty. No Qt and no database here.

Decisions a clerk would expect (the issue leaves them open):

- 较上周新增 departments are news of last week: the list starts empty, and the
  authorised count starts at last week's (it grows with each department added,
  see :func:`authorized_from_previous`).
- 推进情况 items are last week's news: they start empty (an empty 推进情况 is left
  out of the bulletin, a stale one printed again would be an embarrassment); the
  GUI offers to copy last week's items for editing.
- 窗口工作动态 keeps its groups' titles (they recur) with no entries; empty groups
  are not printed.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

from .model import (
    DEFAULT_INSPECTION_RESULT,
    Approvals,
    Authorization,
    Distribution,
    Dynamics,
    Group,
    Inspection,
    InspectionItem,
    Issue,
    Masthead,
    Period,
    Progress,
    Reform,
    WindowCounts,
    WindowStats,
)
from .previous import PreviousFigures, figures_of
from .problems import Problem, Severity

MONDAY, FRIDAY = 0, 4
_MAX_USUAL_LAG = timedelta(days=21)  # a longer gap between period and issue date was a one-off


def week_of(day: date) -> Period:
    """The Monday–Friday of the week holding ``day`` (a weekend day belongs to the week before)."""
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=FRIDAY))


def next_period(previous_end: date) -> Period:
    """The first Monday–Friday after ``previous_end``."""
    monday = previous_end + timedelta(days=7 - previous_end.weekday())
    return Period(monday, monday + timedelta(days=FRIDAY))


def propose_issue_date(period: Period, previous: Issue | None) -> date | None:
    """The issue date: as long after the period as last time, else the Monday after it."""
    if period.end is None:
        return None
    if previous is not None and previous.masthead.date and previous.period.end:
        lag = previous.masthead.date - previous.period.end
        if timedelta(0) <= lag <= _MAX_USUAL_LAG:
            return period.end + lag
    return period.end + timedelta(days=7 - period.end.weekday())


def same_year(issue: Issue, previous: Issue | None) -> bool:
    """Does ``issue`` continue ``previous``'s year (so year-to-date figures add up)?"""
    return previous is not None and previous.masthead.year is not None and previous.masthead.year == issue.masthead.year


def computed_ytd_value(issue: Issue, previous: Issue | None, name: str, week: int | None = None) -> int | None:
    """Year to date of one figure: last issue's year to date plus this week (this week alone in a new year).

    ``week`` replaces this issue's week figure (to ask what it was before an edit).
    None when it cannot be computed (no week figure, or no previous figure).
    """
    if week is None:
        week = getattr(issue.reform.window_stats.week, name)
    if week is None:
        return None
    if previous is None:
        return None
    if not same_year(issue, previous):
        return week
    before = getattr(previous.reform.window_stats.ytd, name)
    return None if before is None else before + week


def computed_ytd(issue: Issue, previous: Issue | None) -> WindowCounts:
    return WindowCounts(*(computed_ytd_value(issue, previous, name) for name in WindowCounts.FIELDS))


def ytd_follows(issue: Issue, previous: Issue | None, name: str, old_week: int | None) -> bool:
    """Is this year-to-date figure still the computed one (not overridden by the clerk)?

    Asked before the week figure changes from ``old_week``: an empty year to date
    follows too, and so does any figure when nothing can be computed from a previous issue.
    """
    ytd = getattr(issue.reform.window_stats.ytd, name)
    if ytd is None:
        return True
    return previous is not None and ytd == computed_ytd_value(issue, previous, name, week=old_week)


def update_ytd_after_week_change(issue: Issue, previous: Issue | None, name: str, old_week: int | None) -> bool:
    """Recompute year to date after the week figure ``name`` changed, unless the clerk overrode it.

    Returns whether the year-to-date figure was changed.
    """
    if previous is None or not ytd_follows(issue, previous, name, old_week):
        return False
    value = computed_ytd_value(issue, previous, name)
    if value == getattr(issue.reform.window_stats.ytd, name):
        return False
    setattr(issue.reform.window_stats.ytd, name, value)
    return True


def ytd_problems(issue: Issue, previous: Issue | PreviousFigures | None) -> list[Problem]:
    """A year-to-date figure that differs from last issue's plus this week: a warning, not an error.

    ``previous`` may be the whole previous issue or just its figures (what an import reads).
    """
    figures = figures_of(previous)
    if figures is None:
        return []
    continues_year = figures.year == issue.masthead.year
    problems = []
    for name in WindowCounts.FIELDS:
        ytd, week = getattr(issue.reform.window_stats.ytd, name), getattr(issue.reform.window_stats.week, name)
        before = getattr(figures.ytd, name)
        if ytd is None or week is None or (continues_year and before is None):
            continue
        expected = before + week if continues_year else week
        if ytd == expected:
            continue
        if continues_year:
            detail = f"{ytd} != {before} + {week}"
            detail_zh = f"现为 {ytd}，上期累计 {before} + 本周 {week} = {expected}"
        else:
            detail = f"{ytd} != this week {expected} (new year)"
            detail_zh = f"现为 {ytd}，新年度首期应等于本周数 {expected}"
        problems.append(
            Problem(f"reform.window_stats.ytd.{name}", "ytd_differs", Severity.WARNING, detail, detail_zh)
        )
    return problems


def authorized_from_previous(issue: Issue, previous: Issue | None, newly_count: int | None = None) -> int | None:
    """Last week's authorised count plus the departments newly authorised this week."""
    if previous is None or previous.reform.authorization.authorized is None:
        return None
    if newly_count is None:
        newly_count = len(issue.reform.authorization.newly_authorized)
    return previous.reform.authorization.authorized + newly_count


def update_authorized_after_newly_change(issue: Issue, previous: Issue | None, old_count: int) -> bool:
    """Keep the authorised count at last week's plus the new departments, unless the clerk set it otherwise."""
    auth = issue.reform.authorization
    if previous is None:
        return False
    before = authorized_from_previous(issue, previous, old_count)
    if before is None or auth.authorized != before:
        return False
    auth.authorized = authorized_from_previous(issue, previous)
    return True


def next_issue(previous: Issue | None, today: date) -> Issue:
    """The issue that follows ``previous`` (or a first issue for this week when there is none)."""
    if previous is None:
        period = week_of(today)
        year = period.end.year if period.end else today.year
        return Issue(
            masthead=Masthead(year=year, number=1, date=propose_issue_date(period, None)),
            period=period,
        )

    period = next_period(previous.period.end) if previous.period.end else week_of(today)
    assert period.end is not None
    year = period.end.year  # a week spanning New Year is the new year's first
    continues_year = previous.masthead.year == year
    number = (previous.masthead.number or 0) + 1 if continues_year else 1
    serial = None if previous.masthead.serial is None else previous.masthead.serial + 1

    p = previous
    m = p.masthead
    reform = Reform(
        title=p.reform.title,
        window_stats=WindowStats(title=p.reform.window_stats.title, week=WindowCounts(), ytd=WindowCounts()),
        authorization=Authorization(
            title=p.reform.authorization.title,
            stationed=p.reform.authorization.stationed,
            authorized=p.reform.authorization.authorized,
            newly_authorized=[],
        ),
        progress=Progress(title=p.reform.progress.title, items=[]),
    )
    issue = Issue(
        masthead=Masthead(title=m.title, year=year, number=number, serial=serial, issuer=m.issuer),
        headline=p.headline,
        period=period,
        reform=reform,
        # from/to left unset: 1 January of the issue's year to the period's last day.
        approvals=Approvals(title=p.approvals.title, source=p.approvals.source),
        dynamics=Dynamics(title=p.dynamics.title, groups=[Group(g.title, []) for g in p.dynamics.groups]),
        inspection=Inspection(
            title=p.inspection.title,
            intro=p.inspection.intro,
            items=[InspectionItem(i.item, DEFAULT_INSPECTION_RESULT) for i in p.inspection.items],
        ),
        distribution=copy.deepcopy(p.distribution) if p.distribution else Distribution(),
    )
    issue.masthead.date = propose_issue_date(period, previous)
    issue.reform.window_stats.ytd = computed_ytd(issue, previous)
    return issue
