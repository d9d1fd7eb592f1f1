"""Shared fixtures: every test gets its own data folder and database; nothing touches a real user's files."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
POSTGRES_URL_ENV = "DESK_APP_TEST_POSTGRES_URL"


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The program's data folder (default database, log, settings) is a fresh temporary one."""
    folder = tmp_path / "用户 数据"  # Chinese and a space, as on a clerk's PC
    folder.mkdir()
    monkeypatch.setenv("DESK_APP_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def reference_json() -> str:
    return (DATA / "bulletin.json").read_text(encoding="utf-8")


@pytest.fixture
def reference_data(reference_json: str) -> dict:
    return json.loads(reference_json)


@pytest.fixture
def reference_issue(reference_json: str):
    from desk_app.domain.exchange import loads

    return loads(reference_json)


@pytest.fixture
def expected_body() -> str:
    return (DATA / "expected-body.txt").read_text(encoding="utf-8")


@pytest.fixture
def make_data(reference_data: dict):
    """A deep copy of the reference issue's JSON data, to change for one test."""

    def make() -> dict:
        return copy.deepcopy(reference_data)

    return make


def _postgres_url() -> str | None:
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url and os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_URL_ENV} is not set: .ci/run must start PostgreSQL for the tests")
    return url


def _reset_postgres(url: str) -> None:
    from desk_app.storage.database import make_database

    database = make_database(url)
    database.connect()
    database.execute_sql("DROP SCHEMA public CASCADE")
    database.execute_sql("CREATE SCHEMA public")
    database.close()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind the program supports."""
    if request.param == "sqlite":
        return "sqlite:///" + (tmp_path / "周报 测试.sqlite3").as_posix()
    url = _postgres_url()
    if not url:
        pytest.skip(f"PostgreSQL: set {POSTGRES_URL_ENV} (the test command starts a server)")
    _reset_postgres(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return "sqlite:///" + (tmp_path / "周报 测试.sqlite3").as_posix()


@pytest.fixture
def db(database_url: str) -> Iterator[str]:
    """The models bound to a fresh database (SQLite and PostgreSQL); yields its URL."""
    from desk_app.storage.database import close_database, open_database

    open_database(database_url)
    yield database_url
    close_database()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[str]:
    """The models bound to a fresh SQLite database only; yields its URL."""
    from desk_app.storage.database import close_database, open_database

    open_database(sqlite_url)
    yield sqlite_url
    close_database()


def lengthen(issue, times: int = 5):  # noqa: ANN001, ANN201
    """The issue with every 窗口工作动态 group's entries repeated ``times`` times (a long issue, ~100 fields)."""
    longer = copy.deepcopy(issue)
    for group in longer.dynamics.groups:
        group.entries = [copy.deepcopy(entry) for _ in range(times) for entry in group.entries]
    return longer


@pytest.fixture
def long_issue(reference_issue):  # noqa: ANN001, ANN201
    return lengthen(reference_issue)
