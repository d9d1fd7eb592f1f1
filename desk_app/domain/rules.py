"""The bulletin's wording rules (SPEC §2–3): the one place sentences and numbers are made.

Missing values (a draft being typed) print as ``MISSING`` so the preview can show
where something is still to be entered; export refuses drafts with errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .model import AcceptedCompleted, Authorization, Issue, NewlyAuthorized, WindowCounts

MISSING = "＿＿"
EM_DASH = "\u2014"

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (counting as written in documents)."""
    if n < 0:
        raise ValueError(f"no Chinese numeral for {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        if rest == 0:
            tail = ""
        elif rest < 10:
            tail = "零" + _DIGITS[rest]
        else:
            tail = chinese_number(rest) if rest >= 20 else "一" + chinese_number(rest)
        return _DIGITS[hundreds] + "百" + tail
    raise ValueError(f"numbering goes up to 999, not {n}")


def level_number(level: int, n: int) -> str:
    """Literal numbering of the four levels: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"no numbering level {level}")


def count_text(value: int | None) -> str:
    """Plain Arabic digits, no thousands separators."""
    return MISSING if value is None else str(value)


def percent_text(part: int | None, whole: int | None) -> str:
    """part/whole as a percentage with one decimal, rounded half up (81.25 → 81.3)."""
    if part is None or whole is None or whole <= 0 or part < 0:
        return MISSING
    # Integer arithmetic: exact, and half up as people round (never banker's rounding).
    tenths = (2 * 1000 * part + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}"


def date_text(value: date | None, *, with_year: bool = True) -> str:
    """2023年2月27日, no zero padding."""
    if value is None:
        return MISSING
    month_day = f"{value.month}月{value.day}日"
    return f"{value.year}年{month_day}" if with_year else month_day


def period_text(start: date | None, end: date | None) -> str:
    """（2月13日—2月17日）; both dates carry the year when the period spans New Year."""
    with_year = start is not None and end is not None and start.year != end.year
    return f"（{date_text(start, with_year=with_year)}{EM_DASH}{date_text(end, with_year=with_year)}）"


def issue_line_text(year: int | None, number: int | None, serial: int | None) -> str:
    """2023年第6期（总第426期）."""
    return f"{count_text(year)}年第{count_text(number)}期（总第{count_text(serial)}期）"


def window_stats_sentence(week: WindowCounts, ytd: WindowCounts) -> str:
    w = {name: count_text(getattr(week, name)) for name in WindowCounts.FIELDS}
    y = {name: count_text(getattr(ytd, name)) for name in WindowCounts.FIELDS}
    return (
        f"本周，共计咨询{w['consult']}人次、受理{w['accept']}件、颁发{w['issue']}件、流转{w['transfer']}件；"
        f"今年以来，累计咨询{y['consult']}人次、受理{y['accept']}件、颁发{y['issue']}件、流转{y['transfer']}件。"
    )


def department_list(departments: Iterable[NewlyAuthorized]) -> str:
    """省地震局、省测绘地理信息局（部分事项授权）."""
    return "、".join(d.name + (f"（{d.note}）" if d.note else "") for d in departments)


def authorization_sentence(auth: Authorization) -> str:
    stationed, authorized = auth.stationed, auth.authorized
    unauthorized = None if stationed is None or authorized is None else stationed - authorized
    newly = ""
    if auth.newly_authorized:
        newly = f"，较上周新增{len(auth.newly_authorized)}个部门：{department_list(auth.newly_authorized)}"
    return (
        f"已进驻省政务服务大厅的省级部门（单位）共{count_text(stationed)}个。"
        f"其中，已授权无差别综合窗口的{count_text(authorized)}个，占比为{percent_text(authorized, stationed)}%{newly}；"
        f"未授权无差别综合窗口的{count_text(unauthorized)}个，占比为{percent_text(unauthorized, stationed)}%。"
    )


def approvals_sentence(issue: Issue) -> str:
    a = issue.approvals

    def pair(category: AcceptedCompleted) -> tuple[str, str]:
        return count_text(category.accepted), count_text(category.completed)

    lic, pub, oth = pair(a.licensing), pair(a.public_service), pair(a.other)
    return (
        f"据{a.source or MISSING}数据统计，{date_text(issue.approvals_from())}至{date_text(issue.approvals_to())}，"
        f"省本级行政许可事项受理{lic[0]}件，办结{lic[1]}件；"
        f"公共服务事项受理{pub[0]}件，办结{pub[1]}件，"
        f"其它九类行权事项受理{oth[0]}件，累计办结{oth[1]}件。"
    )


def distribution_line(label: str, text: str) -> str:
    """报：中心领导。 — the full stop is added unless the clerk typed one."""
    text = text.strip()
    if text and text[-1] not in "。．.":
        text += "。"
    return f"{label}：{text}"


def copies_text(copies: int | None) -> str:
    return f"（共印{count_text(copies)}份）"


def run_in_title(title: str) -> str:
    """按时到岗情况 → 按时到岗情况。 (the full stop is not doubled)."""
    title = title.strip()
    return title if title.endswith("。") else title + "。"
