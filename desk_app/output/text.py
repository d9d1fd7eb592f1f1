"""Plain-text render of composed blocks: one paragraph a line."""

from __future__ import annotations

from collections.abc import Iterable

from desk_app.domain.blocks import Block, block_lines, render_lines

__all__ = ["block_lines", "render_text"]


def render_text(blocks: Iterable[Block]) -> str:
    return "".join(line + "\n" for line in render_lines(blocks))
