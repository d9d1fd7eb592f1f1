"""The clean-up rules (desk_app/domain/cleanup.py), case by case; idempotence; what they never touch."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desk_app.domain.cleanup import (
    Department,
    clean,
    clean_issue,
    is_sentence_field,
    recognise_department,
    split_paragraphs,
    split_submission,
    typed_mark,
)


def cleaned(text: str, **options) -> str:
    return clean(text, **options).text


# --- each rule --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("受理 356 件,办结 350 件.", "受理356件，办结350件。"),
        ("办结,受理", "办结，受理"),
        ("一是加强;二是提升", "一是加强；二是提升"),
        ("注:以下", "注：以下"),
        ("怎么办?请咨询", "怎么办？请咨询"),
        ("好!谢谢", "好！谢谢"),
        ("厅(局)长进大厅", "厅（局）长进大厅"),
        ("(1)加强管理", "（1）加强管理"),
        ("(一)加强管理", "（一）加强管理"),
        ("金山办公(WPS)软件", "金山办公（WPS）软件"),
        ('深化"放管服"改革', "深化“放管服”改革"),
        ('"一件事"和"一次办"', "“一件事”和“一次办”"),
        ("所谓'快办'模式", "所谓‘快办’模式"),
        ("等等...", "等等……"),
        ("等等。。。", "等等……"),
        ("等等…", "等等……"),
        ("共１２３件", "共123件"),
        ("使用ＷＰＳ办理", "使用WPS办理"),
        ("2023 年 6 月", "2023年6月"),
        ("使用 WPS 办理", "使用WPS办理"),  # decided: no spaces between Chinese and Latin words
        ("窗口 工作", "窗口工作"),
        ("办理 ， 受理", "办理，受理"),
        ("\u3000\u3000近日，召开会议", "近日，召开会议"),  # Word's full-width indent
        ("近日\u200b召开", "近日召开"),  # WeChat's zero-width space
        ("1.加强培训", "1.加强培训"),  # the bulletin's own 「1.」 numbering
        ("办结350.", "办结350。"),
        ("使用Word.", "使用Word。"),
    ],
)
def test_each_rule(raw, expected):
    assert cleaned(raw) == expected


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("办结,受理", "半角逗号改为全角"),
        ("办结.", "半角句号改为全角"),
        ("(1)加强", "半角括号改为全角"),
        ('"放管服"', "直引号改为弯引号"),
        ("受理 356件", "删除汉字与数字间的空格"),
        ("使用 WPS", "删除汉字与英文间的空格"),
        ("共１２件", "全角数字改为半角"),
    ],
)
def test_each_change_is_named_in_chinese(raw, rule):
    assert rule in [change.rule for change in clean(raw).changes]


def test_a_change_says_where_and_what():
    result = clean("受理 356 件,办结")
    comma = next(c for c in result.changes if c.rule == "半角逗号改为全角")
    assert (comma.position, comma.before, comma.after) == ("受理 356 件,办结".index(","), ",", "，")
    assert result.summary() == "删除汉字与数字间的空格 2 处、半角逗号改为全角"


@pytest.mark.parametrize(
    "text",
    [
        "增长3.5%",
        "金额1,234元",
        "时间12:30开始",
        "2023.6.9召开",
        "https://www.sc.gov.cn/10462/a.shtml?x=1,2&y=(3)",
        "www.sczwfw.gov.cn",
        "zhangsan@sc.gov.cn",
        "填报表格（附件：统计表.xlsx）",
        "使用WPS, Word and Excel",
        "It's ok (really), he said: \"fine\".",
        "v1.2.3",
    ],
)
def test_digits_latin_urls_mail_and_file_names_are_untouched(text):
    assert cleaned(text) == text


def test_a_url_inside_chinese_keeps_itself_and_the_chinese_around_it_is_cleaned():
    assert cleaned("详见 https://www.sc.gov.cn/a.html,请查阅") == "详见https://www.sc.gov.cn/a.html，请查阅"
    assert cleaned("发送至 abc@x.com,谢谢") == "发送至abc@x.com，谢谢"
    assert cleaned("填写 报告.docx 后提交") == "填写报告.docx后提交"


@pytest.mark.parametrize(
    ("before", "mark", "expected"),
    [
        ("受理356件", ",", "，"),
        ("办结", ".", "。"),
        ("注", ":", "："),
        ("“放管服”", ",", "，"),
        ("", "(", "（"),
        ("厅", "(", "（"),
        ("厅（局", ")", "）"),
        ("深化", '"', "“"),
        ("深化“放管服", '"', "”"),
        ("3", ".", None),  # 3.5, 「1.」
        ("1", ",", None),  # 1,234
        ("WPS", ",", None),
        ("use", "(", None),
        ("abc", ")", None),
    ],
)
def test_a_mark_typed_after_chinese_is_chinese(before, mark, expected):
    assert typed_mark(before, mark) == expected


# --- line breaks and the final 。 ------------------------------------------------------------------

def test_a_soft_break_in_a_sentence_is_joined():
    assert cleaned("近日，公安厅召开\n会议，部署工作。") == "近日，公安厅召开会议，部署工作。"
    assert cleaned("uses Microsoft\nWord") == "uses Microsoft Word"  # Latin words keep their space


def test_a_break_after_ending_punctuation_starts_a_paragraph_which_a_field_joins_as_a_sentence():
    result = clean("第一段已结束。\n第二段没有句号\n\n第三段", sentence=True)
    assert result.text == "第一段已结束。第二段没有句号。第三段。"
    assert "两段合为一段" in [c.rule for c in result.changes]


def test_a_submission_keeps_its_paragraphs():
    assert split_paragraphs("第一段。\n\n\n第二段没有\n结束\n（1）第三段") == ["第一段。", "第二段没有\n结束", "（1）第三段"]


def test_word_line_breaks_of_every_kind_are_line_breaks():
    assert cleaned("召开\r\n会议\x0b部署\u2029工作") == "召开会议部署工作"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("近日召开会议", "近日召开会议。"),
        ("近日召开会议。", "近日召开会议。"),
        ("本周大厅巡查情况如下：", "本周大厅巡查情况如下："),
        ("他指示：“要抓落实。”", "他指示：“要抓落实。”"),
        ("探索“快办模式”", "探索“快办模式”。"),
        ("提升服务水平，", "提升服务水平。"),
        ("你好吗？", "你好吗？"),
        ("", ""),
        ("WPS", "WPS"),  # no Chinese: not a sentence of the bulletin
    ],
)
def test_a_sentence_ends_in_a_full_stop(raw, expected):
    assert cleaned(raw, sentence=True) == expected
    assert cleaned(raw.rstrip("。"), sentence=False) == raw.rstrip("。")


def test_sentence_fields_are_the_paragraphs_that_read_as_sentences():
    assert is_sentence_field("dynamics.groups[0].entries[2].text")
    assert is_sentence_field("reform.progress.items[3]")
    assert is_sentence_field("inspection.items[0].result")
    assert not is_sentence_field("dynamics.groups[0].title")
    assert not is_sentence_field("distribution.report")  # compose adds its 。
    assert not is_sentence_field("headline")


# --- idempotence ---------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    list("受理件办结近日公安厅窗口") + list(",.;:?!()\"'") + list("，。；：？！（）“”‘’、…")
    + [" ", "  ", "\u3000", "\n", "\n\n", "\x0b", "\r\n", "\u200b"]
    + ["356", "3.5", "1,234", "12:30", "2023.6.9", "(1)", "１２", "ＷＰＳ", "WPS", "Word", "don't", "..."]
    + ["https://a.cn/x?y=1", "www.gov.cn", "a@b.cn", "表.docx", "1.", "一、"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join), st.booleans())
@example("受理 356 件,办结 350 件.", True)
@example('"(1)" ,  "', True)
@example("受\n\n受", False)
def test_cleaning_twice_changes_nothing_more(text, sentence):
    once = clean(text, sentence=sentence)
    twice = clean(once.text, sentence=sentence)
    assert twice.text == once.text
    assert twice.changes == ()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_cleans_twice_to_the_same(text):
    once = cleaned(text, sentence=True)
    assert cleaned(once, sentence=True) == once


def test_the_reference_issue_is_already_clean(reference_issue):
    assert clean_issue(reference_issue) == []


def test_clean_issue_finds_every_field_that_changes(reference_issue):
    reference_issue.dynamics.groups[0].entries[1].text = "近日,自然资源厅召开会议"
    reference_issue.headline = "政务服务 工作"
    found = {f.path: f for f in clean_issue(reference_issue)}
    assert set(found) == {"dynamics.groups[0].entries[1].text", "headline"}
    assert found["dynamics.groups[0].entries[1].text"].after == "近日，自然资源厅召开会议。"
    assert found["headline"].after == "政务服务工作"


# --- a department's submission --------------------------------------------------------------------------

DEPARTMENTS = [Department("公安厅"), Department("省市场监管局", ("省市场监督管理局",)), Department("司法厅"), Department("水利厅")]


def test_the_department_is_recognised_at_the_start_longest_first():
    assert recognise_department("省公安厅窗口：近日", DEPARTMENTS) == ("公安厅", 4)
    assert recognise_department("四川省市场监督管理局窗口：近日", DEPARTMENTS) == ("省市场监管局", 10)
    assert recognise_department("近日，司法厅与水利厅开展", DEPARTMENTS) == ("司法厅", -1)
    assert recognise_department("近日，召开会议", DEPARTMENTS) is None


def test_a_wechat_submission_is_split_cleaned_and_its_department_recognised():
    text = (
        "省公安厅窗口：\n"
        "(1)近日,公安厅推出\"川渝通办\"第三批 8 项\n"
        "事项.\n"
        "\n"
        "(2)2月14日,公安厅开展培训"
    )
    submission = split_submission(text, DEPARTMENTS)
    assert submission.department == "公安厅"
    assert [e.text for e in submission.entries] == [
        "近日，公安厅推出“川渝通办”第三批8项事项。",
        "2月14日，公安厅开展培训。",
    ]
    assert [e.department for e in submission.entries] == ["公安厅", "公安厅"]


def test_a_label_in_front_of_the_entry_is_taken_off():
    submission = split_submission("司法厅窗口:近日召开会议", DEPARTMENTS)
    assert [(e.department, e.text) for e in submission.entries] == [("司法厅", "近日召开会议。")]
