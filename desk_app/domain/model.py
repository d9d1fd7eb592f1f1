"""The bulletin as plain Python data.

Counts and dates are ``None`` while a clerk has not entered them yet: a draft is
a valid object, and validation says what is still missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

PARTIAL_AUTHORISATION = "部分事项授权"
DEFAULT_INSPECTION_RESULT = "总体情况良好。"


class IssueKey(NamedTuple):
    """An issue is identified by year and number: ``2023-6``."""

    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year}-{self.number}"

    @classmethod
    def parse(cls, text: str) -> IssueKey:
        """Parse ``YEAR-NUMBER``; raises ValueError with a readable message."""
        parts = text.strip().split("-")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise ValueError(f"not an issue key (YEAR-NUMBER, e.g. 2023-6): {text!r}")
        return cls(int(parts[0]), int(parts[1]))


@dataclass
class Masthead:
    """报头: the bulletin's name, year, number, serial (总第…期), issuer and issue date."""

    title: str = "窗口工作周报"
    year: int | None = None
    number: int | None = None
    serial: int | None = None
    issuer: str = ""
    date: date | None = None


@dataclass
class Period:
    """The week the issue covers (normally Monday to Friday)."""

    start: date | None = None
    end: date | None = None


@dataclass
class WindowCounts:
    """The four window figures: consultations, accepted, issued, transferred."""

    consult: int | None = None
    accept: int | None = None
    issue: int | None = None
    transfer: int | None = None

    FIELDS = ("consult", "accept", "issue", "transfer")


@dataclass
class WindowStats:
    """（一）: the window figures of the week and of the year to date."""

    title: str = ""
    week: WindowCounts = field(default_factory=WindowCounts)
    ytd: WindowCounts = field(default_factory=WindowCounts)


@dataclass
class NewlyAuthorized:
    """A department newly authorised this week, with an optional note."""

    name: str = ""
    note: str = ""  # e.g. 部分事项授权; printed in full-width brackets after the name

    @property
    def partial(self) -> bool:
        return self.note == PARTIAL_AUTHORISATION


@dataclass
class Authorization:
    """（二）: departments stationed in the hall, authorised, and newly authorised this week."""

    title: str = ""
    stationed: int | None = None
    authorized: int | None = None
    newly_authorized: list[NewlyAuthorized] = field(default_factory=list)


@dataclass
class Progress:
    """（三）推进情况: numbered paragraphs."""

    title: str = ""
    items: list[str] = field(default_factory=list)


@dataclass
class Reform:
    """一、综窗改革."""

    title: str = ""
    window_stats: WindowStats = field(default_factory=WindowStats)
    authorization: Authorization = field(default_factory=Authorization)
    progress: Progress = field(default_factory=Progress)


@dataclass
class AcceptedCompleted:
    """Accepted and completed counts of one kind of approval."""

    accepted: int | None = None
    completed: int | None = None


@dataclass
class Approvals:
    """二、受理办理: where the figures come from, the dates they cover, three kinds of approvals."""

    title: str = ""
    source: str = ""
    date_from: date | None = None  # None: 1 January of the issue's year
    date_to: date | None = None  # None: the period's last day
    licensing: AcceptedCompleted = field(default_factory=AcceptedCompleted)
    public_service: AcceptedCompleted = field(default_factory=AcceptedCompleted)
    other: AcceptedCompleted = field(default_factory=AcceptedCompleted)

    CATEGORIES = ("licensing", "public_service", "other")


@dataclass
class Entry:
    """One item of 窗口动态: the department it is about and its text."""

    department: str = ""  # not printed; used for completion and lookup
    text: str = ""


@dataclass
class Group:
    """A titled group of 窗口动态 entries."""

    title: str = ""
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Dynamics:
    """三、窗口动态."""

    title: str = ""
    groups: list[Group] = field(default_factory=list)


@dataclass
class InspectionItem:
    """One item of the hall inspection and what was found."""

    item: str = ""
    result: str = DEFAULT_INSPECTION_RESULT


@dataclass
class Inspection:
    """四、大厅巡查: an introduction and the items inspected."""

    title: str = ""
    intro: str = ""
    items: list[InspectionItem] = field(default_factory=list)


@dataclass
class Distribution:
    """报尾: 报/送/发 lines and the number of copies."""

    report: str = ""
    send: str = ""
    issue: str = ""
    copies: int | None = None


@dataclass
class Issue:
    """One issue of the bulletin, draft or finished."""

    masthead: Masthead = field(default_factory=Masthead)
    headline: str = ""
    period: Period = field(default_factory=Period)
    reform: Reform = field(default_factory=Reform)
    approvals: Approvals = field(default_factory=Approvals)
    dynamics: Dynamics = field(default_factory=Dynamics)
    inspection: Inspection = field(default_factory=Inspection)
    distribution: Distribution = field(default_factory=Distribution)

    @property
    def key(self) -> IssueKey | None:
        if self.masthead.year is None or self.masthead.number is None:
            return None
        return IssueKey(self.masthead.year, self.masthead.number)

    def approvals_from(self) -> date | None:
        """The approvals' first day: as set, else 1 January of the issue's year."""
        if self.approvals.date_from is not None:
            return self.approvals.date_from
        if self.masthead.year is None:
            return None
        return date(self.masthead.year, 1, 1)

    def approvals_to(self) -> date | None:
        """The approvals' last day: as set, else the period's last day."""
        return self.approvals.date_to or self.period.end
