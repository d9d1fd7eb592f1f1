"""Use cases shared by the command line and the GUI (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.domain.compose import compose
from desk_app.domain.model import Issue
from desk_app.domain.problems import Problem
from desk_app.domain.validation import validate

if TYPE_CHECKING:
    from desk_app.domain.previous import PreviousFigures
    from desk_app.output.layout import ExportLayout
    from desk_app.storage.repository import SaveResult


@dataclass
class ImportResult:
    issue: Issue
    save: SaveResult
    warnings: list[Problem]


def import_issue_text(text: str, *, unlock_reason: str | None = None, source: str = "") -> ImportResult:
    """Parse, check and store one window-weekly/1 text, replacing the issue stored under its key.

    Raises InvalidIssue naming every field at fault; see :func:`import_issue` (``unlock_reason``,
    ``source``).
    """
    from desk_app.domain.exchange import loads

    return import_issue(loads(text), unlock_reason=unlock_reason, source=source)


def import_issue(issue: Issue, *, unlock_reason: str | None = None, source: str = "") -> ImportResult:
    """Check ``issue`` against the issue stored before it and store it, replacing the one under its key.

    The serial and year-to-date checks read a few columns of the previous issue (not the whole
    of it) just before the save, which is one write transaction of its own (another writer is
    waited for, within a bounded time). The checks only warn about what they compare with the
    previous issue, so a save by someone else in between can at most make a warning stale; they
    are not in the save's transaction because a savepoint there costs SQLite a statement journal
    file a save (a third of an import's writes). A refused issue writes nothing.
    An issued (locked) issue is not replaced (repository.IssueLocked) unless ``unlock_reason``
    is given: then it is unlocked for that reason, logged, and replaced by the file as a draft.
    ``source`` (the file's name) goes into the change log.
    Raises InvalidIssue naming every field at fault.
    """
    from desk_app.domain.exchange import InvalidIssue, check_valid
    from desk_app.storage import repository

    if issue.key is None:
        validate_errors = [p for p in validate(issue) if p.is_error]
        raise InvalidIssue(validate_errors or [Problem("masthead.number", "missing")])
    warnings = check_valid(issue, repository.previous_figures(issue.key))
    if unlock_reason and repository.issue_exists(issue.key) and repository.issue_state(issue.key).issued:
        repository.unlock_issue(issue.key, unlock_reason)
    return ImportResult(issue, repository.save_issue(issue, kind="imported", note=source), warnings)


FONT_FAMILIES_FILE = "font-families.json"  # in the data folder: the fonts found, for the next export (output/fonts.py)


class ExportRefused(Exception):
    """The issue still has errors; ``problems`` lists them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message() for p in problems))


@dataclass
class ExportResult:
    path: Path
    warnings: list[str] = field(default_factory=list)  # English, for the command line
    warnings_zh: list[str] = field(default_factory=list)  # in Chinese, for the GUI (missing fonts apart)
    missing_fonts: list = field(default_factory=list)  # output.fonts.MissingFont: the GUI says them in 导出设置


def export_issue(
    issue: Issue, target: Path, *, previous: Issue | PreviousFigures | None = None, layout: ExportLayout | None = None
) -> ExportResult:
    """Validate, compose and write ``issue`` to ``target``: a .pdf through LibreOffice, else .docx.

    ``layout`` (an ExportLayout) defaults to the one in the settings file. Fonts this computer
    lacks are warnings, not errors.
    """
    errors = [p for p in validate(issue, previous) if p.is_error]
    if errors:
        raise ExportRefused(errors)
    from desk_app.output.fonts import FontCheck
    from desk_app.storage.database import data_dir

    font_check = FontCheck(data_dir() / FONT_FAMILIES_FILE)  # runs while the document is written
    result = ExportResult(Path(target))
    if layout is None:
        from desk_app.settings import load_settings

        settings = load_settings()
        layout = settings.export
        result.warnings += settings.problems
        result.warnings_zh += [f"设置文件有误（settings.json）：{p}" for p in settings.problems_zh]
    from desk_app.output.docx_writer import write_docx

    blocks = compose(issue)
    if result.path.suffix.lower() == ".pdf":
        import tempfile

        from desk_app.output.pdf import PdfUnavailable, convert_to_pdf, find_soffice

        soffice = find_soffice()
        if soffice is None:
            raise PdfUnavailable()
        with tempfile.TemporaryDirectory(prefix="desk-app-export-") as work:
            docx = Path(work) / "bulletin.docx"
            write_docx(blocks, docx, layout, for_libreoffice=True)
            convert_to_pdf(docx, result.path, soffice=soffice)
    else:
        write_docx(blocks, result.path, layout)
    for font in font_check.missing(layout):
        result.warnings.append(font.message())
        result.missing_fonts.append(font)
    return result
