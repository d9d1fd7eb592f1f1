"""Reading a .docx's body text in document order, for tests (not the program's own code)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _own_text(paragraph) -> str:
    """The paragraph's text, without text boxes nested in it and without compatibility fallbacks."""
    parts = []
    for element in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if element.getparent().tag != qn("w:r"):
            continue  # a tab stop's definition (w:pPr/w:tabs/w:tab), not a tab character
        ancestor = element.getparent()
        nested = False
        while ancestor is not None and ancestor is not paragraph:
            if ancestor.tag in (qn("w:p"), _FALLBACK):
                nested = True
                break
            ancestor = ancestor.getparent()
        if nested:
            continue
        if element.tag == qn("w:t"):
            parts.append(element.text or "")
        elif element.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def is_hidden(paragraph) -> bool:
    """A paragraph Word neither shows nor prints: its mark hidden (w:pPr/w:rPr/w:vanish)."""
    return paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:vanish')}") is not None


def body_paragraphs(path: Path) -> list[str]:
    """Every paragraph of the body as Word shows it (tables and text boxes included, hidden ones
    not), in order, headers and footers excluded."""
    body = Document(str(path)).element.body
    texts = []
    for paragraph in body.iter(qn("w:p")):
        if is_hidden(paragraph):
            continue
        ancestor, skip = paragraph.getparent(), False
        while ancestor is not None:
            if ancestor.tag == _FALLBACK:
                skip = True
                break
            ancestor = ancestor.getparent()
        if not skip:
            text = _own_text(paragraph)
            if text.strip():
                texts.append(text)
    return texts


def squeeze(text: str) -> str:
    """Whitespace and paragraph breaks aside."""
    return "".join(text.split())
