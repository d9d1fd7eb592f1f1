"""The archive's consistency list: what does not add up across issues.

Each stored issue is compared with the one stored before it (by year, then number):

- ``ytd``: a year-to-date figure that is not the previous issue's plus this week (in the
  first issue of a year: not this week's, unless its week begins in the old year);
- ``serial``: a serial number (总第…期) that does not follow the previous one's;
- ``missing_number``: numbers skipped within a year (or a year not starting at 1);
- ``missing_week``: a week between two issues' periods without an issue;
- ``order``: an issue whose period, issue date or serial lies before the previous issue's.

A lost issue shows once, as its missing number: the serial, week and year-to-date jumps that
follow from it are not listed again. One slip is one line where it can be.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .model import IssueKey, WindowCounts
from .statistics import FIGURE_LABELS, IssueFigures

KINDS = {
    "ytd": "累计数不符",
    "serial": "总期数不连续",
    "missing_number": "缺期",
    "missing_week": "缺周",
    "order": "顺序颠倒",
}
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Finding:
    key: IssueKey
    kind: str  # a key of KINDS
    path: str  # the field to open
    message_zh: str

    @property
    def kind_zh(self) -> str:
        return KINDS[self.kind]


def _day(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "（未填）"


def _name(key: IssueKey) -> str:
    return f"{key.year}年第{key.number}期"


def _weeks_between(earlier_end: date, later_start: date) -> int:
    """Whole weeks with no issue between a period ending ``earlier_end`` and one starting ``later_start``."""
    monday_after = earlier_end + timedelta(days=7 - earlier_end.weekday())  # the next week's Monday
    later_monday = later_start - timedelta(days=later_start.weekday())
    return max(0, (later_monday - monday_after).days // 7)


def check(figures: list[IssueFigures]) -> list[Finding]:
    """Everything that does not add up, oldest first."""
    ordered = sorted(figures, key=lambda f: f.key)
    findings: list[Finding] = []
    previous: IssueFigures | None = None
    latest_end: date | None = None  # the latest period end so far: a misdated issue must not hide a gap
    for current in ordered:
        findings += _check_pair(previous, current, latest_end)
        if current.period_end is not None and (latest_end is None or current.period_end > latest_end):
            latest_end = current.period_end
        previous = current
    return findings


def _check_pair(previous: IssueFigures | None, current: IssueFigures, latest_end: date | None) -> list[Finding]:
    key = current.key
    found: list[Finding] = []
    same_year = previous is not None and previous.key.year == key.year
    lost = 0  # issues missing just before this one
    if previous is not None:
        first = previous.key.number + 1 if same_year else 1
        lost = key.number - first
        if lost > 0:
            numbers = f"第{first}期" if lost == 1 else f"第{first}—{key.number - 1}期"
            found.append(Finding(key, "missing_number", "masthead.number", f"{key.year}年缺{numbers}（上一期是{_name(previous.key)}）。"))

    # serial numbers
    if previous is not None and previous.serial is not None and current.serial is not None:
        expected = previous.serial + 1 + lost
        if current.serial <= previous.serial:
            found.append(
                Finding(key, "order", "masthead.serial", f"总第{current.serial}期不在上一期（{_name(previous.key)}，总第{previous.serial}期）之后。")
            )
        elif current.serial != expected:
            found.append(
                Finding(
                    key,
                    "serial",
                    "masthead.serial",
                    f"总第{current.serial}期，上一期（{_name(previous.key)}）是总第{previous.serial}期，应为总第{expected}期。",
                )
            )

    # periods: order and weeks without an issue
    if previous is not None and previous.period_start and current.period_start:
        if current.period_start <= previous.period_start:
            found.append(
                Finding(
                    key,
                    "order",
                    "period.start",
                    f"周期始于{_day(current.period_start)}，不晚于上一期（{_name(previous.key)}）的{_day(previous.period_start)}。",
                )
            )
        elif latest_end is not None:
            gap = _weeks_between(latest_end, current.period_start) - lost
            if gap > 0:
                found.append(
                    Finding(
                        key,
                        "missing_week",
                        "period.start",
                        f"周期始于{_day(current.period_start)}，此前的周报止于{_day(latest_end)}，中间有 {gap} 周没有周报。",
                    )
                )
    if previous is not None and previous.issue_date and current.issue_date and current.issue_date < previous.issue_date:
        found.append(
            Finding(
                key,
                "order",
                "masthead.date",
                f"印发日期{_day(current.issue_date)}早于上一期（{_name(previous.key)}）的{_day(previous.issue_date)}。",
            )
        )
    # keep one "order" line per issue
    orders = [f for f in found if f.kind == "order"]
    if len(orders) > 1:
        found = [f for f in found if f.kind != "order"] + [
            Finding(key, "order", orders[0].path, "".join(f.message_zh for f in orders))
        ]

    # year to date
    if lost == 0:
        differing = _ytd_differences(previous if same_year else None, current)
        if differing:
            found.append(Finding(key, "ytd", f"reform.window_stats.ytd.{differing[0][0]}", "；".join(d[1] for d in differing) + "。"))
    return found


def _ytd_differences(previous: IssueFigures | None, current: IssueFigures) -> list[tuple[str, str]]:
    """(figure, message) for each year-to-date figure that does not add up."""
    out = []
    spans_new_year = (
        current.period_start is not None and current.period_start.year < current.key.year
    )  # its year to date holds only the days in the new year
    for name in WindowCounts.FIELDS:
        ytd, week = getattr(current.ytd, name), getattr(current.week, name)
        if ytd is None or week is None:
            continue
        label = FIGURE_LABELS[name]
        if previous is None:
            if current.key.number == 1 and not spans_new_year and ytd != week:
                out.append((name, f"累计{label} {ytd}，本年第1期应等于本周 {week}"))
            continue
        before = getattr(previous.ytd, name)
        if before is not None and ytd != before + week:
            out.append((name, f"累计{label} {ytd}，上期累计 {before} + 本周 {week} = {before + week}"))
    return out
