"""Database drivers are imported only when the URL needs them (each check in a fresh process)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# Runs a command-line command in-process, then says which driver modules were loaded.
PROBE = r"""
import sys
from desk_app.cli import main
status = main(sys.argv[1:])
loaded = sorted(n for n in ("psycopg2", "psycopg", "pymysql") if sys.modules.get(n) is not None)
print("LOADED", status, ",".join(loaded))
"""


def _probe(*args: str, data_dir) -> tuple[int, list[str]]:  # noqa: ANN001
    env = dict(os.environ, DESK_APP_DATA_DIR=str(data_dir))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("LOADED ")]
    assert lines, done.stderr
    _word, status, loaded = lines[-1].split(" ", 2)
    return int(status), [name for name in loaded.split(",") if name]


def test_a_sqlite_database_loads_no_server_driver(sqlite_url, tmp_path):
    status, loaded = _probe("--database", sqlite_url, "list", data_dir=tmp_path / "数据")
    assert status == 0
    assert loaded == []


def test_a_postgresql_url_gets_its_driver_after_peewee_was_imported_without_it(database_url, tmp_path):
    if database_url.startswith("sqlite"):
        pytest.skip("the server case")
    status, loaded = _probe("--database", database_url, "list", data_dir=tmp_path / "数据")
    assert status == 0
    assert "psycopg2" in loaded


def test_peewee_is_given_the_driver_it_was_not_given_at_import(database_url):
    """In this process too: a PostgreSQL database works whatever was imported before."""
    if database_url.startswith("sqlite"):
        pytest.skip("the server case")
    import peewee

    from desk_app.storage.database import close_database, open_database

    database = open_database(database_url)
    try:
        assert peewee.psycopg2 is not None
        assert database.execute_sql("SELECT 1").fetchone() == (1,)
    finally:
        close_database()
