"""What reading one file gave: the issue, what was recognised and what was not, or why it was refused."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from desk_app.domain.exchange import InvalidIssue, loads
from desk_app.domain.model import Issue
from desk_app.domain.problems import Problem
from desk_app.domain.recognise import recognise_paragraphs
from desk_app.files import read_exchange_file

log = logging.getLogger(__name__)


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


def recognise_file(path: Path, *, known_departments: Sequence[str] = ()) -> Recognition:
    """Read ``path`` by its kind; never raises for a bad file (the reasons are in ``problems``).

    ``known_departments`` (the names stored entries use) help name the department of a .docx's or a
    PDF text's 窗口动态 entries, which is not printed.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".docx", ".txt"):
        suffix, refusal = _kind_by_content(path)
        if refusal is not None:
            return Recognition(path, "unknown", problems=[refusal])
    try:
        if suffix == ".json":
            result = Recognition(path, "json")
            try:
                result.issue = loads(read_exchange_file(path))
            except InvalidIssue as exc:
                result.problems = list(exc.problems)
            return result
        if suffix == ".docx":
            return _recognise_docx(path, known_departments)
        if suffix == ".txt":
            return _recognise_text(path, known_departments)
    except Exception as exc:  # a reader's bug must not take a folder's import down: this file is refused
        log.exception("recognising %s failed", path)
        return Recognition(path, suffix.lstrip(".") or "unknown", problems=[Problem("", "not_understood", detail=f"{type(exc).__name__}: {exc}")])
    return Recognition(path, suffix.lstrip(".") or "unknown", problems=[Problem("", "unknown_file_kind", detail=path.suffix or path.name)])


def _kind_by_content(path: Path) -> tuple[str, Problem | None]:
    """A file named otherwise (no extension, 「.bak」): JSON or a .docx by its first bytes, as the
    command line always took any file for JSON. Only a regular file is opened."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device or pipe"
            return "", Problem("", "not_a_file", detail=kind)
        with open(path, "rb") as stream:
            head = stream.read(64)
    except OSError as exc:
        return "", Problem("", "unreadable", detail=exc.strerror or str(exc))
    if head.startswith(b"PK\x03\x04"):
        return ".docx", None
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return ".json", None
    return "", Problem("", "unknown_file_kind", detail=path.suffix or path.name)


def _recognise_docx(path: Path, known_departments: Sequence[str]) -> Recognition:
    from .docx_text import DocxRefused, docx_paragraphs

    try:
        paragraphs = docx_paragraphs(path)
    except DocxRefused as exc:
        return Recognition(path, "docx", problems=[Problem("", exc.code, detail=exc.detail, detail_zh=exc.detail_zh)])
    return _from_paragraphs(Recognition(path, "docx"), paragraphs, known_departments)


def _recognise_text(path: Path, known_departments: Sequence[str]) -> Recognition:
    from .pdf_text import pdf_text_paragraphs

    result = Recognition(path, "text")
    try:
        text = read_exchange_file(path)  # bounded, regular files only, UTF-8
    except InvalidIssue as exc:
        result.problems = list(exc.problems)
        return result
    return _from_paragraphs(result, pdf_text_paragraphs(text), known_departments)


def _from_paragraphs(result: Recognition, paragraphs, known_departments: Sequence[str]) -> Recognition:
    read = recognise_paragraphs(paragraphs, known_departments)
    result.recognised = read.found
    result.unrecognised = [Unrecognised(p.place, p.text) for p in read.not_understood]
    result.problems = read.problems
    result.issue = None if any(p.is_error for p in read.problems) else read.issue  # nothing of a refused file
    return result
