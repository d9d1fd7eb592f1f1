"""Closing while the database refuses to save: the window asks, and nothing typed is ever lost."""

from __future__ import annotations

import json
import sqlite3

import pytest
from gui_support import dialogs, stored, stored_reference, type_into, window  # noqa: F401

from desk_app.storage.database import opened_sqlite_path
from desk_app.storage.models import database_proxy

pytestmark = pytest.mark.usefixtures("stored_reference")
RETRY, COPY, CLOSE_ANYWAY, CANCEL = range(4)


@pytest.fixture
def locked_database(window):
    """Another connection holds the SQLite file's write lock (another program in the middle of a write)."""
    database_proxy.obj.execute_sql("PRAGMA busy_timeout = 100")  # the test need not wait the full 5 s
    other = sqlite3.connect(opened_sqlite_path(), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    yield other
    other.rollback()
    other.close()


def copies(data_dir):
    return sorted((data_dir / "备份").glob("未保存-*.json"))


def test_close_with_the_file_locked_asks_and_keeps_a_copy_before_closing(qtbot, window, dialogs, locked_database, isolated_data_dir):
    type_into(qtbot, window, "headline", "关闭前输入的标题")
    dialogs.choice = CLOSE_ANYWAY
    assert window.close()
    title, text = dialogs.last("choose")
    assert title == "本期内容没有保存" and "2023年第6期" in text and "locked" in text
    (copy,) = copies(isolated_data_dir)
    assert json.loads(copy.read_text(encoding="utf-8"))["headline"] == "关闭前输入的标题"


def test_cancel_keeps_the_window_open_and_retry_saves_once_the_lock_is_gone(qtbot, window, dialogs, locked_database, isolated_data_dir):
    type_into(qtbot, window, "headline", "等一会儿再保存")
    dialogs.choice = CANCEL
    assert not window.close() and window.isVisible()
    assert copies(isolated_data_dir) == []
    locked_database.rollback()  # the other program finished
    dialogs.choice = RETRY
    assert window.close()
    assert stored().headline == "等一会儿再保存"


def test_save_as_copy_keeps_the_window_open(qtbot, window, dialogs, locked_database, isolated_data_dir):
    type_into(qtbot, window, "headline", "另存一份")
    dialogs.choice = COPY
    assert not window.close() and window.isVisible()
    (copy,) = copies(isolated_data_dir)
    assert json.loads(copy.read_text(encoding="utf-8"))["headline"] == "另存一份"
    assert "已另存为副本" in dialogs.last("inform")[0]
    locked_database.rollback()
    dialogs.choice = CANCEL
    assert window.close()  # saves now: no question
    assert stored().headline == "另存一份"


def test_a_close_that_saves_asks_nothing(qtbot, window, dialogs):
    type_into(qtbot, window, "headline", "正常关闭")
    assert window.close()
    assert "choose" not in dialogs.kinds() and stored().headline == "正常关闭"
