"""Composed blocks → .docx (python-docx).

A first, plain writer: one paragraph per printed line. The official GB/T 9704
layout replaces it (issue 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desk_app.domain.blocks import Block

from .atomic import write_atomically
from .text import block_lines


def write_docx(blocks: Sequence[Block], target: Path) -> None:
    from docx import Document

    def write(path: Path) -> None:
        document = Document()
        for block in blocks:
            for line in block_lines(block):
                document.add_paragraph(line)
        document.save(str(path))

    write_atomically(target, write)
