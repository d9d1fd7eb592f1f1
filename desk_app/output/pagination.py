"""The bulletin laid out into printed pages, from the same blocks and layout numbers as the .docx.

Qt-free: the widths of characters come from a ``Measure`` the caller gives (the GUI measures with
Qt's fonts), and the result is plain geometry in points — lines with their text and position,
rules, page numbers — that the page view paints on screen, on a printer or into a PDF.

The line breaking follows what LibreOffice does with the .docx (tests/test_page_view_vs_libreoffice.py
holds the two side by side): every character advances by its glyph's width plus the run's
character spacing; Chinese may break between any two characters except before a closing mark or
after an opening one (kinsoku); 「，」「。」「、」… hang past the right margin rather than start a line
(w:overflowPunct); Latin letters and digits keep together and get a little space where they meet
Chinese (w:autoSpaceDE/DN). Vertically every line is one exact 28.95 pt grid line, so 22 fit a page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

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

# docx_writer's own rules and numbers, so that the pages cannot drift from the .docx.
from .docx_writer import (
    _PARAGRAPH_BREAK,
    _SHARED_PUNCTUATION,
    FOOTER_LINE,
    RED_RULE,
    TITLE_BEFORE,
    _fitting_spacing,
    _lines_needed,
)
from .layout import (
    CHAR_SPACING,
    LINE_PITCH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_NUMBERS_CENTRED,
    PAGE_WIDTH,
    SIZE_CHU,
    SIZE_ER,
    SIZE_SAN,
    SIZE_SI,
    TYPE_HEIGHT,
    TYPE_WIDTH,
    ExportLayout,
)

# A font's advance widths: (text, font family, size in pt) → one width in pt per character.
Measure = Callable[[str, str, float], Sequence[float]]

TWIP = 1 / 20  # pt
PAGE_WIDTH_PT = PAGE_WIDTH * TWIP
PAGE_HEIGHT_PT = PAGE_HEIGHT * TWIP
LEFT_PT = MARGIN_LEFT * TWIP
RIGHT_PT = (PAGE_WIDTH - MARGIN_RIGHT) * TWIP
TOP_PT = MARGIN_TOP * TWIP
BOTTOM_PT = (PAGE_HEIGHT - MARGIN_BOTTOM) * TWIP
TYPE_WIDTH_PT = TYPE_WIDTH * TWIP
RED = "#ff0000"
BLACK = "#000000"

# Marks that may not start a line, and those that may not end one (zh-CN, as LibreOffice has them).
NO_LINE_START = set("!%),.:;?]}¢°·'\"†‡›℃∶、。〃〆〕〗〞﹚﹜！＂％＇），．：；？］｝～〉》」』】︰︱︳﹐﹒﹔﹕﹖﹗﹞｜︴︶︸︺︼︾﹀﹂﹄﹏￠々‖•ˇˉ―′’”")
NO_LINE_END = set("([{£¥'\"‵〈《「『【〔〖〘〝﹙﹛（［｛￡￥︵︷︹︻︽︿﹁﹃﹝“‘")
# Marks that hang past the right margin instead of going to the next line (w:overflowPunct).
HANGING = set("、。，．,.")
FORCED_BREAKS = set("\u2028\v")
# The space where Chinese meets Latin letters or digits (w:autoSpaceDE/DN), in ems of the run's size.
AUTOSPACE_EM = 0.2

# The issuer line's bottom border (the red rule) and its distance from the text take room, twips.
RED_RULE_EXTRA = RED_RULE.space * 20 + RED_RULE.size * 20 // 8
FOOTER_MIDDLE_BELOW = 7 * 72 / 25.4  # pt: the page number's middle 7 mm under the type area (GB/T 9704)


def is_wide(char: str) -> bool:
    """Set in the run's Chinese font (and counted as Chinese for kinsoku and spacing)."""
    return ord(char) > 0x2E7F or bool(_SHARED_PUNCTUATION.match(char))


def _is_latin_word(char: str) -> bool:
    return not is_wide(char) and not char.isspace()


@dataclass(frozen=True)
class Style:
    """How a run of text looks: its Chinese font, Latin font, size (pt), colour and spacing (pt)."""

    east_asia: str
    latin: str
    size: float
    color: str = BLACK
    spacing: float = 0.0


@dataclass
class Glyph:
    char: str
    style: Style
    advance: float  # glyph width + character spacing + the space before it where scripts meet, pt
    before: float = 0.0  # of advance: the space where Chinese meets Latin

    @property
    def family(self) -> str:
        return self.style.east_asia if is_wide(self.char) else self.style.latin


@dataclass
class Line:
    """One printed line: its glyphs and where it stands (pt from the page's top-left corner)."""

    glyphs: list[Glyph]
    x: float  # left end of the space the line is set in
    width: float  # that space's width
    top: float
    height: float
    align: str = "justify"  # justify (the last line of a paragraph left), left, center, right, split
    last: bool = True  # the last line of its paragraph (not stretched)
    split_at: int = -1  # align "split": glyphs from here on are set flush right (issuer | date)

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def natural_width(self) -> float:
        return sum(g.advance for g in self.glyphs)

    def positions(self) -> list[float]:
        """Each glyph's left x (pt), justified as the line's alignment says."""
        glyphs = self.glyphs
        widths = [g.advance for g in glyphs]
        hung = 1 if glyphs and glyphs[-1].char in HANGING and sum(widths) > self.width + 0.01 else 0
        room = self.width - sum(widths[: len(widths) - hung])
        start, extra = self.x, 0.0
        if self.align == "center":
            start += room / 2
        elif self.align == "right":
            start += room
        elif self.align == "justify" and not self.last and len(glyphs) - hung > 1:
            extra = max(room, 0.0) / (len(glyphs) - hung - 1)
        xs = []
        x = start
        for i, (glyph, width) in enumerate(zip(glyphs, widths)):
            if self.align == "split" and i == self.split_at:
                x = self.x + self.width - sum(widths[i:])
            xs.append(x + glyph.before)
            x += width + extra
        return xs


@dataclass
class Rule:
    x0: float
    x1: float
    y: float
    width: float  # pt
    color: str = BLACK


@dataclass
class Page:
    number: int
    lines: list[Line] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    footer: Line | None = None

    def texts(self) -> list[str]:
        """The page's lines top to bottom, the page number last (as pdftotext reads a printed page)."""
        lines = sorted(self.lines, key=lambda line: line.top)
        return [line.text for line in lines] + ([self.footer.text] if self.footer else [])


class _Typesetter:
    def __init__(self, measure: Measure, layout: ExportLayout, spacing_twips: int):
        self.measure = measure
        self.spacing_twips = spacing_twips
        self.layout = layout
        spacing = spacing_twips * TWIP
        latin = layout.latin_font
        self.body = Style(layout.body_font, latin, SIZE_SAN / 2, spacing=spacing)
        self.kai = Style(layout.kai_font, latin, SIZE_SAN / 2, spacing=spacing)
        self.hei = Style(layout.hei_font, latin, SIZE_SAN / 2, spacing=spacing)
        self.headline = Style(layout.title_font, latin, SIZE_ER / 2)
        self.small = Style(layout.body_font, latin, SIZE_SI / 2)
        self.song = Style(layout.song_font, layout.song_font, SIZE_SI / 2)

    def glyphs(self, pieces: Sequence[tuple[str, Style]]) -> list[Glyph]:
        out: list[Glyph] = []
        for text, style in pieces:
            if not text:
                continue
            # One measurement per font: the Chinese and the Latin characters of the piece.
            wide = [c for c in text if is_wide(c)]
            narrow = [c for c in text if not is_wide(c)]
            wide_widths = iter(self.measure("".join(wide), style.east_asia, style.size)) if wide else iter(())
            narrow_widths = iter(self.measure("".join(narrow), style.latin, style.size)) if narrow else iter(())
            for char in text:
                width = next(wide_widths) if is_wide(char) else next(narrow_widths)
                out.append(Glyph(char, style, width + style.spacing))
        for previous, glyph in zip(out, out[1:]):
            if _script_meets(previous.char, glyph.char):
                glyph.before = AUTOSPACE_EM * glyph.style.size
                glyph.advance += glyph.before
        return out

    def break_lines(self, glyphs: list[Glyph], width: float, first_indent: float = 0.0) -> list[list[Glyph]]:
        """Greedy line breaking with kinsoku and hanging punctuation (see the module's docstring).

        A line break typed inside a paragraph (U+2028, a w:br in the .docx) ends a line there.
        """
        lines: list[list[Glyph]] = []
        pieces: list[list[Glyph]] = [[]]
        for glyph in glyphs:
            if glyph.char in FORCED_BREAKS:
                pieces.append([])
            else:
                pieces[-1].append(glyph)
        available = width - first_indent
        for piece in pieces:
            for line in self._break_piece(piece, available, width):
                lines.append(line)
                available = width
            if not piece:
                lines.append([])
                available = width
        return lines or [[]]

    @staticmethod
    def _break_piece(glyphs: list[Glyph], available: float, width: float) -> list[list[Glyph]]:
        lines: list[list[Glyph]] = []
        start, n = 0, len(glyphs)
        while start < n:
            x, end = 0.0, start
            while end < n and x + glyphs[end].advance <= available + 0.01:
                x += glyphs[end].advance
                end += 1
            if end < n:
                if end > start and (glyphs[end].char in HANGING or glyphs[end].char.isspace()):
                    end += 1  # hangs past the margin
                else:
                    cut = end
                    while cut > start + 1 and not _may_break(glyphs, cut):
                        cut -= 1
                    end = cut if cut > start + 1 or (cut > start and _may_break(glyphs, cut)) else end
            end = max(end, start + 1)  # a character wider than the line still takes one
            line = glyphs[start:end]
            if line[0].before:  # a line never starts with the space between scripts
                line[0] = Glyph(line[0].char, line[0].style, line[0].advance - line[0].before)
            lines.append(line)
            start = end
            available = width
        return lines


def _script_meets(a: str, b: str) -> bool:
    """Chinese next to a Latin letter or digit (not next to punctuation)."""
    return (is_wide(a) and not is_wide(b) and b.isalnum() and _is_chinese(a)) or (
        is_wide(b) and not is_wide(a) and a.isalnum() and _is_chinese(b)
    )


def _is_chinese(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _may_break(glyphs: list[Glyph], index: int) -> bool:
    """May a line end before ``glyphs[index]``?"""
    before, after = glyphs[index - 1].char, glyphs[index].char
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if _is_latin_word(before) and _is_latin_word(after):
        return False  # inside a number or word
    if after.isspace():
        return False  # a space ends the line before it, not the next one
    return True


def paginate(
    blocks: Sequence[Block],
    measure: Measure,
    layout: ExportLayout | None = None,
    *,
    spacing_twips: int = CHAR_SPACING,
) -> list[Page]:
    """``blocks`` set on A4 pages as the .docx prints them."""
    return _Paginator(_Typesetter(measure, layout or ExportLayout(), spacing_twips)).run(blocks)


@dataclass
class _Para:
    """A paragraph ready to place: its lines (without positions) and how it is kept with others."""

    lines: list[tuple[list[Glyph], float, float, str]]  # glyphs, x, width, align
    height: int  # twips, one line
    before: int = 0
    after: int = 0
    keep_next: bool = False
    keep_lines: bool = False
    extra_after: int = 0  # room a border takes under the last line
    kind: str = ""  # "issuer" (the red rule under it), "distribution" (the 报尾)
    split_at: int = -1  # the issuer/date line: where the date starts
    rows: list = field(default_factory=list)  # the 报尾: (its lines, row height in twips) per ruled row


class _Paginator:
    def __init__(self, typesetter: _Typesetter):
        self.t = typesetter
        self.pages: list[Page] = []

    # ---- blocks → paragraphs ----------------------------------------------------------------

    def _paragraph(self, pieces, *, indent: float = 0.0, align: str = "justify", **kwargs) -> _Para:
        t = self.t
        glyphs = t.glyphs(pieces)
        broken = t.break_lines(glyphs, TYPE_WIDTH_PT, indent)
        lines = []
        for i, line in enumerate(broken):
            x = LEFT_PT + (indent if i == 0 else 0.0)
            width = TYPE_WIDTH_PT - (indent if i == 0 else 0.0)
            lines.append((line, x, width, align))
        return _Para(lines, kwargs.pop("height", LINE_PITCH), **kwargs)

    def paragraphs(self, blocks: Sequence[Block]) -> list[_Para]:
        t = self.t
        indent = 2 * SIZE_SAN / 2  # two characters, 32 pt
        out: list[_Para] = []
        for block in blocks:
            if isinstance(block, MastheadTitle):
                out.append(self._masthead(block))
            elif isinstance(block, IssueLine):
                out.append(self._paragraph([(block.text, t.body)], align="center", before=2 * LINE_PITCH))
            elif isinstance(block, IssuerDate):
                # Tightened to fit one line as docx_writer tightens it (its rule, imported: one rule).
                spacing = _fitting_spacing(block.issuer + block.date, TYPE_WIDTH - 320, SIZE_SAN, t.spacing_twips)
                style = replace(t.body, spacing=spacing * TWIP)
                glyphs = t.glyphs([(block.issuer, style)])
                split = len(glyphs)
                glyphs += t.glyphs([(block.date, style)])
                line = (glyphs, LEFT_PT, TYPE_WIDTH_PT, "split")
                out.append(_Para([line], LINE_PITCH, extra_after=RED_RULE_EXTRA, kind="issuer", split_at=split))
            elif isinstance(block, Headline):
                out.append(
                    self._paragraph(
                        [(block.text, t.headline)], align="center", before=2 * LINE_PITCH, keep_next=True, keep_lines=True
                    )
                )
            elif isinstance(block, PeriodLine):
                out.append(self._paragraph([(block.text, t.kai)], align="center", after=LINE_PITCH, keep_next=True))
            elif isinstance(block, Heading):
                style = t.hei if block.level == 1 else t.kai
                out.append(self._paragraph([(block.text, style)], indent=indent, keep_next=True, keep_lines=True))
            elif isinstance(block, Paragraph):
                pieces = [(block.lead, t.kai)] if block.lead else [(block.number, t.body)]
                first, *more = _PARAGRAPH_BREAK.split(block.text)
                out.append(self._paragraph([*pieces, (first, t.body)], indent=indent))
                out += [self._paragraph([(text, t.body)], indent=indent) for text in more if text.strip()]
            elif isinstance(block, Distribution):
                out.append(self._distribution(block))
            else:  # pragma: no cover - a new block type must be taught here too
                raise TypeError(f"no page layout for {type(block).__name__}")
        return out

    def _masthead(self, block: MastheadTitle) -> _Para:
        """As docx_writer sets it: red, letter-spaced to about four fifths of the type area."""
        text = block.text.strip()
        width_pt = TYPE_WIDTH_PT
        count = max(len(text), 1)
        size = min(SIZE_CHU / 2, int(2 * width_pt / count) / 2)
        gap = 0.0
        if count > 1:
            gap = max(0.0, min(0.6 * size, (0.8 * width_pt - count * size) / (count - 1)))
        gap = round(20 * gap) * TWIP
        plain = Style(self.t.layout.title_font, self.t.layout.latin_font, round(2 * size) / 2, RED)
        spaced = Style(plain.east_asia, plain.latin, plain.size, RED, gap)
        glyphs = self.t.glyphs([(text[:-1], spaced), (text[-1:], plain)])
        return _Para([(glyphs, LEFT_PT, TYPE_WIDTH_PT, "center")], 3 * LINE_PITCH, before=TITLE_BEFORE, keep_next=True)

    def _distribution(self, block: Distribution) -> _Para:
        rows = [(line.text, True) for line in block.lines] + [(block.copies, False)]
        para = _Para([], LINE_PITCH, kind="distribution")
        char = SIZE_SI / 2
        for text, labelled in rows:
            glyphs = self.t.glyphs([(text, self.t.small)])
            if labelled:  # one character in from each side, a second line after 「报：」
                lines = self.t.break_lines(glyphs, TYPE_WIDTH_PT - 4 * char, -2 * char)
                placed = [
                    (line, LEFT_PT + (char if i == 0 else 3 * char), TYPE_WIDTH_PT - (2 if i == 0 else 4) * char, "justify")
                    for i, line in enumerate(lines)
                ]
            else:
                placed = [(glyphs, LEFT_PT, TYPE_WIDTH_PT - char, "right")]
            para.rows.append((placed, LINE_PITCH * _lines_needed(text)))
        para.height = sum(height for _, height in para.rows)  # the box's height, a whole number of lines
        return para

    # ---- paragraphs → pages ------------------------------------------------------------------

    def _new_page(self) -> None:
        self.pages.append(Page(len(self.pages) + 1))
        self.y = 0  # twips from the type area's top

    def run(self, blocks: Sequence[Block]) -> list[Page]:
        paras = self.paragraphs(blocks)
        self._new_page()
        for index, para in enumerate(paras):
            if para.kind == "distribution":
                self._place_distribution(para)
                continue
            self._place(para, paras[index + 1 :])
        for page in self.pages:
            page.footer = self._footer(page.number)
        return self.pages

    def _room(self) -> int:
        return TYPE_HEIGHT - self.y

    def _kept_height(self, para: _Para, following: list[_Para]) -> int:
        """What must go on this page with ``para``'s start: kept lines, and keep-with-next chains
        down to the first line of the paragraph that is not kept with its next."""
        lines = len(para.lines) if para.keep_lines or para.keep_next else 1
        need = para.before + lines * para.height
        if para.keep_next and following:
            need += para.after + para.extra_after + self._kept_height(following[0], following[1:])
        return need

    def _place(self, para: _Para, following: list[_Para]) -> None:
        at_top = self.y == 0
        if not at_top and self._kept_height(para, following) > self._room():
            self._new_page()
            at_top = True
        if not (at_top and len(self.pages) > 1):
            self.y += para.before  # space before is dropped at the top of a page after the first
        for glyphs, x, width, align in para.lines:
            if self.y + para.height > TYPE_HEIGHT and self.y > 0:
                self._new_page()
            top = TOP_PT + self.y * TWIP
            line = Line(glyphs, x, width, top, para.height * TWIP, align, last=False)
            if align == "split":
                line.split_at = para.split_at
            self.pages[-1].lines.append(line)
            self.y += para.height
        if self.pages[-1].lines and para.lines:
            self.pages[-1].lines[-1].last = True
        self.y += para.after + para.extra_after
        if para.kind == "issuer":
            rule_y = TOP_PT + (self.y - RED_RULE_EXTRA) * TWIP + 4 + 0.75
            self.pages[-1].rules.append(Rule(LEFT_PT, RIGHT_PT, rule_y, 1.5, RED))

    def _place_distribution(self, para: _Para) -> None:
        """The 报尾 anchored to the foot of the type area, on a page of its own if it does not fit."""
        if para.height > self._room():
            self._new_page()
        self.y += para.height
        page = self.pages[-1]
        y = BOTTOM_PT - para.height * TWIP
        rows = para.rows
        page.rules.append(Rule(LEFT_PT, RIGHT_PT, y, 1.0))
        for number, (placed, height) in enumerate(rows):
            row_height = height * TWIP
            line_height = round(SIZE_SI * 10 * 1.3) * TWIP
            top = y + (row_height - line_height * len(placed)) / 2
            for i, (glyphs, x, width, align) in enumerate(placed):
                page.lines.append(Line(glyphs, x, width, top + i * line_height, line_height, align, last=i == len(placed) - 1))
            y += row_height
            if number < len(rows) - 1:  # thin between the rows, thick above and below the block
                page.rules.append(Rule(LEFT_PT, RIGHT_PT, y, 0.75))
        page.rules.append(Rule(LEFT_PT, RIGHT_PT, BOTTOM_PT, 1.0))

    def _footer(self, number: int) -> Line:
        t = self.t
        glyphs = t.glyphs([(f"\u2014 {number} \u2014", t.song)])
        char = SIZE_SI / 2
        height = FOOTER_LINE * TWIP
        top = BOTTOM_PT + FOOTER_MIDDLE_BELOW - height / 2
        if t.layout.page_numbers == PAGE_NUMBERS_CENTRED:
            return Line(glyphs, LEFT_PT, TYPE_WIDTH_PT, top, height, "center")
        if number % 2:
            return Line(glyphs, LEFT_PT, TYPE_WIDTH_PT - char, top, height, "right")
        return Line(glyphs, LEFT_PT + char, TYPE_WIDTH_PT - char, top, height, "left")

