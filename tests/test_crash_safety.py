"""Nothing typed is lost when the program is killed: the app in its own process, SIGKILLed after typing."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
]


class App:
    """``python -m desk_app`` offscreen, driven through its test hook (commands on stdin)."""

    def __init__(self, url: str, data_dir) -> None:  # noqa: ANN001
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            DESK_APP_TEST_HOOK="stdin",
            DESK_APP_DATA_DIR=str(data_dir),
            PYTHONUNBUFFERED="1",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "desk_app", "--database", url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.answer(timeout=60) == "ready", self.stderr()

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put(line.rstrip("\n"))

    def answer(self, timeout: float = 20) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no answer from the app; stderr:\n{self.stderr()}") from None

    def stderr(self) -> str:
        if self.process.poll() is None:
            return "(still running)"
        return self.process.stderr.read()  # type: ignore[union-attr]

    def send(self, **command) -> str:
        self.process.stdin.write(json.dumps(command, ensure_ascii=False) + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        reply = self.answer()
        assert reply.startswith("ok"), reply
        return reply

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()  # type: ignore[union-attr]


def test_edits_survive_sigkill(sqlite_url, reference_issue, tmp_path):
    from desk_app.domain.model import IssueKey
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    open_database(sqlite_url)
    repository.save_issue(reference_issue)
    close_database()

    app = App(sqlite_url, tmp_path / "数据")
    try:
        app.send(cmd="ping")
        app.send(cmd="type", path="headline", text="政务服务工作（测试）", clear=True)
        app.send(cmd="type", path="dynamics.groups[0].entries[0].department", text="公安厅窗口", clear=True)
        app.send(cmd="new")  # Ctrl+N: issue 7, then its week figure, typed last (saved by the timer alone)
        app.send(cmd="type", path="reform.window_stats.week.consult", text="777", clear=True)
        state = json.loads(app.send(cmd="state")[3:])
        assert state["key"] == "2023-7"
        time.sleep(1.5)
        app.kill()
    finally:
        if app.process.poll() is None:
            app.kill()
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
