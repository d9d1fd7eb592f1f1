"""The live preview: the composed blocks as they will print, following what is typed."""

from __future__ import annotations

import copy
import os
import subprocess
import sys

import pytest
from gui_support import body_lines, dialogs, stored_reference, type_into, window  # noqa: F401

from desk_app.domain.compose import compose
from desk_app.domain.rules import MISSING
from desk_app.gui.preview import RED, blocks_to_html
from desk_app.output.text import render_text


def test_preview_text_is_the_composed_bulletin(reference_issue, expected_body, qapp):
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(blocks_to_html(compose(reference_issue)))
    assert "".join(body_lines(document.toPlainText())) == "".join(body_lines(expected_body))


def test_preview_marks_the_masthead_headings_and_blanks(reference_issue):
    reference_issue.distribution.copies = None
    html = blocks_to_html(compose(reference_issue))
    assert f"color:{RED}" in html and ">窗口工作周报<" in html
    assert "黑体" in html.split("一、综窗改革攻坚行动")[0].rsplit("<p", 1)[1]  # 一、 headings in 黑体
    assert "楷体" in html.split("（一）省本级综窗办件情况")[0].rsplit("<p", 1)[1]  # （一） headings in 楷体
    assert f'color:#b00000;">{MISSING}</span>' in html  # the missing copies stand out
    assert "&lt;" not in render_text(compose(reference_issue))  # (escaping is the preview's business only)


@pytest.mark.usefixtures("stored_reference")
def test_preview_follows_typing(qtbot, window):
    type_into(qtbot, window, "reform.window_stats.week.consult", "619")
    qtbot.waitUntil(lambda: "本周，共计咨询619人次" in window.preview_text(), timeout=500)
    type_into(qtbot, window, "inspection.items[0].item", "到岗")
    qtbot.waitUntil(lambda: "（一）到岗。总体情况良好。" in window.preview_text(), timeout=500)
    type_into(qtbot, window, "reform.authorization.authorized", "36")
    qtbot.waitUntil(lambda: "已授权无差别综合窗口的36个，占比为80.0%" in window.preview_text(), timeout=500)


@pytest.mark.usefixtures("stored_reference")
def test_preview_scrolls_to_the_part_being_edited(qtbot, window):
    window.preview.resize(400, 300)
    window.editor.tabs.setCurrentIndex(4)
    assert window.preview.verticalScrollBar().value() > 0
    window.editor.tabs.setCurrentIndex(0)
    assert window.preview.verticalScrollBar().value() == 0


def test_smoke_test_runs_in_its_own_process(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESK_APP_DATA_DIR=str(tmp_path / "should stay empty"))
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", "--smoke-test"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "smoke test ok" in result.stdout
    assert "6 tabs" in result.stdout and "created issue 2023-7" in result.stdout
    assert not (tmp_path / "should stay empty").exists()  # never the user's data folder


def test_smoke_test_fails_loudly(tmp_path, monkeypatch):
    from desk_app.gui import smoke

    monkeypatch.setattr(smoke, "SAMPLE", "resources/sample/missing.json")
    monkeypatch.setenv("DESK_APP_DATA_DIR", str(tmp_path))
    assert smoke.run_smoke_test() == 1


def test_a_tab_finds_its_section_when_an_empty_one_before_it_is_left_out(reference_issue):
    from desk_app.gui.editor import TABS, page_index_for

    for group in reference_issue.dynamics.groups:
        group.entries = []  # no 动态: 四、大厅巡查 prints as 三、
    html = blocks_to_html(compose(reference_issue))
    inspection = TABS[page_index_for("inspection.items[0].result")]
    assert inspection.title == "四、大厅巡查"
    assert f'<a name="{inspection.anchor}"></a>' in html.split("三、大厅巡查情况")[0][-400:]
    assert 'name="section-dynamics"' not in html
    assert [page_index_for(p) for p in ("headline", "period.start", "masthead.serial", "distribution.copies")] == [0, 0, 0, 5]


def test_an_opened_issue_is_ready_to_type_before_its_preview_which_follows_the_paint(qtbot, window, reference_issue):
    from desk_app.gui.fields import shown_problem
    from desk_app.storage import repository

    other = copy.deepcopy(reference_issue)
    other.masthead.number, other.masthead.serial = 7, 427
    other.headline = "第七期的标题"
    other.distribution.copies = None  # an error the problem list must show for this issue
    repository.save_issue(reference_issue)
    repository.save_issue(other)
    window.load_list(select=reference_issue.key)
    window.flush_pending()
    assert not any(p.field == "distribution.copies" for p in window.problems)
    calls = []
    plain = window.preview.setHtml
    window.preview.setHtml = lambda html: (calls.append(html), plain(html))

    window.open_issue(other.key)
    window.open_issue(reference_issue.key)
    window.open_issue(other.key)
    # The page shows the issue at once, to type in; problems of the issue left are not shown meanwhile.
    headline = window.editor.focus_field("headline")
    assert headline.value() == "第七期的标题" and headline.isEnabled()
    assert window.preview_pending and calls == []
    assert window.problems == [] and window.problem_list.count() == 0
    # After the paint, once for the three openings: the preview and the problems of the issue shown.
    qtbot.waitUntil(lambda: not window.preview_pending, timeout=1000)
    assert len(calls) == 1 and "第七期的标题" in window.preview_text()
    assert any(p.field == "distribution.copies" and p.is_error for p in window.problems)
    window.editor.tabs.setCurrentIndex(5)
    assert shown_problem(window.editor.focus_field("distribution.copies")) == "error"
