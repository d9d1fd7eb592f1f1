"""Composition of an issue into blocks (SPEC §2–3)."""

from datetime import date

from desk_app.domain.blocks import Distribution, Heading, Paragraph
from desk_app.domain.compose import compose
from desk_app.domain.model import Entry, Group, NewlyAuthorized
from desk_app.output.text import render_text


def lines(issue) -> list[str]:
    return render_text(compose(issue)).splitlines()


def test_reference_issue_gives_the_expected_body_exactly(reference_issue, expected_body):
    assert render_text(compose(reference_issue)) == expected_body


def test_no_new_department_leaves_the_clause_out(reference_issue):
    reference_issue.reform.authorization.newly_authorized = []
    text = render_text(compose(reference_issue))
    assert "其中，已授权无差别综合窗口的37个，占比为82.2%；未授权无差别综合窗口的8个，占比为17.8%。" in text
    assert "较上周新增" not in text


def test_partial_authorisation_note_follows_the_name(reference_issue):
    reference_issue.reform.authorization.newly_authorized = [
        NewlyAuthorized("省药监局", "部分事项授权"),
        NewlyAuthorized("省医保局"),
    ]
    assert "较上周新增2个部门：省药监局（部分事项授权）、省医保局；" in render_text(compose(reference_issue))


def test_empty_dynamics_groups_are_left_out_and_the_rest_renumbered(reference_issue):
    groups = reference_issue.dynamics.groups
    groups.insert(0, Group("空的分组", []))
    groups[2].entries = []  # the second real group (窗口服务效能提升工作情况) is empty now
    text = lines(reference_issue)
    start = text.index("三、窗口工作动态")
    headings = [line for line in text[start:] if line.startswith("（") and line.endswith(("情况", "大厅"))]
    assert headings[:2] == ["（一）优化营商环境工作开展情况", "（二）厅（局）长进大厅"]
    assert "空的分组" not in "".join(text)
    assert "窗口服务效能提升工作情况" not in "".join(text)


def test_a_group_of_blank_entries_counts_as_empty(reference_issue):
    reference_issue.dynamics.groups[0].entries = [Entry("公安厅", "   ")]
    text = lines(reference_issue)
    assert "（一）窗口服务效能提升工作情况" in text


def test_one_entry_group_has_no_sub_number_and_bigger_groups_do(reference_issue):
    blocks = compose(reference_issue)
    start = blocks.index(Heading(2, "（三）", "厅（局）长进大厅"))
    only = blocks[start + 1]
    assert isinstance(only, Paragraph) and only.number == "" and only.text.startswith("2月14日下午")
    first = blocks.index(Heading(2, "（一）", "优化营商环境工作开展情况"))
    assert [b.number for b in blocks[first + 1 : first + 3]] == ["（1）", "（2）"]


def test_empty_progress_is_left_out_and_not_numbered(reference_issue):
    reference_issue.reform.progress.items = []
    text = lines(reference_issue)
    assert "（三）推进情况" not in text
    assert not any(line.startswith("1.") for line in text)
    assert text[text.index("二、省级政务服务事项受理办理情况") - 1].startswith("已进驻")


def test_progress_items_numbered_from_one(reference_issue):
    reference_issue.reform.progress.items = ["甲。", "乙。"]
    text = lines(reference_issue)
    i = text.index("（三）推进情况")
    assert text[i + 1 : i + 3] == ["1.甲。", "2.乙。"]


def test_period_across_years_in_the_headline(reference_issue):
    reference_issue.period.start, reference_issue.period.end = date(2023, 12, 25), date(2024, 1, 5)
    assert "（2023年12月25日—2024年1月5日）" in lines(reference_issue)


def test_approvals_dates_default_to_new_year_and_period_end(reference_issue):
    reference_issue.approvals.date_from = reference_issue.approvals.date_to = None
    reference_issue.period.end = date(2023, 3, 3)
    assert "，2023年1月1日至2023年3月3日，" in render_text(compose(reference_issue))


def test_inspection_items_are_run_in_titles(reference_issue):
    blocks = compose(reference_issue)
    items = [b for b in blocks if isinstance(b, Paragraph) and b.run_in]
    assert items[0] == Paragraph("总体情况良好。", number="（一）", run_in="按时到岗情况。", level=2)
    assert len(items) == 6


def test_distribution_block_is_last(reference_issue):
    last = compose(reference_issue)[-1]
    assert isinstance(last, Distribution)
    assert [line.text for line in last.lines] == [
        "报：中心领导。",
        "送：各相关省级部门（单位），中心各处（室）、直属单位。",
        "发：各部门窗口。",
    ]
    assert last.copies == "（共印80份）"


def test_section_titles_are_data(reference_issue):
    reference_issue.reform.title = "综窗改革"
    reference_issue.inspection.title = "大厅巡查"
    text = lines(reference_issue)
    assert "一、综窗改革" in text and "四、大厅巡查" in text


def test_a_week_without_any_dynamics_leaves_the_section_out_and_renumbers(reference_issue):
    for group in reference_issue.dynamics.groups:
        group.entries = []
    text = lines(reference_issue)
    assert "三、窗口工作动态" not in text and "窗口工作动态" not in "".join(text)
    assert "三、大厅巡查情况" in text


def test_an_inspection_with_nothing_to_say_is_left_out(reference_issue):
    reference_issue.inspection.intro = ""
    reference_issue.inspection.items = []
    text = lines(reference_issue)
    assert not any(line.endswith("大厅巡查情况") for line in text)
    assert text[-4] == "报：中心领导。"


def test_a_run_in_item_leads_with_number_and_title_and_other_paragraphs_do_not(reference_issue):
    blocks = compose(reference_issue)
    item = next(b for b in blocks if isinstance(b, Paragraph) and b.run_in)
    assert (item.lead, item.rest) == ("（一）按时到岗情况。", "总体情况良好。")
    numbered = next(b for b in blocks if isinstance(b, Paragraph) and b.number == "1.")
    assert numbered.lead == "" and numbered.rest == numbered.full_text
