"""Backups, restore and damaged databases: nothing is ever lost, a damaged file is never written to."""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desk_app.domain.exchange import dumps
from desk_app.storage import backups, repository
from desk_app.storage.backups import BackupError, list_backups, make_backup, restore_backup, rotate
from desk_app.storage.database import DatabaseDamaged, close_database, open_database
from desk_app.storage.integrity import inspect_sqlite_file
from desk_app.storage.migrations import DatabaseTooNew


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_issues(url: str, reference_issue, count: int = 20) -> dict[str, str]:
    """``count`` issues stored (numbers 1…count); their dumps by key. The database is closed afterwards."""
    open_database(url)
    try:
        for number in range(1, count + 1):
            issue = copy.deepcopy(reference_issue)
            issue.masthead.number, issue.masthead.serial = number, 420 + number
            repository.save_issue(issue)
        return {str(s.key): dumps(repository.load_issue(s.key)) for s in repository.list_issues()}
    finally:
        close_database()


def all_dumps(url: str) -> dict[str, str]:
    open_database(url)
    try:
        return {str(s.key): dumps(repository.load_issue(s.key)) for s in repository.list_issues()}
    finally:
        close_database()


@pytest.fixture
def database(sqlite_url, tmp_path, reference_issue):
    """A closed SQLite file holding 20 issues: (url, path, dumps)."""
    path = tmp_path / "周报 测试.sqlite3"
    dumped = store_issues(sqlite_url, reference_issue)
    return sqlite_url, path, dumped


def test_backup_then_restore_gives_back_every_issue(database, reference_issue, isolated_data_dir):
    url, path, before = database
    backup = make_backup(path, "manual")
    assert backup.parent == isolated_data_dir / "备份" and backup.name.endswith("-manual.sqlite3")
    assert inspect_sqlite_file(backup, full=True, for_writing=False) is None
    assert not Path(str(backup) + "-wal").exists()  # a standalone file

    open_database(url)  # the clerk goes on: one issue changed, one deleted
    changed = repository.load_issue(reference_issue.key)
    changed.headline = "改过的标题"
    repository.save_issue(changed)
    repository.delete_issue(list(repository.list_issues())[-1].key)
    close_database()
    assert all_dumps(url) != before

    result = restore_backup(backup, path)
    assert all_dumps(url) == before
    assert result.safety_backup is not None and result.moved_aside is None
    # The safety backup holds the database as it was just before the restore.
    safety_url = "sqlite:///" + result.safety_backup.as_posix()
    kept = all_dumps(safety_url)
    assert len(kept) == len(before) - 1 and "改过的标题" in kept[str(reference_issue.key)]


def test_rotation_keeps_the_newest(database, isolated_data_dir):
    _url, path, _ = database
    made = [make_backup(path, "manual", keep=5) for _ in range(8)]
    kept = list_backups()
    assert [b.path for b in kept] == list(reversed(made[-5:]))  # newest first
    assert rotate(isolated_data_dir / "备份", 2) == [b.path for b in kept[2:]]
    assert len(list_backups()) == 2


def test_the_daily_backup_is_made_once_a_day(database):
    _url, path, _ = database
    first = backups.backup_if_due(path)
    assert first is not None and first.name.endswith("-daily.sqlite3")
    assert backups.backup_if_due(path) is None
    tomorrow = lambda: datetime.now() + timedelta(days=1)  # noqa: E731
    assert backups.backup_if_due(path, today=tomorrow) is not None


def test_a_backup_lists_when_why_and_what_it_holds(database):
    _url, path, before = database
    make_backup(path, "manual")
    (info,) = list_backups()
    assert info.reason_zh == "手动" and info.size == info.path.stat().st_size
    assert len(info.issues()) == len(before) and info.issues()[0] == (2023, 20)
    assert info.created <= datetime.now()


def test_backups_are_listed_by_the_moment_in_their_names_and_a_name_with_no_real_moment_is_left_out(tmp_path):
    folder = tmp_path / "备份"
    folder.mkdir()
    for name in ("数据库备份-20230227-103005-daily.sqlite3", "数据库备份-20230227-103005-2-manual.sqlite3",
                 "数据库备份-20231399-250000-daily.sqlite3", "数据库备份-20221231-235959-migration.sqlite3"):
        (folder / name).write_bytes(b"")
    listed = list_backups(folder)
    assert [(info.created, info.reason) for info in listed] == [
        (datetime(2023, 2, 27, 10, 30, 5), "manual"),  # the second of that moment first
        (datetime(2023, 2, 27, 10, 30, 5), "daily"),
        (datetime(2022, 12, 31, 23, 59, 59), "migration"),
    ]


def test_restore_refuses_a_damaged_backup_and_changes_nothing(database, tmp_path):
    url, path, before = database
    bad = tmp_path / "坏的备份.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    digest = sha256(path)
    with pytest.raises(BackupError) as caught:
        restore_backup(bad, path)
    assert "不能用这个备份恢复" in caught.value.message_zh and str(bad) in caught.value.message_zh
    assert sha256(path) == digest and list_backups() == []


def test_restoring_over_a_damaged_database_moves_it_aside_whole(database, tmp_path):
    url, path, before = database
    backup = make_backup(path, "manual")
    damage_middle(path)
    damaged = path.read_bytes()
    result = restore_backup(backup, path)
    assert result.moved_aside is not None and result.moved_aside.read_bytes() == damaged
    assert all_dumps(url) == before


# --- damaged files are refused, named, and left byte for byte as they were ------------------


def damage_middle(path: Path) -> None:
    """Overwrite the b-tree header of a page in use in the middle of the file: the root of
    ``dynamics_entry`` (the exact middle may be a free page, left by the search index's merges)."""
    page_size = int.from_bytes(path.read_bytes()[16:18], "big")
    connection = sqlite3.connect(f"file:{path.as_posix()}?mode=ro&immutable=1", uri=True)  # no -wal/-shm made
    try:
        (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'dynamics_entry'").fetchone()
    finally:
        connection.close()
    with path.open("r+b") as stream:
        stream.seek(page_size * (root - 1))
        stream.write(b"\xff" * 64)


def truncate(path: Path) -> None:
    with path.open("r+b") as stream:
        stream.truncate(path.stat().st_size * 2 // 3 + 100)


DAMAGES = {
    "bytes overwritten in the middle": (damage_middle, "数据库已损坏"),
    "truncated": (truncate, "数据库已损坏"),
    "zero bytes": (lambda p: p.write_bytes(b""), "是空的（0 字节）"),
    "not SQLite": (lambda p: p.write_text("窗口工作周报\n" * 500, encoding="utf-8"), "不是本程序的数据库文件"),
}


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_a_damaged_file_is_refused_named_and_not_written(database, kind):
    url, path, _ = database
    damage, words = DAMAGES[kind]
    damage(path)
    digest = sha256(path)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(url)
    assert words in caught.value.message_zh and str(path) in caught.value.message_zh
    assert caught.value.problem.damaged
    assert sha256(path) == digest
    wal = Path(str(path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # a read-only look may leave an empty one, no more


def test_a_checkpoint_cut_short_is_not_taken_for_a_truncated_file(database, tmp_path, reference_issue):
    """Killed mid-checkpoint, SQLite may have written page 1 (the new page count) but not yet the pages
    that extend the file; the -wal still holds every page and the next opening completes the checkpoint.
    Seen in test_killed_writer: such a file was refused as truncated."""
    url, path, before = database
    writer = sqlite3.connect(path)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")  # the new pages stay in the -wal
        writer.execute("CREATE TABLE filler (x BLOB)")
        writer.executemany("INSERT INTO filler VALUES (?)", [(b"x" * 3000,) for _ in range(100)])
        writer.commit()
        left = tmp_path / "断电时"
        left.mkdir()
        killed = left / path.name
        shutil.copyfile(path, killed)
        shutil.copyfile(Path(str(path) + "-wal"), Path(str(killed) + "-wal"))  # the files as a kill leaves them
    finally:
        writer.close()
    with killed.open("r+b") as stream:  # page 1 as the checkpoint wrote it: 100 more pages than the file has
        header = bytearray(stream.read(100))
        pages = int.from_bytes(header[28:32], "big") + 100
        header[28:32] = pages.to_bytes(4, "big")
        stream.seek(0)
        stream.write(header)
    without_wal = tmp_path / "无日志.sqlite3"
    shutil.copyfile(killed, without_wal)
    assert inspect_sqlite_file(without_wal).kind == "truncated"  # the same file alone is short: refused
    assert inspect_sqlite_file(killed) is None
    open_database("sqlite:///" + killed.as_posix())
    try:
        assert {dumps(repository.load_issue(s.key)) for s in repository.list_issues()} == set(before.values())
    finally:
        close_database()


def test_a_newer_schema_is_refused_without_touching_the_file(database):
    url, path, _ = database
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE schema_version SET version = 99")
    connection.close()
    digest = sha256(path)
    with pytest.raises(DatabaseTooNew) as caught:
        open_database(url)
    assert "数据库未作任何改动" in caught.value.message_zh()
    assert sha256(path) == digest  # not even switched to WAL (header bytes 18/19)


def test_a_read_only_file_is_refused(database):
    url, path, _ = database
    path.chmod(0o444)
    digest = sha256(path)
    try:
        with pytest.raises(DatabaseDamaged) as caught:
            open_database(url)
        assert "是只读的" in caught.value.message_zh and str(path) in caught.value.message_zh
        assert not caught.value.problem.damaged  # nothing to restore: say so, do not offer a backup
    finally:
        path.chmod(0o644)
    assert sha256(path) == digest


def test_a_read_only_folder_is_refused(database):
    url, path, _ = database
    folder = path.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(DatabaseDamaged) as caught:
            open_database(url)
        assert "文件夹" in caught.value.message_zh and "只读" in caught.value.message_zh
    finally:
        folder.chmod(0o755)


@pytest.fixture
def full_disk(tmp_path):
    """A 1 MiB tmpfs (root on Linux only), unmounted afterwards."""
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root on Linux")
    mount = tmp_path / "小磁盘"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> None:
    with (folder / "填满.bin").open("wb") as stream:
        try:
            while True:
                stream.write(b"\0" * 65536)
                stream.flush()
        except OSError:
            pass


def test_a_full_disk_is_said_and_nothing_stored_is_damaged(full_disk, reference_issue, monkeypatch):
    from desk_app.storage.database import DatabaseError

    path = full_disk / "周报.sqlite3"
    url = "sqlite:///" + path.as_posix()
    before = store_issues(url, reference_issue, count=3)
    monkeypatch.setenv("DESK_APP_DATA_DIR", str(full_disk / "数据"))
    fill(full_disk)
    digest = sha256(path)
    with pytest.raises(BackupError) as caught:
        make_backup(path, "manual")
    assert "磁盘已满" in caught.value.message_zh
    assert not [p for p in (full_disk / "数据" / "备份").glob("*") if p.is_file()]  # no half-written backup left
    try:
        open_database(url)
    except DatabaseError as exc:  # the -wal/-shm files could not be made
        assert "磁盘已满" in exc.message_zh or "无法打开" in exc.message_zh
    else:
        big = copy.deepcopy(reference_issue)
        big.masthead.number = 99
        big.headline = "很长的标题" * 20000
        with pytest.raises(Exception, match="(?i)full"):
            repository.save_issue(big)
        close_database()
    (full_disk / "填满.bin").unlink()
    assert sha256(path) == digest
    assert all_dumps(url) == before


def test_a_migration_is_backed_up_first(tmp_path, monkeypatch, isolated_data_dir):
    from desk_app.storage import migrations

    url = "sqlite:///" + (tmp_path / "旧.sqlite3").as_posix()
    open_database(url)
    close_database()
    real = dict(migrations.available_migrations())
    newest = max(real)
    step = tmp_path / f"{newest + 1:04d}_nothing.py"
    step.write_text("def upgrade(database):\n    database.execute_sql('CREATE TABLE extra (id INTEGER)')\n", encoding="utf-8")
    monkeypatch.setattr(migrations, "available_migrations", lambda: {**real, newest + 1: step})
    open_database(url)
    close_database()
    (info,) = list_backups()
    assert info.reason == "migration"
    with sqlite3.connect(info.path) as old:
        assert old.execute("SELECT MAX(version) FROM schema_version").fetchone() == (newest,)
    old.close()


# --- the command line: backup, restore FILE, check ---------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-m", "desk_app", *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=dict(os.environ, PYTHONIOENCODING="utf-8"))


def test_cli_backup_restore_and_check(database, isolated_data_dir):
    url, path, before = database
    made = cli("--database", url, "backup")
    assert made.returncode == 0, made.stderr
    (info,) = list_backups()
    assert str(info.path) in made.stdout
    listed = cli("--database", url, "backup", "--list")
    assert str(info.path) in listed.stdout and "20 issues, newest 2023-20" in listed.stdout

    checked = cli("--database", url, "check")
    assert checked.returncode == 0 and "passes integrity_check" in checked.stdout and "20 issues" in checked.stdout

    open_database(url)
    repository.delete_issue(repository.latest_key())
    close_database()
    restored = cli("--database", url, "restore", str(info.path))
    assert restored.returncode == 0, restored.stderr
    assert "backed up in" in restored.stdout and all_dumps(url) == before
    assert len(list_backups()) == 2  # the safety backup


def test_cli_check_names_a_damaged_file_and_leaves_it(database):
    url, path, _ = database
    damage_middle(path)
    digest = sha256(path)
    for command in (["check"], ["list"], ["dump", "2023-1"], ["export", "2023-1", "-o", str(path.parent / "x.docx")]):
        result = cli("--database", url, *command)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert str(path) in result.stderr and "damaged" in result.stderr
    assert sha256(path) == digest


def test_cli_backup_of_a_postgresql_database_says_how():
    result = cli("--database", "postgresql://clerk:secret@127.0.0.1:1/周报", "backup")
    assert result.returncode == 1 and "pg_dump" in result.stderr and "secret" not in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_new_database_and_the_log_are_the_owners_only(sqlite_url, tmp_path):
    from desk_app.gui.crash import setup_logging, teardown_logging
    from desk_app.storage.database import sqlite_path

    open_database(sqlite_url)
    close_database()
    assert sqlite_path(sqlite_url).stat().st_mode & 0o777 == 0o600
    log = setup_logging()
    teardown_logging()
    assert log.stat().st_mode & 0o777 == 0o600


def test_a_percent_encoded_password_is_decoded_and_never_shown():
    from desk_app.storage.database import make_database, mask_password

    database = make_database("postgresql://clerk:p%40ss%23word%2F%3F@127.0.0.1:5432/周报")
    assert database.connect_params["password"] == "p@ss#word/?"
    assert database.connect_params["user"] == "clerk"
    assert mask_password("postgresql://clerk:p%40ss@127.0.0.1:5432/db") == "postgresql://clerk:***@127.0.0.1:5432/db"
    from desk_app.storage.database import DatabaseError

    with pytest.raises(DatabaseError) as refused:  # a URL peewee cannot use is named without its password
        make_database("postgresqlx://clerk:s3cret@127.0.0.1/db")
    assert "s3cret" not in str(refused.value) and "clerk:***@" in str(refused.value)


def test_a_database_another_program_is_creating_right_now_is_not_called_empty(sqlite_url, tmp_path):
    """Two programs start on a new database together: the second sees the file before its first page."""
    import threading

    from desk_app.storage.database import sqlite_path

    path = sqlite_path(sqlite_url)
    path.write_bytes(b"")  # the other program's sqlite3 has made the file...

    def other_program_writes_its_first_page() -> None:
        import time

        time.sleep(0.2)
        with sqlite3.connect(path) as other:
            other.execute("PRAGMA journal_mode=WAL")
            other.execute("CREATE TABLE starting (x)")
        other.close()

    writer = threading.Thread(target=other_program_writes_its_first_page)
    writer.start()
    try:
        open_database(sqlite_url)  # ... and this one must wait for it, not refuse it
        close_database()
    finally:
        writer.join()
    assert inspect_sqlite_file(path) is None
