"""The wording rules of SPEC §2–3, on data of our own."""

from datetime import date

import pytest

from desk_app.domain import rules
from desk_app.domain.model import Authorization, NewlyAuthorized, WindowCounts


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (13, 16, "81.3"),  # 81.25 → 81.3: half up, not banker's 81.2
        (3, 16, "18.8"),  # 18.75 → 18.8
        (22, 25, "88.0"),  # the decimal is always shown
        (37, 45, "82.2"),
        (8, 45, "17.8"),
        (1, 8, "12.5"),
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (0, 45, "0.0"),
        (45, 45, "100.0"),
        (1, 1600, "0.1"),  # 0.0625 → 0.1
        (1, 2001, "0.0"),  # 0.04998 → 0.0
    ],
)
def test_percent_is_rounded_half_up_with_one_decimal(part, whole, expected):
    assert rules.percent_text(part, whole) == expected


def test_percent_of_nothing_is_a_placeholder_not_a_crash():
    assert rules.percent_text(1, 0) == rules.MISSING
    assert rules.percent_text(None, 5) == rules.MISSING


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (6, "六"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"), (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十")],
)
def test_chinese_numbers(n, text):
    assert rules.chinese_number(n) == text


def test_the_four_numbering_levels_are_literal_text():
    assert [rules.level_number(level, 3) for level in (1, 2, 3, 4)] == ["三、", "（三）", "3.", "（3）"]
    assert rules.level_number(2, 12) == "（十二）"
    with pytest.raises(ValueError):
        rules.level_number(5, 1)


def test_dates_have_no_zero_padding():
    assert rules.date_text(date(2023, 2, 7)) == "2023年2月7日"
    assert rules.date_text(date(2023, 12, 25), with_year=False) == "12月25日"


def test_period_within_a_month_and_across_months():
    assert rules.period_text(date(2023, 2, 13), date(2023, 2, 17)) == "（2月13日—2月17日）"
    assert rules.period_text(date(2023, 1, 30), date(2023, 2, 3)) == "（1月30日—2月3日）"
    assert "\u2014" in rules.period_text(date(2023, 1, 30), date(2023, 2, 3))  # an em dash


def test_period_across_years_carries_both_years():
    assert rules.period_text(date(2023, 12, 25), date(2024, 1, 5)) == "（2023年12月25日—2024年1月5日）"


def test_issue_line():
    assert rules.issue_line_text(2023, 6, 426) == "2023年第6期（总第426期）"


def test_window_stats_sentence_uses_plain_digits():
    sentence = rules.window_stats_sentence(WindowCounts(1, 2, 3, 12345), WindowCounts(10, 20, 30, 1234567))
    assert sentence == (
        "本周，共计咨询1人次、受理2件、颁发3件、流转12345件；"
        "今年以来，累计咨询10人次、受理20件、颁发30件、流转1234567件。"
    )


def test_authorization_without_new_departments_leaves_the_clause_out():
    sentence = rules.authorization_sentence(Authorization("t", 16, 13, []))
    assert sentence == (
        "已进驻省政务服务大厅的省级部门（单位）共16个。其中，已授权无差别综合窗口的13个，占比为81.3%；"
        "未授权无差别综合窗口的3个，占比为18.8%。"
    )
    assert "较上周新增" not in sentence


def test_authorization_names_new_departments_and_partial_authorisation():
    auth = Authorization(
        "t", 25, 22, [NewlyAuthorized("省林草局", "部分事项授权"), NewlyAuthorized("省粮食和储备局")]
    )
    assert rules.authorization_sentence(auth) == (
        "已进驻省政务服务大厅的省级部门（单位）共25个。其中，已授权无差别综合窗口的22个，占比为88.0%，"
        "较上周新增2个部门：省林草局（部分事项授权）、省粮食和储备局；"
        "未授权无差别综合窗口的3个，占比为12.0%。"
    )


def test_distribution_lines_end_with_one_full_stop():
    assert rules.distribution_line("报", "中心领导") == "报：中心领导。"
    assert rules.distribution_line("报", "中心领导。") == "报：中心领导。"
    assert rules.copies_text(80) == "（共印80份）"


def test_run_in_title_gets_one_full_stop():
    assert rules.run_in_title("着装情况") == "着装情况。"
    assert rules.run_in_title("着装情况。") == "着装情况。"
