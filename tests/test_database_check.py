"""The file check started early on a thread (database.FileCheck) says what open_database would have said."""

from __future__ import annotations

import pytest

from desk_app.storage.database import DatabaseDamaged, FileCheck, close_database, open_database, sqlite_url


def test_a_check_started_early_refuses_a_damaged_file_before_anything_is_written(tmp_path):
    path = tmp_path / "坏 文件.sqlite3"
    path.write_bytes(b"SQLite format 3\0" + b"\xff" * 4080)
    before = path.read_bytes()
    url = sqlite_url(path)
    check = FileCheck(url)
    with pytest.raises(DatabaseDamaged):
        open_database(url, check=check)
    assert path.read_bytes() == before


def test_a_check_of_a_good_file_opens_it(tmp_path, reference_issue):
    from desk_app.storage import repository

    url = sqlite_url(tmp_path / "好.sqlite3")
    open_database(url)
    repository.save_issue(reference_issue)
    close_database()
    check = FileCheck(url)
    assert check.problem() is None
    open_database(url, check=check)
    try:
        assert repository.latest_key() == reference_issue.key
    finally:
        close_database()


def test_a_check_of_another_file_is_not_taken_for_this_one(tmp_path):
    good = sqlite_url(tmp_path / "新.sqlite3")
    damaged = tmp_path / "坏.sqlite3"
    damaged.write_bytes(b"not a database at all" * 100)
    check = FileCheck(sqlite_url(damaged))
    open_database(good, check=check)  # its own check: a new file is fine
    close_database()
