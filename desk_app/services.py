"""Use cases shared by the command line and the GUI (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desk_app.domain.compose import compose
from desk_app.domain.model import Issue
from desk_app.domain.problems import Problem
from desk_app.domain.validation import validate


class ExportRefused(Exception):
    """The issue still has errors; ``problems`` lists them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message() for p in problems))


@dataclass
class ExportResult:
    path: Path
    warnings: list[str] = field(default_factory=list)


def export_issue(issue: Issue, target: Path, *, previous: Issue | None = None) -> ExportResult:
    """Validate, compose and write ``issue`` to ``target`` (.docx)."""
    errors = [p for p in validate(issue, previous) if p.is_error]
    if errors:
        raise ExportRefused(errors)
    from desk_app.output.docx_writer import write_docx

    target = Path(target)
    write_docx(compose(issue), target)
    return ExportResult(target)
