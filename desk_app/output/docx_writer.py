"""Composed blocks → the official bulletin as .docx (GB/T 9704 layout, SPEC §4), with python-docx.

Everything is formatted directly on paragraphs and runs (fonts in all four slots, sizes, the
exact 28.95 pt line pitch), so Word, WPS and LibreOffice agree whatever their defaults; the
document defaults and the Normal style say the same, so text a clerk adds later in Word looks
like the body. Numbers are literal text, never Word auto-numbering.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from lxml import etree

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

from .atomic import write_atomically
from .layout import (
    CHAR_SPACING,
    LIBREOFFICE_CHAR_SPACING,
    LINE_PITCH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_NUMBERS_CENTRED,
    PAGE_WIDTH,
    RED,
    SIZE_CHU,
    SIZE_ER,
    SIZE_SAN,
    SIZE_SI,
    TYPE_WIDTH,
    ExportLayout,
    mm,
)
from .docx_template import TEMPLATE, open_template, template_path
from .ooxml import (
    PPR_ORDER,
    RPR_ORDER,
    W_P,
    Border,
    ParagraphFormat,
    RunFormat,
    el,
    ordered,
    paragraph_element,
    qn,
    text_run,
)

__all__ = ["TEMPLATE", "build_document", "template_path", "write_docx"]

EM_DASH = "\u2014"

# Characters Word may set in either script (quotes, dashes, ellipsis, symbols). They get runs
# whose four font slots all name the Chinese font, so every program shows them full width.
_SHARED_PUNCTUATION = re.compile(
    "([\u2010-\u2027\u2030-\u205e\u00b7\u00b0\u00d7\u00f7\u2103\u2116\u2160-\u21ff\u2460-\u27bf]+)"
)

# Two characters of first-line indent (16 pt each); Word reads firstLineChars, others the twips.
_INDENT_2 = {"first_line": 2 * 320, "first_line_chars": 200}
_BODY = ParagraphFormat(**_INDENT_2)

# 版记 (报尾) rules: 0.35 mm ≈ 1 pt for the first and last, 0.25 mm ≈ 0.75 pt between (w:sz in 1/8 pt).
RULE_THICK = 8
RULE_THIN = 6
# The red rule under the issuer/date line.
RED_RULE = Border(size=12, color=RED, space=4)
# The 「— N —」 line's middle 7 mm under the type area (GB/T 9704); the footer distance is
# measured from the page's bottom edge to the footer's last line.
FOOTER_LINE = 360
FOOTER_DISTANCE = MARGIN_BOTTOM - mm(7) - FOOTER_LINE // 2
# Space above the masthead title's three-line-high line (see _masthead_title).
TITLE_BEFORE = 1350

_SIDES = ("top", "left", "bottom", "right")

# Where a body paragraph's text is split into paragraphs: a newline of any system, and U+2029.
_PARAGRAPH_BREAK = re.compile("\r\n|[\n\r\u2029]")


def write_docx(
    blocks: Sequence[Block], target: Path, layout: ExportLayout | None = None, *, for_libreoffice: bool = False
) -> None:
    """Write ``blocks`` as a .docx at ``target``, atomically (a crash never leaves half a file).

    ``for_libreoffice``: the copy LibreOffice turns into PDF; it differs only where LibreOffice
    reads the format differently from Word (w:overflowPunct) or would misprint it (the character
    spacing, see LIBREOFFICE_CHAR_SPACING).
    """

    def write(path: Path) -> None:
        build_document(blocks, layout, for_libreoffice=for_libreoffice).save(str(path))

    write_atomically(Path(target), write)


def build_document(blocks: Sequence[Block], layout: ExportLayout | None = None, *, for_libreoffice: bool = False):
    """The python-docx Document for ``blocks`` (not saved)."""
    return _Builder(layout or ExportLayout(), for_libreoffice).build(blocks)


class _Builder:
    def __init__(self, layout: ExportLayout, libreoffice: bool):
        self.layout = layout
        self.libreoffice = libreoffice
        self.document = open_template()
        self.body = self.document.element.body
        # Paragraphs are appended to the body, and the section's properties after them at the end.
        self.sect_pr = self.body.sectPr
        self.body.remove(self.sect_pr)
        latin = layout.latin_font
        spacing = LIBREOFFICE_CHAR_SPACING if libreoffice else CHAR_SPACING
        self.body_run = RunFormat(layout.body_font, latin, SIZE_SAN, spacing=spacing)
        self.kai_run = RunFormat(layout.kai_font, latin, SIZE_SAN, spacing=spacing)
        self.hei_run = RunFormat(layout.hei_font, latin, SIZE_SAN, spacing=spacing)
        self.headline_run = RunFormat(layout.title_font, latin, SIZE_ER)
        self.small_run = RunFormat(layout.body_font, latin, SIZE_SI)  # 四号, the 报尾

    # ---- document ----------------------------------------------------------------------------

    def build(self, blocks: Sequence[Block]):
        for block in blocks:
            self._add_block(block)
        self.body.append(self.sect_pr)
        self._set_page()
        self._set_footers()
        self._set_defaults()
        self._set_properties(blocks)
        return self.document

    def _add_block(self, block: Block) -> None:
        if isinstance(block, MastheadTitle):
            self._masthead_title(block.text)
        elif isinstance(block, IssueLine):
            # GB/T 9704: the 发文字号 stands two blank lines under the masthead title.
            self._paragraph(ParagraphFormat(align="center", before=2 * LINE_PITCH), [(block.text, self.body_run)])
        elif isinstance(block, IssuerDate):
            # Issuer flush left, date flush right (a right tab at the type area's edge); the red
            # rule as wide as the type area is this paragraph's bottom border (no indents).
            fmt = ParagraphFormat(align="left", right_tab=TYPE_WIDTH, bottom_border=RED_RULE)
            run = self.body_run
            spacing = _fitting_spacing(block.issuer + block.date, TYPE_WIDTH - 320, run.size, run.spacing or 0)
            if spacing != run.spacing:
                run = run._replace(spacing=spacing)
            self._paragraph(fmt, [(f"{block.issuer}\t{block.date}", run)])
        elif isinstance(block, Headline):
            # GB/T 9704: the title stands two blank lines under the red rule.
            fmt = ParagraphFormat(align="center", before=2 * LINE_PITCH, keep_next=True, keep_lines=True)
            self._paragraph(fmt, [(block.text, self.headline_run)])
        elif isinstance(block, PeriodLine):
            fmt = ParagraphFormat(align="center", after=LINE_PITCH, keep_next=True)
            self._paragraph(fmt, [(block.text, self.kai_run)])
        elif isinstance(block, Heading):
            run = self.hei_run if block.level == 1 else self.kai_run
            fmt = ParagraphFormat(**_INDENT_2, keep_next=True, keep_lines=True, outline_level=block.level - 1)
            self._paragraph(fmt, [(block.number + block.title, run)])
        elif isinstance(block, Paragraph):
            self._body_paragraph(block)
        elif isinstance(block, Distribution):
            self._distribution(block)
        else:  # pragma: no cover - a new block type must be taught here
            raise TypeError(f"no .docx rendering for {type(block).__name__}")

    def _paragraph(self, fmt: ParagraphFormat, pieces: list[tuple[str, RunFormat]]):
        p = self._paragraph_element(fmt, pieces)
        self.body.append(p)
        return p

    def _paragraph_element(self, fmt: ParagraphFormat, pieces: list[tuple[str, RunFormat]]):
        """A w:p: each piece's text in runs of its format, the shared punctuation in runs of its own."""
        runs = []
        for text, run_format in pieces:
            shared = _shared_punctuation_format(run_format)
            split = _SHARED_PUNCTUATION.split(text)
            runs += [(piece, shared if i % 2 else run_format) for i, piece in enumerate(split) if piece]
        return paragraph_element(self._for_reader(fmt), runs)

    def _ppr(self, fmt: ParagraphFormat):
        return self._for_reader(fmt).ppr()

    def _for_reader(self, fmt: ParagraphFormat) -> ParagraphFormat:
        return fmt._replace(libreoffice=True) if self.libreoffice else fmt

    # ---- blocks --------------------------------------------------------------------------------

    def _masthead_title(self, text: str) -> None:
        """Red, centred, letter-spaced to about four fifths of the type area, on one line.

        Its line is three grid lines high (room for the large type in every program) and starts
        about two lines down, so its top is some 35 mm under the type area's top as GB/T 9704 has
        it; with the issue line two lines under it, the issuer/date line, the red rule and the
        headline two lines under that, the first page ends where the printed issue's does.
        """
        text = text.strip()
        width_pt = TYPE_WIDTH / 20
        count = max(len(text), 1)
        size_pt = min(SIZE_CHU / 2, int(2 * width_pt / count) / 2)
        gap_pt = 0.0
        if count > 1:
            gap_pt = max(0.0, min(0.6 * size_pt, (0.8 * width_pt - count * size_pt) / (count - 1)))
        plain = RunFormat(self.layout.title_font, self.layout.latin_font, round(2 * size_pt), RED)
        spaced = plain._replace(spacing=round(20 * gap_pt))
        fmt = ParagraphFormat(align="center", before=TITLE_BEFORE, line=3 * LINE_PITCH, keep_next=True)
        # The spacing follows each character; leaving it off the last keeps the title centred.
        self._paragraph(fmt, [(text[:-1], spaced), (text[-1:], plain)])

    def _body_paragraph(self, block: Paragraph) -> None:
        # 四、's 「（一）按时到岗情况。」: number and run-in title in 楷体, the rest in 仿宋.
        pieces = [(block.lead, self.kai_run)] if block.lead else [(block.number, self.body_run)]
        # A newline typed or pasted in an entry starts a paragraph of its own, indented like any
        # other (blank lines are no paragraphs); other line breaks become w:br (see text_run).
        first, *more = _PARAGRAPH_BREAK.split(block.text)
        pieces.append((first, self.body_run))
        self._paragraph(_BODY, [(t, f) for t, f in pieces if t])
        for text in more:
            if text.strip():
                self._paragraph(_BODY, [(text, self.body_run)])

    def _distribution(self, block: Distribution) -> None:
        """The 报尾 at the foot of the last page.

        Word has no "align this to the bottom of the page" for ordinary text, and counting the
        body's lines here would be a guess (fonts, kinsoku and Latin spacing move line breaks).
        So the ruled table sits in a text box anchored to the bottom of the type area, and the
        box's anchor is an empty paragraph of exactly the box's height:

        - the paragraph reserves the box's height right after the body; if it fits on the page,
          the body ends above the box, so nothing overlaps;
        - if it does not fit, the paragraph, its anchor and so the box move to the next page,
          whose foot then carries the 报尾 alone;
        - the box does not wrap text (wrapNone), so no program's text-wrapping can push the
          anchor around in a loop.

        It relies only on what Word, WPS and LibreOffice all implement: an exact line height, and
        an object anchored in a paragraph and placed against the margins of that paragraph's page.
        (A floating table would wrap the body around itself, and a frame's borders merge between
        paragraphs differently in each program.)

        Readers that do not lay out pages see nothing of a text box: pandoc drops
        mc:AlternateContent altogether, and text extraction, search and indexing programs read no
        drawing. For them the 报尾's lines follow as ordinary paragraphs marked hidden (w:vanish):
        Word, WPS and LibreOffice show and print the box and not those; a reader that ignores the
        mark shows the lines where the document ends. (A floating table pinned to the page's foot
        was the other candidate: LibreOffice 7.4 sets it under the body's last line, not at the
        foot, and it could not be hidden where the box is shown, so the 报尾 would print twice.)
        """
        rows = [(line.text, True) for line in block.lines] + [(block.copies, False)]
        heights = [LINE_PITCH * _lines_needed(text) for text, _ in rows]
        # A text box ends with a paragraph; 1 pt high, taken from the last row, so the box is a
        # whole number of grid lines and fits exactly under a body that leaves that many free.
        tail = 20
        heights[-1] -= tail
        box_height = sum(heights) + tail
        table = self._distribution_table(rows, heights)
        content = el("w:txbxContent", children=[table, self._tiny_paragraph(tail)])
        anchor = _bottom_text_box(content, TYPE_WIDTH, box_height, "报尾")
        fmt = ParagraphFormat(align="left", line=box_height)
        p = etree.SubElement(self.body, W_P)
        p.append(self._ppr(fmt))
        p.append(el("w:r", children=[anchor]))
        hidden_run = self.small_run._replace(hidden=True)
        for text, labelled in rows:
            fmt = ParagraphFormat(align="left" if labelled else "right", hidden=True)
            self._paragraph(fmt, [(text, hidden_run)])

    def _distribution_table(self, rows: list[tuple[str, bool]], heights: list[int]):
        char = SIZE_SI * 10  # one 四号 character, twips
        thick = {"w:val": "single", "w:sz": RULE_THICK, "w:space": 0, "w:color": "000000"}
        thin = {"w:val": "single", "w:sz": RULE_THIN, "w:space": 0, "w:color": "000000"}
        none = {"w:val": "nil"}
        tbl_pr = el(
            "w:tblPr",
            children=[
                el("w:tblW", {"w:w": TYPE_WIDTH, "w:type": "dxa"}),
                el("w:tblInd", {"w:w": 0, "w:type": "dxa"}),
                el(
                    "w:tblBorders",
                    children=[
                        el("w:top", thick),
                        el("w:left", none),
                        el("w:bottom", thick),
                        el("w:right", none),
                        el("w:insideH", thin),
                        el("w:insideV", none),
                    ],
                ),
                el("w:tblLayout", {"w:type": "fixed"}),
                el("w:tblCellMar", children=[el(f"w:{side}", {"w:w": 0, "w:type": "dxa"}) for side in _SIDES]),
                el("w:tblLook", {"w:val": "0000", "w:firstRow": 0, "w:lastRow": 0, "w:noHBand": 1, "w:noVBand": 1}),
            ],
        )
        table = el("w:tbl", children=[tbl_pr, el("w:tblGrid", children=[el("w:gridCol", {"w:w": TYPE_WIDTH})])])
        # Lines just taller than the 四号 type, centred in their rows (an exact line as high as the
        # row would set the text at its foot).
        line = round(SIZE_SI * 10 * 1.3)
        for (text, labelled), height in zip(rows, heights):
            if labelled:
                # One character in from each side; a second line lines up after 「报：」 (GB/T 9704).
                fmt = ParagraphFormat(align="both", line=line, left=3 * char, right=char, hanging=2 * char)
            else:
                fmt = ParagraphFormat(align="right", line=line, right=char)
            p = self._paragraph_element(fmt, [(text, self.small_run)])
            tc_pr = el(
                "w:tcPr",
                children=[el("w:tcW", {"w:w": TYPE_WIDTH, "w:type": "dxa"}), el("w:vAlign", {"w:val": "center"})],
            )
            tr_pr = el(
                "w:trPr", children=[el("w:cantSplit"), el("w:trHeight", {"w:val": height, "w:hRule": "exact"})]
            )
            table.append(el("w:tr", children=[tr_pr, el("w:tc", children=[tc_pr, p])]))
        return table

    def _tiny_paragraph(self, height: int):
        fmt = ParagraphFormat(align="left", line=height)
        ppr = self._ppr(fmt)
        ppr.append(el("w:rPr", children=[el("w:sz", {"w:val": 2}), el("w:szCs", {"w:val": 2})]))
        return el("w:p", children=[ppr])

    # ---- section, footers, defaults -------------------------------------------------------------

    def _set_page(self) -> None:
        sect = self.sect_pr
        for tag in ("w:pgSz", "w:pgMar", "w:cols", "w:docGrid"):
            for old in sect.findall(qn(tag)):
                sect.remove(old)
        sect.append(el("w:pgSz", {"w:w": PAGE_WIDTH, "w:h": PAGE_HEIGHT}))
        sect.append(
            el(
                "w:pgMar",
                {
                    "w:top": MARGIN_TOP,
                    "w:right": MARGIN_RIGHT,
                    "w:bottom": MARGIN_BOTTOM,
                    "w:left": MARGIN_LEFT,
                    "w:header": mm(15),
                    "w:footer": FOOTER_DISTANCE,
                    "w:gutter": 0,
                },
            )
        )
        sect.append(el("w:cols", {"w:space": 425}))
        # 22 lines a page: a document grid of type "lines" with the same pitch as the text.
        sect.append(el("w:docGrid", {"w:type": "lines", "w:linePitch": LINE_PITCH}))

    def _set_footers(self) -> None:
        """「— N —」 with a real PAGE field, 四号 宋体; footers built afresh so the field survives."""
        from docx.section import Section

        section = Section(self.sect_pr, self.document.part)  # not document.sections: it searches every paragraph
        char = SIZE_SI * 10
        if self.layout.page_numbers == PAGE_NUMBERS_CENTRED:
            self.document.settings.odd_and_even_pages_header_footer = False
            _fill_footer(section.footer, self._footer_format(align="center"), self._page_runs("1"))
            return
        # GB/T 9704: odd pages right and even pages left, one character in (w:evenAndOddHeaders).
        self.document.settings.odd_and_even_pages_header_footer = True
        _fill_footer(section.footer, self._footer_format(align="right", right=char), self._page_runs("1"))
        _fill_footer(section.even_page_footer, self._footer_format(align="left", left=char), self._page_runs("2"))

    def _footer_format(self, **kwargs) -> ParagraphFormat:
        return ParagraphFormat(line=FOOTER_LINE, libreoffice=self.libreoffice, **kwargs)

    def _page_runs(self, shown: str) -> list:
        song = self.layout.song_font
        fmt = RunFormat(song, song, SIZE_SI)  # half-width 宋体 digits, as GB/T 9704 asks

        def field_char(kind: str):
            return el("w:r", children=[fmt.rpr(), el("w:fldChar", {"w:fldCharType": kind})])

        instr = el("w:instrText", {"xml:space": "preserve"})
        instr.text = " PAGE "
        return [
            text_run(f"{EM_DASH} ", fmt),
            field_char("begin"),
            el("w:r", children=[fmt.rpr(), instr]),
            field_char("separate"),
            text_run(shown, fmt),
            field_char("end"),
            text_run(f" {EM_DASH}", fmt),
        ]

    def _set_defaults(self) -> None:
        """Document defaults and a few plain styles, without theme fonts.

        python-docx's template styles name theme fonts that make Chinese fall back to a Japanese
        font (MS Mincho) in Word, and its 440 kB of styles cost time to read and to save; the
        bulletin is formatted directly, so the styles part holds only the defaults Word expects.
        """
        styles = self.document.styles.element  # empty: see docx_template
        del styles[:]
        r_pr = ordered(
            "w:rPr",
            RPR_ORDER,
            {
                "rFonts": copy.deepcopy(self.body_run.rpr().find(qn("w:rFonts"))),
                "kern": el("w:kern", {"w:val": 2}),
                "sz": el("w:sz", {"w:val": SIZE_SAN}),
                "szCs": el("w:szCs", {"w:val": SIZE_SAN}),
                "lang": el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"}),
            },
        )
        p_pr = ordered(
            "w:pPr",
            PPR_ORDER,
            {
                "widowControl": el("w:widowControl", {"w:val": 0}),  # 22 full lines a page, as printed
                "spacing": el(
                    "w:spacing", {"w:before": 0, "w:after": 0, "w:line": LINE_PITCH, "w:lineRule": "exact"}
                ),
                "jc": el("w:jc", {"w:val": "both"}),
            },
        )
        styles.append(
            el("w:docDefaults", children=[el("w:rPrDefault", children=[r_pr]), el("w:pPrDefault", children=[p_pr])])
        )
        # Normal: the body's fonts and line pitch (no indent, which every paragraph would
        # inherit), so what a clerk types in Word matches the bulletin.
        normal = [el("w:qFormat"), self._ppr(ParagraphFormat()), self.body_run.rpr()]
        styles.append(_style("paragraph", "Normal", "Normal", normal))
        hidden = [el("w:uiPriority", {"w:val": 99}), el("w:semiHidden"), el("w:unhideWhenUsed")]
        styles.append(_style("character", "DefaultParagraphFont", "Default Paragraph Font", copy.deepcopy(hidden)))
        margins = {"top": 0, "left": 108, "bottom": 0, "right": 108}  # Word's own defaults
        cell_margins = el(
            "w:tblCellMar",
            children=[el(f"w:{side}", {"w:w": width, "w:type": "dxa"}) for side, width in margins.items()],
        )
        table_pr = el("w:tblPr", children=[el("w:tblInd", {"w:w": 0, "w:type": "dxa"}), cell_margins])
        styles.append(_style("table", "TableNormal", "Normal Table", [*copy.deepcopy(hidden), table_pr]))
        styles.append(_style("numbering", "NoList", "No List", copy.deepcopy(hidden)))

        self._set_font_table()

    def _set_app_properties(self, issuer: str) -> None:
        """docProps/app.xml written afresh: the template's claims to be Microsoft Macintosh Word 14
        with one page and no words. Counts Word would compute (pages, words) are left out."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        import desk_app

        namespace = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
        properties = etree.Element(f"{{{namespace}}}Properties", nsmap={None: namespace})
        for name, value in (
            ("Template", "Normal.dotm"),
            ("TotalTime", "0"),
            ("Application", f"窗口工作周报 {desk_app.__version__}"),
            ("DocSecurity", "0"),
            ("ScaleCrop", "false"),
            ("Company", issuer),
            ("LinksUpToDate", "false"),
            ("SharedDoc", "false"),
            ("HyperlinksChanged", "false"),
        ):
            etree.SubElement(properties, f"{{{namespace}}}{name}").text = value
        blob = etree.tostring(properties, xml_declaration=True, encoding="UTF-8", standalone=True)
        self.document.part.package.part_related_by(RT.EXTENDED_PROPERTIES)._blob = blob

    def _set_font_table(self) -> None:
        """The fonts used, described so that Word can find or replace them (§17.8.3.1): an
        alternate name tried first, then PANOSE and the character-set signature for its choice
        of a substitute. A font the program knows nothing of gets the kind its role implies."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        from .fonts import ALTERNATES, FONT_DESCRIPTIONS

        part = self.document.part.part_related_by(RT.FONT_TABLE)
        entries = []
        for name in dict.fromkeys(self.layout.fonts().values()):  # each once, in order
            known = FONT_DESCRIPTIONS.get(name)
            children = []
            alt_name = known.alt_name if known else next(iter(ALTERNATES.get(name, ())), None)
            if alt_name:
                children.append(el("w:altName", {"w:val": alt_name}))
            if known:
                children.append(el("w:panose1", {"w:val": known.panose}))
            latin = name == self.layout.latin_font
            children.append(el("w:charset", {"w:val": known.charset if known else "00" if latin else "86"}))
            children.append(el("w:family", {"w:val": known.family if known else "roman" if latin else "modern"}))
            children.append(el("w:pitch", {"w:val": known.pitch if known else "variable"}))
            if known:
                names = ("usb0", "usb1", "usb2", "usb3", "csb0", "csb1")
                children.append(el("w:sig", {f"w:{n}": v for n, v in zip(names, known.signature)}))
            entries.append(el("w:font", {"w:name": name}, children))
        fonts = el("w:fonts", children=entries)
        part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _set_properties(self, blocks: Sequence[Block]) -> None:
        props = self.document.core_properties
        title = " ".join(b.text for b in blocks if isinstance(b, MastheadTitle | IssueLine))
        issuer = next((b.issuer for b in blocks if isinstance(b, IssuerDate)), "")
        props.title = title
        props.subject = next((b.text for b in blocks if isinstance(b, Headline)), "")
        props.author = issuer
        props.last_modified_by = issuer
        props.comments = ""
        props.keywords = ""
        props.category = ""
        props.revision = 1
        now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
        props.created = now
        props.modified = now
        self._set_app_properties(issuer)



@cache
def _shared_punctuation_format(fmt: RunFormat) -> RunFormat:
    """``fmt`` with the Chinese font in all four slots, for _SHARED_PUNCTUATION."""
    return fmt._replace(latin=fmt.east_asia)


def _style(kind: str, style_id: str, name: str, children: list):
    """A default style of ``kind`` (w:style children as given, in schema order)."""
    attributes = {"w:type": kind, "w:default": 1, "w:styleId": style_id}
    return el("w:style", attributes, [el("w:name", {"w:val": name}), *children])


def _fitting_spacing(text: str, width: int, size: int, spacing: int) -> int:
    """Character spacing (1/20 pt) that fits ``text`` on one line of ``width`` twips.

    Reckoned generously: half-width characters at 0.6 em (fallback Latin fonts are wider than
    Times New Roman) and a quarter em where Chinese meets Latin (Word's and LibreOffice's
    automatic spacing). Never looser than ``spacing``, never tighter than −2 pt.
    """
    em = size * 10  # twips
    wide = sum(1 for c in text if ord(c) > 0x2E7F)
    narrow = len(text) - wide
    changes = sum(1 for a, b in zip(text, text[1:]) if (ord(a) > 0x2E7F) != (ord(b) > 0x2E7F))
    natural = wide * em + narrow * 0.6 * em + changes * em / 4
    needed = spacing if natural + len(text) * spacing <= width else int((width - natural) // len(text)) - 1
    return max(min(spacing, needed), -40)


def _lines_needed(text: str) -> int:
    """Lines a 报尾 row needs, counting every character as full width (never too few)."""
    per_line = (TYPE_WIDTH - 4 * SIZE_SI * 10) // (SIZE_SI * 10)  # less the side and hanging indents
    # A line break typed in the text (a w:br) starts a line of its own.
    return sum(max(1, -(-len(line) // per_line)) for line in re.split("\r\n|[\n\r\u2028\u2029]", text))


def _fill_footer(footer, fmt: ParagraphFormat, runs: list) -> None:
    footer.is_linked_to_previous = False
    element = footer._element  # a fresh footer part made by python-docx from its template
    for child in list(element):
        element.remove(child)
    element.append(el("w:p", children=[fmt.ppr(), *runs]))


def _bottom_text_box(content, width: int, height: int, name: str):
    """A borderless text box holding ``content``, anchored to the bottom of the type area.

    Written as Word writes it: DrawingML (wps) with a VML fallback inside mc:AlternateContent.
    """

    cx, cy = width * 635, height * 635  # twips → EMU
    vml_style = ";".join(
        [
            "position:absolute",
            "margin-left:0",
            "margin-top:0",
            f"width:{width / 20}pt",
            f"height:{height / 20}pt",
            "z-index:251659264",
            "mso-position-horizontal-relative:margin",
            "mso-position-vertical:bottom",
            "mso-position-vertical-relative:margin",
        ]
    )
    xml = f"""
<mc:AlternateContent xmlns:mc="{_NS['mc']}" xmlns:w="{_NS['w']}" xmlns:wp="{_NS['wp']}" xmlns:a="{_NS['a']}"
    xmlns:wps="{_NS['wps']}" xmlns:v="{_NS['v']}" xmlns:o="{_NS['o']}">
  <mc:Choice Requires="wps">
    <w:drawing>
      <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" behindDoc="0"
          locked="0" layoutInCell="1" allowOverlap="1">
        <wp:simplePos x="0" y="0"/>
        <wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH>
        <wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>
        <wp:extent cx="{cx}" cy="{cy}"/>
        <wp:effectExtent l="0" t="0" r="0" b="0"/>
        <wp:wrapNone/>
        <wp:docPr id="1" name="{name}"/>
        <wp:cNvGraphicFramePr/>
        <a:graphic>
          <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
            <wps:wsp>
              <wps:cNvSpPr txBox="1"/>
              <wps:spPr>
                <a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
                <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
                <a:noFill/>
                <a:ln><a:noFill/></a:ln>
              </wps:spPr>
              <wps:txbx/>
              <wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b"
                  anchorCtr="0">
                <a:noAutofit/>
              </wps:bodyPr>
            </wps:wsp>
          </a:graphicData>
        </a:graphic>
      </wp:anchor>
    </w:drawing>
  </mc:Choice>
  <mc:Fallback>
    <w:pict>
      <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">
        <v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/>
      </v:shapetype>
      <v:shape id="distribution_box" o:spid="_x0000_s1026" type="#_x0000_t202" filled="f" stroked="f"
          style="{vml_style}">
        <v:textbox inset="0,0,0,0"/>
      </v:shape>
    </w:pict>
  </mc:Fallback>
</mc:AlternateContent>"""
    alternate = etree.fromstring(xml, _BLANKS_DROPPED)  # the indentation above is no text
    alternate.find(f".//{{{_NS['wps']}}}txbx").append(content)
    alternate.find(f".//{{{_NS['v']}}}textbox").append(copy.deepcopy(content))
    return alternate


_BLANKS_DROPPED = etree.XMLParser(remove_blank_text=True)

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}
