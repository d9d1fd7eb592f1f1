"""The few figures of the previous stored issue that checking a new one against it needs.

Importing and editing check an issue's serial (总第…期), year-to-date figures, authorised count
and approvals totals against the issue stored before it; reading that whole issue (its lists
included) for a dozen numbers was most of an import's time. Storage reads just these columns
into a :class:`PreviousFigures`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .model import AcceptedCompleted, Approvals, Issue, IssueKey, WindowCounts


@dataclass(frozen=True)
class PreviousFigures:
    key: IssueKey
    serial: int | None
    ytd: WindowCounts
    authorized: int | None = None
    approvals_from: date | None = None  # as Issue.approvals_from(): 1 January when not set
    approvals: dict[str, AcceptedCompleted] = field(default_factory=dict)  # by Approvals.CATEGORIES

    @classmethod
    def of(cls, issue: Issue) -> PreviousFigures:
        assert issue.key is not None
        ytd = issue.reform.window_stats.ytd
        return cls(
            issue.key,
            issue.masthead.serial,
            WindowCounts(*(getattr(ytd, name) for name in WindowCounts.FIELDS)),
            issue.reform.authorization.authorized,
            issue.approvals_from(),
            {c: AcceptedCompleted(getattr(issue.approvals, c).accepted, getattr(issue.approvals, c).completed)
             for c in Approvals.CATEGORIES},
        )

    @property
    def year(self) -> int:
        return self.key.year


def figures_of(previous: Issue | PreviousFigures | None) -> PreviousFigures | None:
    """What the checks read of ``previous``, whether it is a whole issue or already its figures."""
    if previous is None or isinstance(previous, PreviousFigures):
        return previous
    return PreviousFigures.of(previous) if previous.key is not None else None
