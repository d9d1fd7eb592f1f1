"""One window per SQLite file: a second program on the same file hands over to the first.

The first program holds an OS lock on ``<database>.lock`` (released by the OS however the
program ends, even killed) and watches ``<database>.raise``; a second program that cannot
take the lock writes to that file, and the first brings its window forward. Two programs
never write one file without knowing of each other. A shared PostgreSQL server is meant
for several clerks at once and has no such lock.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class InstanceLock:
    """``acquire()`` the database file for this program; ``watch()`` for another program asking for the window.

    Pure Python until ``watch()``: it is taken before Qt is imported. ``database=None`` (a
    server database) is a lock that always succeeds.
    """

    def __init__(self, database: Path | None):
        self.lock_path = database.with_name(database.name + ".lock") if database else None
        self.raise_path = database.with_name(database.name + ".raise") if database else None
        self._fd: int | None = None
        self._watcher = None
        self._on_request: Callable[[], None] | None = None

    def acquire(self) -> bool:
        """True when this program now owns the file; False when another program has it open."""
        if self.lock_path is None:
            return True
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:  # a folder we cannot write: opening the database says so
            log.warning("cannot make the lock file %s: %s", self.lock_path, exc)
            return True
        if not _try_lock(fd):
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd
        return True

    def watch(self, on_request: Callable[[], None]) -> None:
        """Call ``on_request`` whenever a second program asks for the window (set up after the first paint)."""
        if self.raise_path is None or self._fd is None:
            return
        from PySide6.QtCore import QFileSystemWatcher

        self._on_request = on_request
        if not self.raise_path.exists():
            self.raise_path.write_bytes(b"")
        self._watcher = QFileSystemWatcher([str(self.raise_path)])
        self._watcher.fileChanged.connect(self._changed)
        self._changed(str(self.raise_path))  # a program that asked before the window was ready

    def _changed(self, _path: str) -> None:
        assert self.raise_path is not None and self._watcher is not None
        try:
            asked = self.raise_path.stat().st_size > 0
            if asked:
                self.raise_path.write_bytes(b"")
        except OSError:
            asked = False
        if str(self.raise_path) not in self._watcher.files():
            self._watcher.addPath(str(self.raise_path))  # a replaced file drops out of the watch on some systems
        if asked and self._on_request is not None:
            log.info("another program asked for this window")
            self._on_request()

    def request_raise(self) -> None:
        """Ask the program holding the lock to bring its window forward."""
        if self.raise_path is None:
            return
        try:
            with self.raise_path.open("a", encoding="utf-8") as stream:
                stream.write(f"{os.getpid()}\n")
        except OSError as exc:
            log.warning("cannot ask the other window to come forward: %s", exc)

    def release(self) -> None:
        """Let go of the file (the OS does the same when the program ends any other way)."""
        if self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            assert self.raise_path is not None
            self.raise_path.unlink(missing_ok=True)  # the .lock file stays: removing it would race a newcomer


def bring_forward(window) -> None:  # noqa: ANN001
    """Show ``window`` in front, restored if minimised."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
