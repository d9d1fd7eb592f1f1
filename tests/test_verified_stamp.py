"""A file closed cleanly after a clean check is not read whole at the next start while untouched
(integrity.record_verified); anything that touched it, an old stamp or a left-over -wal brings
the whole-file check back."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from desk_app.storage import integrity, repository
from desk_app.storage.backups import BackupError, make_backup
from desk_app.storage.database import DatabaseDamaged, close_database, open_database
from test_backups import damage_middle, store_issues


@pytest.fixture
def stamped(sqlite_url, tmp_path, reference_issue, isolated_data_dir):
    """A closed SQLite file of 5 issues, stamped clean by its close."""
    path = tmp_path / "周报 测试.sqlite3"
    store_issues(sqlite_url, reference_issue, count=5)
    assert (tmp_path / (path.name + integrity.VERIFIED_SUFFIX)).exists()
    return sqlite_url, path


@pytest.fixture
def whole_file_checks(monkeypatch):
    """The whole-file checks (quick_check / integrity_check) run from now on."""
    seen: list[str] = []
    real = integrity._read_problem

    def counting(path, folder, check):  # noqa: ANN001, ANN202
        if "_check" in check:
            seen.append(check)
        return real(path, folder, check)

    monkeypatch.setattr(integrity, "_read_problem", counting)
    return seen


def test_an_untouched_stamped_file_is_not_read_whole_again(stamped, whole_file_checks):
    url, path = stamped
    open_database(url)
    assert len(repository.list_issues()) == 5
    close_database()
    open_database(url)
    close_database()
    assert whole_file_checks == []


def test_the_stamp_keeps_the_time_of_the_last_real_check(stamped, whole_file_checks):
    url, path = stamped
    first = json.loads(Path(str(path) + integrity.VERIFIED_SUFFIX).read_text(encoding="utf-8"))["checked_at"]
    for _ in range(2):
        open_database(url)
        close_database()
    again = json.loads(Path(str(path) + integrity.VERIFIED_SUFFIX).read_text(encoding="utf-8"))["checked_at"]
    assert again == first and whole_file_checks == []  # opening does not make the file "checked" again


def test_a_file_damaged_after_its_stamp_is_refused(stamped):
    url, path = stamped
    damage_middle(path)
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(url)
    assert caught.value.problem.kind == "damaged"


def test_the_stamp_waits_out_the_clock_tick_of_the_last_write(stamped):
    """A write in the same tick of a coarse file-system clock as the stamp would look like no change:
    the stamp is written only once a tick has passed since the file's last write."""
    url, path = stamped
    written = time.time_ns()
    os.utime(path, ns=(written, written + 1))  # as if written just now (not on a whole second)
    integrity.record_verified(path, time.time())
    stamp = json.loads(Path(str(path) + integrity.VERIFIED_SUFFIX).read_text(encoding="utf-8"))
    assert stamp["mtime_ns"] == written + 1
    assert os.stat(Path(str(path) + integrity.VERIFIED_SUFFIX)).st_mtime_ns - written >= 16_000_000  # Windows: 15.6 ms


def test_a_file_system_with_whole_second_times_gets_no_stamp(stamped, whole_file_checks):
    url, path = stamped
    stamp = Path(str(path) + integrity.VERIFIED_SUFFIX)
    stamp.unlink()
    os.utime(path, (time.time() // 1, time.time() // 1))
    integrity.record_verified(path, time.time())
    assert not stamp.exists()


def test_a_stamp_older_than_a_day_brings_the_check_back(stamped, whole_file_checks, monkeypatch):
    url, path = stamped
    monkeypatch.setattr(time, "time", lambda real=time.time: real() + integrity.VERIFIED_MAX_AGE_S + 60)
    open_database(url)
    close_database()
    assert whole_file_checks == ["PRAGMA quick_check"]


def test_a_left_over_wal_brings_the_check_back(stamped, whole_file_checks):
    url, path = stamped
    wal = Path(str(path) + "-wal")
    wal.write_bytes(b"\0" * 32)  # as a killed writer leaves it (here: nothing SQLite will replay)
    assert integrity.examine_sqlite_file(path, trust_verified=True).checked_at is not None
    assert whole_file_checks == ["PRAGMA quick_check"]


def test_a_foreign_or_broken_stamp_is_ignored(stamped, whole_file_checks):
    url, path = stamped
    stamp = Path(str(path) + integrity.VERIFIED_SUFFIX)
    for text in ("not json", "{}", json.dumps({"checked_at": "x"}), json.dumps([1])):
        stamp.write_text(text, encoding="utf-8")
        assert integrity.examine_sqlite_file(path, trust_verified=True).problem is None
    assert len(whole_file_checks) == 4


def test_bit_rot_that_keeps_the_times_is_found_by_the_daily_backup(stamped):
    """The stamp cannot see a change that keeps size, times and header; the backup's check does."""
    url, path = stamped
    status = path.stat()
    damage_middle(path)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert integrity.examine_sqlite_file(path, trust_verified=True).problem is None  # the known limit
    with pytest.raises(BackupError):
        make_backup(path, "daily")
    assert integrity.inspect_sqlite_file(path).kind == "damaged"  # as the check command and restore look
