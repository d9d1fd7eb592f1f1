"""A composed bulletin as a neutral list of document blocks.

The .docx writer, the on-screen preview and the plain-text render all consume
these blocks, so every output says the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MastheadTitle:
    text: str  # 窗口工作周报, printed red and letter-spaced


@dataclass(frozen=True)
class IssueLine:
    text: str  # 2023年第6期（总第426期）


@dataclass(frozen=True)
class IssuerDate:
    """Issuer on the left, issue date on the right of one line, with the red rule under it."""

    issuer: str
    date: str


@dataclass(frozen=True)
class Headline:
    text: str


@dataclass(frozen=True)
class PeriodLine:
    text: str  # （2月13日—2月17日）


@dataclass(frozen=True)
class Heading:
    """A heading of level 1 (一、) or 2 (（一）); ``number`` is literal text.

    ``section`` names the part of the issue a level-1 heading opens (``reform``, ``approvals``,
    ``dynamics``, ``inspection``): its number changes when an empty section is left out, its name does not.
    """

    level: int
    number: str
    title: str
    section: str = ""
    source: str = field(default="", compare=False)  # the field path it was made from (search opens it there)

    @property
    def text(self) -> str:
        return self.number + self.title


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph, optionally numbered and with a run-in title.

    ``number`` is literal numbering (1. （1） or （一）) at ``level``; ``run_in`` is a
    title that opens the paragraph in the heading font of that level
    (四、's 「（一）按时到岗情况。」); ``text`` is the body in the body font.
    """

    text: str
    number: str = ""
    run_in: str = ""
    level: int = 0
    source: str = field(default="", compare=False)  # the field path it was made from (search opens it there)

    @property
    def full_text(self) -> str:
        return self.number + self.run_in + self.text

    @property
    def lead(self) -> str:
        """The opening printed in the heading font: number and run-in title of a run-in item (「（一）按时到岗情况。」)."""
        return self.number + self.run_in if self.run_in or self.level == 2 else ""

    @property
    def rest(self) -> str:
        """What follows the lead, in the body font (with the number when there is no lead: 「1.起草…」)."""
        return self.full_text[len(self.lead) :]


@dataclass(frozen=True)
class DistributionLine:
    label: str  # 报 / 送 / 发
    text: str  # the line as printed: 报：中心领导。


@dataclass(frozen=True)
class Distribution:
    """The 报尾 block: ruled lines at the foot of the last page, then the copies line."""

    lines: tuple[DistributionLine, ...]
    copies: str  # （共印80份）


Block = MastheadTitle | IssueLine | IssuerDate | Headline | PeriodLine | Heading | Paragraph | Distribution


def block_lines(block: Block) -> list[str]:
    """The printed lines of one block (the issuer and date share a line, split by a tab)."""
    if isinstance(block, IssuerDate):
        return [f"{block.issuer}\t{block.date}"]
    if isinstance(block, Heading):
        return [block.text]
    if isinstance(block, Paragraph):
        return [block.full_text]
    if isinstance(block, Distribution):
        return [line.text for line in block.lines] + [block.copies]
    return [block.text]


def render_lines(blocks: Iterable[Block]) -> list[str]:
    return [line for block in blocks for line in block_lines(block)]
