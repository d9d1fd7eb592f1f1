"""Recognising a printed bulletin's text: the PDF's extracted text of the reference issue, the
sentence patterns against the rules that word them, tolerance, and what is refused or left for a look."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain import recognise, rules
from desk_app.domain.compose import compose
from desk_app.domain.exchange import loads, to_data
from desk_app.domain.model import Authorization, NewlyAuthorized, WindowCounts
from desk_app.domain.recognise import TextParagraph, recognise_paragraphs
from desk_app.output.text import render_text
from desk_app.reading.pdf_text import pdf_text_paragraphs, remove_stray_spaces
from desk_app.reading.recognition import Verdict, recognise_file

DATA = Path(__file__).parent / "data"


def without_departments(data: dict) -> dict:
    """The department of a 窗口动态 entry is not printed: it is inferred from the text, so compared apart."""
    data = json.loads(json.dumps(data))
    for group in data["dynamics"]["groups"]:
        for entry in group["entries"]:
            entry["department"] = ""
    return data


def paragraphs(lines: list[str]) -> list[TextParagraph]:
    return [TextParagraph(line, f"第 {n} 段") for n, line in enumerate(lines, 1)]


def body_lines(issue) -> list[str]:
    return render_text(compose(issue)).splitlines()


def test_the_printed_pdf_text_imports_to_the_reference_data(reference_data):
    result = recognise_file(DATA / "original-pdf-text.txt")
    assert result.verdict is Verdict.IMPORTABLE, (result.problems, result.unrecognised)
    assert without_departments(to_data(result.issue)) == without_departments(reference_data)


def test_departments_are_not_printed_but_inferred_from_each_entry_opening(reference_data):
    """Every entry of the reference opens with its department (「近日，公安厅…」「2月16日下午，应急管理厅…」),
    so all six are found; an entry that names no department first gets none, not a guess from its middle."""
    result = recognise_file(DATA / "original-pdf-text.txt")
    found = [e["department"] for g in to_data(result.issue)["dynamics"]["groups"] for e in g["entries"]]
    assert found == [e["department"] for g in reference_data["dynamics"]["groups"] for e in g["entries"]]
    assert recognise.guess_department("会议采用无记名投票方式选出新一届支部委员会委员。") == ""
    assert recognise.guess_department("近日，省市场监管局窗口对…", known=["市场监管局"]) == "市场监管局"


def test_the_pdf_texts_artefacts_are_undone():
    text = (DATA / "original-pdf-text.txt").read_text(encoding="utf-8")
    found = pdf_text_paragraphs(text)
    texts = [p.text for p in found]
    assert texts[0] == "窗口工作周报" and found[0].place == "第 1 页第 12 行"  # the masthead put back in front
    assert texts[1] == "2023年第6期（总第426期）" and found[1].place == "第 1 页第 1 行"
    assert "—2—" not in "".join(texts)  # the page number
    assert "四川省政府政务服务和公共资源交易服务中心2023年2月27日" in texts  # 「2 7日」
    stats = next(p for p in found if p.text.startswith("本周"))
    assert stats.text.endswith("流转8406件。")  # three printed lines joined
    after_page_break = next(p for p in found if p.text.startswith("会上") or "会上，窗口业务人员" in p.text)
    assert "须调整变化。会上，" in after_page_break.text  # a line ending in 。 but filling its line goes on
    assert next(p for p in found if p.text.startswith("（二）窗口服务")).place == "第 4 页第 1 行"
    assert remove_stray_spaces("CMA 证书 Hello  World 2 7日") == "CMA证书Hello World27日"


def test_the_composed_text_one_paragraph_a_line_is_recognised_too(reference_data):
    result = recognise_file(DATA / "expected-body.txt")
    assert result.verdict is Verdict.IMPORTABLE, (result.problems, result.unrecognised)
    assert to_data(result.issue) == reference_data


# ---- the patterns are the rules' sentences read back ------------------------------------------

counts = st.integers(0, 10**9)


@settings(max_examples=200, deadline=None)
@given(week=st.lists(counts, min_size=4, max_size=4), ytd=st.lists(counts, min_size=4, max_size=4))
def test_window_statistics_read_back(week, ytd):
    sentence = rules.window_stats_sentence(WindowCounts(*week), WindowCounts(*ytd))
    m = recognise.WINDOW_STATS.fullmatch(sentence)
    assert [int(m.group(f"week_{n}")) for n in WindowCounts.FIELDS] == week
    assert [int(m.group(f"ytd_{n}")) for n in WindowCounts.FIELDS] == ytd


names = st.text(st.sampled_from("省市场监管局地震测绘地理信息厅教育"), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_authorization_read_back_with_and_without_new_departments(data):
    stationed = data.draw(st.integers(1, 10**6))
    authorized = data.draw(st.integers(0, stationed))
    newly = data.draw(st.lists(st.builds(NewlyAuthorized, names, st.sampled_from(["", "部分事项授权"])), max_size=4))
    auth = Authorization(stationed=stationed, authorized=authorized, newly_authorized=newly)
    text = "\n".join(body_lines(loads((DATA / "bulletin.json").read_text(encoding="utf-8"))))
    sentence = rules.authorization_sentence(auth)
    lines = [sentence if line.startswith("已进驻") else line for line in text.splitlines()]
    result = recognise_paragraphs(paragraphs(lines))
    assert result.not_understood == [] and not result.problems
    read = result.issue.reform.authorization
    assert (read.stationed, read.authorized, read.newly_authorized) == (stationed, authorized, newly)


@settings(max_examples=100, deadline=None)
@given(start=st.dates(date(1990, 1, 1), date(2100, 12, 20)), days=st.integers(0, 13), delay=st.integers(0, 40))
def test_periods_read_back_with_the_year_from_the_issue_date(start, days, delay):
    """The period's year is printed only when it spans New Year; otherwise it is the latest such week
    not after the issue date."""
    end = start + timedelta(days=days)
    issued = end + timedelta(days=delay)
    issue = loads((DATA / "bulletin.json").read_text(encoding="utf-8"))
    issue.period.start, issue.period.end = start, end
    issue.masthead.date, issue.masthead.year = issued, issued.year
    issue.approvals.date_from, issue.approvals.date_to = date(issued.year, 1, 1), issued
    result = recognise_paragraphs(paragraphs(body_lines(issue)))
    assert (result.issue.period.start, result.issue.period.end) == (start, end)
    assert result.issue.masthead.date == issued


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_level_numbers_read_back(level):
    for n in range(1, 120):
        m = recognise.LEVELS[level].match(rules.level_number(level, n) + "标题")
        assert recognise.chinese_to_int(m.group("n")) == n and m.group("rest") == "标题"


def test_the_patterns_follow_the_rules_when_the_wording_changes(monkeypatch):
    """The patterns are made from the rules: a changed rule makes a changed pattern (one source of truth)."""
    import importlib

    original = rules.window_stats_sentence
    monkeypatch.setattr(rules, "window_stats_sentence", lambda w, y: original(w, y).replace("本周", "本周内"))
    changed = importlib.reload(recognise)
    try:
        assert changed.WINDOW_STATS.match("本周内，共计咨询1人次")  is None  # the whole sentence is needed
        sentence = rules.window_stats_sentence(WindowCounts(1, 2, 3, 4), WindowCounts(5, 6, 7, 8))
        assert sentence.startswith("本周内") and changed.WINDOW_STATS.fullmatch(sentence)
        assert not changed.WINDOW_STATS.fullmatch(sentence.replace("本周内", "本周"))
    finally:
        monkeypatch.undo()
        importlib.reload(recognise)


# ---- tolerance -------------------------------------------------------------------------------


def test_typing_slips_and_spaces_are_tolerated(reference_data):
    lines = body_lines(loads(json.dumps(reference_data)))
    swaps = {
        "2023年第6期（总第426期）": "二〇二三年第六期(总第426期)",
        "四川省政府政务服务和公共资源交易服务中心\t2023年2月27日": "四川省政府政务服务和公共资源交易服务中心    二〇二三年二月二十七日",
        "（2月13日—2月17日）": "(2月13日-2月17日)",
    }
    lines = [swaps.get(line, line) for line in lines]
    lines = [
        line.replace("，", ",").replace("、受理", "、受理 ").replace("件、", " 件、").replace("；", ";")
        if line.startswith(("本周", "据"))
        else line
        for line in lines
    ]
    lines = [line.replace("（1）", "(1)").replace("（2）", "（ 2 ）") if line.startswith("（") else line for line in lines]
    lines = [line.replace("1.", "1．") if line.startswith("1.") else line for line in lines]
    lines = [line.replace("８", "8") for line in lines]
    lines = [line.replace("共印80份", "共印８０份") for line in lines]
    result = recognise_paragraphs(paragraphs(lines))
    assert result.not_understood == [] and not result.problems
    assert to_data(result.issue) == reference_data


def test_a_free_text_s_half_width_comma_among_chinese_is_made_full_width():
    assert recognise.tidy("检测资源整合,原《证书》须调整(变化)。Hello, world") == "检测资源整合，原《证书》须调整（变化）。Hello, world"


# ---- refused, or left for a look -------------------------------------------------------------


def test_a_text_without_the_issue_line_is_refused_as_not_a_bulletin(tmp_path):
    path = tmp_path / "会议纪要.txt"
    path.write_text("关于召开会议的通知\n\n各处室：\n\n定于下周一开会。\n", encoding="utf-8")
    result = recognise_file(path)
    assert result.verdict is Verdict.REFUSED and result.issue is None
    assert "issue line" in result.problems[0].message() and "不像是一期周报" in result.problems[0].message_zh()


def test_an_issue_line_without_its_serial_is_refused_naming_its_place(reference_data):
    lines = body_lines(loads(json.dumps(reference_data)))
    lines[1] = "2023年第6期"
    result = recognise_paragraphs(paragraphs(lines))
    assert result.problems and result.problems[0].is_error
    assert result.problems[0].field == "masthead.serial" and "第 2 段" in result.problems[0].message()


def test_what_is_not_understood_is_listed_with_its_place_and_the_rest_is_kept(reference_data, tmp_path):
    lines = body_lines(loads(json.dumps(reference_data)))
    at = lines.index("一、综窗改革攻坚行动")
    lines.insert(at, "附件：2023年工作要点（另发）")
    stats = next(i for i, line in enumerate(lines) if line.startswith("本周"))
    lines[stats] = lines[stats].replace("受理116件", "受理一百一十六件")  # not how the rules word it
    path = tmp_path / "b.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = recognise_file(path)
    assert result.verdict is Verdict.NEEDS_A_LOOK
    assert [(u.place, u.text[:6]) for u in result.unrecognised] == [(f"第 1 页第 {at + 1} 行", "附件：202"),
                                                                   (f"第 1 页第 {stats + 1} 行", "本周，共计咨")]  # fmt: skip
    assert result.issue.reform.window_stats.title == reference_data["reform"]["window_stats"]["title"]
    assert result.issue.reform.window_stats.week.consult is None  # not guessed
    assert result.issue.approvals.licensing.accepted == reference_data["approvals"]["licensing"]["accepted"]


def test_a_file_that_cannot_be_read_is_refused_not_raised(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    assert recognise_file(tmp_path / "folder.txt").verdict is Verdict.REFUSED
    (tmp_path / "gbk.txt").write_bytes("窗口工作周报".encode("gbk"))
    refused = recognise_file(tmp_path / "gbk.txt")
    assert refused.verdict is Verdict.REFUSED and "UTF-8" in refused.problems[0].message()


def test_a_file_named_otherwise_is_taken_by_its_content(tmp_path, reference_json, reference_issue):
    from desk_app.output.docx_writer import write_docx

    (tmp_path / "周报").write_text(reference_json, encoding="utf-8")
    assert recognise_file(tmp_path / "周报").verdict is Verdict.IMPORTABLE
    write_docx(compose(reference_issue), tmp_path / "周报.docx.bak")
    result = recognise_file(tmp_path / "周报.docx.bak")
    assert result.kind == "docx" and result.verdict is Verdict.IMPORTABLE
    (tmp_path / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    assert "cannot import this kind of file (.jpg)" in recognise_file(tmp_path / "照片.jpg").problems[0].message()
    (tmp_path / "文件夹").mkdir()
    assert "not a regular file (a folder)" in recognise_file(tmp_path / "文件夹").problems[0].message()


@pytest.mark.parametrize("mode", [[], ["-layout"]], ids=["pdftotext", "pdftotext -layout"])
def test_our_own_pdf_s_text_reads_back(mode, tmp_path, reference_issue, reference_data):
    """Printed through LibreOffice and extracted by poppler (issuer and date on lines of their own, page
    numbers among the text, indents kept with -layout): the same issue comes back."""
    import subprocess

    from test_pdf_render import tools

    from desk_app.output.layout import ExportLayout
    from desk_app.services import export_issue

    tools()
    export_issue(reference_issue, tmp_path / "周报.pdf", layout=ExportLayout())
    subprocess.run(["pdftotext", *mode, str(tmp_path / "周报.pdf"), str(tmp_path / "周报.txt")], check=True)
    result = recognise_file(tmp_path / "周报.txt")
    assert result.verdict is Verdict.IMPORTABLE, (result.problems, result.unrecognised)
    assert to_data(result.issue) == reference_data


def test_a_full_line_ending_in_a_date_goes_on_in_the_body_but_not_in_the_masthead():
    width_filler = "窗口工作人员对群众提出的问题进行了解答于"  # 20 characters, then a date of 6.5
    text = "\n\n".join([
        "2023年第6期（总第426期）", "四川省政府政务服务和公共资源交易服务中心 2023年 2月 2 7日", "政务服务工作",
        "一、综窗改革攻坚行动", width_filler + "2023年2月15日", "开展了培训。",
    ])  # fmt: skip
    texts = [p.text for p in pdf_text_paragraphs(text)]
    assert texts[1] == "四川省政府政务服务和公共资源交易服务中心2023年2月27日" and texts[2] == "政务服务工作"
    assert texts[-1] == width_filler + "2023年2月15日开展了培训。"
