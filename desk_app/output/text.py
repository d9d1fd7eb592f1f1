"""Plain-text render of composed blocks: one paragraph a line."""

from __future__ import annotations

from collections.abc import Iterable

from desk_app.domain.blocks import Block, Distribution, Heading, IssuerDate, Paragraph


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


def render_text(blocks: Iterable[Block]) -> str:
    return "".join(line + "\n" for block in blocks for line in block_lines(block))
