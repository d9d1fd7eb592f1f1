"""The log file, and what happens on an unexpected error.

An exception nobody caught is logged with its traceback; the clerk sees where
the log is and that what was typed is already saved (the save on every
change; the handler saves once more).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from desk_app.storage.database import data_dir

LOG_FILE = "desk-app.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
log = logging.getLogger("desk_app")


def log_path() -> Path:
    return data_dir() / "logs" / LOG_FILE


def _rotate(path: Path) -> None:
    """desk-app.log → .1 → .2 → .3 once it passes LOG_MAX_BYTES (checked at start-up: a day's log is small).

    Done by hand rather than with logging.handlers, whose import costs start-up time.
    """
    try:
        if path.stat().st_size < LOG_MAX_BYTES:
            return
    except FileNotFoundError:
        return
    for number in range(LOG_BACKUPS - 1, 0, -1):
        older = path.with_name(f"{path.name}.{number}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{number + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))


def _file_handlers(root: logging.Logger) -> list[logging.FileHandler]:
    return [h for h in root.handlers if isinstance(h, logging.FileHandler)]


def setup_logging(level: int = logging.INFO) -> Path:
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    teardown_logging()
    try:
        _rotate(path)
    except OSError:  # another instance has it open (Windows): rotate next time
        pass
    root = logging.getLogger("desk_app")
    if os.name != "nt":  # the log names files and issues: the owner's only
        path.touch(mode=0o600, exist_ok=True)
        path.chmod(0o600)
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path


def teardown_logging() -> None:
    """Close the log file (the smoke test's temporary folder is about to go)."""
    root = logging.getLogger("desk_app")
    for handler in _file_handlers(root):
        root.removeHandler(handler)
        handler.close()


class CrashHandler:
    """``sys.excepthook`` for the GUI: log, save, tell the clerk, keep running."""

    def __init__(self, save: Callable[[], bool | None], show: Callable[[str, str, str], None]):
        self.save = save
        self.show = show
        self._showing = False

    def __call__(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error:\n%s", details)
        saved = copied = False
        try:
            copied = self.save() is False  # not in the database, but kept as a copy
            saved = True
        except Exception:
            log.exception("saving after the unexpected error failed")
        if self._showing:  # an error while the dialog is up: logged, not stacked
            return
        self._showing = True
        try:
            if copied:
                what = "数据库暂时无法保存，您输入的内容已另存为副本（数据文件夹的“备份”中）。"
            elif saved:
                what = "您已输入的内容都已保存。"
            else:
                what = "保存时也出了错，最近几秒的输入可能没有保存。"
            self.show(
                "程序出错",
                f"程序遇到了一个意外错误。{what}\n\n错误详情已记入日志文件：\n{log_path()}\n\n"
                "如问题反复出现，请把这个日志文件发给维护人员。",
                details,
            )
        finally:
            self._showing = False

    def install(self) -> None:
        sys.excepthook = self
