"""Compose an issue into document blocks, following SPEC §2–3."""

from __future__ import annotations

from . import rules
from .blocks import (
    Block,
    Distribution,
    DistributionLine,
    Heading,
    Headline,
    IssueLine,
    IssuerDate,
    MastheadTitle,
    Paragraph,
    PeriodLine,
)
from .model import Issue


def compose(issue: Issue) -> list[Block]:
    """The whole bulletin, top to bottom."""
    blocks: list[Block] = []
    blocks += _masthead(issue)
    sections = [
        ("reform", issue.reform.title, _reform(issue)),
        ("approvals", issue.approvals.title, _approvals(issue)),
        ("dynamics", issue.dynamics.title, _dynamics(issue)),
        ("inspection", issue.inspection.title, _inspection(issue)),
    ]
    # A section with nothing under it (no 动态 this week) is left out and the rest renumbered.
    sections = [(name, title, body) for name, title, body in sections if body]
    for number, (name, title, body) in enumerate(sections, start=1):
        blocks.append(Heading(1, rules.level_number(1, number), title, section=name, source=f"{name}.title"))
        blocks += body
    blocks.append(_distribution(issue))
    return blocks


def _masthead(issue: Issue) -> list[Block]:
    m = issue.masthead
    return [
        MastheadTitle(m.title),
        IssueLine(rules.issue_line_text(m.year, m.number, m.serial)),
        IssuerDate(m.issuer, rules.date_text(m.date)),
        Headline(issue.headline),
        PeriodLine(rules.period_text(issue.period.start, issue.period.end)),
    ]


def _reform(issue: Issue) -> list[Block]:
    reform = issue.reform
    stats = rules.window_stats_sentence(reform.window_stats.week, reform.window_stats.ytd)
    subsections: list[tuple[str, str, list[Block]]] = [
        (reform.window_stats.title, "window_stats", [Paragraph(stats, source="reform.window_stats.week.consult")]),
        (
            reform.authorization.title,
            "authorization",
            [Paragraph(rules.authorization_sentence(reform.authorization), source="reform.authorization.stationed")],
        ),
    ]
    items = [(k, item) for k, item in enumerate(reform.progress.items) if item.strip()]
    if items:  # an empty 推进情况 is left out
        paragraphs: list[Block] = [
            Paragraph(item, number=rules.level_number(3, i), level=3, source=f"reform.progress.items[{k}]")
            for i, (k, item) in enumerate(items, 1)
        ]
        subsections.append((reform.progress.title, "progress", paragraphs))
    blocks: list[Block] = []
    for i, (title, name, body) in enumerate(subsections, start=1):
        blocks.append(Heading(2, rules.level_number(2, i), title, source=f"reform.{name}.title"))
        blocks += body
    return blocks


def _approvals(issue: Issue) -> list[Block]:
    return [Paragraph(rules.approvals_sentence(issue), source="approvals.licensing.accepted")]


def _dynamics(issue: Issue) -> list[Block]:
    blocks: list[Block] = []
    # Groups without entries are left out; the rest are numbered without gaps.
    groups = [(g, group) for g, group in enumerate(issue.dynamics.groups) if any(e.text.strip() for e in group.entries)]
    for i, (g, group) in enumerate(groups, start=1):
        blocks.append(Heading(2, rules.level_number(2, i), group.title, source=f"dynamics.groups[{g}].title"))
        texts = [(e, entry.text.strip()) for e, entry in enumerate(group.entries) if entry.text.strip()]
        sources = [f"dynamics.groups[{g}].entries[{e}].text" for e, _ in texts]
        if len(texts) == 1:
            blocks.append(Paragraph(texts[0][1], source=sources[0]))
        else:
            blocks += [
                Paragraph(t, number=rules.level_number(4, j), level=4, source=source)
                for j, ((_, t), source) in enumerate(zip(texts, sources, strict=True), 1)
            ]
    return blocks


def _inspection(issue: Issue) -> list[Block]:
    inspection = issue.inspection
    blocks: list[Block] = []
    if inspection.intro.strip():
        blocks.append(Paragraph(inspection.intro.strip(), source="inspection.intro"))
    for i, item in enumerate(inspection.items, start=1):
        blocks.append(
            Paragraph(
                item.result.strip(),
                number=rules.level_number(2, i),
                run_in=rules.run_in_title(item.item),
                level=2,
                source=f"inspection.items[{i - 1}].result",
            )
        )
    return blocks


def _distribution(issue: Issue) -> Distribution:
    d = issue.distribution
    lines = tuple(
        DistributionLine(label, rules.distribution_line(label, text))
        for label, text in (("报", d.report), ("送", d.send), ("发", d.issue))
        if text.strip()
    )
    return Distribution(lines, rules.copies_text(d.copies))
