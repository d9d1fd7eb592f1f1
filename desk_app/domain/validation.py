"""Semantic checks of an issue (SPEC §5): errors block export and import, warnings do not.

Structural checks of the exchange JSON (missing keys, wrong types, impossible
dates) live in :mod:`desk_app.domain.exchange`; this module checks values.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from .model import Issue, WindowCounts
from .previous import PreviousFigures, figures_of
from .problems import Problem, Severity

MAX_COUNT = 2**31 - 1  # what every database's INTEGER holds

# XML 1.0 (and so Word) cannot hold C0 controls other than tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_fields(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text of an issue with its field path (dataclass attribute names, date_from → from)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from text_fields(item, f"{path}[{i}]")
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            name = f.name.removeprefix("date_")
            yield from text_fields(getattr(value, f.name), f"{path}.{name}" if path else name)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _texts(value: object) -> Iterator[str]:
    """Every text of an issue, without paths (text_fields' walk costs most of a validation)."""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            stack.extend(value)
        elif dataclasses.is_dataclass(value):
            kind = type(value)
            names = _FIELD_NAMES.get(kind)
            if names is None:
                names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
            stack.extend(getattr(value, name) for name in names)


def validate(issue: Issue, previous: Issue | PreviousFigures | None = None) -> list[Problem]:
    """All problems of ``issue``; ``previous`` is the issue stored before it (or its figures), for the checks against last week."""
    problems: list[Problem] = []
    add = problems.append

    def required_text(path: str, value: str) -> None:
        if not value.strip():
            add(Problem(path, "empty"))

    def count(path: str, value: int | None, *, positive: bool = False) -> None:
        if value is None:
            add(Problem(path, "missing"))
        elif positive and value < 1:
            add(Problem(path, "not_positive", detail=str(value)))
        elif value < 0:
            add(Problem(path, "negative", detail=str(value)))
        elif value > MAX_COUNT:
            add(Problem(path, "too_large", detail=str(value)))

    def required_date(path: str, value: object) -> None:
        if value is None:
            add(Problem(path, "missing"))

    m = issue.masthead
    required_text("masthead.title", m.title)
    count("masthead.year", m.year, positive=True)
    count("masthead.number", m.number, positive=True)
    count("masthead.serial", m.serial, positive=True)
    required_text("masthead.issuer", m.issuer)
    required_date("masthead.date", m.date)
    required_text("headline", issue.headline)

    p = issue.period
    required_date("period.start", p.start)
    required_date("period.end", p.end)
    if p.start and p.end and p.start > p.end:
        add(Problem("period.start", "start_after_end", detail=p.start.isoformat()))

    reform = issue.reform
    required_text("reform.title", reform.title)
    stats = reform.window_stats
    required_text("reform.window_stats.title", stats.title)
    for name in WindowCounts.FIELDS:
        week, ytd = getattr(stats.week, name), getattr(stats.ytd, name)
        count(f"reform.window_stats.week.{name}", week)
        count(f"reform.window_stats.ytd.{name}", ytd)
        if week is not None and ytd is not None and 0 <= ytd < week and not _spans_new_year(issue):
            # A week across New Year counts only its new-year days in the year to date: normal there.
            add(
                Problem(
                    f"reform.window_stats.ytd.{name}",
                    "ytd_below_week",
                    Severity.WARNING,
                    f"{ytd} < {week}",
                )
            )

    auth = reform.authorization
    required_text("reform.authorization.title", auth.title)
    count("reform.authorization.stationed", auth.stationed, positive=True)
    count("reform.authorization.authorized", auth.authorized)
    if auth.stationed is not None and auth.authorized is not None and auth.authorized > auth.stationed > 0:
        add(
            Problem(
                "reform.authorization.authorized",
                "authorized_above_stationed",
                detail=f"{auth.authorized} > {auth.stationed}",
            )
        )
    for i, dept in enumerate(auth.newly_authorized):
        required_text(f"reform.authorization.newly_authorized[{i}].name", dept.name)
    if auth.authorized is not None and len(auth.newly_authorized) > auth.authorized >= 0:
        add(
            Problem(
                "reform.authorization.newly_authorized",
                "too_many",
                detail=f"{len(auth.newly_authorized)} newly authorised, {auth.authorized} authorised in all",
                detail_zh=f"新增 {len(auth.newly_authorized)} 个，已授权共 {auth.authorized} 个",
            )
        )

    progress = reform.progress
    if progress.items:
        required_text("reform.progress.title", progress.title)
    for i, item in enumerate(progress.items):
        required_text(f"reform.progress.items[{i}]", item)

    a = issue.approvals
    required_text("approvals.title", a.title)
    required_text("approvals.source", a.source)
    first, last = issue.approvals_from(), issue.approvals_to()
    if first and last and first > last:
        add(Problem("approvals.from", "from_after_to", detail=first.isoformat()))
    for category in a.CATEGORIES:
        pair = getattr(a, category)
        count(f"approvals.{category}.accepted", pair.accepted)
        count(f"approvals.{category}.completed", pair.completed)
    # No "completed above accepted" warning: every approvals figure is a year to date, and cases
    # accepted last year are completed this year, so it holds in ordinary weeks (the reference issue).

    required_text("dynamics.title", issue.dynamics.title)
    for g, group in enumerate(issue.dynamics.groups):
        if group.entries:
            required_text(f"dynamics.groups[{g}].title", group.title)
        for e, entry in enumerate(group.entries):
            required_text(f"dynamics.groups[{g}].entries[{e}].text", entry.text)
            if entry.text.strip() and not entry.department.strip():
                add(Problem(f"dynamics.groups[{g}].entries[{e}].department", "no_department", Severity.WARNING))
    if not any(entry.text.strip() for group in issue.dynamics.groups for entry in group.entries):
        title = issue.dynamics.title.strip() or "窗口工作动态"
        add(Problem("dynamics.groups", "dynamics_empty", Severity.WARNING, title, title))

    inspection = issue.inspection
    required_text("inspection.title", inspection.title)
    for i, item in enumerate(inspection.items):
        required_text(f"inspection.items[{i}].item", item.item)
        required_text(f"inspection.items[{i}].result", item.result)

    d = issue.distribution
    required_text("distribution.report", d.report)
    required_text("distribution.send", d.send)
    required_text("distribution.issue", d.issue)
    count("distribution.copies", d.copies, positive=True)

    if _CONTROL.search("\n".join(_texts(issue))):  # the fields' paths are made only for an issue that has one
        for path, text in text_fields(issue):
            match = _CONTROL.search(text)
            if match:
                add(Problem(path, "control_character", detail=f"U+{ord(match.group()):04X}"))

    figures = figures_of(previous)
    if figures is not None:
        problems += serial_problems(issue, figures)
        problems += authorization_problems(issue, figures)
        problems += falling_total_problems(issue, figures)
    return problems


def _spans_new_year(issue: Issue) -> bool:
    start, end = issue.period.start, issue.period.end
    return start is not None and end is not None and start.year != end.year


def authorization_problems(issue: Issue, previous: PreviousFigures) -> list[Problem]:
    """Does 「较上周新增」 account for the change of the authorised count since the previous issue?

    The sentence prints the newly authorised list, not the difference: with the count up by
    two and no names the clause silently disappears; names carried over from last week with
    the count unchanged print a 「新增」 that did not happen.
    """
    now, before = issue.reform.authorization.authorized, previous.authorized
    if now is None or before is None:
        return []
    listed = len(issue.reform.authorization.newly_authorized)
    grown = now - before
    path = "reform.authorization.newly_authorized"
    if grown > 0 and listed == 0:
        return [
            Problem(
                path,
                "newly_missing",
                Severity.WARNING,
                f"authorized went from {before} last week to {now}, but no newly authorised department is listed",
                f"已授权部门数由上周的{before}个变为{now}个，但“新增授权部门”未填写",
            )
        ]
    if grown > 0 and listed != grown:
        return [
            Problem(
                path,
                "newly_count_differs",
                Severity.WARNING,
                f"authorized went from {before} last week to {now} (+{grown}), but {listed} newly authorised listed",
                f"已授权部门数由上周的{before}个变为{now}个（增加{grown}个），但“新增授权部门”列了{listed}个",
            )
        ]
    if grown <= 0 and listed:
        change_en = "is unchanged" if grown == 0 else f"went down from {before} to {now}"
        change_zh = f"与上周相同（{now}个）" if grown == 0 else f"由上周的{before}个减为{now}个"
        return [
            Problem(
                path,
                "newly_without_growth",
                Severity.WARNING,
                f"{listed} newly authorised listed, but authorized {change_en} since last week",
                f"“新增授权部门”列了{listed}个，但已授权部门数{change_zh}",
            )
        ]
    if grown < 0:
        return [
            Problem(
                "reform.authorization.authorized",
                "authorized_fell",
                Severity.WARNING,
                f"authorized went down from {before} last week to {now}",
                f"已授权部门数由上周的{before}个减为{now}个",
            )
        ]
    return []


_WINDOW_UNITS = {"consult": ("consultations", "咨询", "人次"), "accept": ("accepted", "受理", "件"),
                 "issue": ("issued", "颁发", "件"), "transfer": ("transferred", "流转", "件")}
_APPROVAL_NAMES = {"licensing": ("licensing", "行政许可事项"), "public_service": ("public service", "公共服务事项"),
                   "other": ("other", "其它九类行权事项")}


def falling_total_problems(issue: Issue, previous: PreviousFigures) -> list[Problem]:
    """A year-to-date figure (window statistics, approvals) below the previous issue's of the same year.

    Year-to-date totals only grow within a year; a lower one is a typo or last year's figure.
    The approvals are compared only when both count from the same first day.
    """
    if issue.masthead.year is None or issue.masthead.year != previous.year:
        return []
    problems = []
    for name in WindowCounts.FIELDS:
        now = getattr(issue.reform.window_stats.ytd, name)
        before = getattr(previous.ytd, name)
        if now is not None and before is not None and 0 <= now < before:
            en, zh, unit = _WINDOW_UNITS[name]
            problems.append(
                Problem(
                    f"reform.window_stats.ytd.{name}",
                    "total_fell",
                    Severity.WARNING,
                    f"year-to-date {en} {now}, below last week's {before}",
                    f"今年以来累计{zh}{now}{unit}，少于上周的{before}{unit}",
                )
            )
    if issue.approvals_from() != previous.approvals_from:
        return problems
    for category in issue.approvals.CATEGORIES:
        for part, part_en, part_zh in (("accepted", "accepted", "受理"), ("completed", "completed", "办结")):
            now = getattr(getattr(issue.approvals, category), part)
            before = getattr(previous.approvals.get(category), part, None)
            if now is not None and before is not None and 0 <= now < before:
                en, zh = _APPROVAL_NAMES[category]
                problems.append(
                    Problem(
                        f"approvals.{category}.{part}",
                        "total_fell",
                        Severity.WARNING,
                        f"{en} {part_en} {now}, below last week's {before}",
                        f"{zh}{part_zh}{now}件，少于上周的{before}件",
                    )
                )
    return problems


def serial_problems(issue: Issue, previous: Issue | PreviousFigures) -> list[Problem]:
    """A serial that does not follow the previous issue's is odd but can be true."""
    previous = figures_of(previous)
    serial, before = issue.masthead.serial, previous.serial
    if serial is None or before is None or serial == before + 1:
        return []
    return [
        Problem(
            "masthead.serial",
            "serial_not_following",
            Severity.WARNING,
            detail=f"{serial} does not follow {before} of issue {previous.key}",
            detail_zh=f"{serial} 与上一期（{previous.key}，总第{before}期）不连续",
        )
    ]
