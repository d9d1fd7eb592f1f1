"""Searching the archive, the part that needs neither Qt nor a database.

What is searchable is what a clerk reads: the composed bulletin (titles, entries and the
generated sentences, exactly as printed) line by line, each line with the part of the
issue it sits in and the field it was made from (so that a hit opens the issue there),
plus the department an entry of 窗口工作动态 is about (not printed, but asked for).

Queries are split at white space; every term must occur in the same line (AND). Latin
letters match either case; everything else matches exactly, as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .blocks import Distribution, Heading, Headline, IssueLine, IssuerDate, MastheadTitle, PeriodLine, block_lines
from .compose import compose
from .model import Issue, IssueKey

# The parts of an issue, in print order, and their names in the results where no heading names them.
MASTHEAD, DISTRIBUTION = "masthead", "distribution"
SECTION_LABELS = {
    MASTHEAD: "报头",
    "reform": "综窗改革",
    "approvals": "受理办理",
    "dynamics": "窗口动态",
    "inspection": "大厅巡查",
    DISTRIBUTION: "报尾",
}
_MASTHEAD_SOURCES = {
    MastheadTitle: "masthead.title",
    IssueLine: "masthead.number",
    IssuerDate: "masthead.issuer",
    Headline: "headline",
    PeriodLine: "period.start",
}
_DISTRIBUTION_SOURCES = {"报": "distribution.report", "送": "distribution.send", "发": "distribution.issue"}
EXCERPT_CHARS = 60  # about two lines of the result list


@dataclass(frozen=True)
class SearchDocument:
    """One printed line of an issue, as the search index holds it."""

    position: int  # order in the issue
    section: str  # masthead, reform, approvals, dynamics, inspection, distribution
    heading: str  # what the results show as the section: 「三、窗口工作动态」, 「报头」
    path: str  # the field it was made from: dynamics.groups[0].entries[1].text
    text: str  # the line as printed
    department: str = ""  # an entry's department (窗口动态), not printed


@dataclass(frozen=True)
class SearchHit:
    """A line found: which issue, where in it, and the line."""

    key: IssueKey
    serial: int | None
    period_start: date | None
    period_end: date | None
    section: str
    heading: str
    path: str
    text: str
    department: str = ""


@dataclass(frozen=True)
class SearchResults:
    terms: list[str]
    hits: list[SearchHit] = field(default_factory=list)  # newest issue first, then in print order; at most the limit
    total: int = 0  # lines found, also those past the limit
    issues: int = 0  # in how many issues

    def summary_zh(self) -> str:
        if not self.terms:
            return "请输入要查找的文字（一个字也可以；几个词用空格分开，须同时出现）。"
        if not self.total:
            return "没有找到。"
        shown = f"，显示最新的 {len(self.hits)} 处" if len(self.hits) < self.total else ""
        return f"共找到 {self.total} 处，分布在 {self.issues} 期中{shown}。"


def search_documents(issue: Issue) -> list[SearchDocument]:
    """The searchable lines of ``issue``, in print order (empty lines left out)."""
    documents: list[SearchDocument] = []
    section, heading = MASTHEAD, SECTION_LABELS[MASTHEAD]
    departments = {
        f"dynamics.groups[{g}].entries[{e}].text": entry.department.strip()
        for g, group in enumerate(issue.dynamics.groups)
        for e, entry in enumerate(group.entries)
    }

    def add(path: str, text: str) -> None:
        if text.strip():
            documents.append(SearchDocument(len(documents), section, heading, path, text, departments.get(path, "")))

    for block in compose(issue):
        if isinstance(block, Heading) and block.level == 1:
            section, heading = block.section, block.text
        if isinstance(block, Distribution):
            section, heading = DISTRIBUTION, SECTION_LABELS[DISTRIBUTION]
            for line in block.lines:
                add(_DISTRIBUTION_SOURCES.get(line.label, "distribution.report"), line.text)
            add("distribution.copies", block.copies)
            continue
        source = getattr(block, "source", "") or _MASTHEAD_SOURCES.get(type(block), "")
        for line in block_lines(block):
            add(source, line.replace("\t", " "))
    return documents


def query_terms(query: str) -> list[str]:
    """The terms of a query: split at white space (also the full-width space), duplicates dropped."""
    terms: list[str] = []
    for term in query.split():
        if term not in terms:
            terms.append(term)
    return terms


def fold(text: str) -> str:
    """What matching compares: Latin letters in lower case, everything else as it is."""
    return "".join(c.lower() if c.isascii() else c for c in text)


def matches(document_text: str, terms: list[str]) -> bool:
    folded = fold(document_text)
    return bool(terms) and all(fold(term) in folded for term in terms)


@dataclass(frozen=True)
class Excerpt:
    """A stretch of a line around the first hit, cut into plain and highlighted pieces."""

    pieces: tuple[tuple[str, bool], ...]  # (text, highlighted)
    cut_before: bool
    cut_after: bool

    @property
    def text(self) -> str:
        return ("…" if self.cut_before else "") + "".join(t for t, _ in self.pieces) + ("…" if self.cut_after else "")


def excerpt(text: str, terms: list[str], width: int = EXCERPT_CHARS) -> Excerpt:
    """About ``width`` characters of ``text`` around the first hit of any term, every hit in it marked."""
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        needle = fold(term)
        if not needle:
            continue
        start = folded.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    first = merged[0][0] if merged else 0
    begin = max(0, min(first - width // 3, len(text) - width))
    while 0 < begin < first and text[begin - 1].isascii() and text[begin - 1].isalnum() and text[begin].isascii() and text[begin].isalnum():
        begin += 1  # never cut a number or a Latin word in two: …024年 reads as a different year
    end = min(len(text), begin + width)
    pieces: list[tuple[str, bool]] = []
    at = begin
    for start, stop in merged:
        start, stop = max(start, begin), min(stop, end)
        if start >= stop:
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:stop], True))
        at = stop
    if at < end:
        pieces.append((text[at:end], False))
    return Excerpt(tuple(pieces), begin > 0, end < len(text))
