"""The window-weekly/1 exchange format: every bad input of SPEC §5 names its field."""

import json

import pytest

from desk_app.domain.exchange import InvalidIssue, load_valid, loads, to_data
from desk_app.domain.model import Issue
from desk_app.domain.problems import Severity


def problems_of(data) -> list[str]:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    with pytest.raises(InvalidIssue) as caught:
        load_valid(text)
    return [p.message() for p in caught.value.problems]


def test_reference_file_round_trips_exactly(reference_json, reference_data):
    assert to_data(loads(reference_json)) == reference_data


def test_malformed_json():
    (message,) = problems_of('{"format": "window-weekly/1",')
    assert message.startswith("malformed JSON: ") and "line 1" in message


def test_unknown_format(make_data):
    data = make_data()
    data["format"] = "window-weekly/2"
    assert problems_of(data) == ['format: unknown format "window-weekly/2" (expected window-weekly/1)']


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("masthead", "serial"), "masthead.serial"),
        (("period", "end"), "period.end"),
        (("reform", "window_stats", "ytd", "transfer"), "reform.window_stats.ytd.transfer"),
        (("approvals", "other"), "approvals.other"),
        (("distribution",), "distribution"),
        (("headline",), "headline"),
    ],
)
def test_missing_key_is_named(make_data, path, field):
    data = make_data()
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    assert problems_of(data) == [f"{field}: missing"]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("masthead", "serial"), "426", "masthead.serial: wrong type: expected integer"),
        (("masthead", "year"), 2023.0, "masthead.year: wrong type: expected integer"),
        (("distribution", "copies"), True, "distribution.copies: wrong type: expected integer"),
        (("headline",), 5, "headline: wrong type: expected string"),
        (("reform", "progress", "items"), "起草", "reform.progress.items: wrong type: expected list"),
        (("dynamics", "groups"), {}, "dynamics.groups: wrong type: expected list"),
        (("masthead", "date"), 20230227, "masthead.date: wrong type: expected date string YYYY-MM-DD"),
        (("period",), [], "period: wrong type: expected object"),
    ],
)
def test_wrong_type_is_named(make_data, path, value, message):
    data = make_data()
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    assert problems_of(data) == [message]


def test_wrong_type_deep_in_a_list(make_data):
    data = make_data()
    data["dynamics"]["groups"][1]["entries"][2]["text"] = None
    assert problems_of(data) == ["dynamics.groups[1].entries[2].text: wrong type: expected string"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("reform", "window_stats", "week", "consult"), "reform.window_stats.week.consult"),
        (("approvals", "licensing", "accepted"), "approvals.licensing.accepted"),
        (("reform", "authorization", "stationed"), "reform.authorization.stationed"),
        (("distribution", "copies"), "distribution.copies"),
    ],
)
def test_negative_count_is_named(make_data, path, field):
    data = make_data()
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = -3
    assert problems_of(data) == [f"{field}: must not be negative (got -3)"]


@pytest.mark.parametrize("value", ["2023-02-30", "2023-13-01", "2023-2-7", "27.02.2023", ""])
def test_impossible_date_is_named(make_data, value):
    data = make_data()
    data["masthead"]["date"] = value
    assert problems_of(data) == [f"masthead.date: impossible date {value!r} (expected YYYY-MM-DD)"]


def test_authorized_above_stationed(make_data):
    data = make_data()
    data["reform"]["authorization"]["authorized"] = 46
    assert problems_of(data) == ["reform.authorization.authorized: authorized is more than stationed (46 > 45)"]


def test_period_start_after_end(make_data):
    data = make_data()
    data["period"] = {"start": "2023-02-18", "end": "2023-02-17"}
    assert problems_of(data) == ["period.start: start 2023-02-18 is after the end"]


def test_unknown_key_is_refused_not_dropped(make_data):
    data = make_data()
    data["masthead"]["serail"] = 426
    assert problems_of(data) == ["masthead.serail: unknown key"]


def test_all_structural_problems_are_reported_at_once(make_data):
    data = make_data()
    del data["masthead"]["serial"]
    data["distribution"]["copies"] = -1
    data["period"]["start"] = "2023-02-31"
    assert len(problems_of(data)) == 3


def test_odd_but_possible_values_are_warnings(make_data):
    data = make_data()
    data["reform"]["window_stats"]["ytd"]["consult"] = 10  # below the week's 618: a week across New Year
    issue, warnings = load_valid(json.dumps(data, ensure_ascii=False))
    assert issue.reform.window_stats.ytd.consult == 10
    assert all(w.severity is Severity.WARNING for w in warnings)
    assert [w.message() for w in warnings] == [
        "reform.window_stats.ytd.consult: year to date is below the week's figure (10 < 618)",
    ]  # completed above accepted (licensing, other) is ordinary for year-to-date figures: no warning


def test_serial_not_following_the_previous_issue_is_a_warning(make_data, reference_issue):
    data = make_data()
    data["masthead"]["number"] = 7
    data["masthead"]["serial"] = 430
    _, warnings = load_valid(json.dumps(data), lambda issue: reference_issue)
    assert "masthead.serial: serial 430 does not follow 426 of issue 2023-6" in [w.message() for w in warnings]
    data["masthead"]["serial"] = 427
    _, warnings = load_valid(json.dumps(data), lambda issue: reference_issue)
    assert not [w for w in warnings if w.field == "masthead.serial"]


def test_approvals_dates_may_be_left_to_their_defaults(make_data):
    data = make_data()
    del data["approvals"]["from"]
    del data["approvals"]["to"]
    issue = loads(json.dumps(data))
    assert issue.approvals_from().isoformat() == "2023-01-01"
    assert issue.approvals_to().isoformat() == "2023-02-17"
    assert to_data(issue) == data


def test_chinese_messages_name_the_field_in_chinese(make_data):
    data = make_data()
    del data["masthead"]["serial"]
    with pytest.raises(InvalidIssue) as caught:
        load_valid(json.dumps(data))
    assert caught.value.problems[0].message_zh() == "报头 › 总期数：未填写"


def test_an_empty_draft_lists_what_is_missing():
    from desk_app.domain.validation import validate

    fields = {p.field for p in validate(Issue()) if p.is_error}
    assert {"masthead.year", "masthead.serial", "period.start", "reform.window_stats.week.consult", "distribution.copies"} <= fields


def test_control_characters_a_document_cannot_hold_are_refused(make_data):
    data = make_data()
    data["dynamics"]["groups"][0]["entries"][1]["text"] = "从 Word 粘贴\x0b的换行"
    assert problems_of(data) == [
        "dynamics.groups[0].entries[1].text: contains a control character (U+000B) that a document cannot hold"
    ]


def test_counts_beyond_a_database_integer_are_refused(make_data):
    data = make_data()
    data["approvals"]["other"]["accepted"] = 2**31
    assert problems_of(data) == [f"approvals.other.accepted: is too large (got {2**31})"]


def test_chinese_messages_carry_chinese_details(make_data):
    from desk_app.domain.validation import validate

    issue = loads(json.dumps(make_data()))
    previous = loads(json.dumps(make_data()))
    issue.approvals.licensing.completed = 60000  # below last week's 63468
    messages = [p.message_zh() for p in validate(issue, previous)]
    assert "二、受理办理 › 行政许可事项 › 办结：行政许可事项办结60000件，少于上周的63468件（今年以来的累计数不会减少）" in messages
    assert not any("completed" in m or "accepted" in m or "below" in m for m in messages)
