"""The desktop program in its own process (``python -m desk_app``, offscreen), driven through its stdin test hook.

A crash of the program (an abort in the Qt binding, a SIGKILL) ends that process, not the test run.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path


def store_before_start(url: str, issue):  # noqa: ANN001, ANN201 - an Issue; its SaveResult
    """Save ``issue`` in the database the program will open, and close it again (the program opens it itself)."""
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    open_database(url)
    try:
        return repository.save_issue(issue)
    finally:
        close_database()


class App:
    def __init__(self, url: str, data_dir: Path) -> None:
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
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self._stderr: str | None = None
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
        if self._stderr is None:
            self._stderr = self.process.stderr.read()  # type: ignore[union-attr]
        return self._stderr

    def send(self, **command) -> str:
        if self.process.poll() is not None:
            raise AssertionError(f"the app ended (exit code {self.process.returncode}); stderr:\n{self.stderr()}")
        self.process.stdin.write(json.dumps(command, ensure_ascii=False) + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        reply = self.answer()
        assert reply.startswith("ok"), reply
        return reply

    def state(self) -> dict:
        return json.loads(self.send(cmd="state")[3:])

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.wait(timeout=10)

    def wait(self, timeout: float = 30) -> int:
        """The exit code once the program has ended (its standard error kept for ``stderr()``)."""
        code = self.process.wait(timeout=timeout)
        self.stderr()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()  # type: ignore[union-attr]
        return code

    def ensure_stopped(self) -> None:
        if self.process.poll() is None:
            self.kill()
        elif not self.process.stdout.closed:  # type: ignore[union-attr]
            self.wait()
