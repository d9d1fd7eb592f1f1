"""Nothing typed is lost when the program is killed: the app in its own process, SIGKILLed after typing."""

from __future__ import annotations

import signal
import sys
import time

import pytest

from app_process import App, store_before_start

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
]


def test_edits_survive_sigkill(sqlite_url, reference_issue, tmp_path):
    from desk_app.domain.model import IssueKey
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    store_before_start(sqlite_url, reference_issue)
    app = App(sqlite_url, tmp_path / "数据")
    try:
        app.send(cmd="ping")
        app.send(cmd="type", path="headline", text="政务服务工作（测试）", clear=True)
        app.send(cmd="type", path="dynamics.groups[0].entries[0].department", text="公安厅窗口", clear=True)
        app.send(cmd="new")  # Ctrl+N: issue 7, then its week figure, typed last (saved by the timer alone)
        app.send(cmd="type", path="reform.window_stats.week.consult", text="777", clear=True)
        assert app.state()["key"] == "2023-7"
        time.sleep(1.5)
        app.kill()
    finally:
        app.ensure_stopped()
    assert app.process.returncode == -signal.SIGKILL

    open_database(sqlite_url)
    try:
        six = repository.load_issue(IssueKey(2023, 6))
        seven = repository.load_issue(IssueKey(2023, 7))
    finally:
        close_database()
    assert six.headline == "政务服务工作（测试）"
    assert six.dynamics.groups[0].entries[0].department == "公安厅窗口"
    assert seven.reform.window_stats.week.consult == 777
    assert seven.reform.window_stats.ytd.consult == 1748 + 777
