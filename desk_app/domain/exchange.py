"""The exchange format ``window-weekly/1`` (SPEC §5): JSON ⇄ :class:`Issue`, loss-free.

``parse_issue`` collects every structural problem (missing key, wrong type,
impossible date, unknown key) with its field path before giving up, so a clerk
fixes a file in one pass. Value checks are :func:`validation.validate`'s.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from .model import (
    AcceptedCompleted,
    Approvals,
    Authorization,
    Distribution,
    Dynamics,
    Entry,
    Group,
    Inspection,
    InspectionItem,
    Issue,
    Masthead,
    NewlyAuthorized,
    Period,
    Progress,
    Reform,
    WindowCounts,
    WindowStats,
)
from .carry import ytd_problems
from .previous import PreviousFigures
from .problems import Problem
from .validation import validate

FORMAT = "window-weekly/1"

# Limits no real bulletin comes near; past them a file is refused, never half read.
MAX_FILE_CHARS = 5 * 1024 * 1024
MAX_NESTING = 64  # the format itself needs 6
MAX_ITEMS = 10_000  # in any one list (entries, progress items, …)
MAX_TEXT_CHARS = 100_000  # in any one text field
MAX_INT_DIGITS = 18  # a count beyond is refused before Python turns the digits into a number
YEARS = range(1900, 3000)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # only YYYY-MM-DD: not 2023-W09-1, not 20230227
_SURROGATE = re.compile("[\ud800-\udfff]")


class _HugeInteger:
    """What a JSON integer with too many digits becomes: refused with its field named, not converted."""

    def __init__(self, digits: str):
        self.digits = len(digits.lstrip("-"))


def _parse_int(text: str) -> int | _HugeInteger:
    return _HugeInteger(text) if len(text) > MAX_INT_DIGITS else int(text)


class InvalidIssue(ValueError):
    """The input cannot become an issue; ``problems`` names every field at fault."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message() for p in problems))


class _Reader:
    """Walks a JSON object, recording problems instead of raising at the first one."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, code: str, detail: str = "") -> None:
        self.problems.append(Problem(path, code, detail=detail))

    def obj(self, data: Any, path: str, keys: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict | None:
        if not isinstance(data, dict):
            self.fail(path, "wrong_type", "object")
            return None
        prefix = f"{path}." if path else ""
        for key in data:
            if key not in keys and key not in optional:
                self.fail(prefix + key, "unknown_key")
        for key in keys:
            if key not in data:
                self.fail(prefix + key, "missing")
        return data

    def field(self, data: dict | None, path: str, key: str, convert: Callable[[Any, str], Any], default: Any) -> Any:
        if data is None or key not in data:
            return default
        return convert(data[key], f"{path}.{key}" if path else key)

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            self.fail(path, "wrong_type", "string")
            return ""
        if len(value) > MAX_TEXT_CHARS:
            self.fail(path, "too_long", f"{len(value)} > {MAX_TEXT_CHARS}")
            return ""
        if _SURROGATE.search(value):  # "\ud800" in JSON: not a character, cannot be stored or printed
            self.fail(path, "invalid_text", f"U+{ord(_SURROGATE.search(value).group()):04X}")
            return ""
        return value

    def count(self, value: Any, path: str) -> int | None:
        if isinstance(value, _HugeInteger):
            self.fail(path, "too_large", f"{value.digits} digits")
            return None
        # bool is an int in Python, but true is not a count.
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(path, "wrong_type", "integer")
            return None
        if value < 0:
            self.fail(path, "negative", str(value))
            return None
        return value

    def date(self, value: Any, path: str) -> date | None:
        if not isinstance(value, str):
            self.fail(path, "wrong_type", "date string YYYY-MM-DD")
            return None
        try:
            if not _ISO_DATE.fullmatch(value):
                raise ValueError
            found = date.fromisoformat(value)
        except ValueError:
            self.fail(path, "impossible_date", repr(value[:40]))
            return None
        if found.year not in YEARS:
            self.fail(path, "year_out_of_range", str(found.year))
            return None
        return found

    def year(self, value: Any, path: str) -> int | None:
        found = self.count(value, path)
        if found is not None and found not in YEARS:
            self.fail(path, "year_out_of_range", str(found))
            return None
        return found

    def optional_date(self, value: Any, path: str) -> date | None:
        return None if value is None else self.date(value, path)

    def array(self, value: Any, path: str, item: Callable[[Any, str], Any]) -> list:
        if not isinstance(value, list):
            self.fail(path, "wrong_type", "list")
            return []
        if len(value) > MAX_ITEMS:
            self.fail(path, "too_many", f"{len(value)} > {MAX_ITEMS}")
            return []
        return [item(v, f"{path}[{i}]") for i, v in enumerate(value)]


def parse_issue(data: Any) -> Issue:
    """A ``window-weekly/1`` object → Issue; raises InvalidIssue naming every structural fault."""
    r = _Reader()
    top = r.obj(
        data,
        "",
        (
            "format",
            "masthead",
            "headline",
            "period",
            "reform",
            "approvals",
            "dynamics",
            "inspection",
            "distribution",
        ),
    )
    if top is not None and "format" in top and top["format"] != FORMAT:
        shown = json.dumps(top["format"], ensure_ascii=False, default=lambda huge: f"<{huge.digits} digits>")
        r.fail("format", "unknown_format", shown if len(shown) <= 60 else shown[:60] + "…")

    def counts(value: Any, path: str) -> WindowCounts:
        d = r.obj(value, path, WindowCounts.FIELDS)
        return WindowCounts(*(r.field(d, path, name, r.count, None) for name in WindowCounts.FIELDS))

    def accepted_completed(value: Any, path: str) -> AcceptedCompleted:
        d = r.obj(value, path, ("accepted", "completed"))
        return AcceptedCompleted(r.field(d, path, "accepted", r.count, None), r.field(d, path, "completed", r.count, None))

    def masthead(value: Any, path: str) -> Masthead:
        d = r.obj(value, path, ("title", "year", "number", "serial", "issuer", "date"))
        return Masthead(
            title=r.field(d, path, "title", r.string, ""),
            year=r.field(d, path, "year", r.year, None),
            number=r.field(d, path, "number", r.count, None),
            serial=r.field(d, path, "serial", r.count, None),
            issuer=r.field(d, path, "issuer", r.string, ""),
            date=r.field(d, path, "date", r.date, None),
        )

    def period(value: Any, path: str) -> Period:
        d = r.obj(value, path, ("start", "end"))
        return Period(r.field(d, path, "start", r.date, None), r.field(d, path, "end", r.date, None))

    def newly(value: Any, path: str) -> NewlyAuthorized:
        d = r.obj(value, path, ("name",), optional=("note",))
        return NewlyAuthorized(r.field(d, path, "name", r.string, ""), r.field(d, path, "note", r.string, ""))

    def reform(value: Any, path: str) -> Reform:
        d = r.obj(value, path, ("title", "window_stats", "authorization", "progress"))

        def stats(value: Any, path: str) -> WindowStats:
            s = r.obj(value, path, ("title", "week", "ytd"))
            return WindowStats(
                r.field(s, path, "title", r.string, ""),
                r.field(s, path, "week", counts, WindowCounts()),
                r.field(s, path, "ytd", counts, WindowCounts()),
            )

        def authorization(value: Any, path: str) -> Authorization:
            a = r.obj(value, path, ("title", "stationed", "authorized", "newly_authorized"))
            return Authorization(
                r.field(a, path, "title", r.string, ""),
                r.field(a, path, "stationed", r.count, None),
                r.field(a, path, "authorized", r.count, None),
                r.field(a, path, "newly_authorized", lambda v, p: r.array(v, p, newly), []),
            )

        def progress(value: Any, path: str) -> Progress:
            p = r.obj(value, path, ("title", "items"))
            return Progress(
                r.field(p, path, "title", r.string, ""),
                r.field(p, path, "items", lambda v, q: r.array(v, q, r.string), []),
            )

        return Reform(
            r.field(d, path, "title", r.string, ""),
            r.field(d, path, "window_stats", stats, WindowStats()),
            r.field(d, path, "authorization", authorization, Authorization()),
            r.field(d, path, "progress", progress, Progress()),
        )

    def approvals(value: Any, path: str) -> Approvals:
        keys = ("title", "source", "licensing", "public_service", "other")
        d = r.obj(value, path, keys, optional=("from", "to"))
        return Approvals(
            title=r.field(d, path, "title", r.string, ""),
            source=r.field(d, path, "source", r.string, ""),
            date_from=r.field(d, path, "from", r.optional_date, None),
            date_to=r.field(d, path, "to", r.optional_date, None),
            licensing=r.field(d, path, "licensing", accepted_completed, AcceptedCompleted()),
            public_service=r.field(d, path, "public_service", accepted_completed, AcceptedCompleted()),
            other=r.field(d, path, "other", accepted_completed, AcceptedCompleted()),
        )

    def entry(value: Any, path: str) -> Entry:
        d = r.obj(value, path, ("department", "text"))
        return Entry(r.field(d, path, "department", r.string, ""), r.field(d, path, "text", r.string, ""))

    def group(value: Any, path: str) -> Group:
        d = r.obj(value, path, ("title", "entries"))
        return Group(
            r.field(d, path, "title", r.string, ""),
            r.field(d, path, "entries", lambda v, p: r.array(v, p, entry), []),
        )

    def dynamics(value: Any, path: str) -> Dynamics:
        d = r.obj(value, path, ("title", "groups"))
        return Dynamics(
            r.field(d, path, "title", r.string, ""),
            r.field(d, path, "groups", lambda v, p: r.array(v, p, group), []),
        )

    def inspection_item(value: Any, path: str) -> InspectionItem:
        d = r.obj(value, path, ("item", "result"))
        return InspectionItem(r.field(d, path, "item", r.string, ""), r.field(d, path, "result", r.string, ""))

    def inspection(value: Any, path: str) -> Inspection:
        d = r.obj(value, path, ("title", "intro", "items"))
        return Inspection(
            r.field(d, path, "title", r.string, ""),
            r.field(d, path, "intro", r.string, ""),
            r.field(d, path, "items", lambda v, p: r.array(v, p, inspection_item), []),
        )

    def distribution(value: Any, path: str) -> Distribution:
        d = r.obj(value, path, ("report", "send", "issue", "copies"))
        return Distribution(
            r.field(d, path, "report", r.string, ""),
            r.field(d, path, "send", r.string, ""),
            r.field(d, path, "issue", r.string, ""),
            r.field(d, path, "copies", r.count, None),
        )

    issue = Issue(
        masthead=r.field(top, "", "masthead", masthead, Masthead()),
        headline=r.field(top, "", "headline", r.string, ""),
        period=r.field(top, "", "period", period, Period()),
        reform=r.field(top, "", "reform", reform, Reform()),
        approvals=r.field(top, "", "approvals", approvals, Approvals()),
        dynamics=r.field(top, "", "dynamics", dynamics, Dynamics()),
        inspection=r.field(top, "", "inspection", inspection, Inspection()),
        distribution=r.field(top, "", "distribution", distribution, Distribution()),
    )
    if r.problems:
        raise InvalidIssue(r.problems)
    return issue


def loads(text: str) -> Issue:
    """Parse JSON text; malformed, oversized or too deeply nested JSON is an InvalidIssue too."""
    if len(text) > MAX_FILE_CHARS:
        raise InvalidIssue([Problem("", "file_too_large", detail=f"{len(text)} > {MAX_FILE_CHARS} characters")])
    try:
        data = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise InvalidIssue([Problem("", "malformed", detail=f"{exc.msg} at line {exc.lineno} column {exc.colno}")])
    except RecursionError:  # nested deeper than Python's own stack: far past MAX_NESTING
        raise InvalidIssue([Problem("", "too_deep", detail=f"more than {MAX_NESTING} levels")]) from None
    too_deep = _too_deep(data)
    if too_deep is not None:
        shown = too_deep if len(too_deep) <= 60 else too_deep[:60] + "…"
        raise InvalidIssue([Problem(shown, "too_deep", detail=f"more than {MAX_NESTING} levels")])
    return parse_issue(data)


def _too_deep(data: Any) -> str | None:
    """The path of the first value nested more than MAX_NESTING levels deep, or None (no recursion: any depth)."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_NESTING:
            return path
        if isinstance(value, dict):
            stack.extend((v, f"{path}.{k}" if path else str(k), depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))
    return None


def load_valid(
    text: str, previous_of: Callable[[Issue], Issue | PreviousFigures | None] = lambda issue: None
) -> tuple[Issue, list[Problem]]:
    """Parse and validate: returns the issue and its warnings; raises InvalidIssue on any error."""
    issue = loads(text)
    return issue, check_valid(issue, previous_of(issue))


def check_valid(issue: Issue, previous: Issue | PreviousFigures | None = None) -> list[Problem]:
    """The warnings of an issue about to be stored (serial and year to date against ``previous`` too);
    raises InvalidIssue on any error."""
    problems = validate(issue, previous) + ytd_problems(issue, previous)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise InvalidIssue(errors)
    return [p for p in problems if not p.is_error]


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def to_data(issue: Issue) -> dict[str, Any]:
    """Issue → a ``window-weekly/1`` object (key order as in SPEC §5)."""
    m, r, a = issue.masthead, issue.reform, issue.approvals

    def counts(c: WindowCounts) -> dict[str, Any]:
        return {name: getattr(c, name) for name in WindowCounts.FIELDS}

    def pair(p: AcceptedCompleted) -> dict[str, Any]:
        return {"accepted": p.accepted, "completed": p.completed}

    approvals: dict[str, Any] = {"title": a.title, "source": a.source}
    # from/to left unset mean "1 January" and "the period's end": keep them unset.
    if a.date_from is not None:
        approvals["from"] = _iso(a.date_from)
    if a.date_to is not None:
        approvals["to"] = _iso(a.date_to)
    approvals |= {c: pair(getattr(a, c)) for c in a.CATEGORIES}

    return {
        "format": FORMAT,
        "masthead": {
            "title": m.title,
            "year": m.year,
            "number": m.number,
            "serial": m.serial,
            "issuer": m.issuer,
            "date": _iso(m.date),
        },
        "headline": issue.headline,
        "period": {"start": _iso(issue.period.start), "end": _iso(issue.period.end)},
        "reform": {
            "title": r.title,
            "window_stats": {
                "title": r.window_stats.title,
                "week": counts(r.window_stats.week),
                "ytd": counts(r.window_stats.ytd),
            },
            "authorization": {
                "title": r.authorization.title,
                "stationed": r.authorization.stationed,
                "authorized": r.authorization.authorized,
                "newly_authorized": [
                    {"name": d.name, "note": d.note} if d.note else {"name": d.name}
                    for d in r.authorization.newly_authorized
                ],
            },
            "progress": {"title": r.progress.title, "items": list(r.progress.items)},
        },
        "approvals": approvals,
        "dynamics": {
            "title": issue.dynamics.title,
            "groups": [
                {"title": g.title, "entries": [{"department": e.department, "text": e.text} for e in g.entries]}
                for g in issue.dynamics.groups
            ],
        },
        "inspection": {
            "title": issue.inspection.title,
            "intro": issue.inspection.intro,
            "items": [{"item": i.item, "result": i.result} for i in issue.inspection.items],
        },
        "distribution": {
            "report": issue.distribution.report,
            "send": issue.distribution.send,
            "issue": issue.distribution.issue,
            "copies": issue.distribution.copies,
        },
    }


def dumps(issue: Issue) -> str:
    """The issue as ``window-weekly/1`` JSON text (UTF-8 characters kept, not escaped)."""
    return json.dumps(to_data(issue), ensure_ascii=False, indent=2) + "\n"
