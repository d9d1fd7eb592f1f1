"""A new issue from the previous one: what is carried, what is computed, what starts empty."""

from __future__ import annotations

import copy
from datetime import date

from desk_app.domain import carry
from desk_app.domain.compose import compose
from desk_app.domain.model import DEFAULT_INSPECTION_RESULT, Entry, NewlyAuthorized, WindowCounts
from desk_app.domain.validation import validate


def test_next_issue_carries_and_computes(reference_issue):
    new = carry.next_issue(reference_issue, today=date(2023, 2, 24))
    m = new.masthead
    assert (m.year, m.number, m.serial) == (2023, 7, 427)
    assert m.title == "窗口工作周报" and m.issuer == reference_issue.masthead.issuer
    # The next Monday–Friday; the issue date keeps last time's lag (17 Feb → 27 Feb: 10 days).
    assert (new.period.start, new.period.end) == (date(2023, 2, 20), date(2023, 2, 24))
    assert m.date == date(2023, 3, 6)
    assert new.headline == "政务服务工作"

    r = new.reform
    assert r.title == "综窗改革攻坚行动"
    assert r.window_stats.title == "省本级综窗办件情况"
    assert r.window_stats.week == WindowCounts()
    assert r.window_stats.ytd == WindowCounts()  # nothing to add yet
    assert r.authorization.title == reference_issue.reform.authorization.title
    assert (r.authorization.stationed, r.authorization.authorized) == (45, 37)
    assert r.authorization.newly_authorized == []
    assert r.progress.title == "推进情况" and r.progress.items == []

    a = new.approvals
    assert (a.title, a.source) == ("省级政务服务事项受理办理情况", "四川一体化政务服务平台")
    assert a.date_from is None and a.date_to is None
    assert new.approvals_from() == date(2023, 1, 1) and new.approvals_to() == date(2023, 2, 24)
    assert a.licensing.accepted is None and a.other.completed is None

    d = new.dynamics
    assert d.title == "窗口工作动态"
    assert [g.title for g in d.groups] == [g.title for g in reference_issue.dynamics.groups]
    assert all(g.entries == [] for g in d.groups)

    i = new.inspection
    assert (i.title, i.intro) == (reference_issue.inspection.title, reference_issue.inspection.intro)
    assert [x.item for x in i.items] == [x.item for x in reference_issue.inspection.items]
    assert all(x.result == DEFAULT_INSPECTION_RESULT for x in i.items)
    assert new.distribution == reference_issue.distribution
    assert new.distribution is not reference_issue.distribution


def test_next_issue_does_not_share_lists_with_previous(reference_issue):
    before = copy.deepcopy(reference_issue)
    new = carry.next_issue(reference_issue, today=date(2023, 2, 24))
    new.dynamics.groups[0].entries.append(Entry("公安厅", "新动态"))
    new.inspection.items[0].result = "changed"
    new.distribution.report = "changed"
    assert reference_issue == before


def test_year_to_date_is_previous_plus_week(reference_issue):
    new = carry.next_issue(reference_issue, today=date(2023, 2, 24))
    new.reform.window_stats.week.consult = 100
    assert carry.update_ytd_after_week_change(new, reference_issue, "consult", None)
    assert new.reform.window_stats.ytd.consult == 1748 + 100
    new.reform.window_stats.week.consult = 120
    assert carry.update_ytd_after_week_change(new, reference_issue, "consult", 100)
    assert new.reform.window_stats.ytd.consult == 1868
    assert carry.ytd_problems(new, reference_issue) == []


def test_overridden_year_to_date_stays_and_warns(reference_issue):
    new = carry.next_issue(reference_issue, today=date(2023, 2, 24))
    new.reform.window_stats.week.accept = 10
    carry.update_ytd_after_week_change(new, reference_issue, "accept", None)
    new.reform.window_stats.ytd.accept = 2000  # the clerk knows better
    new.reform.window_stats.week.accept = 11
    assert not carry.update_ytd_after_week_change(new, reference_issue, "accept", 10)
    assert new.reform.window_stats.ytd.accept == 2000
    (problem,) = carry.ytd_problems(new, reference_issue)
    assert problem.field == "reform.window_stats.ytd.accept" and not problem.is_error
    assert "1156 + 本周 11 = 1167" in problem.message_zh()


def test_new_year_starts_numbering_and_year_to_date_again(reference_issue):
    last = copy.deepcopy(reference_issue)
    last.masthead.year, last.masthead.number = 2023, 50
    last.masthead.date = date(2023, 12, 25)
    last.period.start, last.period.end = date(2023, 12, 18), date(2023, 12, 22)
    new = carry.next_issue(last, today=date(2023, 12, 29))
    assert (new.masthead.year, new.masthead.number, new.masthead.serial) == (2023, 51, 427)

    last.period.start, last.period.end = date(2025, 12, 22), date(2025, 12, 26)
    last.masthead.year = 2025
    new = carry.next_issue(last, today=date(2026, 1, 2))
    # 29 Dec 2025 – 2 Jan 2026 spans New Year: the new year's first issue.
    assert (new.period.start, new.period.end) == (date(2025, 12, 29), date(2026, 1, 2))
    assert (new.masthead.year, new.masthead.number) == (2026, 1)
    assert new.approvals_from() == date(2026, 1, 1)
    new.reform.window_stats.week.issue = 30
    carry.update_ytd_after_week_change(new, last, "issue", None)
    assert new.reform.window_stats.ytd.issue == 30


def test_lag_falls_back_to_monday_after_period(reference_issue):
    last = copy.deepcopy(reference_issue)
    last.masthead.date = date(2023, 4, 1)  # six weeks late: not a habit
    new = carry.next_issue(last, today=date(2023, 2, 24))
    assert new.masthead.date == date(2023, 2, 27)
    assert new.masthead.date.weekday() == 0


def test_first_issue_ever_is_this_week():
    new = carry.next_issue(None, today=date(2024, 3, 14))
    assert (new.period.start, new.period.end) == (date(2024, 3, 11), date(2024, 3, 15))
    assert (new.masthead.year, new.masthead.number, new.masthead.serial) == (2024, 1, None)
    assert new.masthead.date == date(2024, 3, 18)


def test_authorized_follows_newly_authorised_unless_overridden(reference_issue):
    new = carry.next_issue(reference_issue, today=date(2023, 2, 24))
    new.reform.authorization.newly_authorized.append(NewlyAuthorized("省档案馆"))
    assert carry.update_authorized_after_newly_change(new, reference_issue, 0)
    assert new.reform.authorization.authorized == 38
    new.reform.authorization.authorized = 40
    new.reform.authorization.newly_authorized.append(NewlyAuthorized("省林草局"))
    assert not carry.update_authorized_after_newly_change(new, reference_issue, 1)
    assert new.reform.authorization.authorized == 40


def test_new_issue_composes_and_lists_what_is_still_missing(reference_issue):
    new = carry.next_issue(reference_issue, today=date(2023, 2, 24))
    compose(new)  # a draft composes, with blanks where figures are missing
    fields = {p.field for p in validate(new, reference_issue) if p.is_error}
    assert "reform.window_stats.week.consult" in fields
    assert "approvals.licensing.accepted" in fields
    assert "masthead.serial" not in fields and "distribution.copies" not in fields
