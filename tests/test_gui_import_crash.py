"""Import and export of exchange files from the File menu; the crash dialog and the log."""

from __future__ import annotations

import json
import logging

import pytest
from gui_support import dialogs, import_and_wait, stored, window  # noqa: F401
from PySide6.QtCore import Qt

from desk_app.domain.model import IssueKey
from desk_app.storage import repository

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def test_import_good_and_bad_files_one_transaction_each(qtbot, window, dialogs, tmp_path, make_data):
    good = tmp_path / "第6期.json"
    good_data = make_data()
    good_data["dynamics"]["groups"][0]["entries"][0]["department"] = ""
    good.write_text(json.dumps(good_data, ensure_ascii=False), encoding="utf-8")
    bad_data = make_data()
    bad_data["masthead"]["number"], bad_data["distribution"]["copies"] = 7, -3
    bad = tmp_path / "坏 文件.json"
    bad.write_text(json.dumps(bad_data, ensure_ascii=False), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    dialogs.open_paths = [good, bad, broken]
    import_and_wait(qtbot, window, lambda: qtbot.keyClick(window, Qt.Key.Key_O, CTRL))

    assert [s.key for s in repository.list_issues()] == [IssueKey(2023, 6)]
    assert window.session.stored_key == IssueKey(2023, 6)
    title, text = dialogs.last("import_report")
    assert title == "导入结果"
    assert "✓ 第6期.json：已导入2023年第6期" in text
    assert "✗ 坏 文件.json：报尾 › 印数：不能为负数（现为 -3）" in text
    assert "✗ broken.json：文件不是有效的 JSON" in text
    assert "提醒：三、窗口动态 › 分组1 › 动态1 › 部门：未填写部门" in text  # warnings are said, not refused


def test_import_over_an_existing_issue_asks_and_reloads_it(qtbot, window, dialogs, tmp_path, make_data, reference_issue):
    repository.save_issue(reference_issue)
    window.load_list()
    data = make_data()
    data["headline"] = "导入的标题"
    path = tmp_path / "replacement.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    dialogs.open_paths = [path]

    dialogs.answers = [False]
    import_and_wait(qtbot, window, lambda: qtbot.keyClick(window, Qt.Key.Key_O, CTRL))
    assert "已在数据库中" in dialogs.last("ask")[1]
    assert stored().headline == "政务服务工作"

    dialogs.answers = [True]
    import_and_wait(qtbot, window, lambda: qtbot.keyClick(window, Qt.Key.Key_O, CTRL))
    assert stored().headline == "导入的标题"
    assert window.session.issue.headline == "导入的标题"  # the open issue shows what was imported
    qtbot.waitUntil(lambda: "导入的标题" in window.preview_text(), timeout=1000)  # it follows the page's paint


def test_export_exchange_file_round_trips(qtbot, window, dialogs, tmp_path, reference_issue, reference_data):
    repository.save_issue(reference_issue)
    window.load_list()
    dialogs.save_path = tmp_path / "导出"
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL | SHIFT)
    assert dialogs.last("save_file")[1].endswith("窗口工作周报2023年第6期.json")
    written = json.loads((tmp_path / "导出.json").read_text(encoding="utf-8"))
    assert written == reference_data


def test_an_unexpected_error_is_logged_and_said_with_the_log_path(qtbot, window, dialogs, isolated_data_dir):
    from desk_app.gui.crash import CrashHandler, log_path, setup_logging, teardown_logging

    setup_logging()
    request_teardown = teardown_logging
    saved = []
    handler = CrashHandler(lambda: saved.append(True), dialogs.error)
    try:
        raise RuntimeError("something broke")
    except RuntimeError as exc:
        handler(type(exc), exc, exc.__traceback__)
    assert saved == [True]
    title, text = dialogs.last("error")
    assert title == "程序出错"
    assert "您已输入的内容都已保存" in text and str(log_path()) in text
    assert log_path().parent.parent == isolated_data_dir
    for h in logging.getLogger("desk_app").handlers:
        h.flush()
    log = log_path().read_text(encoding="utf-8")
    request_teardown()
    assert "RuntimeError: something broke" in log and "Traceback" in log


def test_the_crash_handler_says_when_saving_failed_too(dialogs):
    from desk_app.gui.crash import CrashHandler

    def failing_save():
        raise OSError("disk full")

    handler = CrashHandler(failing_save, dialogs.error)
    error = ValueError("x")
    handler(ValueError, error, None)
    assert "最近几秒的输入可能没有保存" in dialogs.last("error")[1]


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_reaches_the_handler(qtbot, window, dialogs, monkeypatch):
    """PySide hands an exception raised in a slot to sys.excepthook: the clerk sees the dialog, the app goes on."""
    import sys

    from PySide6.QtCore import QTimer

    from desk_app.gui.crash import CrashHandler

    monkeypatch.setattr(sys, "excepthook", CrashHandler(window.flush, dialogs.error))

    def broken_slot():
        raise KeyError("boom")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: "error" in dialogs.kinds(), timeout=1000)
    assert dialogs.last("error")[0] == "程序出错"
    assert window.isVisible()
