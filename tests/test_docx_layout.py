"""The exported .docx, read back as XML: page, grid, fonts and sizes per level, colours, rules,
literal numbering, page-number fields, the 报尾 and the schema order Word insists on."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from desk_app.domain.blocks import Distribution, DistributionLine, Heading, Paragraph
from desk_app.domain.compose import compose
from desk_app.output.docx_writer import write_docx
from desk_app.output.layout import ExportLayout

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}

# ECMA-376 Part 1 (CT_PPrBase + CT_PPr, CT_RPr), written out here independently of the program.
PPR_SCHEMA = """pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd
tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd
snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment
textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange""".split()
RPR_SCHEMA = """rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof
snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl
cs em lang eastAsianLayout specVanish oMath""".split()
SECTPR_SCHEMA = """headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders
lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings
sectPrChange""".split()

DEFAULT = ExportLayout()


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def val(element, attribute: str = "val"):
    return None if element is None else element.get(w(attribute))


class Docx:
    """A written .docx, its parts parsed."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.names = set(archive.namelist())
            self.parts = {name: archive.read(name) for name in self.names if name.endswith((".xml", ".rels"))}
        self.document = self.xml("word/document.xml")
        self.body = self.document.find(w("body"))

    def xml(self, name: str):
        return etree.fromstring(self.parts[name])

    def footers(self) -> dict[str, object]:
        """Footer type (default/even) → its XML."""
        rels = self.xml("word/_rels/document.xml.rels")
        targets = {r.get("Id"): r.get("Target") for r in rels}
        sect = self.body.find(w("sectPr"))
        return {
            ref.get(w("type")): self.xml("word/" + targets[ref.get(f"{{{NS['r']}}}id")])
            for ref in sect.findall(w("footerReference"))
        }

    def top_paragraphs(self) -> list:
        return self.body.findall(w("p"))

    def paragraph(self, starts_with: str):
        for p in self.body.iter(w("p")):
            if paragraph_text(p).startswith(starts_with) and not in_fallback(p):
                return p
        raise AssertionError(f"no paragraph starts with {starts_with!r}")


def in_fallback(element) -> bool:
    return any(a.tag == f"{{{NS['mc']}}}Fallback" for a in element.iterancestors())


def paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def runs_with_text(p) -> list[tuple[str, object]]:
    """(text, rPr) of each run that carries text, directly in ``p``."""
    result = []
    for r in p.findall(w("r")):
        text = "".join(t.text or "" for t in r.findall(w("t")))
        if text:
            result.append((text, r.find(w("rPr"))))
    return result


def fonts_of(rpr) -> dict[str, str]:
    f = rpr.find(w("rFonts"))
    return {k: f.get(w(k)) for k in ("ascii", "hAnsi", "eastAsia", "cs", "hint")}


def size_of(rpr) -> int:
    return int(val(rpr.find(w("sz"))))


@pytest.fixture(scope="module")
def reference_blocks():
    from desk_app.domain.exchange import loads

    text = (Path(__file__).parent / "data" / "bulletin.json").read_text(encoding="utf-8")
    return compose(loads(text))


@pytest.fixture(scope="module")
def written(reference_blocks, tmp_path_factory) -> Docx:
    target = tmp_path_factory.mktemp("导出 docx") / "窗口工作周报 2023年第6期.docx"
    write_docx(reference_blocks, target)
    return Docx(target)


# ---- page ---------------------------------------------------------------------------------


def test_a4_with_gbt9704_margins_and_a_22_line_grid(written):
    sect = written.body.find(w("sectPr"))
    size = sect.find(w("pgSz"))
    assert (val(size, "w"), val(size, "h")) == ("11906", "16838")
    margins = sect.find(w("pgMar"))
    twips_per_mm = 1440 / 25.4
    for side, millimetres in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(int(val(margins, side)) - millimetres * twips_per_mm) <= 1, side
    grid = sect.find(w("docGrid"))
    assert val(grid, "type") == "lines" and val(grid, "linePitch") == "579"
    # 22 lines of 579 twips fit the 225 mm type area, 23 do not.
    height = 16838 - int(val(margins, "top")) - int(val(margins, "bottom"))
    assert 22 * 579 <= height < 23 * 579
    assert in_schema_order(sect, SECTPR_SCHEMA)


def test_body_text_is_16pt_condensed_a_quarter_point_on_the_exact_579_twip_pitch(written):
    p = written.paragraph("本周，共计咨询")
    spacing = p.find(f"{w('pPr')}/{w('spacing')}")
    assert (val(spacing, "line"), val(spacing, "lineRule")) == ("579", "exact")
    assert val(p.find(f"{w('pPr')}/{w('jc')}")) == "both"
    ind = p.find(f"{w('pPr')}/{w('ind')}")
    assert val(ind, "firstLineChars") == "200" and val(ind, "firstLine") == "640"
    for text, rpr in runs_with_text(p):
        assert size_of(rpr) == 32
        assert val(rpr.find(w("spacing"))) == "-5"
    # 28 characters of 15.75 pt fill the 156 mm line, 29 would not.
    assert 28 * 15.75 * 20 <= 11906 - 1587 - 1474 < 29 * 15.75 * 20


def test_every_paragraph_has_an_exact_line_height_and_ignores_the_grid_snap(written):
    for p in written.body.iter(w("p")):
        spacing = p.find(f"{w('pPr')}/{w('spacing')}")
        assert val(spacing, "lineRule") == "exact"
        assert val(p.find(f"{w('pPr')}/{w('snapToGrid')}")) == "0"


# ---- fonts ----------------------------------------------------------------------------------


def test_every_run_names_all_four_font_slots_with_the_east_asian_hint(written):
    runs = [r for r in written.document.iter(w("r")) if r.find(w("t")) is not None]
    assert len(runs) > 50
    for r in runs:
        fonts = fonts_of(r.find(w("rPr")))
        assert all(fonts.values()), fonts
        assert fonts["hint"] == "eastAsia"


@pytest.mark.parametrize(
    "starts, level_font, size",
    [
        ("一、综窗改革攻坚行动", DEFAULT.hei_font, 32),
        ("（一）省本级综窗办件情况", DEFAULT.kai_font, 32),
        ("1.政务一窗受理协调处", DEFAULT.body_font, 32),
        ("（1）近日，公安厅", DEFAULT.body_font, 32),
        ("本周，共计咨询", DEFAULT.body_font, 32),
        ("政务服务工作", DEFAULT.title_font, 44),
        ("（2月13日", DEFAULT.kai_font, 32),
        ("2023年第6期", DEFAULT.body_font, 32),
    ],
)
def test_fonts_and_sizes_per_level(written, starts, level_font, size):
    p = written.paragraph(starts)
    for text, rpr in runs_with_text(p):
        fonts = fonts_of(rpr)
        assert fonts["eastAsia"] == level_font and fonts["cs"] == level_font, text
        if not re.search("[\u2010-\u2027]", text):  # quotes and dashes: Chinese font in every slot
            assert fonts["ascii"] == fonts["hAnsi"] == "Times New Roman", text
        assert size_of(rpr) == size


def test_headings_keep_with_next_and_carry_an_outline_level(written):
    for starts, level in (("一、", "0"), ("（一）省本级", "1"), ("四、", "0")):
        ppr = written.paragraph(starts).find(w("pPr"))
        assert ppr.find(w("keepNext")) is not None
        assert val(ppr.find(w("outlineLvl"))) == level


def test_run_in_titles_are_kai_and_the_rest_of_the_paragraph_fang(written):
    p = written.paragraph("（一）按时到岗情况。")
    runs = runs_with_text(p)
    assert runs[0][0] == "（一）按时到岗情况。"
    assert fonts_of(runs[0][1])["eastAsia"] == DEFAULT.kai_font
    assert "".join(t for t, _ in runs[1:]) == "总体情况良好。"
    assert {fonts_of(r)["eastAsia"] for _, r in runs[1:]} == {DEFAULT.body_font}


def test_quotes_and_dashes_are_in_the_chinese_font_in_every_slot(written):
    p = written.paragraph("5.修订《政务服务")
    quoted = [(t, r) for t, r in runs_with_text(p) if "“" in t or "”" in t]
    assert quoted
    for text, rpr in quoted:
        fonts = fonts_of(rpr)
        assert {fonts["ascii"], fonts["hAnsi"], fonts["eastAsia"]} == {DEFAULT.body_font}, text


def test_configured_fonts_are_used(reference_blocks, tmp_path):
    layout = ExportLayout(body_font="仿宋", kai_font="楷体", hei_font="微软雅黑", title_font="华文中宋", latin_font="Arial")
    target = tmp_path / "fonts.docx"
    write_docx(reference_blocks, target, layout)
    doc = Docx(target)
    assert fonts_of(runs_with_text(doc.paragraph("本周"))[0][1])["eastAsia"] == "仿宋"
    assert fonts_of(runs_with_text(doc.paragraph("一、"))[0][1])["eastAsia"] == "微软雅黑"
    assert fonts_of(runs_with_text(doc.paragraph("（一）省本级"))[0][1])["eastAsia"] == "楷体"
    assert fonts_of(runs_with_text(doc.paragraph("政务服务工作"))[0][1])["eastAsia"] == "华文中宋"
    assert fonts_of(runs_with_text(doc.paragraph("本周"))[0][1])["ascii"] == "Arial"
    font_table = doc.xml("word/fontTable.xml")
    assert {"仿宋", "楷体", "微软雅黑", "华文中宋", "Arial"} <= {f.get(w("name")) for f in font_table}


def test_theme_fonts_are_gone_and_the_defaults_are_chinese(written):
    styles = written.parts["word/styles.xml"].decode("utf-8")
    assert not re.search(r"w:(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)=", styles)
    assert "word/stylesWithEffects.xml" not in written.names
    root = written.xml("word/styles.xml")
    rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    assert fonts_of(rpr)["eastAsia"] == DEFAULT.body_font and fonts_of(rpr)["ascii"] == "Times New Roman"
    assert val(rpr.find(w("lang")), "eastAsia") == "zh-CN"
    assert val(written.xml("word/settings.xml").find(w("themeFontLang")), "eastAsia") == "zh-CN"


def test_the_font_table_names_alternates_word_tries_before_substituting(written):
    fonts = {f.get(w("name")): f for f in written.xml("word/fontTable.xml")}
    assert "ＭＳ 明朝" not in fonts  # the template's Japanese fonts
    # One name per w:altName (the schema allows one element, and Word reads the value as one name).
    assert val(fonts["仿宋_GB2312"].find(w("altName"))) == "仿宋"
    assert val(fonts["楷体_GB2312"].find(w("altName"))) == "楷体"
    assert val(fonts["仿宋_GB2312"].find(w("charset"))) == "86"


# ---- masthead -------------------------------------------------------------------------------


def test_masthead_title_is_red_large_letter_spaced_and_centred(written):
    p = written.paragraph("窗口工作周")
    assert val(p.find(f"{w('pPr')}/{w('jc')}")) == "center"
    runs = runs_with_text(p)
    assert "".join(t for t, _ in runs) == "窗口工作周报"
    for _, rpr in runs:
        assert val(rpr.find(w("color"))) == "FF0000"
        assert fonts_of(rpr)["eastAsia"] == DEFAULT.title_font
        assert 72 <= size_of(rpr) <= 84  # 小初 to 初号
    assert int(val(runs[0][1].find(w("spacing")))) > 0  # letter-spaced…
    assert runs[-1][1].find(w("spacing")) is None  # …but not after the last character (stays centred)
    # On one line: six characters and five gaps within the 156 mm type area.
    size_pt = size_of(runs[0][1]) / 2
    gap_pt = int(val(runs[0][1].find(w("spacing")))) / 20
    assert 6 * size_pt + 5 * gap_pt <= (11906 - 1587 - 1474) / 20


def test_a_long_title_still_fits_one_line(tmp_path):
    from desk_app.domain.blocks import MastheadTitle

    target = tmp_path / "long.docx"
    write_docx([MastheadTitle("四川省政务服务和公共资源交易服务中心工作简报")], target)
    runs = runs_with_text(Docx(target).paragraph("四川省"))
    size_pt = size_of(runs[0][1]) / 2
    assert 20 * size_pt <= (11906 - 1587 - 1474) / 20


def test_issuer_left_date_right_and_the_red_rule_under_them(written):
    p = written.paragraph("四川省政府政务服务和公共资源交易服务中心")
    ppr = p.find(w("pPr"))
    tab = ppr.find(f"{w('tabs')}/{w('tab')}")
    assert (val(tab), val(tab, "pos")) == ("right", str(11906 - 1587 - 1474))
    assert p.find(f"{w('r')}/{w('tab')}") is not None
    ind = ppr.find(w("ind"))
    assert val(ind, "left") == "0" and val(ind, "right") == "0"  # the rule spans the type area exactly
    bottom = ppr.find(f"{w('pBdr')}/{w('bottom')}")
    assert val(bottom, "color") == "FF0000" and val(bottom) == "single"
    assert text_of_runs(p) == "四川省政府政务服务和公共资源交易服务中心2023年2月27日"


def text_of_runs(p) -> str:
    return "".join(t for t, _ in runs_with_text(p))


def test_issue_line_headline_and_period_are_centred(written):
    for starts in ("2023年第6期（总第426期）", "政务服务工作", "（2月13日—2月17日）"):
        assert val(written.paragraph(starts).find(f"{w('pPr')}/{w('jc')}")) == "center"


# ---- numbering ------------------------------------------------------------------------------


def test_numbering_is_literal_text_never_word_auto_numbering(written):
    for name, data in written.parts.items():
        if name.startswith("word/") and ("document" in name or "footer" in name):
            assert b"numPr" not in data, name
    texts = [text_of_runs(p) for p in written.top_paragraphs()]
    for number in ("一、", "二、", "三、", "四、", "（一）", "（二）", "（三）", "1.", "5.", "（1）", "（3）"):
        assert any(t.startswith(number) for t in texts), number


# ---- page numbers ---------------------------------------------------------------------------


def footer_parts(footer) -> tuple[str, list[str]]:
    """The footer's visible text around the field, and the field instructions."""
    instructions = [t.text.strip() for t in footer.iter(w("instrText"))]
    text = "".join(t.text or "" for t in footer.iter(w("t")))
    return text, instructions


def test_page_numbers_are_page_fields_odd_right_even_left_one_character_in(written):
    settings = written.xml("word/settings.xml")
    assert settings.find(w("evenAndOddHeaders")) is not None
    footers = written.footers()
    assert set(footers) == {"default", "even"}
    for kind, shown, align, side in (("default", "1", "right", "right"), ("even", "2", "left", "left")):
        footer = footers[kind]
        text, instructions = footer_parts(footer)
        assert instructions == ["PAGE"]
        assert text == f"\u2014 {shown} \u2014"
        chars = [c.get(w("fldCharType")) for c in footer.iter(w("fldChar"))]
        assert chars == ["begin", "separate", "end"]
        ppr = footer.find(f"{w('p')}/{w('pPr')}")
        assert val(ppr.find(w("jc"))) == align
        assert val(ppr.find(w("ind")), side) == "280"  # one 四号 character
        for r in footer.iter(w("r")):
            rpr = r.find(w("rPr"))
            assert size_of(rpr) == 28 and set(fonts_of(rpr).values()) == {DEFAULT.song_font, "eastAsia"}


def test_centred_page_numbers(reference_blocks, tmp_path):
    target = tmp_path / "centred.docx"
    write_docx(reference_blocks, target, ExportLayout(page_numbers="centred"))
    doc = Docx(target)
    assert doc.xml("word/settings.xml").find(w("evenAndOddHeaders")) is None
    footers = doc.footers()
    assert set(footers) == {"default"}
    text, instructions = footer_parts(footers["default"])
    assert (text, instructions) == ("\u2014 1 \u2014", ["PAGE"])
    assert val(footers["default"].find(f"{w('p')}/{w('pPr')}/{w('jc')}")) == "center"


# ---- 报尾 ----------------------------------------------------------------------------------


def visible(paragraphs: list) -> list:
    from docx_text import is_hidden

    return [p for p in paragraphs if not is_hidden(p)]


def test_distribution_is_a_ruled_table_in_a_text_box_at_the_foot_of_the_type_area(written):
    anchor_p = visible(written.top_paragraphs())[-1]
    anchor = anchor_p.find(f".//{{{NS['wp']}}}anchor")
    assert anchor is not None and not in_fallback(anchor)
    position = anchor.find(f"{{{NS['wp']}}}positionV")
    assert position.get("relativeFrom") == "margin"
    assert position.find(f"{{{NS['wp']}}}align").text == "bottom"
    assert anchor.find(f"{{{NS['wp']}}}wrapNone") is not None  # never pushes text around
    extent = anchor.find(f"{{{NS['wp']}}}extent")
    assert int(extent.get("cx")) == (11906 - 1587 - 1474) * 635  # as wide as the type area
    # The anchor paragraph reserves exactly the box's height after the body.
    spacing = anchor_p.find(f"{w('pPr')}/{w('spacing')}")
    assert (val(spacing, "lineRule"), int(val(spacing, "line")) * 635) == ("exact", int(extent.get("cy")))
    assert int(val(spacing, "line")) % 579 == 0

    table = anchor.find(f".//{w('tbl')}")
    borders = table.find(f"{w('tblPr')}/{w('tblBorders')}")
    assert val(borders.find(w("top")), "sz") == "8" and val(borders.find(w("bottom")), "sz") == "8"  # 0.35 mm
    assert val(borders.find(w("insideH")), "sz") == "6"  # 0.25 mm
    assert val(borders.find(w("left"))) == val(borders.find(w("right"))) == "nil"
    assert val(table.find(f"{w('tblPr')}/{w('tblW')}"), "w") == str(11906 - 1587 - 1474)
    rows = [text_of_runs(p) for p in table.iter(w("p"))]
    assert rows == ["报：中心领导。", "送：各相关省级部门（单位），中心各处（室）、直属单位。", "发：各部门窗口。", "（共印80份）"]
    for p in table.iter(w("p")):
        for _, rpr in runs_with_text(p):
            assert size_of(rpr) == 28 and fonts_of(rpr)["eastAsia"] == DEFAULT.body_font  # 四号 仿宋
    labelled = table.find(f".//{w('p')}")
    ind = labelled.find(f"{w('pPr')}/{w('ind')}")
    assert int(val(ind, "left")) - int(val(ind, "hanging")) == 280 and val(ind, "right") == "280"


def test_readers_that_drop_the_text_box_still_get_the_distribution_lines_which_word_hides(written):
    """pandoc drops mc:AlternateContent; text extraction reads no drawing. The lines follow the box
    as ordinary paragraphs, hidden (paragraph mark and runs) so Word, WPS and LibreOffice show them once."""
    paragraphs = written.top_paragraphs()
    anchor = visible(paragraphs)[-1]
    after = paragraphs[paragraphs.index(anchor) + 1 :]
    assert [paragraph_text(p) for p in after] == [
        "报：中心领导。",
        "送：各相关省级部门（单位），中心各处（室）、直属单位。",
        "发：各部门窗口。",
        "（共印80份）",
    ]
    for p in after:
        assert p.find(f"{w('pPr')}/{w('rPr')}/{w('vanish')}") is not None
        assert all(rpr.find(w("vanish")) is not None for _, rpr in runs_with_text(p))
    assert not any(p.find(f".//{w('vanish')}") is not None for p in paragraphs[: paragraphs.index(anchor) + 1])


def test_a_long_distribution_line_gets_a_taller_row(tmp_path):
    long_text = "送：" + "各相关省级部门（单位）、" * 5 + "。"
    block = Distribution((DistributionLine("送", long_text),), "（共印80份）")
    target = tmp_path / "long.docx"
    write_docx([Paragraph("正文。"), block], target)
    heights = [int(val(h)) for h in Docx(target).body.iter(w("trHeight"))]
    assert heights[0] == 3 * 579  # 62 characters need three lines of 26
    assert heights[1] == 579 - 20


# ---- schema order ---------------------------------------------------------------------------


def in_schema_order(element, schema: list[str], *, once: bool = False) -> bool:
    names = [c.tag.split("}")[1] for c in element if isinstance(c.tag, str)]
    positions = [schema.index(n) for n in names]
    return positions == sorted(positions) and (not once or len(set(names)) == len(names))


def test_ppr_and_rpr_children_are_in_schema_order_everywhere(written):
    checked = 0
    footers = [n for n in written.parts if re.match(r"word/footer\d*\.xml", n)]
    for name in ("word/document.xml", "word/styles.xml", *footers):
        root = written.xml(name)
        for ppr in root.iter(w("pPr")):
            assert in_schema_order(ppr, PPR_SCHEMA, once=True), (name, [c.tag for c in ppr])
            checked += 1
        for rpr in root.iter(w("rPr")):
            assert in_schema_order(rpr, RPR_SCHEMA, once=True), (name, [c.tag for c in rpr])
            checked += 1
    assert checked > 200


def test_the_file_opens_again_and_reads_like_the_text_render(written, reference_blocks):
    from docx import Document
    from docx_text import body_paragraphs, squeeze

    from desk_app.output.text import render_text

    Document(str(written.path))  # python-docx parses every part
    expected = render_text(reference_blocks).splitlines()
    assert [squeeze(t) for t in body_paragraphs(written.path)] == [squeeze(t) for t in expected]


def test_heading_levels_and_plain_paragraphs_render_from_any_blocks(tmp_path):
    target = tmp_path / "blocks.docx"
    write_docx([Heading(1, "一、", "标题"), Heading(2, "（一）", "小标题"), Paragraph("正文 “引号” 和 — 破折号。")], target)
    doc = Docx(target)
    assert [text_of_runs(p) for p in doc.top_paragraphs()] == ["一、标题", "（一）小标题", "正文 “引号” 和 — 破折号。"]


def test_punctuation_may_hang_and_chinese_meets_latin_and_digits_with_space(written):
    """As the printed original: 「，」「、」「”」 hang past the margin, digits and letters set off a little."""
    for p in written.body.iter(w("p")):
        ppr = p.find(w("pPr"))
        assert val(ppr.find(w("overflowPunct"))) == "1"
        assert val(ppr.find(w("autoSpaceDE"))) == "1" and val(ppr.find(w("autoSpaceDN"))) == "1"
    # No compression of punctuation anywhere (the original sets every 「，」 full width).
    settings = written.xml("word/settings.xml")
    assert val(settings.find(w("characterSpacingControl"))) == "doNotCompress"


def test_libreoffice_copy_differs_only_in_hanging_punctuation_and_spacing(reference_blocks, tmp_path):
    """LibreOffice reads w:overflowPunct the other way round from Word and the standard, and its
    copy is set a twentieth of a point tighter so that a hung 「，」 is printed (LIBREOFFICE_CHAR_SPACING)."""
    word, libre = tmp_path / "word.docx", tmp_path / "libre.docx"
    write_docx(reference_blocks, word)
    write_docx(reference_blocks, libre, for_libreoffice=True)
    a, b = Docx(word), Docx(libre)
    assert {val(e) for e in a.document.iter(w("overflowPunct"))} == {"1"}
    assert {val(e) for e in b.document.iter(w("overflowPunct"))} == {"0"}

    def normalise(d):
        xml = re.sub(rb'w:overflowPunct w:val="[01]"', b"", d.parts["word/document.xml"])
        return re.sub(rb'<w:spacing w:val="-[56]"/>', b"", xml)

    assert normalise(a) == normalise(b)
    assert b'<w:spacing w:val="-5"/>' in a.parts["word/document.xml"]
    assert b'<w:spacing w:val="-6"/>' in b.parts["word/document.xml"]
    assert b'<w:spacing w:val="-5"/>' not in b.parts["word/document.xml"]


def test_document_properties_name_the_issue(written):
    core = written.xml("docProps/core.xml")
    texts = {el.tag.split("}")[1]: el.text for el in core}
    assert texts["title"] == "窗口工作周报 2023年第6期（总第426期）"
    assert texts["creator"] == "四川省政府政务服务和公共资源交易服务中心"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2029"])
def test_a_newline_in_an_entry_starts_a_paragraph_of_its_own(tmp_path, newline):
    target = tmp_path / "entry.docx"
    text = f"第一段。{newline}第二段。{newline}{newline}第三段\t有制表符。"
    write_docx([Paragraph(text, number="（1）", level=2)], target)
    doc = Docx(target)
    paragraphs = [p for p in doc.top_paragraphs() if paragraph_text(p)]
    assert [paragraph_text(p) for p in paragraphs] == ["（1）第一段。", "第二段。", "第三段有制表符。"]
    for p in paragraphs:  # each indented like any body paragraph
        assert val(p.find(f"{w('pPr')}/{w('ind')}"), "firstLineChars") == "200"
    assert len(paragraphs[2].findall(f".//{w('tab')}")) == 1


def test_line_breaks_elsewhere_are_w_br_and_no_text_holds_a_raw_newline_or_tab(tmp_path):
    target = tmp_path / "breaks.docx"
    lines = (DistributionLine("报", "报：中心领导，\r\n各处室。"), DistributionLine("送", "送：甲\u2028乙。"))
    blocks = [Heading(1, "一、", "标题\n续"), Paragraph("正文\u2028换行"), Distribution(lines, "（共印80份）")]
    write_docx(blocks, target)
    doc = Docx(target)
    for name, part in doc.parts.items():
        if name.endswith(".xml"):
            for t in etree.fromstring(part).iter(w("t"), w("instrText")):
                assert not re.search("[\t\n\r\u2028\u2029]", t.text or ""), (name, t.text)
    heading = doc.paragraph("一、标题")
    assert len(heading.findall(f".//{w('br')}")) == 1 and paragraph_text(heading) == "一、标题续"
    assert len(doc.paragraph("正文").findall(f".//{w('br')}")) == 1
    rows = [tr for tr in doc.body.iter(w("tr")) if not in_fallback(tr)]
    first = rows[0]
    assert len(first.findall(f".//{w('br')}")) == 1
    # The row is two lines high: the break is not cut off by the row's exact height.
    assert int(val(first.find(f"{w('trPr')}/{w('trHeight')}"))) >= 2 * 579 - 20


def test_settings_ask_for_word_2013_layout_and_a_plain_zoom(written):
    settings = written.xml("word/settings.xml")
    modes = [s for s in settings.iter(w("compatSetting")) if val(s, "name") == "compatibilityMode"]
    assert [val(s) for s in modes] == ["15"]  # Word 2013+: no 「兼容模式」
    zoom = settings.find(w("zoom"))
    assert val(zoom, "percent") == "100" and val(zoom) is None


def test_app_properties_are_the_programs_own(written):
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    app = written.xml("docProps/app.xml")
    fields = {child.tag.removeprefix(ns): child.text for child in app}
    assert fields["Application"].startswith("窗口工作周报")
    assert fields["Company"] == "四川省政府政务服务和公共资源交易服务中心"
    for stale in ("Pages", "Words", "Characters", "AppVersion", "TitlesOfParts"):
        assert stale not in fields  # the template's (Macintosh Word 14, one page) are gone
