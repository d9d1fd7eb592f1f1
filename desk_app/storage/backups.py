"""Backups of the local SQLite database: made with SQLite's online backup API, kept in ``备份/``.

A backup is a complete, standalone database file (journal mode DELETE, checked with
``quick_check`` before it is given its name), named for when and why it was made:
``数据库备份-20261202-140305-每日.sqlite3``. The newest ``keep`` are kept. Restoring
always takes a safety backup of the current database first; a damaged database is
moved aside whole, never written to.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .database import data_dir, is_disk_full
from .integrity import FileProblem, inspect_sqlite_file, read_only_uri, stored_issue_keys, stored_schema_version

FOLDER_NAME = "备份"
DEFAULT_KEEP = 30
PREFIX = "数据库备份"
SUFFIX = ".sqlite3"
REASONS = {"daily": "每日", "manual": "手动", "migration": "升级前", "restore": "恢复前"}
_NAME = re.compile(rf"^{PREFIX}-(\d{{8}}-\d{{6}})(?:-(\d+))?-(\w+){re.escape(SUFFIX)}$")


class BackupError(Exception):
    """A backup or a restore could not be done; nothing was changed. Carries a Chinese message too."""

    def __init__(self, message: str, message_zh: str):
        super().__init__(message)
        self.message_zh = message_zh


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str  # a key of REASONS
    size: int

    @property
    def reason_zh(self) -> str:
        return REASONS.get(self.reason, self.reason)

    def issues(self) -> list[tuple[int, int]]:
        """(year, number) of the issues it holds; [] when it cannot be read."""
        try:
            return stored_issue_keys(self.path)
        except sqlite3.Error:
            return []

    def problem(self) -> FileProblem | None:
        return inspect_sqlite_file(self.path, full=True, for_writing=False)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_backup: Path | None  # the database as it was, backed up first
    moved_aside: Path | None  # a damaged database, kept whole under another name


def backup_folder() -> Path:
    return data_dir() / FOLDER_NAME


def _failure(action: str, action_zh: str, exc: BaseException) -> BackupError:
    if is_disk_full(exc):
        return BackupError(f"{action} failed: the disk is full ({exc})", f"{action_zh}失败：磁盘已满。请腾出磁盘空间后再试。")
    return BackupError(f"{action} failed: {exc}", f"{action_zh}失败：{exc}")


def _backup_into(source: sqlite3.Connection, target: Path, journal_mode: str) -> None:
    """Every page of ``source`` into ``target`` through SQLite's pager (a live target's WAL stays
    consistent), in ``journal_mode``; raises unless the result passes quick_check."""
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        destination.execute(f"PRAGMA journal_mode={journal_mode}")
        rows = destination.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            raise sqlite3.DatabaseError(f"{target.name} does not pass quick_check after the copy: {rows[:3]}")
    finally:
        destination.close()


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """``source`` into a new standalone file ``target`` (no -wal beside it), on disk before returning."""
    _backup_into(source, target, "DELETE")
    with target.open("rb+") as stream:  # on disk before it gets its name
        os.fsync(stream.fileno())


def _new_name(folder: Path, reason: str, when: datetime) -> Path:
    """A name that sorts after every backup already there (several in one second get -2, -3…)."""
    stamp = when.strftime("%Y%m%d-%H%M%S")
    same_second = [info for info in list_backups(folder) if info.path.name.startswith(f"{PREFIX}-{stamp}-")]
    if not same_second:
        return folder / f"{PREFIX}-{stamp}-{reason}{SUFFIX}"
    counter = max(_counter(info.path) for info in same_second) + 1
    return folder / f"{PREFIX}-{stamp}-{counter}-{reason}{SUFFIX}"


def _counter(path: Path) -> int:
    match = _NAME.match(path.name)
    return int(match.group(2) or 1) if match else 1


def make_backup(database: Path, reason: str = "manual", *, folder: Path | None = None, keep: int = DEFAULT_KEEP) -> Path:
    """Back up the SQLite file ``database`` now; returns the backup's path. Raises BackupError."""
    assert reason in REASONS, reason
    folder = backup_folder() if folder is None else folder
    problem = inspect_sqlite_file(database, for_writing=False)
    if problem is not None:
        raise BackupError(f"cannot back up: {problem.message()}", f"无法备份：{problem.message_zh()}")
    if not database.exists():
        raise BackupError(f"cannot back up: {database} does not exist", f"无法备份：数据库文件“{database}”不存在。")
    target = _new_name(folder, reason, datetime.now())
    partial = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(read_only_uri(database), uri=True)
        try:
            _copy(source, partial)
        finally:
            source.close()
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise _failure("backup", "备份", exc) from exc
    rotate(folder, keep)
    return target


def _created(stamp: str) -> datetime | None:
    """20230227-103000 as a datetime (None if it is no real moment). By hand, not strptime: its first
    call imports and compiles its locale-aware parser, most of the daily backup's check at each start."""
    try:
        return datetime(int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8]), int(stamp[9:11]), int(stamp[11:13]), int(stamp[13:15]))
    except ValueError:
        return None


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    """The backups in ``folder``, newest first."""
    folder = backup_folder() if folder is None else folder
    found = []
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return []
    for path in candidates:
        match = _NAME.match(path.name)
        if not match or not path.is_file():
            continue
        created = _created(match.group(1))
        if created is None:
            continue
        found.append((created, int(match.group(2) or 1), BackupInfo(path, created, match.group(3), path.stat().st_size)))
    found.sort(key=lambda item: item[:2], reverse=True)
    return [info for *_, info in found]


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns what was deleted."""
    removed = []
    for info in list_backups(folder)[max(1, keep):]:
        try:
            info.path.unlink()
            removed.append(info.path)
        except OSError:
            pass  # in use (a virus scanner): the next rotation takes it
    return removed


def newest_good_backup(folder: Path | None = None) -> BackupInfo | None:
    for info in list_backups(folder):
        if info.problem() is None:
            return info
    return None


def backup_if_due(database: Path, *, folder: Path | None = None, keep: int = DEFAULT_KEEP,
                  today: Callable[[], datetime] = datetime.now) -> Path | None:
    """The once-a-day backup: made unless one was already made today (of any kind)."""
    folder = backup_folder() if folder is None else folder
    newest = next(iter(list_backups(folder)), None)
    if newest is not None and newest.created.date() == today().date():
        return None
    if not database.exists() or database.stat().st_size == 0:
        return None  # nothing stored yet
    return make_backup(database, "daily", folder=folder, keep=keep)


def _move_aside(database: Path) -> Path:
    """Rename a damaged database (with its -wal/-shm) out of the way, keeping every byte."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.name}.损坏-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        companion = Path(str(database) + suffix)
        if companion.exists():
            os.replace(companion, Path(str(aside) + suffix))
    return aside


def restore_backup(backup: Path, database: Path, *, folder: Path | None = None, keep: int = DEFAULT_KEEP) -> RestoreResult:
    """Make ``database`` a copy of ``backup``. No connection to ``database`` may be open.

    The backup is checked in full first; the current database is backed up (or, when it is
    damaged, moved aside whole) before anything is written.
    """
    from .migrations import DatabaseTooNew, latest_version

    folder = backup_folder() if folder is None else folder
    problem = inspect_sqlite_file(backup, full=True, for_writing=False)
    if problem is None and not backup.exists():
        problem = FileProblem("unreadable", backup, "not found", "文件不存在")
    if problem is not None:
        raise BackupError(f"cannot restore from {backup}: {problem.message()}", f"不能用这个备份恢复：{problem.message_zh()}")
    found = stored_schema_version(backup)
    if found > latest_version():
        raise DatabaseTooNew(found, latest_version())
    safety: Path | None = None
    aside: Path | None = None
    current = inspect_sqlite_file(database, for_writing=False)
    if current is not None and current.damaged:
        aside = _move_aside(database)
    elif database.exists() and database.stat().st_size:
        safety = make_backup(database, "restore", folder=folder, keep=keep + 1)  # the one we restore from stays
    try:
        source = sqlite3.connect(read_only_uri(backup), uri=True)
        try:
            _backup_into(source, database, "WAL")
        finally:
            source.close()
    except (sqlite3.Error, OSError) as exc:
        raise _failure("restore", "恢复", exc) from exc
    return RestoreResult(backup, safety, aside)
