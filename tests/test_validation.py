"""Warnings that catch wrong figures: each means something, none fires on an ordinary week."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from desk_app.domain.model import Entry, Group, Issue, NewlyAuthorized, WindowCounts
from desk_app.domain.problems import Severity
from desk_app.domain.validation import validate


def week_before(issue: Issue) -> Issue:
    """Issue 5 of 2023 as issue 6 implies it: two fewer authorised, year to date without this week, smaller approvals."""
    previous = copy.deepcopy(issue)
    m = previous.masthead
    m.number, m.serial, m.date = 5, 425, date(2023, 2, 20)
    previous.period.start, previous.period.end = date(2023, 2, 6), date(2023, 2, 10)
    auth = previous.reform.authorization
    auth.authorized -= len(auth.newly_authorized)
    auth.newly_authorized = [NewlyAuthorized("省档案馆")]
    stats = previous.reform.window_stats
    stats.ytd = WindowCounts(
        *(getattr(stats.ytd, name) - getattr(stats.week, name) for name in WindowCounts.FIELDS)
    )
    stats.week = WindowCounts(500, 100, 800, 2000)
    previous.approvals.date_to = date(2023, 2, 10)
    for category in previous.approvals.CATEGORIES:
        pair = getattr(previous.approvals, category)
        pair.accepted, pair.completed = pair.accepted * 8 // 10, pair.completed * 8 // 10
    return previous


def warnings(issue: Issue, previous: Issue | None = None) -> list:
    problems = validate(issue, previous)
    assert not [p for p in problems if p.is_error], [p.message() for p in problems]
    return problems


def test_the_reference_issue_has_no_warning(reference_issue):
    assert warnings(reference_issue) == []


def test_the_reference_issue_after_its_previous_week_has_no_warning(reference_issue):
    previous = week_before(reference_issue)
    assert warnings(previous) == []
    assert warnings(reference_issue, previous) == []


def test_completed_above_accepted_is_no_longer_a_warning(reference_issue):
    """Every approvals figure is a year to date: last year's cases completed this year make it ordinary."""
    approvals = reference_issue.approvals
    assert approvals.licensing.completed > approvals.licensing.accepted  # as printed in the real issue
    approvals.public_service.completed = approvals.public_service.accepted + 1000
    assert warnings(reference_issue, week_before(reference_issue)) == []


def test_authorised_count_up_with_no_names_is_a_warning(reference_issue):
    previous = week_before(reference_issue)  # 35 authorised
    auth = reference_issue.reform.authorization
    auth.authorized, auth.newly_authorized = 39, []
    previous.reform.authorization.authorized = 37
    [problem] = warnings(reference_issue, previous)
    assert (problem.code, problem.field, problem.severity) == (
        "newly_missing",
        "reform.authorization.newly_authorized",
        Severity.WARNING,
    )
    assert problem.message_zh().endswith("已授权部门数由上周的37个变为39个，但“新增授权部门”未填写")
    assert "from 37 last week to 39" in problem.message()


def test_authorised_count_up_by_more_than_the_names_listed_is_a_warning(reference_issue):
    previous = week_before(reference_issue)
    reference_issue.reform.authorization.authorized = 38  # +3, two names
    [problem] = warnings(reference_issue, previous)
    assert problem.code == "newly_count_differs"
    assert "由上周的35个变为38个（增加3个），但“新增授权部门”列了2个" in problem.message_zh()


def test_names_carried_over_with_an_unchanged_count_is_a_warning(reference_issue):
    previous = week_before(reference_issue)
    previous.reform.authorization.authorized = 37  # the count did not change, the two names are last week's
    [problem] = warnings(reference_issue, previous)
    assert (problem.code, problem.field) == ("newly_without_growth", "reform.authorization.newly_authorized")
    assert problem.message_zh().endswith("“新增授权部门”列了2个，但已授权部门数与上周相同（37个）")


def test_an_unchanged_count_with_no_names_is_ordinary(reference_issue):
    previous = week_before(reference_issue)
    previous.reform.authorization.authorized = 37
    reference_issue.reform.authorization.newly_authorized = []
    assert warnings(reference_issue, previous) == []


def test_a_falling_authorised_count_is_a_warning(reference_issue):
    previous = week_before(reference_issue)
    previous.reform.authorization.authorized = 39
    reference_issue.reform.authorization.newly_authorized = []
    [problem] = warnings(reference_issue, previous)
    assert (problem.code, problem.field) == ("authorized_fell", "reform.authorization.authorized")
    assert problem.message_zh().endswith("已授权部门数由上周的39个减为37个")


@pytest.mark.parametrize("name", WindowCounts.FIELDS)
def test_a_year_to_date_figure_below_last_weeks_is_a_warning(reference_issue, name):
    previous = week_before(reference_issue)
    before = getattr(previous.reform.window_stats.ytd, name)
    setattr(reference_issue.reform.window_stats.ytd, name, before - 1)
    setattr(reference_issue.reform.window_stats.week, name, 0)  # not below the week's figure either
    [problem] = warnings(reference_issue, previous)
    assert (problem.code, problem.field) == ("total_fell", f"reform.window_stats.ytd.{name}")
    assert f"{before - 1}" in problem.message_zh() and f"少于上周的{before}" in problem.message_zh()


def test_a_year_to_date_figure_names_its_unit(reference_issue):
    previous = week_before(reference_issue)
    reference_issue.reform.window_stats.ytd.consult = 1000
    reference_issue.reform.window_stats.week.consult = 0
    [problem] = warnings(reference_issue, previous)
    assert problem.message_zh() == (
        "一、综窗改革 › 综窗办件情况 › 今年以来 › 咨询：今年以来累计咨询1000人次，少于上周的1130人次（今年以来的累计数不会减少）"
    )


@pytest.mark.parametrize("category", ["licensing", "public_service", "other"])
@pytest.mark.parametrize("part", ["accepted", "completed"])
def test_an_approvals_total_below_last_weeks_is_a_warning(reference_issue, category, part):
    previous = week_before(reference_issue)
    before = getattr(getattr(previous.approvals, category), part)
    setattr(getattr(reference_issue.approvals, category), part, before - 5)
    [problem] = warnings(reference_issue, previous)
    assert (problem.code, problem.field) == ("total_fell", f"approvals.{category}.{part}")
    assert f"{before - 5}件，少于上周的{before}件" in problem.message_zh()


def test_totals_start_again_in_a_new_year(reference_issue):
    """The first issue of a year starts its totals afresh: lower than December's is right."""
    previous = week_before(reference_issue)
    previous.masthead.year = 2022
    previous.masthead.number = 52
    previous.approvals.date_from = None
    previous.reform.window_stats.ytd = WindowCounts(99999, 99999, 99999, 99999)
    for category in previous.approvals.CATEGORIES:
        setattr(getattr(previous.approvals, category), "accepted", 10**6)
    problems = warnings(reference_issue, previous)
    assert [p for p in problems if p.code == "total_fell"] == []


def test_approvals_counted_from_another_day_are_not_compared(reference_issue):
    previous = week_before(reference_issue)
    previous.approvals.licensing.accepted = 10**6
    previous.approvals.date_from = date(2022, 12, 1)
    assert warnings(reference_issue, previous) == []


def test_an_empty_dynamics_section_is_a_warning(reference_issue):
    reference_issue.dynamics.groups = [Group(g.title, []) for g in reference_issue.dynamics.groups]
    [problem] = warnings(reference_issue)
    assert (problem.code, problem.field) == ("dynamics_empty", "dynamics.groups")
    assert "“窗口工作动态”整个部分将不印出" in problem.message_zh()


def test_a_dynamics_section_without_groups_is_a_warning_too(reference_issue):
    reference_issue.dynamics.groups = []
    assert [p.code for p in warnings(reference_issue)] == ["dynamics_empty"]


def test_one_entry_is_enough_for_the_dynamics_section(reference_issue):
    reference_issue.dynamics.groups = [Group("只有一组", [Entry("水利厅", "一条。")]), Group("空组", [])]
    assert warnings(reference_issue) == []


def test_an_entry_without_a_department_is_a_warning_at_its_department(reference_issue):
    reference_issue.dynamics.groups[1].entries[2].department = "  "
    [problem] = warnings(reference_issue)
    assert (problem.code, problem.field) == ("no_department", "dynamics.groups[1].entries[2].department")
    assert problem.message_zh().startswith("三、窗口动态 › 分组2 › 动态3 › 部门：未填写部门")


def test_a_week_across_new_year_may_have_a_year_to_date_below_the_week(reference_issue):
    issue = reference_issue
    issue.masthead.year, issue.masthead.number = 2024, 1
    issue.period.start, issue.period.end = date(2023, 12, 28), date(2024, 1, 3)
    issue.approvals.date_from, issue.approvals.date_to = None, None
    issue.reform.window_stats.ytd.consult = 10  # only the days of the new year
    assert [p for p in warnings(issue) if p.code == "ytd_below_week"] == []
    issue.period.start = date(2024, 1, 1)  # a week within the year: below the week is a slip
    assert [p.field for p in warnings(issue) if p.code == "ytd_below_week"] == ["reform.window_stats.ytd.consult"]
