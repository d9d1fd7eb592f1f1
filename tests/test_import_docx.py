"""Past bulletins as .docx: our own export read back (a property), and .docx files as people make them
in Word or WPS (auto-numbering, half-width punctuation, the masthead in a table or a text box, runs
split mid-word), built here with python-docx."""

from __future__ import annotations

import copy
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.domain.blocks import Distribution, Heading, IssuerDate, Paragraph, block_lines
from desk_app.domain.compose import compose
from desk_app.domain.exchange import FORMAT, loads, to_data
from desk_app.output.docx_writer import write_docx
from desk_app.reading.docx_text import docx_paragraphs
from desk_app.reading.recognition import Verdict, recognise_file

DATA = Path(__file__).parent / "data"

# ---- our export, read back -------------------------------------------------------------------

# Text as clerks type it: Chinese, digits, and the punctuation of running text. Not generated, because
# a printed bulletin cannot tell them apart from its structure: a paragraph opening with a number
# (「1.」「（一）」), half-width punctuation among Chinese (made full width on reading), whitespace at
# either end, a 。 inside an inspection item's name, 、 or brackets in a newly authorised department's name.
_HAN = "政务服务窗口大厅省级部门受理办结群众企业工作开展情况推进综合改革培训数据平台审批事项"
_CHARS = _HAN + "0123456789，、“”《》；：ABC "
phrase = st.builds(lambda head, rest: (head + rest).strip(), st.sampled_from(_HAN), st.text(st.sampled_from(_CHARS), max_size=25))
sentence = st.builds(lambda p, end: p + end, phrase, st.sampled_from(["", "。", "！"]))
paragraph_text = st.lists(sentence, min_size=1, max_size=3).map("\n".join)  # a newline starts a new paragraph
name = st.text(st.sampled_from(_HAN), min_size=1, max_size=10)
count = st.integers(0, 10**7)


@st.composite
def printable_issues(draw) -> dict:
    end = draw(st.dates(date(1995, 1, 1), date(2090, 12, 31)))
    start = end - timedelta(days=draw(st.integers(0, 12)))
    issued = end + timedelta(days=draw(st.integers(0, 30)))
    stationed = draw(st.integers(1, 500))
    authorized = draw(st.integers(0, stationed))
    newly = draw(st.lists(st.fixed_dictionaries({"name": name}, optional={"note": st.sampled_from(["部分事项授权", "试点"])}),
                          max_size=min(authorized, 3)))  # fmt: skip
    approvals = {"title": draw(phrase), "source": draw(name)}
    if draw(st.booleans()):
        approvals |= {"from": (issued - timedelta(days=draw(st.integers(0, 400)))).isoformat(), "to": issued.isoformat()}
    pair = st.fixed_dictionaries({"accepted": count, "completed": count})
    approvals |= {"licensing": draw(pair), "public_service": draw(pair), "other": draw(pair)}
    groups = draw(st.lists(st.fixed_dictionaries({"title": phrase, "entries": st.lists(
        st.fixed_dictionaries({"department": st.just(""), "text": paragraph_text}), max_size=3)}), max_size=3))  # fmt: skip
    return {
        "format": FORMAT,
        "masthead": {"title": draw(name), "year": issued.year, "number": draw(st.integers(1, 60)),
                     "serial": draw(st.integers(1, 10**6)), "issuer": draw(name), "date": issued.isoformat()},  # fmt: skip
        "headline": draw(phrase),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "reform": {
            "title": draw(phrase),
            "window_stats": {"title": draw(phrase), "week": draw(st.fixed_dictionaries({k: count for k in ("consult", "accept", "issue", "transfer")})),
                             "ytd": draw(st.fixed_dictionaries({k: count for k in ("consult", "accept", "issue", "transfer")}))},  # fmt: skip
            "authorization": {"title": draw(phrase), "stationed": stationed, "authorized": authorized, "newly_authorized": newly},
            "progress": {"title": draw(phrase), "items": draw(st.lists(paragraph_text, max_size=4))},
        },
        "approvals": approvals,
        "dynamics": {"title": draw(phrase), "groups": groups},
        "inspection": {
            "title": draw(phrase),
            "intro": draw(st.one_of(st.just(""), paragraph_text)),
            "items": draw(st.lists(st.fixed_dictionaries({"item": phrase, "result": st.one_of(st.just(""), sentence)}), max_size=6)),
        },
        "distribution": {"report": draw(phrase), "send": draw(phrase), "issue": draw(phrase), "copies": draw(st.integers(1, 999))},
    }


def as_printed(data: dict) -> dict:
    """What the printed bulletin says of ``data``: the parts it cannot show are as reading gives them.

    - a 窗口动态 entry's department is not printed (compared blank);
    - approvals' from/to left to their defaults (1 January, the period's end) are printed as dates;
    - the title of a part that is left out (no 推进情况 items, a group without entries, no 窗口动态 or
      大厅巡查 at all) is not printed;
    - the period's year is printed only when it spans New Year (the generated issue date follows the
      period, as real ones do, so the year is found from it).
    """
    data = json.loads(json.dumps(data))
    issue = loads(json.dumps(data))
    data["approvals"]["from"] = issue.approvals_from().isoformat()
    data["approvals"]["to"] = issue.approvals_to().isoformat()
    approvals = data.pop("approvals")
    data["approvals"] = {k: approvals[k] for k in ("title", "source", "from", "to", "licensing", "public_service", "other")}
    if not data["reform"]["progress"]["items"]:
        data["reform"]["progress"]["title"] = ""
    data["dynamics"]["groups"] = [g for g in data["dynamics"]["groups"] if g["entries"]]
    for group in data["dynamics"]["groups"]:
        for entry in group["entries"]:
            entry["department"] = ""
    if not data["dynamics"]["groups"]:
        data["dynamics"]["title"] = ""
    if not data["inspection"]["items"] and not data["inspection"]["intro"]:
        data["inspection"]["title"] = ""
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=printable_issues())
def test_any_exported_issue_reads_back_as_printed(tmp_path, data):
    path = tmp_path / "周报 导出.docx"
    write_docx(compose(loads(json.dumps(data))), path)
    result = recognise_file(path)
    assert result.verdict is Verdict.IMPORTABLE, (result.problems, result.unrecognised)
    got = to_data(result.issue)
    for group in got["dynamics"]["groups"]:
        for entry in group["entries"]:
            entry["department"] = ""
    assert got == as_printed(data)


def test_the_reference_issue_exported_reads_back_whole(tmp_path, reference_data, reference_issue):
    write_docx(compose(reference_issue), tmp_path / "a.docx")
    result = recognise_file(tmp_path / "a.docx")
    assert result.verdict is Verdict.IMPORTABLE
    assert to_data(result.issue) == reference_data  # its departments open their entries: all found
    assert result.recognised[0] == "报头：窗口工作周报　2023年第6期（总第426期）"


# ---- .docx files as people make them -------------------------------------------------------


def _lines_with_levels(issue):
    """(text without its literal number, list level or None, the number) for each printed line."""
    out = []
    for block in compose(issue):
        if isinstance(block, Heading):
            out.append((block.title, block.level - 1, block.number))
        elif isinstance(block, Paragraph) and block.number:
            out.append((block.run_in + block.text, block.level - 1, block.number))
        elif isinstance(block, Paragraph):
            out += [(line, None, "") for line in block.text.split("\n")]
        elif isinstance(block, Distribution | IssuerDate):
            out += [(line, None, "") for line in block_lines(block)]
        else:
            out.append((block.text, None, ""))
    return out


NUMBERING = f"""<w:numbering {nsdecls('w')}>
  <w:abstractNum w:abstractNumId="7">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""


def _auto_numbered(document, lines) -> None:
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING):
        numbering.append(copy.deepcopy(child))
    for text, level, _number in lines:
        p = document.add_paragraph(text)
        if level is not None:
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            num_pr.get_or_add_numId().val = 3


def _typed(document, lines) -> None:
    for text, _level, number in lines:
        document.add_paragraph(number + text)


def _split_runs(document, lines) -> None:
    """WPS splits a paragraph into runs anywhere, even inside a number, with bookmarks and proofing marks between."""
    chance = random.Random(7)
    for text, _level, number in lines:
        p = document.add_paragraph()
        full = number + text
        at = 0
        while at < len(full):
            size = chance.randint(1, 4)
            p.add_run(full[at : at + size])
            if chance.random() < 0.2:
                p._p.append(parse_xml(f'<w:proofErr {nsdecls("w")} w:type="spellStart"/>'))
            at += size


def _text_box_xml(paragraph_texts: list[str], vml: bool) -> str:
    paragraphs = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in paragraph_texts)
    content = f"<w:txbxContent>{paragraphs}</w:txbxContent>"
    namespaces = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
                  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
                  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"')  # fmt: skip
    pict = f'<w:pict><v:shape style="width:400pt;height:80pt"><v:textbox>{content}</v:textbox></v:shape></w:pict>'
    if vml:
        return f"<w:r {nsdecls('w')} {namespaces}>{pict}</w:r>"
    drawing = (f'<w:drawing><wp:anchor><wp:extent cx="5080000" cy="1016000"/><wp:docPr id="5" name="报头"/><a:graphic>'
               f'<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
               f'<wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>')  # fmt: skip
    return (f"<w:r {nsdecls('w')} {namespaces}><mc:AlternateContent><mc:Choice Requires=\"wps\">{drawing}</mc:Choice>"
            f"<mc:Fallback>{pict}</mc:Fallback></mc:AlternateContent></w:r>")  # fmt: skip


def _masthead_in_text_box(vml: bool):
    def build(document, lines) -> None:
        title, issue_line = lines[0][0], lines[1][0]
        anchor = document.add_paragraph()
        anchor._p.append(parse_xml(_text_box_xml([title, issue_line], vml)))
        _typed(document, lines[2:])

    return build


def _masthead_in_table(document, lines) -> None:
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = lines[0][0]
    table.cell(1, 0).merge(table.cell(1, 1)).text = lines[1][0]
    issuer, issued = lines[2][0].split("\t")
    table.cell(2, 0).text, table.cell(2, 1).text = issuer, issued
    _typed(document, lines[3:])


def _half_width_and_spaces(document, lines) -> None:
    for text, _level, number in lines:
        if text.startswith(("本周", "据", "已进驻")):
            text = re.sub(r"(\d+)", r" \1 ", text.replace("，", ",").replace("；", ";"))  # 「受理 356 件,办结 350 件」
        if number.startswith("（") and number[1:-1].isdigit():
            number = f"({number[1:-1]})"
        document.add_paragraph(number + text)


VARIANTS = {
    "typed numbers": _typed,
    "auto-numbered lists (w:numPr)": _auto_numbered,
    "runs split mid-word (WPS)": _split_runs,
    "masthead in a table": _masthead_in_table,
    "masthead in a text box (DrawingML, VML fallback)": _masthead_in_text_box(vml=False),
    "masthead in a VML text box (w:pict)": _masthead_in_text_box(vml=True),
    "half-width punctuation, spaces around digits, (1)": _half_width_and_spaces,
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_bulletin_typed_in_word_or_wps_imports(variant, tmp_path, reference_issue, reference_data):
    document = Document()
    VARIANTS[variant](document, _lines_with_levels(reference_issue))
    path = tmp_path / f"{variant[:10]}.docx"
    document.save(str(path))
    result = recognise_file(path)
    assert result.verdict is Verdict.IMPORTABLE, (result.problems, result.unrecognised)
    assert to_data(result.issue) == reference_data


def test_auto_numbering_is_read_as_the_labels_word_shows(tmp_path, reference_issue):
    document = Document()
    _auto_numbered(document, _lines_with_levels(reference_issue))
    document.save(str(tmp_path / "n.docx"))
    texts = [p.text for p in docx_paragraphs(tmp_path / "n.docx")]
    assert "一、综窗改革攻坚行动" in texts and "四、大厅巡查情况" in texts
    assert "（三）推进情况" in texts and texts[texts.index("（三）推进情况") + 1].startswith("1.政务一窗")
    assert any(t.startswith("（3）近日，省市场监管局") for t in texts)
    assert "（六）大厅防控情况。大厅人员管控到位，物业对大厅各点位消杀落实到位，大厅运行保障有序。" in texts


def test_a_text_box_is_read_once_and_in_front_of_its_anchor(tmp_path):
    document = Document()
    anchor = document.add_paragraph("锚段")
    anchor._p.append(parse_xml(_text_box_xml(["框中文字"], vml=False)))
    document.save(str(tmp_path / "t.docx"))
    assert [(p.text, p.place) for p in docx_paragraphs(tmp_path / "t.docx")] == [
        ("框中文字", "第 1 段（文本框）"), ("锚段", "第 2 段")]  # fmt: skip


def test_hidden_text_and_deleted_revisions_are_not_read(tmp_path):
    document = Document()
    p = document.add_paragraph("看得见")
    hidden = p.add_run("看不见")
    hidden.font.hidden = True
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>删掉的</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="x"><w:r><w:t>加上的</w:t></w:r></w:ins>'))
    document.save(str(tmp_path / "h.docx"))
    assert [p.text for p in docx_paragraphs(tmp_path / "h.docx")] == ["看得见加上的"]


def test_a_word_document_that_is_no_bulletin_is_refused_naming_the_file_and_places(tmp_path):
    document = Document()
    document.add_paragraph("关于召开会议的通知")
    document.add_paragraph("各处室：定于下周一开会。")
    path = tmp_path / "通知.docx"
    document.save(str(path))
    result = recognise_file(path)
    assert result.verdict is Verdict.REFUSED and result.issue is None
    assert [u.place for u in result.unrecognised] == ["第 1 段", "第 2 段"]


def test_numbering_from_a_paragraph_style_is_shown_and_bullets_are_not(tmp_path):
    document = Document()  # python-docx's template: 「List Number」 numbers through its style's w:numPr
    for text in ("起草方案。", "筹备专班。"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("要点", style="List Bullet")
    document.save(str(tmp_path / "s.docx"))
    assert [p.text for p in docx_paragraphs(tmp_path / "s.docx")] == ["1.起草方案。", "2.筹备专班。", "要点"]


def test_a_restarted_list_counts_from_its_start_and_lists_of_one_definition_go_on(tmp_path):
    document = Document()
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    restart = ('<w:num w:numId="4"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="2">'
               '<w:startOverride w:val="1"/></w:lvlOverride></w:num>')  # fmt: skip
    for child in parse_xml(NUMBERING.replace("</w:numbering>", restart + "</w:numbering>")):
        numbering.append(copy.deepcopy(child))
    for text, num_id in (("甲", 3), ("乙", 3), ("丙", 4), ("丁", 4)):
        num_pr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 2
        num_pr.get_or_add_numId().val = num_id
    document.save(str(tmp_path / "r.docx"))
    assert [p.text for p in docx_paragraphs(tmp_path / "r.docx")] == ["1.甲", "2.乙", "1.丙", "2.丁"]
