"""The composed bulletin as HTML for the on-screen preview.

It renders the blocks of :func:`desk_app.domain.compose.compose` and nothing
else: every sentence and number comes from the blocks, as in the .docx.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from desk_app.domain.blocks import (
    Block,
    Distribution,
    Heading,
    Headline,
    IssueLine,
    IssuerDate,
    MastheadTitle,
    Paragraph,
    PeriodLine,
)
from desk_app.domain.rules import MISSING

# Windows names first; the free stand-ins follow for machines without them.
FANGSONG = "'仿宋_GB2312', '仿宋', 'FangSong', 'FandolFang', 'AR PL UKai CN', serif"
KAITI = "'楷体_GB2312', '楷体', 'KaiTi', 'FandolKai', 'AR PL UKai CN', serif"
HEITI = "'黑体', 'SimHei', 'FandolHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif"
XIAOBIAOSONG = "'方正小标宋简体', 'FZXiaoBiaoSong-B05S', 'Noto Serif CJK SC', '宋体', 'SimSun', serif"
SONGTI = "'宋体', 'SimSun', 'FandolSong', 'Noto Serif CJK SC', serif"

RED = "#e00000"
SECTION_ANCHOR = "section-{}"  # named after the part (section-reform …), not its number, which can change
DISTRIBUTION_ANCHOR = "distribution"


def _text(text: str) -> str:
    """Escaped text with the blanks of a draft highlighted."""
    parts = escape(text).split(MISSING)
    blank = f'<span style="background-color:#ffd6d6; color:#b00000;">{MISSING}</span>'
    return blank.join(parts)


def _p(body: str, *, family: str = FANGSONG, size: float = 1.0, align: str = "justify", indent: bool = False,
       extra: str = "") -> str:
    style = f"font-family:{family}; font-size:{size:g}em; margin-top:0; margin-bottom:0.35em; {extra}"
    if indent:
        style += " text-indent:2em;"
    return f'<p align="{align}" style="{style}">{body}</p>'


def _heading(block: Heading) -> str:
    if block.level == 1:
        anchor = f'<a name="{SECTION_ANCHOR.format(block.section)}"></a>'
        return anchor + _p(_text(block.text), family=HEITI, indent=True)
    return _p(_text(block.text), family=KAITI, indent=True, extra="font-weight:normal;")


def _paragraph(block: Paragraph) -> str:
    lead = f'<span style="font-family:{KAITI};">{_text(block.lead)}</span>' if block.lead else ""
    return _p(lead + _text(block.rest), indent=True)


def _rule(color: str, height: int) -> str:
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:0; margin-bottom:0.3em;">'
        f'<tr><td style="background-color:{color}; font-size:1px;" height="{height}"></td></tr></table>'
    )


def _distribution(block: Distribution) -> str:
    parts = ['<a name="distribution"></a>', '<p style="margin-top:2em;"></p>', _rule("#000000", 2)]
    for i, line in enumerate(block.lines):
        parts.append(_p(_text(line.text), size=0.875, align="left", extra="margin-left:1em; margin-right:1em;"))
        parts.append(_rule("#000000", 2 if i == len(block.lines) - 1 else 1))
    parts.append(_p(_text(block.copies), size=0.875, align="right", extra="margin-right:1em;"))
    return "".join(parts)


def blocks_to_html(blocks: Sequence[Block], base_pt: float = 12.0) -> str:
    """An HTML page (Qt rich text) of the composed bulletin."""
    out = []
    for block in blocks:
        if isinstance(block, MastheadTitle):
            out.append(
                _p(_text(block.text), family=XIAOBIAOSONG, size=2.6, align="center",
                   extra=f"color:{RED}; letter-spacing:0.25em; margin-top:0.5em; margin-bottom:0.4em;")
            )
        elif isinstance(block, IssueLine):
            out.append(_p(_text(block.text), align="center", extra="margin-bottom:0.2em;"))
        elif isinstance(block, IssuerDate):
            out.append(
                '<table width="100%" cellspacing="0" cellpadding="0" style="margin-bottom:0.15em;"><tr>'
                f'<td style="font-family:{FANGSONG};">{_text(block.issuer)}</td>'
                f'<td align="right" style="font-family:{FANGSONG};">{_text(block.date)}</td></tr></table>'
            )
            out.append(_rule(RED, 2))
        elif isinstance(block, Headline):
            out.append(_p(_text(block.text), family=XIAOBIAOSONG, size=1.4, align="center", extra="margin-top:0.8em;"))
        elif isinstance(block, PeriodLine):
            out.append(_p(_text(block.text), family=KAITI, align="center", extra="margin-bottom:0.8em;"))
        elif isinstance(block, Heading):
            out.append(_heading(block))
        elif isinstance(block, Paragraph):
            out.append(_paragraph(block))
        elif isinstance(block, Distribution):
            out.append(_distribution(block))
        else:  # a block kind added to compose without a preview: show its text rather than nothing
            out.append(_p(_text(str(getattr(block, "text", block)))))
    body = "".join(out)
    return (
        f'<html><body style="font-family:{FANGSONG}; font-size:{base_pt:g}pt; color:#000000;">{body}</body></html>'
    )
