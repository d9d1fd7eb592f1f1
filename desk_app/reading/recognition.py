"""What reading one file gave: the issue, what was recognised and what was not, or why it was refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from desk_app.domain.exchange import InvalidIssue, loads
from desk_app.domain.model import Issue
from desk_app.domain.problems import Problem
from desk_app.files import read_exchange_file


class Verdict(Enum):
    IMPORTABLE = "importable"  # everything in the file was understood
    NEEDS_A_LOOK = "needs_a_look"  # an issue came out, but some text was not understood
    REFUSED = "refused"  # no issue: nothing of this file may be saved


@dataclass(frozen=True)
class Unrecognised:
    """A piece of the file that was not understood, and where it is (for the preview and the report)."""

    place: str  # e.g. "第 3 段", "第 2 页第 14 行"
    text: str


@dataclass
class Recognition:
    path: Path
    kind: str  # "json", "docx", "text"
    issue: Issue | None = None
    recognised: list[str] = field(default_factory=list)  # Chinese lines for the preview: what was found
    unrecognised: list[Unrecognised] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # why it was refused (errors)

    @property
    def verdict(self) -> Verdict:
        if self.issue is None or any(p.is_error for p in self.problems):
            return Verdict.REFUSED
        return Verdict.NEEDS_A_LOOK if self.unrecognised else Verdict.IMPORTABLE


def recognise_file(path: Path) -> Recognition:
    """Read ``path`` by its kind; never raises for a bad file (the reasons are in ``problems``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        result = Recognition(path, "json")
        try:
            result.issue = loads(read_exchange_file(path))
        except InvalidIssue as exc:
            result.problems = list(exc.problems)
        return result
    return Recognition(path, suffix.lstrip(".") or "unknown", problems=[Problem("", "unknown_file_kind", detail=path.suffix or path.name)])
