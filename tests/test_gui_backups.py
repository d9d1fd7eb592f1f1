"""「备份与恢复」 in the window, recovery from a damaged database at start, one window per database file."""

from __future__ import annotations

import copy
import sys
import time

import pytest
from gui_support import dialogs, stored, stored_reference, type_into, window  # noqa: F401

from desk_app.storage import repository
from desk_app.storage.backups import list_backups, make_backup
from desk_app.storage.database import opened_sqlite_path


@pytest.fixture
def two_issues(stored_reference):
    seven = copy.deepcopy(stored_reference)
    seven.masthead.number, seven.masthead.serial = 7, 427
    repository.save_issue(seven)
    return stored_reference, seven


def test_the_dialog_lists_backs_up_and_restores(qtbot, window, dialogs, two_issues):
    six, seven = two_issues
    make_backup(opened_sqlite_path(), "daily")
    window.load_list()
    type_into(qtbot, window, "headline", "备份之后改的标题")
    window.flush()
    assert stored("2023-6").headline == "备份之后改的标题" or stored("2023-7").headline == "备份之后改的标题"
    seen = {}

    def clerk(dialog):
        seen["rows"] = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())]
        made = dialog.back_up_now()
        seen["after_backup"] = dialog.table.rowCount()
        seen["made"] = made
        dialog.table.selectRow(1)  # the daily backup, older than the one just made
        dialogs.answers = [True]  # 恢复
        seen["restored"] = dialog.restore_selected()
        seen["after_restore"] = dialog.table.rowCount()

    dialogs.backups_script = clerk
    window.show_backups()
    (row,) = seen["rows"]
    assert row[1] == "每日" and row[3] == "2" and row[4] == "2023年第7期" and row[2].endswith("KB")
    assert seen["after_backup"] == 2 and seen["made"].name.endswith("-manual.sqlite3")
    assert seen["restored"] is True and seen["after_restore"] == 3  # plus the safety backup
    assert [b.reason for b in list_backups()] == ["restore", "manual", "daily"]
    # The database is the backup again, and the window works on it.
    assert stored("2023-6").headline == six.headline and stored("2023-7").headline == seven.headline
    assert window.session is not None
    title, text = dialogs.last("inform")
    assert title == "已恢复" and "恢复前的数据库已另外备份为" in text
    type_into(qtbot, window, "headline", "恢复后继续输入")
    window.flush()
    assert stored(str(window.session.stored_key)).headline == "恢复后继续输入"


def test_restore_asks_first_and_no_changes_nothing(qtbot, window, dialogs, two_issues):
    make_backup(opened_sqlite_path(), "manual")
    repository.delete_issue(two_issues[1].key)

    def clerk(dialog):
        dialogs.answers = [False]
        assert dialog.restore_selected() is False

    dialogs.backups_script = clerk
    window.show_backups()
    assert "ask" in dialogs.kinds() and not repository.issue_exists(two_issues[1].key)
    assert len(list_backups()) == 1


def test_on_postgresql_the_dialog_says_backups_are_the_servers_job(qtbot, window, dialogs, monkeypatch):
    import desk_app.gui.backups as gui_backups

    monkeypatch.setattr(gui_backups, "opened_sqlite_path", lambda: None)
    seen = {}

    def clerk(dialog):
        seen["text"] = dialog.summary.text()
        seen["enabled"] = [b.isEnabled() for b in (dialog.backup_button, dialog.restore_button, dialog.folder_button)]

    dialogs.backups_script = clerk
    window.show_backups()
    assert "pg_dump" in seen["text"] and "pg_restore" in seen["text"] and seen["enabled"] == [False, False, False]


def test_the_daily_backup_runs_once_a_day(qtbot, window, stored_reference):
    window._daily_backup()
    window._daily_backup()
    assert [b.reason for b in list_backups()] == ["daily"]


def test_a_damaged_database_at_start_offers_the_newest_good_backup(qapp, sqlite_url, reference_issue, dialogs):
    from test_backups import damage_middle, sha256

    from desk_app.gui.launch import _open_database
    from desk_app.gui.backups import offer_newest_backup
    from desk_app.storage.database import close_database, sqlite_path

    path = sqlite_path(sqlite_url)
    assert _open_database(sqlite_url) is None
    repository.save_issue(reference_issue)
    close_database()
    older = make_backup(path, "daily")
    broken = make_backup(path, "manual")
    damage_middle(broken)  # the newest backup is damaged too: the older one is offered
    damage_middle(path)
    digest = sha256(path)

    failure = _open_database(sqlite_url)
    assert failure is not None and failure.problem is not None and str(path) in failure.message_zh
    assert "数据库已损坏" in failure.message_zh and sha256(path) == digest

    dialogs.choice = 1  # 退出
    assert offer_newest_backup(failure.problem, dialogs) is False and sha256(path) == digest
    title, text = dialogs.last("choose")
    assert title == "数据库已损坏" and str(path) in text and "每日备份" in text

    dialogs.choice = 0  # 用这个备份恢复
    assert offer_newest_backup(failure.problem, dialogs) is True
    assert _open_database(sqlite_url) is None
    assert repository.load_issue(reference_issue.key).headline == reference_issue.headline
    close_database()
    kept = [p for p in path.parent.iterdir() if ".损坏-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and sha256(kept[0]) == digest
    assert older.exists()


def test_a_read_only_database_at_start_is_said_without_offering_a_backup(qapp, sqlite_url):
    from desk_app.gui.launch import _open_database
    from desk_app.storage.database import close_database, sqlite_path

    assert _open_database(sqlite_url) is None
    close_database()
    path = sqlite_path(sqlite_url)
    path.chmod(0o444)
    try:
        failure = _open_database(sqlite_url)
    finally:
        path.chmod(0o644)
    assert failure is not None and failure.problem is None and "只读" in failure.message_zh


# --- one window per database file ------------------------------------------------------


def test_a_second_lock_on_the_same_file_is_refused_and_asks_the_first(qtbot, tmp_path):
    from desk_app.gui.single_instance import InstanceLock

    database = tmp_path / "周报.sqlite3"
    first, second = InstanceLock(database), InstanceLock(database)
    asked = []
    assert first.acquire()
    first.watch(lambda: asked.append(time.monotonic()))
    assert not second.acquire()
    second.request_raise()
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=3000)
    first.release()
    assert second.acquire()  # free again once the first window is closed
    second.release()
    assert InstanceLock(None).acquire()  # a server database: no lock


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the app helper is POSIX")
def test_a_second_program_hands_over_to_the_running_window(sqlite_url, reference_issue, tmp_path):
    from app_process import App

    from desk_app.gui.launch import _claim_database
    from desk_app.storage.database import close_database, open_database

    open_database(sqlite_url)
    repository.save_issue(reference_issue)
    close_database()
    data = tmp_path / "数据"
    app = App(sqlite_url, data)
    try:
        app.send(cmd="ping")
        log = data / "logs" / "desk-app.log"
        assert _claim_database(sqlite_url) is None  # held by the running window, which is asked to come forward
        deadline = time.monotonic() + 10
        while "another program asked for this window" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.1)
        app.send(cmd="quit")
        assert app.wait() == 0
    finally:
        app.ensure_stopped()
    lock = _claim_database(sqlite_url)
    assert lock is not None  # the window closed: the file is free
    lock.release()


# --- no password in the log --------------------------------------------------------------


def test_a_failed_connection_logs_and_says_no_password(qapp):
    from desk_app.gui.crash import setup_logging, teardown_logging
    from desk_app.gui.launch import _open_database

    log = setup_logging()
    try:
        failure = _open_database("postgresql://clerk:s3cr%40t@127.0.0.1:1/周报")
    finally:
        teardown_logging()
    assert failure is not None and "clerk:***@127.0.0.1:1" in failure.message_zh
    assert "s3cr" not in failure.message_zh and "s3cr" not in log.read_text(encoding="utf-8")
    assert "127.0.0.1:1" in log.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the app helper is POSIX")
def test_a_postgresql_session_logs_no_password(tmp_path):
    import os
    from urllib.parse import urlparse

    from app_process import App

    url = os.environ.get("DESK_APP_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL: set DESK_APP_TEST_POSTGRES_URL (the test command starts a server)")
    parsed = urlparse(url)  # the test server trusts 127.0.0.1: any password is accepted, and must never be written
    with_password = parsed._replace(netloc=f"{parsed.username}:Pa55%23word@{parsed.hostname}:{parsed.port}").geturl()
    data = tmp_path / "数据"
    app = App(with_password, data)
    try:
        app.send(cmd="ping")
        app.send(cmd="quit")
        assert app.wait() == 0
    finally:
        app.ensure_stopped()
    text = (data / "logs" / "desk-app.log").read_text(encoding="utf-8")
    assert "starting (database postgresql://" in text and ":***@" in text
    assert "Pa55" not in text and "Pa55" not in app.stderr()
