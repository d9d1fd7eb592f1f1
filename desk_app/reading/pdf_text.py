"""Text extracted from a printed bulletin's PDF → its paragraphs, each with its place (第 N 页第 M 行).

What extraction does to the printed page, and is undone here:
- page numbers (「—2—」) are lines of their own: dropped, and they tell the page;
- the red masthead title, letter-spaced (「窗 口 工 作 周 报」), comes after the first page's text:
  it is put back in front;
- spaces around and inside numbers (「2 7日」, 「受理 116 件」): removed, except between Latin words;
- every printed line is a line, so a paragraph is broken where the page broke it: a line that fills
  the type area's width continues on the next one, a shorter line ends its paragraph;
- a page's first line often starts with a space and follows the previous page without a blank line;
- Kangxi radicals and CJK compatibility characters some fonts map to (「⼀」 for 「一」) are the
  ordinary characters again.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from desk_app.domain.recognise import TextParagraph, opens_a_paragraph, stands_alone, unspace_letters

_PAGE_NUMBER = re.compile(r"\s*(?:[—–\-－]+\s*(\d+)\s*[—–\-－]+|第\s*(\d+)\s*页(?:\s*共\s*\d+\s*页)?|(\d+)\s*/\s*\d+)\s*")
_LETTER_SPACED = re.compile(r"\s*(?:[\u4e00-\u9fff]\s+){2,}[\u4e00-\u9fff]\s*")
_COMPATIBILITY = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")
_ASCII_LETTER = re.compile("[A-Za-z]")


@dataclass
class _Line:
    text: str
    page: int
    number: int  # on its page

    @property
    def place(self) -> str:
        return f"第 {self.page} 页第 {self.number} 行"


def char_width(c: str) -> float:
    return 1.0 if unicodedata.east_asian_width(c) in "WF" or c in "“”‘’…—" else 0.5


_HALF_WIDTH_RUN = re.compile(r"[\x21-\x7e]+")


def line_width(text: str) -> float:
    """In full-width characters. The spaces extraction adds count nothing, but a run of digits or
    Latin letters among Chinese takes a quarter em more on each side (Word's and WPS's spacing)."""
    squeezed = "".join(text.split())
    runs = sum(1 for m in _HALF_WIDTH_RUN.finditer(squeezed) if 0 < m.start() or m.end() < len(squeezed))
    return sum(char_width(c) for c in squeezed) + 0.5 * runs


def remove_stray_spaces(text: str) -> str:
    """Spaces are kept only between two Latin letters (「CMA 证书」→「CMA证书」, 「2 7日」→「27日」)."""
    out = []
    pieces = re.split(r"(\s+)", text.strip())
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            out.append(piece)
        elif _ASCII_LETTER.fullmatch(pieces[i - 1][-1:]) and _ASCII_LETTER.fullmatch(pieces[i + 1][:1]):
            out.append(" ")
    return "".join(out)


def _lines(text: str) -> list[_Line]:
    text = _COMPATIBILITY.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text.replace("\r\n", "\n"))
    raw = text.split("\n")
    blank_separated = sum(1 for a, b in zip(raw, raw[1:]) if a.strip() and not b.strip())
    single = sum(1 for a, b in zip(raw, raw[1:]) if a.strip() and b.strip())
    # Extraction that leaves a blank line after each printed line marks a new page by its absence.
    page_starts_with_space = blank_separated > 2 * single
    lines: list[_Line] = []
    page, number = 1, 0
    previous_blank = True
    for chunk in raw:
        for k, line in enumerate(chunk.split("\f")):
            if k:  # a form feed: the next page
                page, number = page + 1, 0
            if not line.strip():
                previous_blank = True
                continue
            numbered = _PAGE_NUMBER.fullmatch(line)
            if numbered:
                shown = int(next(g for g in numbered.groups() if g))
                page, number = (shown if shown >= page else page + 1), 0
                previous_blank = True
                continue
            if page_starts_with_space and number and not previous_blank and line[:1].isspace():
                page, number = page + 1, 0
            number += 1
            lines.append(_Line(line, page, number))
            previous_blank = False
    # The masthead title printed large comes after the first page's text: it belongs in front.
    for i, line in enumerate(lines):
        if line.page > 1:
            break
        if _LETTER_SPACED.fullmatch(line.text):
            lines.insert(0, lines.pop(i))
            break
    return lines


def pdf_text_paragraphs(text: str) -> list[TextParagraph]:
    """The paragraphs of a bulletin's extracted text, in reading order, lines broken mid-paragraph joined."""
    lines = _lines(text)
    widths = Counter(int(line_width(line.text)) for line in lines if line_width(line.text) >= 10)
    full = max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0] if widths else 28
    # Text saved one paragraph a line (not a page's lines) has many lines longer than the commonest.
    if sum(n for width, n in widths.items() if width > full + 3) > 0.05 * len(lines):
        return [TextParagraph(remove_stray_spaces(line.text), line.place) for line in lines]
    paragraphs: list[TextParagraph] = []
    open_paragraph = False  # the last line filled its line: the paragraph goes on
    pieces: list[str] = []
    place = ""
    in_masthead = True  # until the first numbered heading: lines that are whole by themselves
    for line in lines:
        text = unspace_letters(line.text) if _LETTER_SPACED.fullmatch(line.text) else remove_stray_spaces(line.text)
        opens = opens_a_paragraph(text)
        in_masthead = in_masthead and not opens
        if open_paragraph and not opens:
            pieces.append(text)
        else:
            if pieces:
                paragraphs.append(TextParagraph("".join(pieces), place))
            pieces, place = [text], line.place
        # A paragraph's first line is indented two characters; a line that ends a paragraph falls short.
        needed = full - (2 if len(pieces) == 1 else 0) - 1.25
        open_paragraph = line_width(line.text) >= needed and not (in_masthead and len(pieces) == 1 and stands_alone(text))
    if pieces:
        paragraphs.append(TextParagraph("".join(pieces), place))
    return paragraphs
