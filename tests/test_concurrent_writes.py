"""Several writers on one database (issue 13 item 2): a write waits for the other writer instead of failing.

On SQLite every write transaction begins IMMEDIATE (a deferred BEGIN that reads first fails at
once with "database is locked" when another connection writes), and a database still busy
after the busy timeout is tried again within a bounded time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import peewee
import pytest

from storage_writer import edit, key_of

ROOT = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).parent / "storage_writer.py"
DATA = Path(__file__).parent / "data"


def child_environment() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")  # this checkout's desk_app


@contextmanager
def write_lock_held(path: Path, seconds: float | None = None):
    """Another connection holding the SQLite write lock: for ``seconds`` (then committed), or until the block ends."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE schema_version SET version = version")  # a real write in flight
    release = threading.Timer(seconds, other.commit) if seconds is not None else None
    if release is not None:
        release.start()
    try:
        yield
    finally:
        if release is not None:
            release.join()
        else:
            other.commit()
        other.close()


@pytest.fixture
def sqlite_file(sqlite_url: str) -> Path:
    """A SQLite database with the current schema, not open in this process."""
    from desk_app.storage.database import close_database, open_database, sqlite_path

    open_database(sqlite_url)
    close_database()
    return sqlite_path(sqlite_url)


@pytest.fixture
def short_waits(monkeypatch):
    """A busy timeout of 0.1 s, so that the retries (not SQLite's own wait) are what a test sees."""
    from desk_app.storage import database

    monkeypatch.setitem(database.SQLITE_PRAGMAS, "busy_timeout", 100)


def open_again(url: str) -> peewee.Database:
    from desk_app.storage.database import open_database

    return open_database(url)


def test_opening_a_file_while_another_connection_writes_waits_for_it_instead_of_failing(sqlite_file, sqlite_url):
    """The switch to WAL needs the file to itself, and SQLite refuses it at once rather than wait while
    another connection writes: the open tries again (two programs starting together on a new file met
    this as "database is locked")."""
    from desk_app.storage.database import close_database

    with sqlite3.connect(sqlite_file) as connection:
        assert connection.execute("PRAGMA journal_mode=delete").fetchone() == ("delete",)
    started = time.monotonic()
    with write_lock_held(sqlite_file, seconds=0.5):
        open_again(sqlite_url)
    try:
        assert time.monotonic() - started >= 0.4  # it waited for the writer
        with sqlite3.connect(sqlite_file) as connection:
            assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        close_database()


def test_a_write_transaction_on_sqlite_begins_immediate(sqlite_db, reference_issue):
    from desk_app.storage import repository
    from desk_app.storage.models import database_proxy

    statements: list[str] = []
    database_proxy.obj.connection().set_trace_callback(statements.append)
    repository.save_issue(reference_issue)
    repository.load_issue(reference_issue.key)
    repository.delete_issue(reference_issue.key)
    database_proxy.obj.connection().set_trace_callback(None)
    begins = [s for s in statements if s.upper().startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN", "BEGIN IMMEDIATE"]  # the load only reads: deferred


def test_a_save_waits_for_another_connections_write_lock(sqlite_url, sqlite_file, reference_issue):
    from desk_app.storage import repository
    from desk_app.storage.database import close_database

    open_again(sqlite_url)
    try:
        repository.save_issue(reference_issue)
        _issue, revision = repository.load_issue_with_revision(reference_issue.key)  # a read before the write, as the GUI does
        started = time.monotonic()
        with write_lock_held(sqlite_file, seconds=0.8):
            saved = repository.save_issue(reference_issue, expected_revision=revision)
        assert time.monotonic() - started >= 0.7
        assert saved.revision == revision + 1
    finally:
        close_database()


def test_a_lock_held_longer_than_the_busy_timeout_is_waited_out_by_retrying(
    sqlite_url, sqlite_file, reference_issue, short_waits
):
    from desk_app.storage import repository
    from desk_app.storage.database import close_database

    open_again(sqlite_url)
    try:
        started = time.monotonic()
        with write_lock_held(sqlite_file, seconds=1.0):  # ten busy timeouts
            saved = repository.save_issue(reference_issue)
        assert time.monotonic() - started >= 0.9
        assert saved.revision == 1 and repository.load_issue(reference_issue.key) == reference_issue
    finally:
        close_database()


def test_the_retries_end_within_their_bound(sqlite_url, sqlite_file, reference_issue, short_waits, monkeypatch):
    from desk_app.storage import repository, transactions
    from desk_app.storage.database import close_database

    monkeypatch.setattr(transactions, "WRITE_RETRY_SECONDS", 0.5)
    open_again(sqlite_url)
    try:
        started = time.monotonic()
        with write_lock_held(sqlite_file), pytest.raises(peewee.OperationalError, match="database is locked"):
            repository.save_issue(reference_issue)
        assert time.monotonic() - started < 2.0
        assert not repository.issue_exists(reference_issue.key)
    finally:
        close_database()


def test_a_wrong_write_is_not_retried(sqlite_db, reference_issue, monkeypatch):
    from desk_app.storage import repository, transactions

    attempts = []

    def refused():
        attempts.append(1)
        raise peewee.IntegrityError("NOT NULL constraint failed: issue.year")

    with pytest.raises(peewee.IntegrityError):
        transactions.run_writing(refused)
    assert len(attempts) == 1
    repository.save_issue(reference_issue)
    assert repository.issue_exists(reference_issue.key)


def start_writers(url: str, go: Path, count: int, edits: int) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, str(WRITER), url, str(writer), "--edits", str(edits), "--go", str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=child_environment(),
        )  # fmt: skip
        for writer in range(count)
    ]


def test_two_processes_saving_the_same_issues_of_one_database_at_once_never_fail(database_url, tmp_path, reference_issue):
    """Two writers, started together on a database neither has opened yet (so they also race to create its schema)."""
    from desk_app.storage import repository
    from desk_app.storage.database import close_database

    go = tmp_path / "go"
    edits = 60
    writers = start_writers(database_url, go, count=2, edits=edits)
    try:
        for writer in writers:
            assert writer.stdout.readline().strip() == "ready", writer.communicate(timeout=60)[1]
        go.touch()
        finished = [writer.communicate(timeout=120) for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.communicate()
    for writer, (out, err) in zip(writers, finished, strict=True):
        assert writer.returncode == 0, err
        assert "Traceback" not in err
        committed = [line for line in out.splitlines() if line.startswith("committed")]
        assert len(committed) == edits, out

    open_again(database_url)
    try:
        assert len(repository.list_issues()) == 6  # 2023-7 … 2023-12, each the last edit of one writer or the other
        for number in range(6):
            key = key_of(number)
            stored, revision = repository.load_issue_with_revision(key)
            assert revision == 2 * edits // 6
            assert stored in (edit(0, edits - 6 + number, reference_issue), edit(1, edits - 6 + number, reference_issue))
    finally:
        close_database()
    if database_url.startswith("sqlite"):
        assert integrity(tmp_path / "周报 测试.sqlite3") == "ok"


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return "\n".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def issue_files(folder: Path, make_data, tag: str, count: int = 4) -> list[Path]:
    """``count`` valid exchange files, issues 2023-6 … (warnings only: a serial that does not follow is one)."""
    paths = []
    for offset in range(count):
        data = make_data()
        data["masthead"].update(number=6 + offset, serial=426 + offset)
        data["headline"] = f"{tag}导入的第{offset + 1}个文件"
        path = folder / f"{tag} {offset + 1}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def cli(url: str, *args: str, **kwargs) -> subprocess.Popen:
    command = [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-m", "desk_app"]
    return subprocess.Popen(
        [*command, "--database", url, *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=child_environment(), cwd=ROOT,
        **kwargs,
    )  # fmt: skip


def test_an_import_of_several_files_waits_for_a_write_lock_held_briefly(sqlite_url, sqlite_file, tmp_path, make_data):
    paths = issue_files(tmp_path, make_data, "甲")
    with write_lock_held(sqlite_file, seconds=1.5):
        importing = cli(sqlite_url, "import", *map(str, paths))
        out, err = importing.communicate(timeout=60)
    assert importing.returncode == 0, err
    assert "Traceback" not in err
    for number, path in enumerate(paths, start=6):
        assert f"imported 2023-{number} (serial {420 + number}) from {path}" in out


def test_two_imports_at_once_both_finish_and_report_every_file(database_url, tmp_path, make_data):
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    open_database(database_url)  # the schema first: this test is about the imports
    close_database()
    imports = {tag: issue_files(tmp_path, make_data, tag) for tag in ("甲", "乙")}
    running = {tag: cli(database_url, "import", *map(str, paths)) for tag, paths in imports.items()}
    finished = {tag: process.communicate(timeout=120) for tag, process in running.items()}
    for tag, (out, err) in finished.items():
        assert running[tag].returncode == 0, err
        assert "Traceback" not in err
        for number, path in enumerate(imports[tag], start=6):
            assert f"2023-{number} (serial {420 + number}) from {path}" in out  # imported, or replaced the other's
    open_database(database_url)
    try:
        headlines = {repository.load_issue(key).headline for key in (s.key for s in repository.list_issues())}
    finally:
        close_database()
    assert len(headlines) == 4 and all(h.endswith("个文件") for h in headlines)


def test_an_import_that_cannot_get_the_database_reports_each_file_and_the_summary(
    sqlite_url, sqlite_file, tmp_path, make_data, short_waits, monkeypatch, capsys
):
    from desk_app import cli as command_line
    from desk_app.storage import transactions

    monkeypatch.setattr(transactions, "WRITE_RETRY_SECONDS", 0.3)
    paths = issue_files(tmp_path, make_data, "丙", count=3)
    with write_lock_held(sqlite_file):  # never let go while the import runs
        code = command_line.main(["--database", sqlite_url, "import", *map(str, paths)])
    out, err = capsys.readouterr()
    assert code == command_line.EXIT_ERROR
    for path in paths:
        assert f"{path}: error: not stored in the database: database is locked" in err
    assert "3 of 3 file(s) not imported" in err
    assert "Traceback" not in err and out == ""
