"""Is a SQLite file safe to open for writing? Looked at read-only, before peewee touches it.

A damaged file must never be written to (a checkpoint or a migration would spread the
damage), and a file newer than the program must stay byte for byte as it is; so the
header, the size and ``PRAGMA quick_check`` (or the full ``integrity_check``) and the
schema version are read through a read-only connection first.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
SCHEMA_VERSION_TABLE = "schema_version"

# kind → (English, Chinese) with {path} and {detail}
_MESSAGES = {
    "not_a_file": ("{path} is not a regular file", "“{path}”不是普通文件，无法作为数据库使用。"),
    "empty": (
        "{path} is empty (0 bytes): not a database; it was left as it is",
        "数据库文件“{path}”是空的（0 字节），里面没有任何数据。文件未作改动。",
    ),
    "not_sqlite": (
        "{path} is not a SQLite database; it was left as it is",
        "“{path}”不是本程序的数据库文件（不是 SQLite 数据库）。文件未作改动。",
    ),
    "truncated": (
        "{path} is truncated ({detail}); it was left as it is",
        "数据库已损坏：文件“{path}”不完整（{detail_zh}）。文件未作改动。",
    ),
    "damaged": (
        "{path} is damaged ({detail}); it was left as it is",
        "数据库已损坏：“{path}”未通过完整性检查（{detail_zh}）。文件未作改动。",
    ),
    "unreadable": ("cannot read {path}: {detail}", "无法读取数据库文件“{path}”：{detail}"),
    "disk_full": (
        "the disk holding {path} is full: nothing can be written there",
        "“{path}”所在的磁盘已满，无法写入。请腾出磁盘空间后再试。文件未作改动。",
    ),
    "read_only_file": (
        "{path} is read-only: edits could not be saved",
        "数据库文件“{path}”是只读的，输入的内容无法保存。请去掉文件的“只读”属性，或把它复制到可写的文件夹。",
    ),
    "read_only_folder": (
        "the folder {path} is read-only: the database cannot be written there",
        "文件夹“{path}”是只读的，数据库无法在其中保存。请换一个可写的文件夹。",
    ),
}


@dataclass(frozen=True)
class FileProblem:
    """Why a database file cannot be used; ``damaged`` problems are the ones a backup can mend."""

    kind: str
    path: Path
    detail: str = ""
    detail_zh: str = ""

    @property
    def damaged(self) -> bool:
        return self.kind in ("empty", "not_sqlite", "truncated", "damaged")

    def message(self) -> str:
        return _MESSAGES[self.kind][0].format(path=self.path, detail=self.detail, detail_zh=self.detail_zh or self.detail)

    def message_zh(self) -> str:
        return _MESSAGES[self.kind][1].format(path=self.path, detail=self.detail, detail_zh=self.detail_zh or self.detail)


def read_only_uri(path: Path) -> str:
    """A ``file:`` URI that opens ``path`` read-only (Chinese, spaces, ``#`` and ``?`` quoted).

    Never ``immutable=1``: such a connection takes no locks, so when it closes it may delete a
    -wal that another program created meanwhile, committed transactions and all. A read-only
    connection to a WAL database may leave an empty -wal and -shm beside it; that changes no byte
    of the database.
    """
    return "file:" + quote(path.resolve().as_posix(), safe="/:") + "?mode=ro"


def _writable(path: Path) -> bool:
    # Both: os.access says yes to root for anything, the mode bits miss ACLs.
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def _header_problem(path: Path, header: bytes, size: int) -> FileProblem | None:
    if size == 0:
        return FileProblem("empty", path)
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        return FileProblem("not_sqlite", path)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return FileProblem("damaged", path, f"page size {page_size} in the header", f"文件头中的页大小 {page_size} 无效")
    pages = int.from_bytes(header[28:32], "big")
    header_count_valid = header[24:28] == header[92:96]  # else the count is stale (written by an old SQLite)
    # A checkpoint killed halfway may have written page 1 (with the new page count) before the pages
    # that extend the file: the -wal still holds them all and SQLite finishes the job when it opens.
    checkpoint_pending = _wal_size(path) > 0
    short = header_count_valid and pages and size < pages * page_size and not checkpoint_pending
    if size % page_size or short:
        return FileProblem(
            "truncated", path,
            f"{size} bytes, the header promises {pages} pages of {page_size}",
            f"只有 {size} 字节，应有 {pages} 页、每页 {page_size} 字节",
        )  # fmt: skip
    return None


def _wal_size(path: Path) -> int:
    try:
        return path.with_name(path.name + "-wal").stat().st_size
    except OSError:
        return 0


EMPTY_GRACE_S = 1.0  # how long a zero-byte file may take to get its first page


def _read_header(path: Path) -> tuple[bytes, int]:
    """The file's first bytes and its size. A file another program has just created is empty until
    SQLite writes its first page (milliseconds): one seen empty gets a moment to become a database."""
    deadline = time.monotonic() + EMPTY_GRACE_S
    seen_empty = False
    while True:
        with path.open("rb") as stream:
            header = stream.read(HEADER_SIZE)
        size = path.stat().st_size
        seen_empty = seen_empty or size == 0
        being_created = seen_empty and not header.startswith(SQLITE_HEADER)
        if not being_created or time.monotonic() >= deadline:
            return header, size
        time.sleep(0.05)


# A file closed cleanly by this program after a clean check is not read whole again at the next
# start (quick_check reads every page: ~0.2-1 s for 10,000 issues) while nothing has touched it
# since: same size, modification time, inode and header, no -wal left over. Bit rot that changes
# no time stamp is still found within a day: the stamp's check is at most that old, and the daily
# backup checks the whole file again.
VERIFIED_SUFFIX = "-verified"
VERIFIED_MAX_AGE_S = 24 * 3600
_MTIME_TICK_NS = 50_000_000  # coarser than any clock a file system stamps writes with (Windows: 15.6 ms)


def _verified_stamp_path(path: Path) -> Path:
    return path.with_name(path.name + VERIFIED_SUFFIX)


def _signature(path: Path, header: bytes) -> dict:
    status = path.stat()
    return {"size": status.st_size, "mtime_ns": status.st_mtime_ns, "inode": status.st_ino, "header": header.hex()}


def _verified_at(path: Path, header: bytes) -> float | None:
    """When the last whole-file check of ``path`` passed, if the file is unchanged since; else None."""
    try:
        stamp = json.loads(_verified_stamp_path(path).read_text(encoding="utf-8"))
        checked_at = float(stamp.pop("checked_at"))
        unchanged = stamp == _signature(path, header)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    fresh = 0 <= time.time() - checked_at <= VERIFIED_MAX_AGE_S
    return checked_at if unchanged and fresh and _wal_size(path) == 0 else None


def record_verified(path: Path, checked_at: float) -> None:
    """Stamp ``path`` as passing a whole-file check at ``checked_at`` and unchanged by others since.

    Called after the program's last connection closed (its writes are SQLite's own). Nothing is
    stamped while a -wal holds data (another program has the file open) or on a file system whose
    times are whole seconds; a write in the same clock tick as the stamp would look unchanged, so
    the stamp waits for the tick to pass. The stamp only saves time: failing to write it is fine.
    """
    try:
        written = path.stat().st_mtime_ns
        if _wal_size(path) > 0 or written % 1_000_000_000 == 0:
            return
        lag = _MTIME_TICK_NS - (time.time_ns() - written)
        if lag > 0:
            time.sleep(lag / 1e9)
        with path.open("rb") as stream:
            header = stream.read(HEADER_SIZE)
        stamp = _verified_stamp_path(path)
        temporary = stamp.with_name(stamp.name + ".tmp")
        temporary.write_text(json.dumps({**_signature(path, header), "checked_at": checked_at}), encoding="utf-8")
        os.replace(temporary, stamp)
    except OSError:
        pass


@dataclass
class Inspection:
    """What ``inspect_sqlite_file`` found, and when the whole file was last checked (for the stamp)."""

    problem: FileProblem | None
    checked_at: float | None = None  # None: the whole file was not found clean


def inspect_sqlite_file(path: Path, *, full: bool = False, for_writing: bool = True) -> FileProblem | None:
    """What stops ``path`` from being used as the database, or None. Never writes to it.

    A file that does not exist yet is fine where its folder is writable (it will be created).
    ``full`` runs ``integrity_check`` instead of the quicker ``quick_check``.
    """
    return examine_sqlite_file(path, full=full, for_writing=for_writing).problem


def examine_sqlite_file(
    path: Path, *, full: bool = False, for_writing: bool = True, trust_verified: bool = False
) -> Inspection:
    """``inspect_sqlite_file``, and when the whole file was last found clean (now, for a file yet to be made).

    ``trust_verified``: skip ``quick_check`` when the file is stamped clean and unchanged since
    (see record_verified); the header, size and permissions are always looked at.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not path.exists():
        if for_writing and folder.is_dir() and not _writable(folder):
            return Inspection(FileProblem("read_only_folder", folder))
        return Inspection(None, time.time())
    if not path.is_file():
        return Inspection(FileProblem("not_a_file", path))
    try:
        header, size = _read_header(path)
    except OSError as exc:
        return Inspection(FileProblem("unreadable", path, exc.strerror or str(exc)))
    problem = _header_problem(path, header, size)
    if problem is not None:
        return Inspection(problem)
    checked_at = _verified_at(path, header) if trust_verified and not full else None
    check = "PRAGMA integrity_check" if full else "PRAGMA quick_check"
    # Stamped clean: the schema is still read, which needs the -shm as the check would (a full disk).
    problem = _read_problem(path, folder, check if checked_at is None else "SELECT 'ok' FROM sqlite_master LIMIT 1")
    problem = problem or _permission_problem(path, folder, for_writing)
    if problem is not None:
        return Inspection(problem)
    return Inspection(None, time.time() if checked_at is None else checked_at)


def _read_problem(path: Path, folder: Path, check: str) -> FileProblem | None:
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        return FileProblem("unreadable", path, str(exc))
    try:
        rows = connection.execute(check).fetchall()
    except sqlite3.OperationalError as exc:  # could not read (I/O, no room for the -shm), not damage
        if _disk_full(folder):
            return FileProblem("disk_full", folder)
        return FileProblem("unreadable", path, str(exc))
    except sqlite3.DatabaseError as exc:  # "database disk image is malformed", "file is not a database"
        return FileProblem("damaged", path, str(exc), "文件内部结构已损坏")
    finally:
        connection.close()
    findings = [str(row[0]) for row in rows]
    if findings != ["ok"]:
        more = f" (+{len(findings) - 3})" if len(findings) > 3 else ""
        return FileProblem("damaged", path, "; ".join(findings[:3]) + more, f"发现 {len(findings)} 处错误")
    return None


def _permission_problem(path: Path, folder: Path, for_writing: bool) -> FileProblem | None:
    if for_writing:
        if not _writable(path):
            return FileProblem("read_only_file", path)
        if not _writable(folder):  # WAL needs its -wal and -shm files beside the database
            return FileProblem("read_only_folder", folder)
    return None


def stored_schema_version(path: Path) -> int:
    """The schema version in ``path`` (0 when it has none yet), read without writing anything."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SCHEMA_VERSION_TABLE,)
        ).fetchone()
        if not found:
            return 0
        return connection.execute(f"SELECT MAX(version) FROM {SCHEMA_VERSION_TABLE}").fetchone()[0] or 0
    finally:
        connection.close()


def stored_issue_keys(path: Path) -> list[tuple[int, int]]:
    """(year, number) of every issue in the database file ``path``, newest first, read-only."""
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        found = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'issue'").fetchone()
        if not found:
            return []
        return [tuple(row) for row in connection.execute("SELECT year, number FROM issue ORDER BY year DESC, number DESC")]
    finally:
        connection.close()
