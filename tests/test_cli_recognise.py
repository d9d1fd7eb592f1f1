"""``python -m desk_app import`` with past bulletins: .docx and PDF text (.txt) besides JSON."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import run

from desk_app.domain.compose import compose
from desk_app.output.docx_writer import write_docx
from desk_app.output.text import render_text

DATA = Path(__file__).parent / "data"


def stored_keys(db: str) -> list[str]:
    return [line.split("\t")[0] for line in run("list", db=db).stdout.splitlines()]


def test_a_docx_and_a_pdf_text_import_to_the_reference(tmp_path, sqlite_url, reference_issue, reference_data):
    docx = tmp_path / "2023 第6期 周报.docx"
    write_docx(compose(reference_issue), docx)
    result = run("import", str(docx), str(DATA / "original-pdf-text.txt"), db=sqlite_url)
    assert f"imported 2023-6 (serial 426) from {docx}" in result.stdout
    assert "replaced 2023-6 (serial 426) from" in result.stdout and "not understood" not in result.stderr
    assert json.loads(run("dump", "2023-6", db=sqlite_url).stdout) == reference_data


def test_a_refused_file_is_named_stores_nothing_and_the_others_go_on(tmp_path, sqlite_url, reference_issue):
    notice = tmp_path / "通知.txt"
    notice.write_text("关于召开会议的通知\n各处室：定于下周一开会。\n", encoding="utf-8")
    sheet = tmp_path / "统计表.docx"
    sheet.write_bytes((DATA / "bulletin.json").read_bytes())  # not a zip at all
    good = tmp_path / "good.docx"
    write_docx(compose(reference_issue), good)
    result = run("import", str(notice), str(sheet), str(good), db=sqlite_url, check=False)
    assert result.returncode == 1
    assert f"{notice}: error: masthead: not found: the issue line" in result.stderr
    assert f"{notice}: warning: 第 1 页第 1 行: not understood, not imported: 关于召开会议的通知" in result.stderr
    assert f"{sheet}: error: not a Word document (.docx): not a zip package" in result.stderr
    assert "2 of 3 file(s) not imported" in result.stderr
    assert stored_keys(sqlite_url) == ["2023-6"]


def test_parts_not_understood_are_listed_and_complete_only_refuses_them(tmp_path, sqlite_url, reference_issue):
    lines = render_text(compose(reference_issue)).splitlines()
    lines.insert(lines.index("一、综窗改革攻坚行动"), "（此页有手写批注）")
    path = tmp_path / "批注.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    refused = run("import", "--complete-only", str(path), db=sqlite_url, check=False)
    assert refused.returncode == 1 and "parts not understood (--complete-only): not imported" in refused.stderr
    assert stored_keys(sqlite_url) == []
    imported = run("import", str(path), db=sqlite_url)
    assert f"{path}: warning: 第 1 页第 6 行: not understood, not imported: （此页有手写批注）" in imported.stderr
    assert "1 file(s) imported with parts not understood" in imported.stderr
    assert stored_keys(sqlite_url) == ["2023-6"]


def test_a_sentence_not_understood_leaves_its_figures_missing_and_nothing_is_stored(tmp_path, sqlite_url, reference_issue):
    lines = render_text(compose(reference_issue)).splitlines()
    lines = [line.replace("咨询618人次", "咨询六百一十八人次") for line in lines]
    path = tmp_path / "改过.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run("import", str(path), db=sqlite_url, check=False)
    assert result.returncode == 1
    assert f"{path}: warning: 第 1 页第 8 行: not understood, not imported: 本周，共计咨询六百一十八人次" in result.stderr
    assert f"{path}: error: reform.window_stats.week.consult: missing" in result.stderr
    assert stored_keys(sqlite_url) == []


def test_the_title_of_a_part_left_out_is_taken_from_the_issue_before(tmp_path, sqlite_url, reference_issue):
    """No 窗口动态 this week: the bulletin prints no 「三、窗口工作动态」, so its title comes from the issue before."""
    run("import", str(DATA / "bulletin.json"), db=sqlite_url)
    issue = reference_issue
    issue.masthead.number, issue.masthead.serial = 7, 427
    for group in issue.dynamics.groups:
        group.entries = []
    path = tmp_path / "第7期.docx"
    write_docx(compose(issue), path)
    result = run("import", str(path), db=sqlite_url)
    assert f"{path}: warning: dynamics.title: not printed (the part is left out), taken from 2023-6" in result.stderr
    dumped = json.loads(run("dump", "2023-7", db=sqlite_url).stdout)
    assert dumped["dynamics"] == {"title": "窗口工作动态", "groups": []}
    assert dumped["inspection"]["title"] == "大厅巡查情况"  # printed after 「三、」 now, recognised by its place
