"""The import workflow: off the UI thread with a cancellable progress, a preview, folders and their report."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import peewee
import pytest
from gui_support import dialogs, import_and_wait, stored_reference, window  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desk_app.domain.exchange import loads
from desk_app.domain.model import IssueKey
from desk_app.gui import importing
from desk_app.reading.recognition import Recognition, Unrecognised, Verdict
from desk_app.storage import repository


def write_issues(folder: Path, make_data, numbers, headline: str = "", suffix: str = ".json") -> list[Path]:  # noqa: ANN001
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in numbers:
        data = make_data()
        data["masthead"]["number"], data["masthead"]["serial"] = number, 420 + number
        if headline:
            data["headline"] = headline
        path = folder / f"第{number}期{suffix}"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def stored_keys() -> list[IssueKey]:
    return sorted(s.key for s in repository.list_issues())


@pytest.fixture
def pretend_docx_and_txt(monkeypatch):
    """.docx files are recognised with two pieces not understood (NEEDS_A_LOOK), .txt files refused:
    what the readers of past bulletins give; their content is an exchange file here."""
    from desk_app.domain.problems import Problem

    real = importing.recognise_file

    def recognise(path: Path, known_departments=()) -> Recognition:  # noqa: ANN001
        if path.suffix == ".docx":
            issue = loads(path.read_text(encoding="utf-8"))
            return Recognition(
                path,
                "docx",
                issue,
                recognised=["报头：窗口工作周报 2023年第6期", "一、改革推进：窗口统计 4 项"],
                unrecognised=[Unrecognised("第 3 段", "附件：大厅平面图"), Unrecognised("第 12 段", "（此页无正文）")],
            )
        if path.suffix == ".txt":
            return Recognition(path, "text", problems=[Problem("", "unknown_format", detail="第 1 页第 1 行")])
        return real(path, known_departments=known_departments)

    monkeypatch.setattr(importing, "recognise_file", recognise)


def test_cancel_after_some_files_keeps_them_and_reports_the_rest(qtbot, window, dialogs, tmp_path, make_data, monkeypatch):
    paths = write_issues(tmp_path / "周报 文件夹", make_data, range(1, 7))
    dialogs.folder_path = tmp_path / "周报 文件夹"
    real, saved = importing.import_issue, []

    def save_then_cancel_after_three(issue, **options):  # noqa: ANN001, ANN003, ANN202
        result = real(issue, **options)
        saved.append(issue.key)
        assert threading.current_thread() is not threading.main_thread()  # saved in the worker
        if len(saved) == 3:
            window.importing.cancel()  # as the 取消 button does: before the next file
        return result

    monkeypatch.setattr(importing, "import_issue", save_then_cancel_after_three)
    report = import_and_wait(qtbot, window, window.import_folder_action.trigger)

    assert stored_keys() == [IssueKey(2023, n) for n in (1, 2, 3)]
    assert [o.name for o in report.of(importing.Outcome.IMPORTED)] == [p.name for p in sorted(paths)[:3]]
    not_imported = report.of(importing.Outcome.NOT_IMPORTED)
    assert [o.name for o in not_imported] == [p.name for p in sorted(paths)[3:]]
    assert all(o.reason == "导入已取消，未导入。" for o in not_imported)
    text = dialogs.reports[-1]
    assert "已导入 3 个文件，未导入 3 个" in text and "✗ 第6期.json：导入已取消，未导入。" in text


def test_the_progress_names_the_file_and_its_cancel_button_stops_the_import(qtbot, window, dialogs, tmp_path, make_data, monkeypatch):
    write_issues(tmp_path / "f", make_data, range(1, 6))
    dialogs.folder_path = tmp_path / "f"
    real, saved, go_on = importing.import_issue, [], threading.Event()

    def slow_second(issue, **options):  # noqa: ANN001, ANN003, ANN202
        result = real(issue, **options)
        saved.append(issue.key)
        if len(saved) == 2:
            assert go_on.wait(10)
        return result

    monkeypatch.setattr(importing, "import_issue", slow_second)
    workflow = window._importing()
    with qtbot.waitSignal(workflow.finished, timeout=20000) as blocker:
        window.import_folder_action.trigger()
        qtbot.waitUntil(lambda: workflow.progress is not None and "正在导入第 2 个，共 5 个：第2期.json" in workflow.progress.labelText())
        qtbot.waitUntil(workflow.progress.isVisible)  # shown while the import takes its time, over the window
        assert workflow.progress.windowModality() == Qt.WindowModality.WindowModal
        window.editor.setFocus()
        QApplication.processEvents()  # the window keeps painting while the worker saves
        cancel = workflow.progress.findChild(QPushButton)
        assert cancel.text() == "取消"
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        go_on.set()
    report = blocker.args[0]
    assert stored_keys() == [IssueKey(2023, 1), IssueKey(2023, 2)]
    assert len(report.of(importing.Outcome.NOT_IMPORTED)) == 3


def test_the_preview_shows_what_was_and_was_not_recognised_and_cancel_saves_nothing(
    qtbot, window, dialogs, tmp_path, make_data, pretend_docx_and_txt
):
    (docx,) = write_issues(tmp_path, make_data, [6], headline="从 Word 识别的标题", suffix=".docx")
    dialogs.open_paths = [docx]
    dialogs.preview_answers = [False]
    import_and_wait(qtbot, window, window.import_action.trigger)
    preview = dialogs.previews[-1]
    assert "【第6期.docx】部分内容未能识别，请查看" in preview
    assert "已识别（2）" in preview and "一、改革推进：窗口统计 4 项" in preview
    assert "未能识别（2）" in preview and "第 3 段：附件：大厅平面图" in preview and "第 12 段：（此页无正文）" in preview
    assert "2023年第6期（总第426期）" in preview
    assert stored_keys() == []
    assert "已取消导入" in window.statusBar().currentMessage()

    dialogs.preview_answers = [True]  # looked at, imported
    import_and_wait(qtbot, window, window.import_action.trigger)
    assert stored_keys() == [IssueKey(2023, 6)]
    assert repository.load_issue(IssueKey(2023, 6)).headline == "从 Word 识别的标题"


def test_a_refused_file_cannot_be_imported_from_the_preview(qtbot, window, dialogs, tmp_path, make_data, pretend_docx_and_txt):
    bad = tmp_path / "坏.json"
    data = make_data()
    data["distribution"]["copies"] = -3
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    text = tmp_path / "扫描.txt"
    text.write_text("？", encoding="utf-8")
    dialogs.open_paths = [bad, text]
    dialogs.preview_answers = [False]
    import_and_wait(qtbot, window, window.import_action.trigger)
    preview = dialogs.previews[-1]
    assert "可导入 0 个" in preview and "【坏.json】无法导入" in preview
    assert "报尾 › 印数：不能为负数（现为 -3）" in preview
    assert stored_keys() == []


def test_a_folder_imports_the_recognised_holds_the_doubtful_refuses_the_rest(
    qtbot, window, dialogs, tmp_path, make_data, pretend_docx_and_txt
):
    folder = tmp_path / "历年 周报"
    write_issues(folder, make_data, [1])
    write_issues(folder / "2023年" / "Word", make_data, [2], suffix=".docx")
    write_issues(folder / "2023年", make_data, [3], suffix=".txt")
    (folder / "损坏.json").write_text("{ not json", encoding="utf-8")
    (folder / "说明.md").write_text("不导入", encoding="utf-8")
    dialogs.folder_path = folder
    dialogs.save_path = tmp_path / "导入结果.txt"

    def save_and_copy(dialog) -> None:  # noqa: ANN001
        dialog.save_button.click()
        dialog.copy_button.click()

    dialogs.report_script = save_and_copy
    report = import_and_wait(qtbot, window, window.import_folder_action.trigger)

    assert stored_keys() == [IssueKey(2023, 1)]
    assert not dialogs.previews  # a folder is not previewed file by file
    text = dialogs.reports[-1]
    assert text.startswith("已导入 1 个文件，需要查看 1 个，未导入 2 个")
    assert "已导入（1）\n  ✓ 第1期.json：已导入2023年第1期。" in text
    assert "需要查看（1）\n  ？ 2023年/Word/第2期.docx：有 2 处未能识别：第 3 段“附件：大厅平面图”；第 12 段“（此页无正文）”。" in text
    assert "✗ 2023年/第3期.txt：格式 第 1 页第 1 行 无法识别" in text
    assert "✗ 损坏.json：文件不是有效的 JSON" in text
    assert "说明.md" not in text
    assert (tmp_path / "导入结果.txt").read_text(encoding="utf-8") == text
    assert QApplication.clipboard().text() == text
    assert [r.path.name for r in report.held] == []  # handed to the clerk: looked at or let go

    # the clerk looks at the held file from the report and imports it
    dialogs.report_script = lambda dialog: dialog.look_button.click()
    import_and_wait(qtbot, window, window.import_folder_action.trigger)
    assert "第 3 段：附件：大厅平面图" in dialogs.previews[-1]
    assert IssueKey(2023, 2) in stored_keys()
    assert "✓ 2023年/Word/第2期.docx：已导入2023年第2期。" in dialogs.reports[-1]


@pytest.mark.parametrize(("choice", "headline"), [(1, "政务服务工作"), (0, "新的标题")])
def test_a_folder_asks_once_to_replace_all_or_skip_all(qtbot, window, dialogs, tmp_path, make_data, reference_issue, choice, headline):
    for number in (4, 5, 6):
        reference_issue.masthead.number = number
        repository.save_issue(reference_issue)
    write_issues(tmp_path / "f", make_data, [4, 5, 6, 7], headline="新的标题")
    dialogs.folder_path = tmp_path / "f"
    dialogs.choice = choice
    report = import_and_wait(qtbot, window, window.import_folder_action.trigger)

    asked = [(title, text) for kind, title, text in dialogs.said if kind in ("ask", "choose")]
    assert len(asked) == 1 and asked[0][0] == "替换已有的期"
    assert "有 3 个文件的期号已在数据库中（2023年第4期、2023年第5期、2023年第6期）" in asked[0][1]
    assert [repository.load_issue(IssueKey(2023, n)).headline for n in (4, 5, 6)] == [headline] * 3
    assert repository.load_issue(IssueKey(2023, 7)).headline == "新的标题"
    if choice == 1:
        assert "✗ 第4期.json：保留已有的2023年第4期，未替换。" in dialogs.reports[-1]
        assert report.imported == [IssueKey(2023, 7)]
    else:
        assert "✓ 第4期.json：已替换2023年第4期。" in dialogs.reports[-1]


def test_a_database_error_on_one_file_does_not_stop_the_others(qtbot, window, dialogs, tmp_path, make_data, monkeypatch):
    write_issues(tmp_path / "f", make_data, [1, 2, 3])
    dialogs.folder_path = tmp_path / "f"
    real = importing.import_issue

    def disk_error_on_two(issue, **options):  # noqa: ANN001, ANN003, ANN202
        if issue.key == IssueKey(2023, 2):
            raise peewee.OperationalError("disk I/O error")
        return real(issue, **options)

    monkeypatch.setattr(importing, "import_issue", disk_error_on_two)
    import_and_wait(qtbot, window, window.import_folder_action.trigger)
    assert stored_keys() == [IssueKey(2023, 1), IssueKey(2023, 3)]
    assert "✗ 第2期.json：无法写入数据库（disk I/O error），未导入。" in dialogs.reports[-1]


def test_the_open_issue_shows_what_a_folder_import_replaced_and_autosave_keeps_it(
    qtbot, window, dialogs, tmp_path, make_data, stored_reference
):
    window.load_list()
    assert window.session.stored_key == IssueKey(2023, 6)
    window.session.issue.inspection.intro = "打开时输入的文字"
    window.session.touch()  # typed, not yet saved: saved before the import begins
    write_issues(tmp_path / "f", make_data, [6], headline="文件夹导入的标题")
    dialogs.folder_path = tmp_path / "f"
    dialogs.choice = 0  # 全部替换
    import_and_wait(qtbot, window, window.import_folder_action.trigger)

    assert window.session.issue.headline == "文件夹导入的标题"
    qtbot.waitUntil(lambda: "文件夹导入的标题" in window.preview_text())  # the preview follows after the next paint
    issue, revision = repository.load_issue_with_revision(IssueKey(2023, 6))
    assert window.session.revision == revision == 3  # typed text saved (2), then replaced (3)
    window.session.touch()
    assert window.session.save_now()  # the editor's next save writes the imported content, no conflict
    assert repository.load_issue(IssueKey(2023, 6)).headline == "文件夹导入的标题"


def test_import_checks_serial_and_year_to_date_against_the_previous_issues_figures(sqlite_db, reference_issue, make_data):
    from desk_app.services import import_issue_text

    repository.save_issue(reference_issue)
    figures = repository.previous_figures(IssueKey(2023, 7))
    assert (figures.key, figures.serial) == (IssueKey(2023, 6), 426)
    assert figures.ytd == reference_issue.reform.window_stats.ytd
    assert repository.previous_figures(IssueKey(2023, 6)) is None

    data = make_data()
    data["masthead"]["number"], data["masthead"]["serial"] = 7, 429
    week = data["reform"]["window_stats"]["week"]
    ytd = reference_issue.reform.window_stats.ytd
    data["reform"]["window_stats"]["ytd"] = {name: getattr(ytd, name) + week[name] for name in week}
    data["reform"]["window_stats"]["ytd"]["accept"] += 1
    result = import_issue_text(json.dumps(data, ensure_ascii=False))
    fields = [w.field for w in result.warnings]
    assert "masthead.serial" in fields and "reform.window_stats.ytd.accept" in fields
    assert "reform.window_stats.ytd.consult" not in fields  # the figures that add up are not flagged


def test_files_in_a_folder_are_found_recursively_by_kind(tmp_path):
    for name in ("a.json", "b/c.DOCX", "b/d/e.txt", "f.pdf", "~$g.docx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in importing.files_in(tmp_path)] == ["a.json", "b/c.DOCX", "b/d/e.txt"]
    assert Verdict.REFUSED is importing.recognise(tmp_path / "f.pdf").verdict


def test_a_folder_refuses_an_issued_issue_without_asking_to_replace_it(qtbot, window, dialogs, tmp_path, make_data, reference_issue):
    reference_issue.masthead.number = 4
    repository.save_issue(reference_issue)
    repository.mark_issued(IssueKey(2023, 4))
    write_issues(tmp_path / "f", make_data, [4, 5], headline="新的标题")
    dialogs.folder_path = tmp_path / "f"
    report = import_and_wait(qtbot, window, window.import_folder_action.trigger)

    assert not [kind for kind, _title, _text in dialogs.said if kind in ("ask", "choose")]
    assert repository.load_issue(IssueKey(2023, 4)).headline == "政务服务工作"  # the issued one kept as it was
    assert report.imported == [IssueKey(2023, 5)]
    assert "✗ 第4期.json：2023年第4期已印发，未导入；如需替换请先在该期解锁" in dialogs.reports[-1]
