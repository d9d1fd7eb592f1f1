"""Small builders for WordprocessingML elements, children always in schema order.

Word refuses a file whose pPr/rPr children are out of the order ECMA-376 prescribes, so every
property element is built here from keyword arguments and appended in that order. Formats are
named tuples: immutable, hashable (each distinct one is built once, then copied), and cheap to
define. Elements are plain lxml ones (python-docx's OxmlElement parses a namespace map for each
one, ten times the cost), with their qualified names worked out once; a run or paragraph goes
straight into its parent (``add_text_run``), which declares the namespace for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from docx.oxml.ns import nsmap as _NAMESPACES
from docx.oxml.ns import qn as _qn
from lxml import etree

# ECMA-376 Part 1, CT_PPrBase (+ rPr, sectPr, pPrChange of CT_PPr).
PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
# CT_RPr (EG_RPrBase).
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()
# CT_PBdr.
PBDR_ORDER = "top left bottom right between bar".split()


qn = cache(_qn)  # "w:p" → "{http://…/main}p", worked out once per name

W_P, W_R, W_T, W_TAB, W_BR = (qn(f"w:{name}") for name in ("p", "r", "t", "tab", "br"))
XML_SPACE = qn("xml:space")


@cache
def _namespace_of(tag: str) -> dict[str, str]:
    prefix = tag.partition(":")[0]
    return {prefix: _NAMESPACES[prefix]}


def el(tag: str, attrs: dict[str, object] | None = None, children: Iterable = ()) -> object:
    """``el("w:spacing", {"w:line": 579})``: an element with prefixed attribute names."""
    element = etree.Element(qn(tag), {qn(k): str(v) for k, v in (attrs or {}).items()}, nsmap=_namespace_of(tag))
    for child in children:
        element.append(child)
    return element


def ordered(tag: str, order: list[str], children: dict[str, object]) -> object:
    """Element ``tag`` holding ``children`` (local name → element) in schema order."""
    unknown = set(children) - set(order)
    if unknown:
        raise ValueError(f"{tag} cannot hold {sorted(unknown)}")
    return el(tag, children=[children[name] for name in order if name in children])


class Border(NamedTuple):
    size: int  # eighths of a point
    color: str = "000000"
    space: int = 0  # points between text and line
    style: str = "single"

    def element(self, side: str) -> object:
        return el(f"w:{side}", {"w:val": self.style, "w:sz": self.size, "w:space": self.space, "w:color": self.color})


class RunFormat(NamedTuple):
    """How a run looks: the Chinese font, the Latin font, size in half-points, colour, spacing."""

    east_asia: str
    latin: str
    size: int
    color: str | None = None
    spacing: int | None = None  # twentieths of a point; negative condenses
    bold: bool = False
    hidden: bool = False  # w:vanish: kept for readers that show no formatting, not shown nor printed

    def rpr(self) -> object:
        """A fresh w:rPr (a copy of one built once per format: documents repeat a few formats)."""
        return _template(type(self), self).__copy__()  # lxml copies the whole subtree

    def build(self) -> object:
        # All four slots named, and the eastAsia hint so that quotes and dashes, which Word
        # could give to either script, take the Chinese font.
        children = {
            "rFonts": el(
                "w:rFonts",
                {
                    "w:ascii": self.latin,
                    "w:hAnsi": self.latin,
                    "w:eastAsia": self.east_asia,
                    "w:cs": self.east_asia,
                    "w:hint": "eastAsia",
                },
            )
        }
        if self.bold:
            children["b"] = el("w:b")
            children["bCs"] = el("w:bCs")
        if self.hidden:
            children["vanish"] = el("w:vanish")
        if self.color:
            children["color"] = el("w:color", {"w:val": self.color})
        if self.spacing:
            children["spacing"] = el("w:spacing", {"w:val": self.spacing})
        children["sz"] = el("w:sz", {"w:val": self.size})
        children["szCs"] = el("w:szCs", {"w:val": self.size})
        return ordered("w:rPr", RPR_ORDER, children)


class ParagraphFormat(NamedTuple):
    align: str = "both"  # w:jc: both (justified), center, left, right
    line: int = 579  # exact line height, twips
    before: int = 0
    after: int = 0
    first_line: int = 0  # twips; with first_line_chars for Word's character-based indent
    first_line_chars: int = 0  # hundredths of a character
    left: int = 0
    right: int = 0
    hanging: int = 0
    keep_next: bool = False
    keep_lines: bool = False
    outline_level: int | None = None
    bottom_border: Border | None = None
    right_tab: int | None = None
    libreoffice: bool = False  # written for LibreOffice's PDF (see overflowPunct)
    hidden: bool = False  # the paragraph mark hidden too, so that a hidden paragraph takes no room

    def ppr(self) -> object:
        """A fresh w:pPr (a copy of one built once per format)."""
        return _template(type(self), self).__copy__()

    def build(self) -> object:
        children: dict[str, object] = {}
        if self.keep_next:
            children["keepNext"] = el("w:keepNext")
        if self.keep_lines:
            children["keepLines"] = el("w:keepLines")
        if self.bottom_border is not None:
            children["pBdr"] = el("w:pBdr", children=[self.bottom_border.element("bottom")])
        if self.right_tab is not None:
            children["tabs"] = el("w:tabs", children=[el("w:tab", {"w:val": "right", "w:pos": self.right_tab})])
        # 「，」「、」「。」「”」 may hang past the right margin, as in the printed original (its lines
        # hold up to 29 character widths). LibreOffice reads this element the other way round
        # (7.4; pinned by tests/test_libreoffice_behaviour.py), so its copy says 0 to mean the same.
        children["overflowPunct"] = el("w:overflowPunct", {"w:val": 0 if self.libreoffice else 1})
        # A little space where Chinese meets Latin letters (DE) and digits (DN), as the original
        # was set; written out because programs differ in what they assume when it is missing.
        children["autoSpaceDE"] = el("w:autoSpaceDE", {"w:val": 1})
        children["autoSpaceDN"] = el("w:autoSpaceDN", {"w:val": 1})
        # Exact line heights only: LibreOffice would otherwise snap large type (title, headline)
        # to two rows of the document grid. Word ignores the grid for exact spacing anyway.
        children["snapToGrid"] = el("w:snapToGrid", {"w:val": 0})
        children["spacing"] = el(
            "w:spacing", {"w:before": self.before, "w:after": self.after, "w:line": self.line, "w:lineRule": "exact"}
        )
        ind: dict[str, object] = {"w:left": self.left, "w:right": self.right}
        if self.hanging:
            ind["w:hanging"] = self.hanging
        elif self.first_line:
            ind["w:firstLine"] = self.first_line
            if self.first_line_chars:
                ind["w:firstLineChars"] = self.first_line_chars
        children["ind"] = el("w:ind", ind)
        children["jc"] = el("w:jc", {"w:val": self.align})
        if self.outline_level is not None:
            children["outlineLvl"] = el("w:outlineLvl", {"w:val": self.outline_level})
        if self.hidden:
            children["rPr"] = el("w:rPr", children=[el("w:vanish")])
        return ordered("w:pPr", PPR_ORDER, children)


@cache
def _template(kind: type, fmt: RunFormat | ParagraphFormat) -> object:
    # Keyed by type too: named tuples of equal values compare equal whatever their class.
    return fmt.build()


# What a clerk can type or paste inside one line of text that is not text: a tab becomes w:tab, a
# line break (Windows, old Mac or Unix newline, U+2028, U+2029) a w:br. Never raw in w:t, where
# Word shows a newline as a space and other readers as nothing or a break of their choosing.
_TAB_OR_BREAK = re.compile("(\t|\r\n|[\n\r\u2028\u2029])")


def text_run(text: str, fmt: RunFormat) -> object:
    """A run of text; tabs become w:tab and line breaks w:br."""
    run = el("w:r")
    _fill_run(run, text, fmt)
    return run


def add_text_run(parent: object, text: str, fmt: RunFormat) -> object:
    """``text_run`` appended to ``parent`` (a w:p), made in place."""
    run = etree.SubElement(parent, W_R)
    _fill_run(run, text, fmt)
    return run


_W_DECLARATION = f' xmlns:w="{_NAMESPACES["w"]}"'


@cache
def _markup(kind: type, fmt: RunFormat | ParagraphFormat) -> str:
    """The pPr/rPr of ``fmt`` as markup, to go inside a w:p that declares the namespace."""
    return etree.tostring(_template(kind, fmt), encoding="unicode").replace(_W_DECLARATION, "", 1)


def _escaped(text: str) -> str:
    # Three replaces, not str.translate: translate maps Chinese text a character at a time (8x slower).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def paragraph_element(ppr: ParagraphFormat, runs: list[tuple[str, RunFormat]]) -> object:
    """A w:p of ``ppr`` holding a text run per (text, format), made as markup and parsed at once.

    A paragraph of a dozen runs costs lxml one parse instead of some forty element calls (most of
    the export's time for a long issue). A paragraph whose text holds tabs, line breaks or other
    control characters is built element by element (``add_text_run``); both give the same elements.
    """
    if not all(text.isprintable() for text, _ in runs):
        paragraph = etree.Element(W_P, nsmap=_namespace_of("w:p"))
        paragraph.append(ppr.ppr())
        for text, fmt in runs:
            add_text_run(paragraph, text, fmt)
        return paragraph
    parts = [f"<w:p{_W_DECLARATION}>", _markup(ParagraphFormat, ppr)]
    for text, fmt in runs:
        space = ' xml:space="preserve"' if text != text.strip() else ""
        shown = f"<w:t{space}>{_escaped(text)}</w:t>" if text else ""
        parts.append(f"<w:r>{_markup(RunFormat, fmt)}{shown}</w:r>")
    parts.append("</w:p>")
    return etree.fromstring("".join(parts))


def _fill_run(run: object, text: str, fmt: RunFormat) -> None:
    run.append(fmt.rpr())
    sub_element = etree.SubElement
    pieces = [text] if text.isprintable() else _TAB_OR_BREAK.split(text)  # the common case: no split
    for i, piece in enumerate(pieces):
        if i % 2:
            sub_element(run, W_TAB if piece == "\t" else W_BR)
        elif piece:
            t = sub_element(run, W_T)
            t.text = piece
            if piece != piece.strip():
                t.set(XML_SPACE, "preserve")
