"""A printed bulletin's paragraphs → an Issue: the structure of SPEC §1 and the sentences of §2 read back.

The sentences are recognised with patterns made from the wording rules themselves (``rules``):
each rule is rendered once with sentinel values, and the sentinels become the pattern's groups, so
a change of wording in ``rules`` changes what is recognised, and nothing is worded twice.

Tolerant of what people type and what PDF extraction does: half-width punctuation (「,」「(1)」),
spaces inside and around numbers, 〇/零 and Chinese numerals in dates, auto-numbered lists read
as their labels. What cannot be understood is kept with its place (第 N 段, 第 N 页第 M 行), never
dropped silently; a text without the masthead's issue line (year, number, serial) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from . import rules
from .model import (
    AcceptedCompleted,
    Approvals,
    Authorization,
    Distribution,
    Entry,
    Group,
    InspectionItem,
    Issue,
    Masthead,
    NewlyAuthorized,
    Period,
    WindowCounts,
)
from .problems import Problem, Severity


@dataclass(frozen=True)
class TextParagraph:
    """One paragraph of the source as a reader shows it, and where it is."""

    text: str
    place: str  # 第 3 段 / 第 2 页第 14 行


@dataclass
class TextRecognition:
    issue: Issue | None = None
    found: list[str] = field(default_factory=list)  # what was recognised, in Chinese, for a preview
    not_understood: list[TextParagraph] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # errors: nothing may be saved


# ---- patterns made from the rules ------------------------------------------------------------

_CN_DIGITS = "〇零一二三四五六七八九"
_CN_NUMERAL = f"[{_CN_DIGITS}十百千两]+"
_NUMBER = rf"(?:\d{{1,18}}|{_CN_NUMERAL})"  # 18 digits at most, as in the exchange format
_DATE_PART = rf"[\d{_CN_DIGITS}十]"
_FULL_DATE = rf"{_DATE_PART}{{2,4}}年{_DATE_PART}{{1,3}}月{_DATE_PART}{{1,3}}日"
_MONTH_DAY = rf"{_DATE_PART}{{1,3}}月{_DATE_PART}{{1,3}}日"
_MAYBE_FULL_DATE = rf"(?:{_DATE_PART}{{2,4}}年)?{_MONTH_DAY}"

# Each character of the rules' wording, and what people type or extraction gives for it.
_LOOSE = {
    "，": "[，,]",
    "；": "[；;]",
    "：": "[：:]",
    "（": "[（(]",
    "）": "[）)]",
    "。": "[。．.]",
    "、": "[、，,]",
    ".": "[.．]",
    "%": "[%％]",
    rules.EM_DASH: "(?:—{1,2}|－|-|–|~|～|至)",
}


def _loose(literal: str) -> str:
    return "".join(_LOOSE.get(c, re.escape(c)) for c in literal)


def _pattern(rendered: str, holes: dict[str, str]) -> re.Pattern:
    """``rendered`` (a rule's output with sentinel values) with each sentinel replaced by its group."""
    found = []
    for sentinel, group in holes.items():
        at = rendered.find(sentinel)
        if at < 0 or rendered.find(sentinel, at + 1) >= 0:
            raise RuntimeError(f"sentinel {sentinel!r} must occur once in {rendered!r}")  # the rules changed
        found.append((at, sentinel, group))
    parts, last = [], 0
    for at, sentinel, group in sorted(found):
        parts += [_loose(rendered[last:at]), group]
        last = at + len(sentinel)
    parts.append(_loose(rendered[last:]))
    return re.compile("".join(parts))


def _count(name: str) -> str:
    return rf"(?P<{name}>\d{{1,18}})"


# Sentinels: numbers and private-use characters that the rules' wording never contains.
_S = [str(n) for n in range(7100001, 7100009)]
_WEEK = WindowCounts(*(int(s) for s in _S[:4]))
_YTD = WindowCounts(*(int(s) for s in _S[4:]))
WINDOW_STATS = _pattern(
    rules.window_stats_sentence(_WEEK, _YTD),
    {s: _count(f"{kind}_{name}") for kind, counts in (("week", _WEEK), ("ytd", _YTD))
     for name, s in ((n, str(getattr(counts, n))) for n in WindowCounts.FIELDS)},
)  # fmt: skip

_STATIONED, _AUTHORIZED, _NEWLY = 9000011, 8000013, 5  # no digit 5 in the others nor in their percentages
_DEPARTMENT = "\ue000"


def _authorization_pattern(newly: int) -> re.Pattern:
    auth = Authorization(stationed=_STATIONED, authorized=_AUTHORIZED,
                         newly_authorized=[NewlyAuthorized(_DEPARTMENT)] * newly)  # fmt: skip
    holes = {
        str(_STATIONED): _count("stationed"),
        str(_AUTHORIZED): _count("authorized"),
        str(_STATIONED - _AUTHORIZED): _count("unauthorized"),
        rules.percent_text(_AUTHORIZED, _STATIONED) + "%": r"(?P<authorized_percent>\d+(?:\.\d+)?)[%％]",
        rules.percent_text(_STATIONED - _AUTHORIZED, _STATIONED) + "%": r"(?P<unauthorized_percent>\d+(?:\.\d+)?)[%％]",
    }
    if newly:
        holes[str(newly)] = _count("newly")
        holes[rules.department_list(auth.newly_authorized)] = r"(?P<departments>.+?)"
    return _pattern(rules.authorization_sentence(auth), holes)


AUTHORIZATION = _authorization_pattern(_NEWLY)
AUTHORIZATION_NONE_NEW = _authorization_pattern(0)

_SOURCE = "\ue001"
_FROM, _TO = date(2999, 11, 29), date(2998, 12, 28)


def _approvals_pattern() -> re.Pattern:
    counts = [int(s) for s in _S[:6]]
    issue = Issue(approvals=Approvals(source=_SOURCE, date_from=_FROM, date_to=_TO,
                                      licensing=AcceptedCompleted(*counts[0:2]),
                                      public_service=AcceptedCompleted(*counts[2:4]),
                                      other=AcceptedCompleted(*counts[4:6])))  # fmt: skip
    holes = {_SOURCE: r"(?P<source>.+?)", rules.date_text(_FROM): rf"(?P<from>{_FULL_DATE})",
             rules.date_text(_TO): rf"(?P<to>{_FULL_DATE})"}  # fmt: skip
    names = [f"{c}_{k}" for c in Approvals.CATEGORIES for k in ("accepted", "completed")]
    holes |= {str(n): _count(name) for n, name in zip(counts, names, strict=True)}
    return _pattern(rules.approvals_sentence(issue), holes)


APPROVALS = _approvals_pattern()

ISSUE_LINE = _pattern(
    rules.issue_line_text(int(_S[0]), int(_S[1]), int(_S[2])),
    {_S[0]: rf"(?P<year>\d{{4}}|[{_CN_DIGITS}]{{4}})", _S[1]: rf"(?P<number>{_NUMBER})", _S[2]: rf"(?P<serial>{_NUMBER})"},
)
_A_DAY, _OTHER_DAY = date(2999, 11, 29), date(2998, 12, 28)
PERIOD_SAME_YEAR = _pattern(
    rules.period_text(_A_DAY, _A_DAY.replace(month=12, day=30)),
    {rules.date_text(_A_DAY, with_year=False): rf"(?P<start>{_MAYBE_FULL_DATE})",
     rules.date_text(_A_DAY.replace(month=12, day=30), with_year=False): rf"(?P<end>{_MAYBE_FULL_DATE})"},
)  # fmt: skip
PERIOD_ACROSS_YEARS = _pattern(
    rules.period_text(_OTHER_DAY, _A_DAY),
    {rules.date_text(_OTHER_DAY): rf"(?P<start>{_MAYBE_FULL_DATE})", rules.date_text(_A_DAY): rf"(?P<end>{_MAYBE_FULL_DATE})"},
)
DATE = re.compile(_FULL_DATE)
COPIES = _pattern(rules.copies_text(int(_S[0])), {_S[0]: rf"(?P<copies>{_NUMBER})"})
_TEXT = "\ue002"
DISTRIBUTION_LABELS = ("报", "送", "发")  # as compose prints them: 报 report, 送 send, 发 issue
_DISTRIBUTION = {
    label: re.compile(_loose(rules.distribution_line(label, _TEXT).split(_TEXT)[0]) + "(?P<text>.+)")
    for label in DISTRIBUTION_LABELS
}


def _level_pattern(level: int) -> re.Pattern:
    shown = rules.level_number(level, 7)
    numeral = "七" if level <= 2 else "7"
    group = rf"(?P<n>{_CN_NUMERAL})" if level <= 2 else r"(?P<n>\d+)"
    before, after = shown.split(numeral)
    # 「1、」 and 「一.」 are typed too; a level-3 number is never followed by a digit (a decimal).
    tail = "[、.．，,]" if level in (1, 3) else _loose(after)
    guard = r"(?!\d)" if level == 3 else ""
    return re.compile(_loose(before) + group + tail + guard + r"(?P<rest>.*)", re.S)


LEVELS = {level: _level_pattern(level) for level in (1, 2, 3, 4)}


# ---- text helpers ----------------------------------------------------------------------------

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９％", "0123456789%")
_SPACE = re.compile(r"\s+")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_IN_CJK = re.compile(rf"(?<=[{_CJK}])[,;:?!()]|[,;:?!()](?=[{_CJK}])")


def compact(text: str) -> str:
    """The form sentences are matched in: no whitespace, ASCII digits."""
    return _SPACE.sub("", text).translate(_FULL_WIDTH_DIGITS)


def tidy(text: str) -> str:
    """Free text as printed: half-width punctuation typed among Chinese made full width (「,」→「，」)."""
    return _HALF_IN_CJK.sub(lambda m: _HALF_TO_FULL[m.group()], text.strip())


def chinese_to_int(text: str) -> int | None:
    """「426」「四百二十六」「二〇二三」「十二」 → a number; None if it is none."""
    text = compact(text)
    if text.isdecimal():
        return int(text) if len(text) <= 18 else None
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
    if text and all(c in digits for c in text) and len(text) > 1:  # read digit by digit: 二〇二三
        return int("".join(str(digits[c]) for c in text))
    total, current = 0, 0
    units = {"十": 10, "百": 100, "千": 1000}
    for c in text:
        if c in digits:
            current = digits[c]
        elif c in units:
            total += (current or 1) * units[c]
            current = 0
        else:
            return None
    return total + current if text else None


def parse_date(text: str, default_year: int | None = None) -> date | None:
    match = re.fullmatch(rf"(?:({_DATE_PART}+)年)?({_DATE_PART}+)月({_DATE_PART}+)日", compact(text))
    if not match:
        return None
    year = chinese_to_int(match.group(1)) if match.group(1) else default_year
    month, day = chinese_to_int(match.group(2)), chinese_to_int(match.group(3))
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def unspace_letters(text: str) -> str:
    """「窗 口 工 作 周 报」 (letter-spaced as printed) → 「窗口工作周报」."""
    stripped = text.strip()
    if re.fullmatch(rf"(?:[{_CJK}]\s+)+[{_CJK}]", stripped):
        return _SPACE.sub("", stripped)
    return stripped


def stands_alone(text: str) -> bool:
    """A masthead line that is a paragraph by itself whatever its length (for joining extracted lines)."""
    c = compact(text)
    return bool(ISSUE_LINE.fullmatch(c) or PERIOD_SAME_YEAR.fullmatch(c) or PERIOD_ACROSS_YEARS.fullmatch(c)
                or re.search(_FULL_DATE + "$", c) and len(c) < 60)  # fmt: skip


def opens_a_paragraph(text: str) -> bool:
    """Text that starts a numbered paragraph or a 报尾 line (never the continuation of a wrapped line)."""
    c = compact(text)
    return any(p.match(c) for p in LEVELS.values()) or any(p.match(c) for p in _DISTRIBUTION.values()) or bool(
        COPIES.fullmatch(c)
    )


_DEPARTMENT_OPENING = re.compile(
    rf"^(?:(?:近日|近期|日前|本周|上周|{_MAYBE_FULL_DATE}(?:[上下]午|晚|上旬|中旬|下旬)?)[，,、]?)?"
    r"(?P<name>[\u4e00-\u9fff]{2,14}?(?:厅|局|委员会|委|办公室|办|中心|院|署|行|队|馆))"
)


def guess_department(text: str, known: Sequence[str] = ()) -> str:
    """The department an entry is about (not printed): a known name in its opening, else the name it opens with."""
    opening = compact(text)[:40]
    for name in sorted(known, key=len, reverse=True):
        if name and name in opening:
            return name
    match = _DEPARTMENT_OPENING.match(opening)
    return match.group("name") if match else ""


# ---- the structure ---------------------------------------------------------------------------


@dataclass
class _Para:
    text: str  # as given, stripped
    c: str  # compact form
    place: str


SECTIONS = ("reform", "approvals", "dynamics", "inspection")  # in print order (compose)


class _Reader:
    def __init__(self, paragraphs: Sequence[TextParagraph], known_departments: Sequence[str]):
        self.paras = [_Para(p.text.strip(), compact(p.text), p.place) for p in paragraphs if p.text.strip()]
        self.known = known_departments
        self.result = TextRecognition()

    def skip(self, paras: Iterable[_Para]) -> None:
        self.result.not_understood += [TextParagraph(p.text, p.place) for p in paras]

    def error(self, path: str, code: str, detail: str, detail_zh: str) -> None:
        self.result.problems.append(Problem(path, code, detail=detail, detail_zh=detail_zh))

    def warn(self, path: str, code: str, detail: str, detail_zh: str) -> None:
        self.result.problems.append(Problem(path, code, Severity.WARNING, detail, detail_zh))

    def found(self, line: str) -> None:
        self.result.found.append(line)

    # ---- masthead ----

    def masthead(self, issue: Issue) -> int:
        """Reads the masthead; the index of the first paragraph after it (-1: refused)."""
        paras = self.paras
        at = next((i for i, p in enumerate(paras[:20]) if ISSUE_LINE.fullmatch(p.c)), None)
        if at is None:
            near = next((p for p in paras[:20] if re.search(rf"{_NUMBER}年第{_NUMBER}期", p.c)), None)
            if near is not None:
                self.error("masthead.serial", "not_understood", f"{near.place}: {near.text[:40]}",
                           f"{near.place}：「{near.text[:40]}」应为「2023年第6期（总第426期）」")  # fmt: skip
            else:
                self.error("masthead", "not_found", "the issue line (e.g. 2023年第6期（总第426期）): not a bulletin",
                           "期号行（如「2023年第6期（总第426期）」），不像是一期周报")  # fmt: skip
            return -1
        m = ISSUE_LINE.fullmatch(paras[at].c)
        masthead = issue.masthead
        masthead.year, masthead.number, masthead.serial = (chinese_to_int(m.group(g)) for g in ("year", "number", "serial"))
        if at > 0:
            masthead.title = unspace_letters(paras[at - 1].text)
            self.skip(paras[: at - 1])
        else:
            self.warn("masthead.title", "not_found", "the masthead title; 窗口工作周报 assumed", "报头名称，已按「窗口工作周报」")
        self.found(f"报头：{masthead.title}　{paras[at].c}")
        i = at + 1
        # Issuer and date: one line (a tab or spaces between), or the issuer and then the date.
        if i < len(paras):
            here = paras[i]
            date_match = DATE.search(here.c)
            if date_match and date_match.end() == len(here.c):
                masthead.issuer = here.c[: date_match.start()]
                masthead.date = parse_date(date_match.group())
                i += 1
            elif i + 1 < len(paras) and DATE.fullmatch(paras[i + 1].c):
                masthead.issuer, masthead.date = here.text, parse_date(paras[i + 1].c)
                i += 2
        if masthead.date is None:
            self.warn("masthead.date", "not_found", f"the issue date after {paras[at].place}", f"{paras[at].place}之后的成文日期")
        else:
            self.found(f"编发：{masthead.issuer}　{rules.date_text(masthead.date)}")
        # Headline and period: the headline may be missing or span two lines; the period closes the masthead.
        period_at = next((k for k in range(i, min(i + 4, len(paras))) if self.period_match(paras[k].c)), None)
        if period_at is None:
            self.warn("period", "not_found", f"the period line (e.g. （2月13日—2月17日）) after {paras[i - 1].place}",
                      f"{paras[i - 1].place}之后的周期行（如「（2月13日—2月17日）」）")  # fmt: skip
            if i < len(paras) and not LEVELS[1].match(paras[i].c):
                issue.headline = paras[i].text
                i += 1
            return i
        issue.headline = "".join(p.text for p in paras[i:period_at])
        issue.period = self.period(self.period_match(paras[period_at].c), masthead)
        self.found(f"标题：{issue.headline}　{rules.period_text(issue.period.start, issue.period.end)}")
        return period_at + 1

    @staticmethod
    def period_match(c: str) -> re.Match | None:
        return PERIOD_ACROSS_YEARS.fullmatch(c) or PERIOD_SAME_YEAR.fullmatch(c)

    def period(self, m: re.Match, masthead: Masthead) -> Period:
        end = parse_date(m.group("end"), 2000)  # a leap year: 2月29日 is a date
        start = parse_date(m.group("start"), 2000)
        if start is None or end is None:
            return Period()
        printed_years = "年" in m.group("end")
        if not printed_years:
            # The year is not printed when the period lies in one year: the latest such week not after
            # the issue date, else the issue's year.
            year = masthead.year or 2000
            if masthead.date is not None:
                year = masthead.date.year - ((end.month, end.day) > (masthead.date.month, masthead.date.day))
            end = _with_year(end, year)
            start = _with_year(start, year if (start.month, start.day) <= (end.month, end.day) else year - 1)
        elif "年" not in m.group("start"):
            start = _with_year(start, end.year)
        return Period(start, end)

    # ---- body ----

    def sections(self, issue: Issue, start: int) -> None:
        paras = self.paras[start:]
        end = len(paras)
        while end > 0 and self.distribution_line(paras[end - 1].c):
            end -= 1
        self.distribution(issue, paras[end:])
        sections = _split(paras[:end], 1)
        self.skip(sections.before)
        kinds = self.classify(sections.parts)
        done: set[str] = set()
        for (title, body, heading), kind in zip(sections.parts, kinds, strict=True):
            if kind is None or kind in done:
                self.skip([heading, *body])
                continue
            done.add(kind)
            {"reform": self.reform, "approvals": self.approvals, "dynamics": self.dynamics,
             "inspection": self.inspection}[kind](issue, title, body)  # fmt: skip
        for kind, label in (("reform", "综窗改革"), ("approvals", "受理办理情况")):
            if kind not in done:
                self.warn(kind, "not_found", f"the section {kind}", f"「{label}」部分")

    def classify(self, parts: list[tuple[str, list[_Para], _Para]]) -> list[str | None]:
        """Which part each section is: by the sentences it holds, else by its place in the print order."""
        detected: list[str | None] = []
        for _title, body, _heading in parts:
            cs = [p.c for p in body]
            if any(WINDOW_STATS.fullmatch(c) or AUTHORIZATION.fullmatch(c) or AUTHORIZATION_NONE_NEW.fullmatch(c) for c in cs):
                detected.append("reform")
            elif any(APPROVALS.fullmatch(c) for c in cs):
                detected.append("approvals")
            else:
                detected.append(None)
        kinds: list[str | None] = []
        last = -1
        for i, kind in enumerate(detected):
            if kind is not None and SECTIONS.index(kind) > last:
                kinds.append(kind)
                last = SECTIONS.index(kind)
                continue
            later = [SECTIONS.index(k) for k in detected[i + 1 :] if k is not None]
            candidates = list(SECTIONS[last + 1 : min(later, default=len(SECTIONS))])
            unknown_left = sum(1 for k in detected[i:] if k is None)
            if not candidates:
                kinds.append(None)
                continue
            choice = candidates[0]
            if candidates[:2] == ["dynamics", "inspection"] and unknown_left == 1:  # a section left out
                choice = "inspection" if _looks_like_inspection(parts[i][1]) else "dynamics"
            kinds.append(choice)
            last = SECTIONS.index(choice)
        return kinds

    def reform(self, issue: Issue, title: str, body: list[_Para]) -> None:
        reform = issue.reform
        reform.title = title
        subsections = _split(body, 2)
        self.skip(subsections.before)
        for k, (sub_title, paras, heading) in enumerate(subsections.parts):
            cs = [p.c for p in paras]
            if len(paras) == 1 and WINDOW_STATS.fullmatch(cs[0]):
                m = WINDOW_STATS.fullmatch(cs[0])
                reform.window_stats.title = sub_title
                for name in WindowCounts.FIELDS:
                    setattr(reform.window_stats.week, name, int(m.group(f"week_{name}")))
                    setattr(reform.window_stats.ytd, name, int(m.group(f"ytd_{name}")))
                self.found(f"{heading.c[:3]}{sub_title}：本周咨询{reform.window_stats.week.consult}人次……")
            elif len(paras) == 1 and (AUTHORIZATION.fullmatch(cs[0]) or AUTHORIZATION_NONE_NEW.fullmatch(cs[0])):
                self.authorization(reform.authorization, sub_title, paras[0])
                self.found(f"{heading.c[:3]}{sub_title}：进驻{reform.authorization.stationed}个，"
                           f"已授权{reform.authorization.authorized}个，新增{len(reform.authorization.newly_authorized)}个")  # fmt: skip
            elif paras and LEVELS[3].match(cs[0]):
                items, extra = _numbered(paras, 3)
                reform.progress.title = sub_title
                reform.progress.items = [tidy(t) for t in items]
                self.skip(extra)
                self.found(f"{heading.c[:3]}{sub_title}：{len(items)}条")
            elif k < 2:  # its sentence not understood: the title is known by its place (（一） stats, （二） authorisation)
                part = reform.window_stats if k == 0 else reform.authorization
                part.title = part.title or sub_title
                self.skip(paras)
            else:
                self.skip([heading, *paras])

    def authorization(self, auth: Authorization, title: str, para: _Para) -> None:
        m = AUTHORIZATION.fullmatch(para.c) or AUTHORIZATION_NONE_NEW.fullmatch(para.c)
        auth.title = title
        auth.stationed, auth.authorized = int(m.group("stationed")), int(m.group("authorized"))
        if "departments" in m.groupdict():
            auth.newly_authorized = [_department(name) for name in re.split("[、，,]", m.group("departments")) if name]
            if len(auth.newly_authorized) != int(m.group("newly")):
                self.warn("reform.authorization.newly_authorized", "not_understood",
                          f"{para.place}: {m.group('newly')} new departments printed, {len(auth.newly_authorized)} named",
                          f"{para.place}：写明新增{m.group('newly')}个部门，列出{len(auth.newly_authorized)}个")  # fmt: skip
        # The derived figures as printed must be what the rules make of the entered ones.
        expected = {
            "unauthorized": str(auth.stationed - auth.authorized),
            "authorized_percent": rules.percent_text(auth.authorized, auth.stationed),
            "unauthorized_percent": rules.percent_text(auth.stationed - auth.authorized, auth.stationed),
        }
        for name, value in expected.items():
            if m.group(name) != value:
                self.warn("reform.authorization", "not_understood",
                          f"{para.place}: {m.group(name)} printed where the figures give {value}",
                          f"{para.place}：印的是{m.group(name)}，按进驻和授权数应为{value}")  # fmt: skip

    def approvals(self, issue: Issue, title: str, body: list[_Para]) -> None:
        a = issue.approvals
        a.title = title
        rest = []
        for para in body:
            m = APPROVALS.fullmatch(para.c)
            if m is None or a.source:
                rest.append(para)
                continue
            a.source = m.group("source")
            a.date_from, a.date_to = parse_date(m.group("from")), parse_date(m.group("to"))
            for category in Approvals.CATEGORIES:
                setattr(a, category, AcceptedCompleted(int(m.group(f"{category}_accepted")), int(m.group(f"{category}_completed"))))
            self.found(f"{title}：行政许可受理{a.licensing.accepted}件，办结{a.licensing.completed}件……")
        self.skip(rest)

    def dynamics(self, issue: Issue, title: str, body: list[_Para]) -> None:
        issue.dynamics.title = title
        groups = _split(body, 2)
        self.skip(groups.before)
        for group_title, paras, _heading in groups.parts:
            if paras and LEVELS[4].match(paras[0].c):
                texts, extra = _numbered(paras, 4)
                self.skip(extra)
            else:
                texts = ["\n".join(p.text for p in paras)] if paras else []
            entries = [Entry(guess_department(t, self.known), tidy(t)) for t in texts]
            issue.dynamics.groups.append(Group(group_title, entries))
        count = sum(len(g.entries) for g in issue.dynamics.groups)
        self.found(f"{title}：{len(issue.dynamics.groups)}组，{count}条（部门由正文开头推断）")

    def inspection(self, issue: Issue, title: str, body: list[_Para]) -> None:
        inspection = issue.inspection
        inspection.title = title
        first = next((k for k, p in enumerate(body) if LEVELS[2].match(p.c)), len(body))
        inspection.intro = tidy("\n".join(p.text for p in body[:first]))
        items, extra = _numbered(body[first:], 2)
        self.skip(extra)
        for text in items:
            item, stop, result = text.partition("。")
            inspection.items.append(InspectionItem(tidy(item), tidy(result) if stop else ""))
        self.found(f"{title}：{len(inspection.items)}项")

    @staticmethod
    def distribution_line(c: str) -> bool:
        return bool(COPIES.fullmatch(c)) or any(p.fullmatch(c) for p in _DISTRIBUTION.values())

    def distribution(self, issue: Issue, paras: list[_Para]) -> None:
        d: Distribution = issue.distribution
        names = dict(zip(DISTRIBUTION_LABELS, ("report", "send", "issue"), strict=True))
        for para in paras:
            m = COPIES.fullmatch(para.c)
            if m:
                d.copies = chinese_to_int(m.group("copies"))
                continue
            for label, pattern in _DISTRIBUTION.items():
                m = pattern.fullmatch(para.c)
                if m:
                    text = tidy(para.text)
                    text = re.sub(r"^\S\s*[：:]\s*", "", text)  # the label, from the text as printed
                    setattr(d, names[label], text[:-1] if text.endswith("。") else text)
                    break
        if paras:
            self.found(f"报尾：报{d.report}；送{d.send}；发{d.issue}；共印{d.copies}份")
        else:
            self.warn("distribution", "not_found", "the 报尾 lines (报：… 送：… 发：… （共印…份）)", "报尾（报：…送：…发：…（共印…份））")


def _with_year(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 2月29日 in a common year
        return day.replace(year=year, day=28)


def _department(text: str) -> NewlyAuthorized:
    m = re.fullmatch(r"(?P<name>.+?)[（(](?P<note>[^（()）]+)[）)]", text)
    return NewlyAuthorized(m.group("name"), m.group("note")) if m else NewlyAuthorized(text)


@dataclass
class _Split:
    before: list[_Para]
    parts: list[tuple[str, list[_Para], _Para]]  # (title, body, heading paragraph)


def _level(para: _Para, level: int) -> tuple[int | None, str] | None:
    """The number and the rest of a paragraph opening with a ``level`` number (as typed, else compacted)."""
    pattern = LEVELS[level]
    m = pattern.match(para.text)
    if m:
        return chinese_to_int(m.group("n")), m.group("rest").strip()
    m = pattern.match(para.c)
    return (chinese_to_int(m.group("n")), m.group("rest")) if m else None


def _split(paras: list[_Para], level: int) -> _Split:
    """Paragraphs cut at headings of ``level`` numbered 1, 2, 3, … in turn (a number out of turn is text)."""
    before: list[_Para] = []
    parts: list[tuple[str, list[_Para], _Para]] = []
    for para in paras:
        found = _level(para, level)
        if found and found[0] == len(parts) + 1 and found[1]:
            parts.append((tidy(found[1]), [], para))
        elif parts:
            parts[-1][1].append(para)
        else:
            before.append(para)
    return _Split(before, parts)


def _numbered(paras: list[_Para], level: int) -> tuple[list[str], list[_Para]]:
    """Items numbered 1, 2, … at ``level``, each with the paragraphs that follow it (a newline between)."""
    items: list[list[str]] = []
    extra: list[_Para] = []
    for para in paras:
        found = _level(para, level)
        if found and found[0] == len(items) + 1:
            items.append([found[1]])
        elif items:
            items[-1].append(para.text)
        else:
            extra.append(para)
    return ["\n".join(parts) for parts in items], extra


def _looks_like_inspection(body: list[_Para]) -> bool:
    """大厅巡查 opens with its intro or its first item 「（一）名称。结果」; 窗口动态 with a group's title."""
    if not body:
        return False
    first = LEVELS[2].match(body[0].c)
    return first is None or "。" in first.group("rest")


def fill_left_out_titles(issue: Issue, like: Issue | None) -> list[str]:
    """Titles of parts the bulletin left out (no 窗口动态 this week, no 巡查, no 推进情况 items) are not
    printed; they recur from week to week, so they are taken from ``like`` (the issue before). The
    paths filled are returned."""
    if like is None:
        return []
    filled = []
    for path, part, source in (
        ("dynamics.title", issue.dynamics, like.dynamics),
        ("inspection.title", issue.inspection, like.inspection),
        ("reform.progress.title", issue.reform.progress, like.reform.progress),
    ):
        if not part.title.strip() and source.title.strip():
            part.title = source.title
            filled.append(path)
    return filled


def recognise_paragraphs(
    paragraphs: Sequence[TextParagraph], known_departments: Sequence[str] = ()
) -> TextRecognition:
    """Read a bulletin's paragraphs (in reading order) into an Issue; never raises for odd text."""
    reader = _Reader(paragraphs, known_departments)
    issue = Issue()
    start = reader.masthead(issue)
    if start < 0:
        reader.skip(reader.paras)
        return reader.result
    reader.sections(issue, start)
    for name, value in (("masthead.year", issue.masthead.year), ("masthead.number", issue.masthead.number),
                        ("masthead.serial", issue.masthead.serial)):  # fmt: skip
        if not value:
            reader.error(name, "not_understood", "0 or unreadable in the issue line", "期号行中为 0 或无法识别")
    issue.approvals.date_from = issue.approvals.date_from or issue.approvals_from()
    issue.approvals.date_to = issue.approvals.date_to or issue.approvals_to()
    reader.result.issue = issue
    return reader.result

