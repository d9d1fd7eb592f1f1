"""Two versions of an issue compared field by field, and merged from the chosen fields."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from desk_app.domain.exchange import to_data
from desk_app.domain.merge import Difference, changed_spans, differences, display_text, merge
from desk_app.domain.model import Entry, NewlyAuthorized


@pytest.fixture
def theirs(reference_issue):
    return reference_issue


@pytest.fixture
def mine(reference_issue):
    return copy.deepcopy(reference_issue)


def test_equal_issues_have_no_differences(theirs, mine):
    assert differences(theirs, mine) == []
    assert merge(theirs, mine, []) == theirs


def test_a_changed_count(theirs, mine):
    mine.reform.window_stats.week.consult = 700
    assert differences(theirs, mine) == [
        Difference("reform.window_stats.week.consult", "一、综窗改革 › 综窗办件情况 › 本周 › 咨询", "618", "700")
    ]


def test_a_count_left_empty_is_said_in_words(theirs, mine):
    mine.distribution.copies = None
    (difference,) = differences(theirs, mine)
    assert (difference.path, difference.label, difference.theirs, difference.mine) == (
        "distribution.copies",
        "报尾 › 印数",
        "80",
        "（未填写）",
    )


def test_a_changed_entry_text(theirs, mine):
    mine.dynamics.groups[0].entries[1].text = "近日，自然资源厅改过的动态。"
    (difference,) = differences(theirs, mine)
    assert difference.path == "dynamics.groups[0].entries[1].text"
    assert difference.label == "三、窗口动态 › 分组1 › 动态2 › 内容"
    assert difference.theirs == theirs.dynamics.groups[0].entries[1].text
    assert difference.mine == "近日，自然资源厅改过的动态。"


def test_an_added_entry_is_one_difference_for_the_whole_list(theirs, mine):
    mine.dynamics.groups[2].entries.append(Entry("税务局", "新增的一条动态。"))
    (difference,) = differences(theirs, mine)
    assert difference.path == "dynamics.groups[2].entries"
    assert difference.label == "三、窗口动态 › 分组3 › 动态"
    assert difference.theirs.startswith("1. 【司法厅】2月14日下午") and "\n" not in difference.theirs
    lines = difference.mine.split("\n")
    assert len(lines) == 2 and lines[1] == "2. 【税务局】新增的一条动态。"


def test_a_removed_newly_authorised_department(theirs, mine):
    del mine.reform.authorization.newly_authorized[0]
    (difference,) = differences(theirs, mine)
    assert difference.path == "reform.authorization.newly_authorized"
    assert difference.label == "一、综窗改革 › 授权情况 › 新增授权部门"
    assert difference.theirs == "1. 省地震局\n2. 省测绘地理信息局（部分事项授权）"
    assert difference.mine == "1. 省测绘地理信息局（部分事项授权）"


def test_lists_of_equal_length_are_compared_item_by_item(theirs, mine):
    mine.reform.authorization.newly_authorized[1] = NewlyAuthorized("省测绘地理信息局")  # the note removed
    mine.inspection.items[5].item = "大厅防疫情况"
    assert [d.path for d in differences(theirs, mine)] == [
        "reform.authorization.newly_authorized[1].note",
        "inspection.items[5].item",
    ]


def test_a_date_left_to_its_default_differs_from_a_set_one(theirs, mine):
    mine.approvals.date_from = None  # to_data leaves "from" out: still compared
    mine.masthead.date = date(2023, 2, 28)
    found = differences(theirs, mine)
    assert [(d.path, d.theirs, d.mine) for d in found] == [
        ("masthead.date", "2023-02-27", "2023-02-28"),
        ("approvals.from", "2023-01-01", "（未填写）"),
    ]
    assert "from" not in to_data(merge(theirs, mine, ["approvals.from"]))["approvals"]


@pytest.fixture
def both_changed(theirs, mine):
    """Their version and mine, differing in four places."""
    theirs = copy.deepcopy(theirs)
    theirs.headline = "对方改的大标题"
    mine.reform.window_stats.week.consult = 700
    mine.dynamics.groups[0].entries[1].text = "我改的动态。"
    mine.dynamics.groups[2].entries.append(Entry("税务局", "新增的一条动态。"))
    del mine.reform.authorization.newly_authorized[0]
    return theirs, mine


def test_the_differences_come_in_the_order_of_the_bulletin(both_changed):
    assert [d.path for d in differences(*both_changed)] == [
        "headline",
        "reform.window_stats.week.consult",
        "reform.authorization.newly_authorized",
        "dynamics.groups[0].entries[1].text",
        "dynamics.groups[2].entries",
    ]


def test_merging_with_nothing_chosen_gives_theirs(both_changed):
    theirs, mine = both_changed
    assert merge(theirs, mine, []) == theirs


def test_merging_with_everything_chosen_gives_mine(both_changed):
    theirs, mine = both_changed
    assert merge(theirs, mine, [d.path for d in differences(theirs, mine)]) == mine


def test_merging_some_takes_exactly_those(both_changed):
    theirs, mine = both_changed
    merged = merge(theirs, mine, ["reform.window_stats.week.consult", "dynamics.groups[2].entries"])
    expected = copy.deepcopy(theirs)
    expected.reform.window_stats.week.consult = 700
    expected.dynamics.groups[2].entries = copy.deepcopy(mine.dynamics.groups[2].entries)
    assert merged == expected
    left = {"headline", "reform.authorization.newly_authorized", "dynamics.groups[0].entries[1].text"}
    assert differences(merged, mine) == [d for d in differences(theirs, mine) if d.path in left]
    # The inputs are left as they were.
    assert theirs.reform.window_stats.week.consult == 618 and len(theirs.dynamics.groups[2].entries) == 1


@pytest.mark.parametrize("path", ["dynamics.groups[2].entries[1].text", "headline.title", "masthead.colour", "reform..x"])
def test_merging_a_path_that_is_not_in_both_is_refused(both_changed, path):
    with pytest.raises(ValueError, match="not a field"):
        merge(*both_changed, [path])


def test_display_text_of_a_group_shows_its_entries():
    group = {"title": "厅（局）长进大厅", "entries": [{"department": "", "text": "一条。"}]}
    assert display_text([group]) == "1. 厅（局）长进大厅\n    1) 一条。"
    assert display_text([]) == "（无）"
    assert display_text("") == "（空）"


def marked(text: str, spans) -> list[str]:  # noqa: ANN001
    return [text[start:end] for start, end in spans]


def test_changed_spans_in_a_sentence_are_the_words_that_differ():
    theirs, mine = "指导全省各地区规范优化办事指南展示。", "指导全省各地区进一步规范优化办事指南的展示。"
    their_spans, my_spans = changed_spans(theirs, mine)
    assert marked(mine, my_spans) == ["进一步", "的"]
    assert marked(theirs, their_spans) == ["", ""]  # where mine has more: empty, at the same places
    assert their_spans == [(7, 7), (15, 15)]


def test_changed_spans_of_counts_are_the_whole_count():
    assert changed_spans("116", "126") == ([(0, 3)], [(0, 3)])
    assert changed_spans("80", "（未填写）") == ([(0, 2)], [(0, 5)])


def test_changed_spans_of_a_list_mark_the_item_removed_not_the_renumbered_rest():
    theirs = "1. 省地震局\n2. 省测绘地理信息局（部分事项授权）"
    mine = "1. 省测绘地理信息局（部分事项授权）"
    their_spans, my_spans = changed_spans(theirs, mine)
    assert marked(theirs, their_spans) == ["1. 省地震局"]
    assert my_spans == [(0, 0)]


def test_changed_spans_of_a_list_with_an_item_changed_and_one_added():
    theirs = "1. 【司法厅】第一条。\n2. 【公安厅】第二条动态。"
    mine = "1. 【司法厅】第一条。\n2. 【公安厅】改过的第二条动态。\n3. 【税务局】新增的一条。"
    their_spans, my_spans = changed_spans(theirs, mine)
    assert marked(mine, my_spans) == ["改过的", "3. 【税务局】新增的一条。"]
    assert marked(theirs, their_spans) == ["", ""]


def test_three_way_asks_only_where_both_changed(reference_issue):
    from desk_app.domain.merge import three_way

    base = copy.deepcopy(reference_issue)
    theirs, mine = copy.deepcopy(base), copy.deepcopy(base)
    theirs.headline = "对方改的标题"  # theirs only
    theirs.distribution.copies = 90  # both, differently
    mine.distribution.copies = 85
    mine.reform.window_stats.week.consult = 700  # mine only
    theirs.masthead.serial = mine.masthead.serial = 430  # both, the same: no difference at all
    mine.dynamics.groups[2].entries.append(copy.deepcopy(base.dynamics.groups[2].entries[0]))  # mine only: a list grew
    sorted_out = three_way(base, theirs, mine)
    assert sorted_out.only_mine == ["reform.window_stats.week.consult", "dynamics.groups[2].entries"]
    assert [d.path for d in sorted_out.both] == ["distribution.copies"]
    assert sorted_out.only_theirs == 1
    merged = merge(theirs, mine, sorted_out.only_mine)
    assert merged.headline == "对方改的标题" and merged.distribution.copies == 90
    assert merged.reform.window_stats.week.consult == 700 and len(merged.dynamics.groups[2].entries) == 2


def test_three_way_asks_about_items_both_added(reference_issue):
    from desk_app.domain.merge import three_way
    from desk_app.domain.model import Entry

    base = copy.deepcopy(reference_issue)
    theirs, mine = copy.deepcopy(base), copy.deepcopy(base)
    theirs.dynamics.groups[2].entries.append(Entry("税务局", "对方加的一条。"))
    mine.dynamics.groups[2].entries.append(Entry("公安厅", "我加的一条。"))
    sorted_out = three_way(base, theirs, mine)
    assert sorted_out.only_mine == [] and len(sorted_out.both) == 2  # the new item's department and text
